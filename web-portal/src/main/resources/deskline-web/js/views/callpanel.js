// The live call panel: pops up for incoming and redirected calls and for click-to-call, shows the
// caller's number and name and the call's state as it changes, and hangs up. It is a labelled region
// (not a modal): an incoming call moves focus to it, and focus goes back where it was when it closes.

import { h, icon, replace, announce } from '../dom.js';
import { CALL_STATES, durationText, endReasonLabel, isIncoming } from '../format.js';
import { removeCall } from '../live.js';

const ENDED_VISIBLE_MS = 8000;

/** "Incoming call · redirected to +316…" when the user was called; "Calling · via +316…" for their own call. */
function headline(call) {
  if (isIncoming(call)) {
    return call.redirectedTo ? `Incoming call · redirected to ${call.redirectedTo}` : 'Incoming call';
  }
  const own = call.state === 'answered' || call.state === 'ended' ? 'Call' : 'Calling';
  return call.redirectedTo ? `${own} · via ${call.redirectedTo}` : own;
}

function stateText(call, now) {
  if (call.state === 'answered' && call.answeredAt) {
    return `${CALL_STATES.answered} · ${durationText(now - Date.parse(call.answeredAt))}`;
  }
  if (call.state === 'ended') {
    const reason = endReasonLabel(call);
    return reason ? `${CALL_STATES.ended} · ${reason}` : CALL_STATES.ended;
  }
  return `${CALL_STATES[call.state] || call.state}…`;
}

export function renderCallPanel(ctx) {
  const { store, api } = ctx;
  const heading = h('h2', { id: 'call-panel-heading', class: 'visually-hidden', tabIndex: -1, text: 'Current calls' });
  const list = h('div', { class: 'call-list' });
  const el = h('aside', { class: 'call-panel', id: 'call-panel', hidden: true, attrs: { 'aria-labelledby': 'call-panel-heading' } }, heading, list);

  let returnFocus = null;
  const lastState = new Map();
  const timers = new Map();

  function dismiss(callId) {
    clearTimeout(timers.get(callId));
    timers.delete(callId);
    lastState.delete(callId);
    store.update((s) => ({ calls: removeCall(s.calls, callId) }));
  }

  function card(call) {
    const incoming = isIncoming(call);
    const ended = call.state === 'ended';
    const name = call.peerName || call.peerNumber || 'Unknown caller';
    const state = h('p', { class: `call-state state-${call.state}`, dataset: { state: call.state } },
      h('span', { class: 'state-dot', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'call-state-text', text: stateText(call, Date.now()) }));
    const actions = ended
      ? h('button', { type: 'button', class: 'button quiet dismiss', text: 'Dismiss', on: { click: () => dismiss(call.callId) } })
      : h('button', {
        type: 'button',
        class: 'button hangup',
        attrs: { 'aria-label': `Hang up call with ${name}` },
        on: {
          click: async (e) => {
            const b = e.currentTarget;
            b.disabled = true;
            try {
              await api.del(`/users/me/calls/${encodeURIComponent(call.callId)}`);
            } catch (err) {
              b.disabled = false;
              if (err.status === 404) dismiss(call.callId);
              else announce(`Could not hang up: ${err.message}`);
            }
          },
        },
      }, icon('hangup'), h('span', { text: 'Hang up' }));
    return h('article', {
      class: ['call-card', incoming ? 'incoming' : 'outgoing', `state-${call.state}`],
      dataset: { callId: call.callId, state: call.state },
      tabIndex: -1,
      attrs: { 'aria-label': `${headline(call)}: ${name}` },
    },
    h('p', { class: 'call-kind' }, icon(incoming ? (call.redirectedTo ? 'redirect' : 'incoming') : 'outgoing'), h('span', { text: headline(call) })),
    h('p', { class: 'call-peer' },
      h('span', { class: 'call-peer-name', text: name }),
      call.peerName && call.peerNumber ? h('span', { class: 'call-peer-number', text: call.peerNumber }) : null),
    state,
    h('div', { class: 'call-actions' }, actions));
  }

  function render(calls) {
    const list_ = [...calls.values()].sort((a, b) => (a.seenAt || 0) - (b.seenAt || 0));
    const hadFocus = el.contains(document.activeElement);
    const focusedCall = document.activeElement?.closest?.('.call-card')?.dataset.callId;
    const focusedWasCard = document.activeElement?.classList?.contains('call-card');
    const wasHidden = el.hidden;
    replace(list, list_.map(card));
    el.hidden = list_.length === 0;

    let newIncoming = null;
    for (const call of list_) {
      const before = lastState.get(call.callId);
      if (before !== call.state) {
        lastState.set(call.callId, call.state);
        const name = call.peerName || call.peerNumber || 'unknown caller';
        if (!before && isIncoming(call) && call.state !== 'ended') newIncoming = call;
        announce(`${headline(call)} ${name}: ${stateText(call, Date.now())}`);
        if (call.state === 'ended' && !timers.has(call.callId)) {
          timers.set(call.callId, setTimeout(() => {
            if (!el.contains(document.activeElement)) dismiss(call.callId);
            else timers.delete(call.callId);
          }, ENDED_VISIBLE_MS));
        }
      }
    }

    if (newIncoming) {
      if (wasHidden) returnFocus = document.activeElement;
      // The card itself takes focus: its label reads "Incoming call: <caller>", Tab reaches Hang up.
      const node = list.querySelector(`[data-call-id="${CSS.escape(newIncoming.callId)}"]`);
      if (node) node.focus();
    } else if (hadFocus) {
      // Re-rendering replaced the focused button: put focus on the same call's new controls.
      const card_ = focusedCall && list.querySelector(`[data-call-id="${CSS.escape(focusedCall)}"]`);
      const same = card_ && (focusedWasCard ? card_ : card_.querySelector('button'));
      if (same) same.focus();
      else if (!el.hidden) heading.focus();
    }
    if (el.hidden && hadFocus) {
      const usable = returnFocus && returnFocus !== document.body && document.body.contains(returnFocus) && !returnFocus.disabled;
      const target = usable ? returnFocus : document.getElementById('main');
      target?.focus?.();
      returnFocus = null;
    }
  }

  const stop = store.watch((s) => s.calls, render);
  // A running clock for answered calls; only the text changes, nothing is announced.
  const tick = setInterval(() => {
    for (const node of list.querySelectorAll('.call-card[data-state="answered"]')) {
      const call = store.get().calls.get(node.dataset.callId);
      if (call) node.querySelector('.call-state-text').textContent = stateText(call, Date.now());
    }
  }, 1000);

  return {
    el,
    destroy() {
      stop();
      clearInterval(tick);
      timers.forEach((t) => clearTimeout(t));
    },
  };
}
