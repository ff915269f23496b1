// The sign-in page: extension (or "admin") and portal password.

import { h, icon } from '../dom.js';
import { ApiError } from '../api.js';
import { field, formError, showErrors, clearErrors, busy } from '../forms.js';
import { signIn } from '../session.js';

export function renderSignIn({ message, onSignedIn }) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: 'Sign in' });
  const error = formError();
  const form = h('form', { class: 'signin-form', noValidate: true, attrs: { 'aria-labelledby': 'signin-title' } },
    field({ label: 'Extension or user name', control: username, fields: ['username'] }).wrap,
    field({ label: 'Password', control: password, fields: ['password'] }).wrap,
    error,
    submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    await busy(submit, async () => {
      try {
        const who = await signIn(username.value.trim(), password.value);
        onSignedIn(who);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          showErrors(form, new ApiError(401, { detail: 'That extension and password do not match. Check both and try again.' }));
          password.select();
          password.focus();
        } else {
          showErrors(form, err);
        }
      }
    });
  });

  const notice = message ? h('p', { class: 'notice', attrs: { role: 'status' }, text: message }) : null;
  const main = h('main', { id: 'main', class: 'signin', tabIndex: -1 },
    h('div', { class: 'signin-card' },
      h('div', { class: 'brand brand-large' }, icon('phone'), h('span', { text: 'Deskline' })),
      h('h1', { id: 'signin-title', text: 'Sign in' }),
      h('p', { class: 'muted', text: 'Your calls, wherever you work: at a desk in the office or from home.' }),
      notice,
      form));
  queueMicrotask(() => username.focus());
  return main;
}
