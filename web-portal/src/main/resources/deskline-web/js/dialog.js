// Modal dialogs on the native <dialog> element: showModal() makes the page behind inert and keeps
// focus inside, Escape closes; on close focus returns to what opened it.

import { h, icon } from './dom.js';

export function openDialog({ title, body, className, onClose }) {
  const heading = h('h2', { class: 'dialog-title', id: `dlg-${Math.random().toString(36).slice(2)}`, tabIndex: -1, text: title });
  const closeButton = h('button', { type: 'button', class: 'icon-button dialog-close', attrs: { 'aria-label': 'Close' } }, icon('close'));
  const dialog = h('dialog', { class: ['dialog', className], attrs: { 'aria-labelledby': heading.id } },
    h('div', { class: 'dialog-head' }, heading, closeButton),
    h('div', { class: 'dialog-body' }, body));
  const opener = document.activeElement;
  closeButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
    if (opener && document.body.contains(opener)) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('.dialog-body input:not([type=hidden]):not([disabled]), .dialog-body select, .dialog-body textarea');
  (first || heading).focus();
  return {
    dialog,
    setTitle(text) { heading.textContent = text; },
    close() { if (dialog.open) dialog.close(); },
  };
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirmDialog({ title, text, confirm = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h('button', { type: 'button', class: ['button', danger ? 'danger' : 'primary'], text: confirm });
    const no = h('button', { type: 'button', class: 'button quiet', text: 'Cancel' });
    const d = openDialog({
      title,
      className: 'dialog-small',
      body: [h('p', { text }), h('div', { class: 'form-actions' }, no, yes)],
      onClose: () => resolve(answer),
    });
    yes.addEventListener('click', () => { answer = true; d.close(); });
    no.addEventListener('click', () => d.close());
    no.focus();
  });
}
