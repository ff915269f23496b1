// The call log: finished calls, newest first, missed calls marked, one click to call back. Calls that
// end while the page is open are added at the top from the call_ended event.

import { h, icon, replace, nextId } from '../dom.js';
import { formError, showErrors, clearErrors, busy } from '../forms.js';
import { callDuration, endReasonLabel, isIncoming, isMissed, peerText, routeText, whenText } from '../format.js';
import { placeCall } from './directory.js';

export function renderCallLog(ctx) {
  const { store, live } = ctx;
  const group = nextId('filter');
  const all = h('input', { type: 'radio', name: group, value: 'all', id: 'filter-all', checked: true });
  const missedOnly = h('input', { type: 'radio', name: group, value: 'missed', id: 'filter-missed' });
  const filter = h('fieldset', { class: 'segmented' },
    h('legend', { class: 'visually-hidden', text: 'Show' }),
    all, h('label', { htmlFor: all.id, text: 'All calls' }),
    missedOnly, h('label', { htmlFor: missedOnly.id, text: 'Missed' }));
  const list = h('ol', { class: 'call-log', id: 'call-log', attrs: { 'aria-label': 'Finished calls, newest first' } });
  const status = h('p', { class: 'muted empty', attrs: { role: 'status' } });
  const error = formError();
  const el = h('div', { class: 'page call-log-page' },
    h('div', { class: 'page-head' }, h('h1', { class: 'page-title', text: 'Call log' }), filter),
    h('section', { class: 'card' }, error, status, list));

  function entry(call) {
    const missed = isMissed(call);
    const incoming = isIncoming(call);
    const route = routeText(call);
    const kind = missed ? 'Missed call' : incoming ? 'Incoming call' : 'Outgoing call';
    const number = call.peerNumber;
    const back = number ? h('button', {
      type: 'button',
      class: 'button call small',
      attrs: { 'aria-label': `Call back ${call.peerName || number}` },
      on: {
        click: async (e) => {
          clearErrors(el);
          await busy(e.currentTarget, async () => {
            try { await placeCall(ctx, number); } catch (err) { showErrors(el, err); }
          });
        },
      },
    }, icon('phone'), h('span', { text: 'Call back' })) : null;
    const detail = call.answeredAt ? callDuration(call) : endReasonLabel(call);
    return h('li', { class: ['log-entry', missed ? 'missed' : null], dataset: { callId: call.callId, missed: String(missed) } },
      h('span', { class: 'log-icon' }, icon(missed ? 'missed' : incoming ? 'incoming' : 'outgoing', { label: kind })),
      h('span', { class: 'log-main' },
        h('span', { class: 'log-peer', text: peerText(call) }),
        h('span', { class: 'log-meta' },
          missed ? h('span', { class: 'badge badge-missed', text: 'Missed' }) : null,
          route ? h('span', { class: 'badge', text: route }) : null,
          h('time', { dateTime: call.endedAt || call.createdAt, text: whenText(call.createdAt) }),
          detail ? h('span', { class: 'log-detail', text: detail }) : null)),
      back);
  }

  function render() {
    const log = store.get().callLog;
    if (!log) {
      status.textContent = 'Loading your calls…';
      return;
    }
    const shown = missedOnly.checked ? log.filter(isMissed) : log;
    replace(list, shown.map(entry));
    status.textContent = shown.length ? '' : missedOnly.checked ? 'No missed calls. Nice.' : 'No calls yet.';
    status.classList.toggle('visually-hidden', shown.length > 0);
  }

  filter.addEventListener('change', render);
  const stop = store.watch((s) => s.callLog, render);
  live.loadCallLog().catch((err) => { error.textContent = err.message; error.hidden = false; });
  return { el, destroy: stop };
}
