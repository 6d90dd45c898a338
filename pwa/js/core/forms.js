// Labelled inputs with their own error line, and the mapping of a 422's per-field messages onto them.
import { el } from './dom.js';

let fieldCount = 0;

/**
 * field({name: 'username', label: 'Tên đăng nhập', autocomplete: 'username'})
 * or field({name: 'role', label: 'Vai trò', control: selectElement}).
 */
export function field({ name, label, type = 'text', autocomplete, autocapitalize = 'none', required = true, hint, control }) {
  fieldCount += 1;
  const id = `field-${name}-${fieldCount}`;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintNode = hint && el('p', { class: 'field-hint', id: `${id}-hint` }, hint);
  const input = control || el('input', { type, autocomplete, autocapitalize, required });
  if (!control) input.spellcheck = false;
  input.id = id;
  input.name = name;
  input.setAttribute('aria-describedby', [hintNode && hintNode.id, error.id].filter(Boolean).join(' '));
  const wrapper = el('div', { class: 'field' }, el('label', { htmlFor: id }, label), hintNode, input, error);
  return {
    name,
    wrapper,
    input,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      input.toggleAttribute('aria-invalid', Boolean(message));
      wrapper.classList.toggle('has-error', Boolean(message));
    },
  };
}

/** select(options) with options [{value, label}] and an optional empty first choice. */
export function select(options, { emptyLabel } = {}) {
  const choices = options.map(({ value, label }) => el('option', { value: String(value) }, label));
  if (emptyLabel) choices.unshift(el('option', { value: '' }, emptyLabel));
  return el('select', { required: true }, choices);
}

export function alertBox() {
  return el('p', { class: 'alert', role: 'alert', hidden: true });
}

export function setAlert(box, message, kind = 'error') {
  box.textContent = message || '';
  box.hidden = !message;
  box.className = `alert alert-${kind}`;
}

/**
 * Shows an ApiError on a form: 422 field messages beside their inputs (messages for fields the form does
 * not show go to the alert), the server's message in the alert, and focus on the first field in error.
 */
export function showError(error, fields, box) {
  const byName = new Map(fields.map((item) => [item.name, item]));
  fields.forEach((item) => item.setError(null));
  const unplaced = [];
  for (const [name, messages] of Object.entries(error.fields || {})) {
    const text = [].concat(messages).join(' ');
    if (byName.has(name)) byName.get(name).setError(text);
    else unplaced.push(text);
  }
  setAlert(box, [error.message, ...unplaced].filter(Boolean).join(' '));
  const first = fields.find((item) => item.wrapper.classList.contains('has-error'));
  if (first) first.input.focus();
}

export function clearErrors(fields, box) {
  fields.forEach((item) => item.setError(null));
  setAlert(box, null);
}
