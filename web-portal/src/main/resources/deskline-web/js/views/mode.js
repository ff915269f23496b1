// "Where your calls ring": the mode switch between desk phone, telecommuter number and logged out,
// with a sentence that says where calls go now and which device carries them.

import { h, icon, replace, announce, nextId } from '../dom.js';
import { field, formError, showErrors, clearErrors, busy } from '../forms.js';
import { MODES } from '../format.js';

const OPTIONS = [
  { mode: 'desk', icon: 'desk', title: MODES.desk, text: 'Calls ring your phone in the office.' },
  { mode: 'telecommuter', icon: 'home', title: MODES.telecommuter, text: 'Calls go to a number you choose, such as home or mobile.' },
  { mode: 'logged_out', icon: 'off', title: MODES.logged_out, text: 'No phone rings; callers reach voicemail or hear busy.' },
];

function deviceText(me) {
  if (me.deviceName) return me.deviceName;
  if (me.device && me.device.name) return me.device.name;
  return me.deviceId != null ? `phone #${me.deviceId}` : null;
}

/** The sentence under the heading. */
function whereCallsRing(me) {
  const device = deviceText(me);
  switch (me.mode) {
    case 'desk':
      return [icon('desk'), h('span', {}, 'Calls ring on your desk phone', device ? [' ', h('strong', { class: 'device-name', text: device })] : null, '.')];
    case 'telecommuter':
      return [icon('home'), h('span', {}, 'Calls go to ', h('strong', { class: 'telecommuter-number', text: me.telecommuter?.number || 'your telecommuter number' }), '.')];
    default:
      return [icon('off'), h('span', {}, 'You are logged out: ',
        me.voicemail?.enabled ? 'callers reach your voicemail.' : 'callers hear busy.')];
  }
}

export function renderModeCard({ store, api }) {
  const groupName = nextId('mode');
  const status = h('p', { class: 'where-now', id: 'where-now', attrs: { 'aria-live': 'polite' } });
  const radios = new Map();
  const optionEls = OPTIONS.map((o) => {
    const input = h('input', { type: 'radio', name: groupName, value: o.mode, id: `mode-${o.mode}`, class: 'mode-radio' });
    radios.set(o.mode, input);
    const desc = h('span', { class: 'mode-text', id: `mode-${o.mode}-desc`, text: o.text });
    input.setAttribute('aria-describedby', desc.id);
    return h('div', { class: 'mode-option', dataset: { mode: o.mode } }, input,
      h('label', { htmlFor: input.id, class: 'mode-label' }, icon(o.icon), h('span', { class: 'mode-title', text: o.title }), desc));
  });

  const number = h('input', { type: 'tel', id: 'telecommuter-number', autocomplete: 'tel', inputMode: 'tel', placeholder: '+31 6 1234 5678' });
  const numberField = field({ label: 'Telecommuter number', control: number, hint: 'The phone you will answer: digits, optionally starting with +.', fields: ['telecommuterNumber', 'telecommuter.number'] });
  numberField.wrap.classList.add('telecommuter-field');
  const notAllowed = h('p', { class: 'field-hint', id: 'telecommuter-not-allowed', hidden: true, text: 'Telecommuter mode is not enabled for you. Ask your administrator.' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'mode-apply', text: 'Switch' });
  const error = formError();
  const fieldset = h('fieldset', { class: 'mode-options' }, h('legend', { class: 'visually-hidden', text: 'Where calls ring' }), optionEls);
  const form = h('form', { class: 'mode-form', noValidate: true, attrs: { 'aria-label': 'Change where calls ring' } },
    fieldset, notAllowed, numberField.wrap, error, h('div', { class: 'form-actions' }, submit));

  let dirty = false;
  const selected = () => [...radios.values()].find((r) => r.checked)?.value;

  function syncControls() {
    const me = store.get().me;
    const choice = selected();
    numberField.wrap.hidden = choice !== 'telecommuter';
    const sameMode = choice === me.mode;
    const sameNumber = choice !== 'telecommuter' || number.value.trim() === (me.telecommuter?.number || '');
    submit.disabled = !choice || (sameMode && sameNumber);
    for (const el of optionEls) el.classList.toggle('current', el.dataset.mode === me.mode);
  }

  // A click on "Telecommuter" goes on to the number; arrowing through the options never moves focus.
  let pointerChoice = false;
  fieldset.addEventListener('pointerdown', () => { pointerChoice = true; });
  form.addEventListener('change', (e) => {
    if (e.target.type === 'radio') {
      dirty = true;
      clearErrors(form);
      syncControls();
      if (pointerChoice && selected() === 'telecommuter' && !number.value) number.focus();
      pointerChoice = false;
    }
  });
  number.addEventListener('input', () => { dirty = true; syncControls(); });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const mode = selected();
    if (!mode || submit.disabled) return;
    clearErrors(form);
    const body = { mode };
    if (mode === 'telecommuter') body.telecommuterNumber = number.value.trim().replace(/[\s().-]/g, '') || undefined;
    await busy(submit, async () => {
      try {
        const me = await api.put('/users/me/mode', body);
        dirty = false;
        store.update({ me: { ...store.get().me, ...me } });
        announce(`Mode switched to ${MODES[me.mode] || me.mode}.`);
      } catch (err) {
        showErrors(form, err, { fieldNames: { mode: 'Mode' } });
      }
    });
    syncControls();
  });

  const stop = store.watch((s) => s.me, (me) => {
    if (!me) return;
    replace(status, ...whereCallsRing(me));
    const allowed = me.telecommuter?.allowed !== false;
    radios.get('telecommuter').disabled = !allowed;
    notAllowed.hidden = allowed;
    if (!dirty) {
      for (const [mode, r] of radios) r.checked = mode === me.mode;
      number.value = me.telecommuter?.number || '';
    }
    syncControls();
  });

  const el = h('section', { class: 'card mode-card', attrs: { 'aria-labelledby': 'mode-heading' } },
    h('h2', { id: 'mode-heading', text: 'Where your calls ring' }), status, form);
  return { el, destroy: stop };
}
