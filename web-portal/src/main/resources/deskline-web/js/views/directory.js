// The dialler and the searchable directory of colleagues with their presence; one click calls.

import { h, icon, replace, announce } from '../dom.js';
import { field, formError, showErrors, clearErrors, busy } from '../forms.js';
import { presenceLabel, initials } from '../format.js';

/** Starts a click-to-call; the call itself then appears in the call panel through events. */
export async function placeCall(ctx, destination) {
  const call = await ctx.api.post('/users/me/calls', { destination });
  if (call && call.callId) ctx.live.onCall(call);
  announce(`Calling ${destination}.`);
  return call;
}

export function renderDialler(ctx) {
  const number = h('input', { type: 'tel', id: 'dial-number', name: 'destination', inputMode: 'tel', autocomplete: 'off', placeholder: 'Extension or phone number' });
  const submit = h('button', { type: 'submit', class: 'button call', id: 'dial-call' }, icon('phone'), h('span', { text: 'Call' }));
  const error = formError();
  const form = h('form', { class: 'dialler', noValidate: true, attrs: { 'aria-label': 'Dialler' } },
    h('div', { class: 'row row-end' },
      field({ label: 'Number to call', control: number, fields: ['destination'], className: 'grow' }).wrap,
      submit),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const destination = number.value.trim().replace(/[\s().-]/g, '');
    if (!destination) {
      showErrors(form, { fields: [{ name: 'destination', reason: 'enter an extension or a phone number' }] });
      return;
    }
    await busy(submit, async () => {
      try {
        await placeCall(ctx, destination);
        number.value = '';
      } catch (err) {
        showErrors(form, err);
      }
    });
  });
  const el = h('section', { class: 'card dial-card', attrs: { 'aria-labelledby': 'dial-heading' } },
    h('h2', { id: 'dial-heading', text: 'Make a call' }),
    h('p', { class: 'muted', id: 'dial-explain' }),
    form);
  const stop = ctx.store.watch((s) => s.me?.mode, (mode) => {
    el.querySelector('#dial-explain').textContent = mode === 'telecommuter'
      ? 'Deskline first calls your telecommuter number; answer it and you are connected.'
      : 'Deskline first rings your desk phone; pick it up and you are connected.';
  });
  return { el, destroy: stop };
}

export function renderDirectory(ctx) {
  const { store, live } = ctx;
  const search = h('input', { type: 'search', id: 'directory-search', autocomplete: 'off', placeholder: 'Name or extension' });
  const list = h('ul', { class: 'directory-list', id: 'directory-list', attrs: { 'aria-label': 'Colleagues' } });
  const empty = h('p', { class: 'muted empty', hidden: true });
  const error = formError();
  const count = h('p', { class: 'visually-hidden', attrs: { role: 'status' } });

  let timer = null;
  let seq = 0;
  async function load(q) {
    const mine = ++seq;
    try {
      await live.loadDirectory(q);
      if (mine === seq) { error.hidden = true; }
    } catch (err) {
      if (mine === seq) { error.textContent = err.message; error.hidden = false; }
    }
  }
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => load(search.value.trim()), 200);
  });

  function row(entry) {
    const me = store.get().me;
    const p = entry.presence || { state: 'offline', effective: 'offline', message: '' };
    const shown = p.effective || p.state; // what colleagues see: "on a call" while a call is up
    const label = presenceLabel(shown);
    const callButton = h('button', {
      type: 'button',
      class: 'button call small',
      attrs: { 'aria-label': `Call ${entry.name}, extension ${entry.extension}` },
      on: {
        click: async (e) => {
          const button = e.currentTarget;
          clearErrors(wrapper);
          await busy(button, async () => {
            try { await placeCall(ctx, entry.extension); } catch (err) { showErrors(wrapper, err); }
          });
        },
      },
    }, icon('phone'), h('span', { text: 'Call' }));
    if (me && entry.id === me.id) callButton.disabled = true;
    return h('li', { class: 'person', dataset: { userId: entry.id, extension: entry.extension } },
      h('span', { class: 'avatar', attrs: { 'aria-hidden': 'true' }, text: initials(entry.name) }),
      h('span', { class: 'person-main' },
        h('span', { class: 'person-name', text: entry.name }),
        h('span', { class: 'person-ext', text: entry.extension })),
      h('span', { class: `presence presence-${shown}` },
        h('span', { class: `dot presence-${shown}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'presence-label', text: label }),
        p.message ? h('span', { class: 'presence-message', text: p.message }) : null),
      callButton);
  }

  const stop = store.watch((s) => s.directory, (directory) => {
    const me = store.get().me;
    const entries = [...directory.values()]
      .filter((e) => !me || e.id !== me.id)
      .sort((a, b) => a.name.localeCompare(b.name));
    replace(list, entries.map(row));
    empty.hidden = entries.length > 0;
    empty.textContent = search.value.trim() ? 'Nobody matches that search.' : 'No colleagues yet.';
    count.textContent = `${entries.length} ${entries.length === 1 ? 'colleague' : 'colleagues'}`;
  });

  const wrapper = h('section', { class: 'card directory-card', attrs: { 'aria-labelledby': 'directory-heading' } },
    h('h2', { id: 'directory-heading', text: 'Colleagues' }),
    h('div', { class: 'search' }, icon('search'), field({ label: 'Search colleagues', control: search }).wrap),
    error, count, list, empty);
  load('');
  return { el: wrapper, destroy() { stop(); clearTimeout(timer); } };
}
