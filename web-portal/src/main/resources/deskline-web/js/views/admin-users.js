// The administrator's users: a searchable table (cards on a phone) and the New user form.

import { h, icon, replace } from '../dom.js';
import { MODES } from '../format.js';
import { openUserForm } from './user-form.js';

export function renderAdminUsers(ctx) {
  const { api, store } = ctx;
  const search = h('input', { type: 'search', id: 'users-search', autocomplete: 'off', placeholder: 'Extension or name' });
  const newButton = h('button', { type: 'button', class: 'button primary', id: 'new-user' }, icon('plus'), h('span', { text: 'New user' }));
  const tbody = h('tbody', { id: 'users-body' });
  const status = h('p', { class: 'muted empty', attrs: { role: 'status' } });
  const error = h('p', { class: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const table = h('table', { class: 'data-table', id: 'users-table' },
    h('caption', { class: 'visually-hidden', text: 'Users' }),
    h('thead', {}, h('tr', {}, ['Extension', 'Name', 'Hot desking', 'Telecommuter', 'Calls ring', ''].map((t, i) =>
      h('th', { scope: 'col', text: t, attrs: i === 5 ? { 'aria-label': 'Actions' } : {} })))),
    tbody);

  async function load() {
    try {
      const q = search.value.trim();
      const [users, devices] = await Promise.all([api.get(`/users${q ? `?q=${encodeURIComponent(q)}` : ''}`), api.get('/devices')]);
      const s = store.get();
      if (JSON.stringify(users) !== JSON.stringify(s.users) || JSON.stringify(devices) !== JSON.stringify(s.devices)) {
        store.update({ users, devices });
      }
      error.hidden = true;
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  }

  function deviceName(id) {
    const d = (store.get().devices || []).find((x) => x.id === id);
    return d ? d.name : `phone #${id}`;
  }

  function row(u) {
    const where = u.mode === 'desk' && u.deviceId != null ? `${MODES.desk}: ${deviceName(u.deviceId)}`
      : u.mode === 'telecommuter' ? `${MODES.telecommuter}: ${u.telecommuter?.number || ''}` : MODES[u.mode] || u.mode || '';
    const hot = u.hotdesk?.allowed
      ? h('span', { class: 'badge badge-ok', text: u.hotdesk.pinSet ? 'Allowed · PIN set' : 'Allowed · no PIN' })
      : h('span', { class: 'badge', text: 'Not allowed' });
    const locked = u.hotdesk?.lockedUntil ? h('span', { class: 'badge badge-warn', text: 'PIN locked' }) : null;
    const edit = h('button', {
      type: 'button',
      class: 'button small',
      attrs: { 'aria-label': `Edit ${u.name} (${u.extension})` },
      text: 'Edit',
      on: { click: () => openUserForm(ctx, u, () => load()) },
    });
    return h('tr', { dataset: { userId: u.id, extension: u.extension } },
      h('td', { attrs: { 'data-label': 'Extension' } }, h('strong', { text: u.extension })),
      h('td', { attrs: { 'data-label': 'Name' }, text: u.name }),
      h('td', { attrs: { 'data-label': 'Hot desking' } }, hot, locked),
      h('td', { attrs: { 'data-label': 'Telecommuter' }, text: u.telecommuter?.allowed ? 'Allowed' : '—' }),
      h('td', { attrs: { 'data-label': 'Calls ring' }, text: where }),
      h('td', { class: 'actions' }, edit));
  }

  const stop = store.watch((s) => s.users, (users) => {
    if (!users) { status.textContent = 'Loading users…'; return; }
    const sorted = [...users].sort((a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true }));
    replace(tbody, sorted.map(row));
    table.hidden = sorted.length === 0;
    status.textContent = sorted.length ? `${sorted.length} ${sorted.length === 1 ? 'user' : 'users'}` : 'No users match.';
  });

  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  newButton.addEventListener('click', () => openUserForm(ctx, null, () => load()));

  const el = h('div', { class: 'page admin-users' },
    h('div', { class: 'page-head' }, h('h1', { class: 'page-title', text: 'Users' }), newButton),
    h('section', { class: 'card', attrs: { 'aria-label': 'User list' } },
      h('div', { class: 'toolbar' }, h('div', { class: 'search' }, icon('search'),
        h('div', { class: 'field' }, h('label', { htmlFor: search.id, class: 'label', text: 'Search users' }), search))),
      error, status, h('div', { class: 'table-wrap' }, table)));
  load();
  // No event stream for the administrator: re-read while visible (see admin-devices.js).
  const refresh = setInterval(() => { if (document.visibilityState === 'visible') load(); }, 10000);
  const onVisible = () => { if (document.visibilityState === 'visible') load(); };
  document.addEventListener('visibilitychange', onVisible);
  return {
    el,
    destroy() {
      stop();
      clearTimeout(timer);
      clearInterval(refresh);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
