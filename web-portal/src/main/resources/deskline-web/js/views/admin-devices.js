// The administrator's devices: hot-desking switch, assigned user, SIP credentials, who is logged in,
// registered or not, and logging the user out of a phone.

import { h, icon, replace, announce } from '../dom.js';
import { seg } from '../api.js';
import { field, toggle, formError, showErrors, clearErrors, busy } from '../forms.js';
import { openDialog, confirmDialog } from '../dialog.js';

// The administrator has no event stream (the server keeps live events for directory users), and
// registration is not an event at all: while the page is visible the lists are re-read now and then,
// and re-rendered only when something changed (so focus in the table is not disturbed).
const REFRESH_MS = 10000;

function userLabel(users, id) {
  if (id == null) return null;
  const u = (users || []).find((x) => x.id === id);
  return u ? `${u.name} (${u.extension})` : `user #${id}`;
}

function openDeviceForm(ctx, device, onSaved) {
  const { api, store } = ctx;
  const users = store.get().users || [];
  const name = h('input', { id: 'device-name', autocomplete: 'off' });
  const sipUsername = h('input', { id: 'device-sip-username', autocomplete: 'off', autocapitalize: 'none', spellcheck: false });
  const sipPassword = h('input', { id: 'device-sip-password', type: 'password', autocomplete: 'new-password' });
  const hotdesk = toggle({ id: 'device-hotdesk', label: 'Hot desking', checked: device ? device.hotdeskEnabled : true, fields: ['hotdeskEnabled'], hint: 'Users may log in on this phone with *35.' });
  const assigned = h('select', { id: 'device-assigned' },
    h('option', { value: '', text: 'Nobody (a shared hot desk)' }),
    [...users].sort((a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true }))
      .map((u) => h('option', { value: String(u.id), text: `${u.extension} · ${u.name}`, selected: device?.assignedUserId === u.id })));
  if (device) {
    name.value = device.name;
    sipUsername.value = device.sipUsername;
  }
  const error = formError();
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'device-save', text: device ? 'Save changes' : 'Create device' });
  const cancel = h('button', { type: 'button', class: 'button quiet', text: 'Cancel' });
  const remove = h('button', { type: 'button', class: 'button danger-quiet', text: 'Delete device', hidden: !device });
  const form = h('form', { class: 'device-form', noValidate: true },
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'Device' }),
      field({ label: 'Name', control: name, fields: ['name'], hint: 'Where it stands, e.g. "Desk 3.14".' }).wrap,
      hotdesk.wrap,
      field({ label: 'Assigned user', control: assigned, fields: ['assignedUserId'], hint: 'The owner: the phone returns to them when a hot-desker logs out.' }).wrap),
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'SIP credentials' }),
      field({ label: 'SIP user name', control: sipUsername, fields: ['sipUsername'] }).wrap,
      field({ label: 'SIP password', control: sipPassword, fields: ['sipPassword'], hint: device ? 'Leave empty to keep the current one.' : 'The phone registers with this.' }).wrap),
    error,
    h('div', { class: 'form-actions' }, remove, h('span', { class: 'spacer' }), cancel, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      name: name.value.trim(),
      sipUsername: sipUsername.value.trim(),
      hotdeskEnabled: hotdesk.control.checked,
      assignedUserId: assigned.value ? Number(assigned.value) : null,
    };
    if (sipPassword.value) body.sipPassword = sipPassword.value;
    await busy(submit, async () => {
      try {
        const saved = device ? await api.patch(`/devices/${seg(device.id)}`, body) : await api.post('/devices', body);
        announce(`Device ${saved.name} saved.`);
        onSaved();
        dlg.close();
      } catch (err) {
        showErrors(form, err);
      }
    });
  });
  cancel.addEventListener('click', () => dlg.close());
  remove.addEventListener('click', async () => {
    if (!await confirmDialog({ title: `Delete ${device.name}?`, text: 'The phone will no longer be able to register.', confirm: 'Delete device', danger: true })) return;
    try {
      await api.del(`/devices/${seg(device.id)}`);
      onSaved();
      dlg.close();
    } catch (err) {
      showErrors(form, err);
    }
  });
  const dlg = openDialog({ title: device ? `Edit ${device.name}` : 'New device', body: form, className: 'dialog-form' });
}

export function renderAdminDevices(ctx) {
  const { api, store } = ctx;
  const tbody = h('tbody', { id: 'devices-body' });
  const status = h('p', { class: 'muted empty', attrs: { role: 'status' } });
  const error = h('p', { class: 'form-error', attrs: { role: 'alert' }, hidden: true });
  const newButton = h('button', { type: 'button', class: 'button primary', id: 'new-device' }, icon('plus'), h('span', { text: 'New device' }));
  const table = h('table', { class: 'data-table', id: 'devices-table' },
    h('caption', { class: 'visually-hidden', text: 'Devices' }),
    h('thead', {}, h('tr', {}, ['Device', 'Hot desking', 'Assigned user', 'Logged in', 'Registration', ''].map((t, i) =>
      h('th', { scope: 'col', text: t, attrs: i === 5 ? { 'aria-label': 'Actions' } : {} })))),
    tbody);

  async function load() {
    try {
      const [devices, users] = await Promise.all([api.get('/devices'), api.get('/users')]);
      const s = store.get();
      if (JSON.stringify(devices) !== JSON.stringify(s.devices) || JSON.stringify(users) !== JSON.stringify(s.users)) {
        store.update({ devices, users });
      }
      error.hidden = true;
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  }

  function row(d) {
    const users = store.get().users;
    const loggedIn = userLabel(users, d.loggedInUserId);
    const hotSwitch = h('input', {
      type: 'checkbox', class: 'switch', checked: d.hotdeskEnabled, id: `hotdesk-${d.id}`,
      attrs: { role: 'switch', 'aria-label': `Hot desking on ${d.name}` },
      on: {
        change: async (e) => {
          const input = e.currentTarget;
          input.disabled = true;
          try {
            await api.patch(`/devices/${seg(d.id)}`, { hotdeskEnabled: input.checked });
            announce(`Hot desking ${input.checked ? 'on' : 'off'} for ${d.name}.`);
            await load();
          } catch (err) {
            input.checked = !input.checked;
            error.textContent = `${d.name}: ${err.message}`;
            error.hidden = false;
          } finally {
            input.disabled = false;
          }
        },
      },
    });
    const logout = h('button', {
      type: 'button',
      class: 'button small',
      disabled: d.loggedInUserId == null,
      attrs: { 'aria-label': loggedIn ? `Log ${loggedIn} out of ${d.name}` : `Log out of ${d.name} (nobody is logged in)` },
      text: 'Log out',
      on: {
        click: async (e) => {
          const button = e.currentTarget;
          const ok = await confirmDialog({ title: `Log ${loggedIn} out?`, text: `${d.name} will no longer carry their calls.`, confirm: 'Log out' });
          if (!ok) return;
          await busy(button, async () => {
            try {
              await api.post(`/devices/${seg(d.id)}/logout`);
              announce(`${loggedIn} logged out of ${d.name}.`);
              await load();
            } catch (err) {
              error.textContent = err.message;
              error.hidden = false;
            }
          });
        },
      },
    });
    const edit = h('button', { type: 'button', class: 'button small quiet', text: 'Edit', attrs: { 'aria-label': `Edit ${d.name}` }, on: { click: () => openDeviceForm(ctx, d, load) } });
    return h('tr', { dataset: { deviceId: d.id, sipUsername: d.sipUsername } },
      h('td', { attrs: { 'data-label': 'Device' } }, h('strong', { text: d.name }), h('span', { class: 'sub', text: `SIP ${d.sipUsername}` })),
      h('td', { attrs: { 'data-label': 'Hot desking' } }, h('span', { class: 'switch-cell' }, hotSwitch,
        h('span', { class: 'switch-text', attrs: { 'aria-hidden': 'true' }, text: d.hotdeskEnabled ? 'On' : 'Off' }))),
      h('td', { class: 'assigned', attrs: { 'data-label': 'Assigned user' }, text: userLabel(users, d.assignedUserId) || '—' }),
      h('td', { class: 'logged-in', attrs: { 'data-label': 'Logged in' }, text: loggedIn || 'Nobody' }),
      h('td', { class: 'registration', attrs: { 'data-label': 'Registration' } },
        h('span', { class: ['badge', d.registered ? 'badge-ok' : 'badge-off'], text: d.registered ? 'Registered' : 'Not registered' })),
      h('td', { class: 'actions' }, logout, edit));
  }

  const stop = store.watch((s) => s.devices, (devices) => {
    if (!devices) { status.textContent = 'Loading devices…'; return; }
    const sorted = [...devices].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    replace(tbody, sorted.map(row));
    table.hidden = sorted.length === 0;
    status.textContent = sorted.length ? `${sorted.length} ${sorted.length === 1 ? 'device' : 'devices'}` : 'No devices yet.';
  });

  newButton.addEventListener('click', () => openDeviceForm(ctx, null, load));
  const refresh = setInterval(() => { if (document.visibilityState === 'visible') load(); }, REFRESH_MS);
  const onVisible = () => { if (document.visibilityState === 'visible') load(); };
  document.addEventListener('visibilitychange', onVisible);

  const el = h('div', { class: 'page admin-devices' },
    h('div', { class: 'page-head' }, h('h1', { class: 'page-title', text: 'Devices' }), newButton),
    h('section', { class: 'card', attrs: { 'aria-label': 'Device list' } }, error, status, h('div', { class: 'table-wrap' }, table)));
  load();
  return {
    el,
    destroy() {
      stop();
      clearInterval(refresh);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
