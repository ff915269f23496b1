// The "New user" / "Edit user" form, after the hosted PBX's user profile: user details, a
// "Hotdesking settings" section (Hotdesking allowed, PIN generated or typed in, shown once),
// telecommuter, voicemail, call waiting, dial permission and outbound number.

import { h, icon, replace, announce } from '../dom.js';
import { ApiError, seg } from '../api.js';
import { field, toggle, formError, showErrors, clearErrors, busy } from '../forms.js';
import { openDialog, confirmDialog } from '../dialog.js';

const FIELD_LABELS = {
  extension: 'Extension',
  name: 'Name',
  portalPassword: 'Portal password',
  outboundNumber: 'Outbound number',
  language: 'Language',
  'hotdesk.allowed': 'Hotdesking allowed',
  pin: 'PIN',
  'telecommuter.allowed': 'Telecommuter allowed',
  'telecommuter.number': 'Telecommuter number',
  'voicemail.enabled': 'Voicemail',
  callWaiting: 'Call waiting',
  callbackConfirm: 'Confirm click-to-call',
  dialPermission: 'Dial permission',
};

function select(id, options, value) {
  return h('select', { id }, options.map(([v, label]) => h('option', { value: v, text: label, selected: v === value })));
}

/**
 * Opens the form. `user` null creates a user. `onSaved(user)` runs after each successful save (the
 * list refreshes); the dialog stays open when there is a PIN to show.
 */
export function openUserForm(ctx, user, onSaved) {
  const { api } = ctx;
  let current = user; // the saved user; set after a create
  const f = {};
  const c = (key, control) => { f[key] = control; return control; };

  const extension = field({ label: 'Extension', control: c('extension', h('input', { id: 'user-extension', inputMode: 'numeric', autocomplete: 'off', required: true })), fields: ['extension'], hint: 'The short number colleagues dial, e.g. 105.' });
  const name = field({ label: 'Name', control: c('name', h('input', { id: 'user-name', autocomplete: 'off', required: true })), fields: ['name'] });
  const password = field({ label: 'Portal password', control: c('portalPassword', h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password' })), fields: ['portalPassword'], hint: user ? (user.portalPasswordSet ? 'Set. Leave empty to keep it.' : 'Not set: the user cannot sign in to the portal yet.') : 'At least 8 characters, for signing in to this portal with the extension.' });
  const outbound = field({ label: 'Outbound number', control: c('outboundNumber', h('input', { id: 'user-outbound', type: 'tel', autocomplete: 'off' })), fields: ['outboundNumber'], hint: 'Caller ID shown on external calls, e.g. +31201234567.' });
  const language = field({ label: 'Language of voice prompts', control: c('language', select('user-language', [['', 'System default'], ['en', 'English'], ['nl', 'Nederlands']], user?.language || '')), fields: ['language'] });

  const hotdeskAllowed = toggle({ id: 'user-hotdesk-allowed', label: 'Hotdesking allowed', checked: user ? user.hotdesk?.allowed : true, fields: ['hotdesk.allowed'], hint: 'The user may log in on any hot-desk phone with *35.' });
  f.hotdeskAllowed = hotdeskAllowed.control;

  // PIN: on a new user, generate (default) or type one; on an existing user, generate anew or set one.
  const pinGenerate = h('input', { type: 'radio', name: 'pin-choice', value: 'generate', id: 'pin-generate', checked: true });
  const pinType = h('input', { type: 'radio', name: 'pin-choice', value: 'type', id: 'pin-type' });
  const pinNone = h('input', { type: 'radio', name: 'pin-choice', value: 'none', id: 'pin-none' });
  const pinInput = h('input', { id: 'user-pin', inputMode: 'numeric', autocomplete: 'off', maxLength: 12 });
  const pinField = field({ label: 'PIN', control: pinInput, fields: ['pin'], hint: 'Digits only. It is stored hashed and never shown again.' });
  const pinResult = h('div', { class: 'pin-result', id: 'pin-result', hidden: true, tabIndex: -1, attrs: { role: 'status' } });
  const pinStatus = h('p', { class: 'pin-status', id: 'pin-status' });
  const lockStatus = h('p', { class: 'lock-status', hidden: true });
  const clearLockButton = h('button', { type: 'button', class: 'button quiet small', id: 'clear-lock', text: 'Unlock PIN login', hidden: true });
  const generateNow = h('button', { type: 'button', class: 'button small', id: 'pin-generate-now' }, icon('key'), h('span', { text: 'Generate new PIN' }));
  const setNow = h('button', { type: 'button', class: 'button small', id: 'pin-set-now', text: 'Set this PIN' });

  const pinChoice = h('fieldset', { class: 'pin-choice' },
    h('legend', { text: 'PIN' }),
    h('div', { class: 'check-row' }, pinGenerate, h('label', { htmlFor: pinGenerate.id, class: 'check-label', text: 'Generate a PIN' })),
    h('div', { class: 'check-row' }, pinType, h('label', { htmlFor: pinType.id, class: 'check-label', text: 'Type a PIN' })),
    h('div', { class: 'check-row' }, pinNone, h('label', { htmlFor: pinNone.id, class: 'check-label', text: 'No PIN for now' })));
  const pinExisting = h('div', { class: 'pin-existing' }, pinStatus, lockStatus,
    h('div', { class: 'button-row' }, generateNow, clearLockButton));

  const hotdeskSection = h('fieldset', { class: 'form-section', id: 'hotdesk-section' },
    h('legend', { text: 'Hotdesking settings' }),
    hotdeskAllowed.wrap,
    h('div', { class: 'pin-area' }, pinExisting, pinChoice, h('div', { class: 'row row-end' }, h('div', { class: 'grow' }, pinField.wrap), setNow), pinResult));

  const teleAllowed = toggle({ id: 'user-telecommuter-allowed', label: 'Telecommuter allowed', checked: !!user?.telecommuter?.allowed, fields: ['telecommuter.allowed'], hint: 'The user may have calls sent to a remote number from the portal.' });
  f.teleAllowed = teleAllowed.control;
  const teleNumber = field({ label: 'Telecommuter number', control: c('teleNumber', h('input', { id: 'user-telecommuter-number', type: 'tel', autocomplete: 'off' })), fields: ['telecommuter.number', 'telecommuterNumber'] });

  const voicemail = toggle({ id: 'user-voicemail', label: 'Voicemail', checked: user ? !!user.voicemail?.enabled : true, fields: ['voicemail.enabled'] });
  f.voicemail = voicemail.control;
  const callWaiting = toggle({ id: 'user-call-waiting', label: 'Call waiting', checked: user ? !!user.callWaiting : true, fields: ['callWaiting'], hint: 'A second call may come in while one is in progress.' });
  f.callWaiting = callWaiting.control;
  const callbackConfirm = toggle({ id: 'user-callback-confirm', label: 'Confirm click-to-call (press 1)', checked: !!user?.callbackConfirm, fields: ['callbackConfirm'], hint: 'The user presses 1 to accept the callback before the destination is dialled.' });
  f.callbackConfirm = callbackConfirm.control;
  const dial = field({ label: 'Dial permission', control: c('dialPermission', select('user-dial-permission', [['internal', 'Internal calls only'], ['national', 'National'], ['international', 'International']], user?.dialPermission || 'national')), fields: ['dialPermission'] });

  const error = formError();
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'user-save', text: user ? 'Save changes' : 'Create user' });
  const cancel = h('button', { type: 'button', class: 'button quiet', text: 'Cancel' });
  const remove = h('button', { type: 'button', class: 'button danger-quiet', id: 'user-delete', text: 'Delete user', hidden: !user });

  const form = h('form', { class: 'user-form', noValidate: true },
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'User details' }),
      h('div', { class: 'grid-2' }, extension.wrap, name.wrap, password.wrap, outbound.wrap, language.wrap)),
    hotdeskSection,
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'Telecommuter' }), teleAllowed.wrap, teleNumber.wrap),
    h('fieldset', { class: 'form-section' }, h('legend', { text: 'Calls' }), voicemail.wrap, callWaiting.wrap, callbackConfirm.wrap, dial.wrap),
    error,
    h('div', { class: 'form-actions sticky' }, remove, h('span', { class: 'spacer' }), cancel, submit));

  if (user) {
    f.extension.value = user.extension || '';
    f.name.value = user.name || '';
    f.outboundNumber.value = user.outboundNumber || '';
    f.teleNumber.value = user.telecommuter?.number || '';
  }

  function syncPinArea() {
    const allowed = f.hotdeskAllowed.checked;
    const existing = !!current;
    pinExisting.hidden = !existing;
    pinChoice.hidden = existing || !allowed;
    const typing = existing ? allowed : (allowed && pinType.checked);
    pinField.wrap.hidden = !typing;
    setNow.hidden = !existing || !allowed;
    generateNow.disabled = !allowed;
    pinField.wrap.querySelector('label').textContent = existing ? 'Set a PIN' : 'PIN';
    if (existing) {
      pinStatus.textContent = current.hotdesk?.pinSet ? 'A PIN is set.' : 'No PIN is set yet.';
      const locked = current.hotdesk?.lockedUntil;
      lockStatus.hidden = !locked;
      clearLockButton.hidden = !locked;
      if (locked) lockStatus.textContent = `PIN login is locked after ${current.hotdesk.failedAttempts} wrong PINs, until ${new Date(locked).toLocaleTimeString()}.`;
    }
    f.teleNumber.closest('.field').classList.toggle('dimmed', !f.teleAllowed.checked);
  }
  form.addEventListener('change', syncPinArea);

  function showPin(ext, pin) {
    replace(pinResult,
      h('p', { class: 'pin-result-title' }, icon('key'), h('span', { text: `PIN for ${ext}` })),
      h('p', { class: 'pin-value', id: 'pin-value', text: pin }),
      h('p', {}, 'Hot-desk code: ', h('code', { class: 'pin-code', text: `*35*${ext}*${pin}` })),
      h('p', { class: 'muted', text: 'Shown once. Give it to the user now: Deskline stores only a hash.' }));
    pinResult.hidden = false;
    pinResult.focus();
  }

  function body() {
    const b = {
      extension: f.extension.value.trim(),
      name: f.name.value.trim(),
      outboundNumber: f.outboundNumber.value.trim() || null,
      language: f.language.value || null,
      hotdesk: { allowed: f.hotdeskAllowed.checked },
      telecommuter: { allowed: f.teleAllowed.checked, number: f.teleNumber.value.trim() || null },
      voicemail: { enabled: f.voicemail.checked },
      callWaiting: f.callWaiting.checked,
      callbackConfirm: f.callbackConfirm.checked,
      dialPermission: f.dialPermission.value,
    };
    if (f.portalPassword.value) b.portalPassword = f.portalPassword.value;
    return b;
  }

  async function pinRequest(payload) {
    return api.post(`/users/${seg(current.id)}/hotdesk-pin`, payload);
  }

  async function refreshCurrent() {
    current = await api.get(`/users/${seg(current.id)}`);
    syncPinArea();
    onSaved?.(current);
  }

  function becomeEdit() {
    dlg.setTitle(`Edit user ${current.extension} · ${current.name}`);
    submit.textContent = 'Save changes';
    remove.hidden = false;
    f.portalPassword.value = '';
    const hint = password.wrap.querySelector('.field-hint');
    if (hint) hint.textContent = current.portalPasswordSet ? 'Set. Leave empty to keep it.' : 'Not set: the user cannot sign in to the portal yet.';
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      const creating = !current;
      try {
        current = creating ? await api.post('/users', body()) : await api.patch(`/users/${seg(current.id)}`, body());
      } catch (err) {
        showErrors(form, err, { fieldNames: FIELD_LABELS });
        return;
      }
      onSaved?.(current);
      if (!creating) {
        announce(`User ${current.extension} saved.`);
        dlg.close();
        return;
      }
      becomeEdit();
      const allowed = f.hotdeskAllowed.checked;
      if (allowed && pinGenerate.checked) {
        try {
          const { pin } = await pinRequest(undefined);
          await refreshCurrent();
          showPin(current.extension, pin);
          announce(`User ${current.extension} created. The PIN is shown once.`);
        } catch (err) {
          await refreshCurrent().catch(() => {});
          showErrors(form, err, { fieldNames: FIELD_LABELS });
        }
      } else if (allowed && pinType.checked && pinInput.value) {
        try {
          await pinRequest({ pin: pinInput.value.trim() });
          pinInput.value = '';
          await refreshCurrent();
          announce(`User ${current.extension} created with the PIN you typed.`);
          dlg.close();
        } catch (err) {
          await refreshCurrent().catch(() => {});
          showErrors(form, err, { fieldNames: FIELD_LABELS });
          const general = form.querySelector('.form-error');
          if (general && general.hidden) {
            general.textContent = `User ${current.extension} was created, but the PIN was not set.`;
            general.hidden = false;
          }
        }
      } else {
        syncPinArea();
        announce(`User ${current.extension} created.`);
        dlg.close();
      }
    });
  });

  generateNow.addEventListener('click', async () => {
    clearErrors(form);
    await busy(generateNow, async () => {
      try {
        const { pin } = await pinRequest(undefined);
        await refreshCurrent();
        showPin(current.extension, pin);
      } catch (err) {
        showErrors(form, err, { fieldNames: FIELD_LABELS });
      }
    });
  });

  setNow.addEventListener('click', async () => {
    clearErrors(form);
    if (!pinInput.value.trim()) {
      showErrors(form, new ApiError(400, { fields: [{ name: 'pin', reason: 'type the PIN to set' }] }));
      return;
    }
    await busy(setNow, async () => {
      try {
        await pinRequest({ pin: pinInput.value.trim() });
        pinInput.value = '';
        pinResult.hidden = true;
        await refreshCurrent();
        announce('PIN set.');
        pinStatus.focus?.();
      } catch (err) {
        showErrors(form, err, { fieldNames: FIELD_LABELS });
      }
    });
  });

  clearLockButton.addEventListener('click', async () => {
    await busy(clearLockButton, async () => {
      try {
        await api.del(`/users/${seg(current.id)}/hotdesk-lock`);
        await refreshCurrent();
        announce('PIN login unlocked.');
      } catch (err) {
        showErrors(form, err);
      }
    });
  });

  remove.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: `Delete user ${current.extension}?`,
      text: `${current.name} will no longer be able to sign in or receive calls. The call log is kept.`,
      confirm: 'Delete user',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.del(`/users/${seg(current.id)}`);
      announce(`User ${current.extension} deleted.`);
      onSaved?.(null);
      dlg.close();
    } catch (err) {
      showErrors(form, err);
    }
  });

  cancel.addEventListener('click', () => dlg.close());

  const dlg = openDialog({
    title: user ? `Edit user ${user.extension} · ${user.name}` : 'New user',
    body: form,
    className: 'dialog-form',
  });
  syncPinArea();
  return dlg;
}
