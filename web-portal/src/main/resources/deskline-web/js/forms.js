// Field errors from problem+json next to the control they concern. A control declares which API
// field names it answers for with data-field="name other.name"; the error text is put in an element
// wired to the control by aria-describedby and the control gets aria-invalid. What matches no control
// goes to the form's general error box (a live region).

import { h, nextId, alertText } from './dom.js';

/** A labelled control with its hint and error slot. Returns {wrap, control}. */
export function field({ label, control, hint, fields = [], className }) {
  if (!control.id) control.id = nextId('f');
  if (fields.length) control.dataset.field = fields.join(' ');
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'field-hint', id: `${control.id}-hint`, text: hint });
    described.push(hintEl.id);
  }
  control.dataset.describedBase = described.join(' ');
  if (described.length) control.setAttribute('aria-describedby', described.join(' '));
  const isCheck = control.type === 'checkbox' || control.type === 'radio';
  const labelEl = h('label', { htmlFor: control.id, class: isCheck ? 'check-label' : 'label' }, label);
  const wrap = isCheck
    ? h('div', { class: ['field', 'field-check', className] }, h('div', { class: 'check-row' }, control, labelEl), hintEl, error)
    : h('div', { class: ['field', className] }, labelEl, control, hintEl, error);
  return { wrap, control, error };
}

/** A switch: a checkbox with role=switch, styled as a toggle. */
export function toggle({ id, label, checked = false, hint, fields = [] }) {
  const input = h('input', { id, type: 'checkbox', checked, attrs: { role: 'switch' }, class: 'switch' });
  return field({ label, control: input, hint, fields, className: 'field-switch' });
}

/** Removes every field and general error shown on `form`. */
export function clearErrors(form) {
  for (const control of form.querySelectorAll('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
    const base = control.dataset.describedBase;
    if (base) control.setAttribute('aria-describedby', base);
    else control.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
    el.hidden = true;
  }
  const general = form.querySelector('.form-error');
  if (general) {
    general.textContent = '';
    general.hidden = true;
  }
}

function controlFor(form, name) {
  for (const control of form.querySelectorAll('[data-field]')) {
    if (control.dataset.field.split(' ').includes(name)) return control;
  }
  return null;
}

/** Shows the reason next to one control; returns false when no control answers for `name`. */
export function showFieldError(form, name, reason) {
  const control = controlFor(form, name);
  if (!control) return false;
  const error = document.getElementById(`${control.id}-error`);
  if (!error) return false;
  error.textContent = error.textContent ? `${error.textContent} ${reason}` : reason;
  error.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  const ids = [control.dataset.describedBase, error.id].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', ids);
  return true;
}

// Conflicts that name no field in `fields` but plainly concern one.
const ERROR_FIELDS = {
  'extension-taken': 'extension',
  'outbound-number-taken': 'outboundNumber',
  'sip-username-taken': 'sipUsername',
  'user-has-device': 'assignedUserId',
  'telecommuter-not-allowed': 'mode',
};

const SENTENCE = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/**
 * Shows an ApiError on a form: each field error by its control (the reason as a sentence), the rest in
 * the general box; moves focus to the first invalid control, or announces the general error.
 */
export function showErrors(form, error, { fieldNames = {} } = {}) {
  clearErrors(form);
  const unmatched = [];
  const fields = error.fields && error.fields.length ? error.fields
    : ERROR_FIELDS[error.errorId] ? [{ name: ERROR_FIELDS[error.errorId], reason: error.detail || error.message }] : [];
  if (fields !== error.fields && fields.length && !controlFor(form, fields[0].name)) fields.length = 0;
  for (const f of fields) {
    const shown = showFieldError(form, f.name, SENTENCE(f.reason));
    if (!shown) unmatched.push(`${fieldNames[f.name] || f.name}: ${f.reason}`);
  }
  const general = form.querySelector('.form-error');
  let generalText = '';
  if (unmatched.length) generalText = unmatched.join('. ');
  else if (!fields.length) generalText = error.detail || error.message;
  if (generalText && general) {
    general.textContent = generalText;
    general.hidden = false;
  }
  const firstInvalid = form.querySelector('[aria-invalid="true"]');
  if (firstInvalid) firstInvalid.focus();
  else if (generalText) alertText(generalText);
}

/** A general error box for a form (role=alert, so it is read when filled). */
export function formError() {
  return h('p', { class: 'form-error', attrs: { role: 'alert' }, hidden: true });
}

/** Runs `task` with the submit button busy; returns its result. */
export async function busy(button, task) {
  const was = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await task();
  } finally {
    button.disabled = was;
    button.removeAttribute('aria-busy');
  }
}
