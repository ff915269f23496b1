// The user's presence and status message. A change made in another tab or client arrives as
// presence_changed and is shown here at once, unless the user is in the middle of editing.

import { h, announce } from '../dom.js';
import { field, formError, showErrors, clearErrors, busy } from '../forms.js';
import { PRESENCE, presenceLabel } from '../format.js';
import { normalizePresence } from '../live.js';

const STATES = ['available', 'busy', 'away', 'dnd'];

export function renderPresenceCard({ store, api }) {
  const state = h('select', { id: 'presence-state', name: 'state' },
    STATES.map((s) => h('option', { value: s, text: PRESENCE[s] })));
  const message = h('input', { id: 'presence-message', name: 'message', maxLength: 200, autocomplete: 'off', placeholder: 'e.g. Working from home until 14:00' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'presence-save', text: 'Update' });
  const error = formError();
  const form = h('form', { class: 'presence-form', noValidate: true, attrs: { 'aria-label': 'Your presence' } },
    h('div', { class: 'row' },
      field({ label: 'Presence', control: state, fields: ['state'], className: 'grow-0' }).wrap,
      field({ label: 'Status message', control: message, fields: ['message'], className: 'grow' }).wrap),
    error,
    h('div', { class: 'form-actions' }, submit));

  let dirty = false;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('change', () => { dirty = true; });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const body = { state: state.value, message: message.value.trim() };
        const answer = await api.put('/users/me/presence', body);
        dirty = false;
        const presence = normalizePresence(answer && (answer.presence || answer.state) ? (answer.presence || answer) : body);
        store.update({ me: { ...store.get().me, presence } });
        announce(`Presence set to ${presenceLabel(presence.state)}.`);
      } catch (err) {
        showErrors(form, err);
      }
    });
  });

  const stop = store.watch((s) => s.me?.presence, (p) => {
    if (dirty) return;
    const presence = normalizePresence(p);
    state.value = STATES.includes(presence.state) ? presence.state : 'available';
    message.value = presence.message;
  });

  const el = h('section', { class: 'card presence-card', attrs: { 'aria-labelledby': 'presence-heading' } },
    h('h2', { id: 'presence-heading', text: 'Your presence' }),
    h('p', { class: 'muted', text: 'Colleagues see this in their directory. It follows you to every open portal.' }),
    form);
  return { el, destroy: stop };
}
