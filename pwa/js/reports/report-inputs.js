// The pieces the report's record forms share: labelled inputs filled with a value, a delete that asks once
// more (a thumb on a list of small buttons slips), and a section that reads its list again after each change.
import { el, replaceContent } from '../core/dom.js';
import { alertBox, clearErrors, field, setAlert, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';

export function textInput(name, label, value = '', { type = 'text', maxLength, required = true, hint } = {}) {
  const item = field({ name, label, type, required, hint, autocomplete: 'off', autocapitalize: 'sentences' });
  if (maxLength) item.input.maxLength = maxLength;
  item.input.value = value ?? '';
  return item;
}

export function numberInput(name, label, value = 0, { max = 100000, hint } = {}) {
  const item = field({ name, label, type: 'number', hint });
  item.input.min = '0';
  item.input.max = String(max);
  item.input.step = '1';
  item.input.inputMode = 'numeric';
  item.input.value = String(value);
  return item;
}

/** The whole number typed, or null when the box holds something else (the server then says why). */
export function wholeNumber(item) {
  const text = item.input.value.trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** A single tick box with its label, the same {name, wrapper, input, setError} shape as a field. */
export function tickBox(name, label, checked = false) {
  const input = el('input', { type: 'checkbox', name, checked });
  const error = el('p', { class: 'field-error', hidden: true });
  const wrapper = el('div', { class: 'field' },
    el('label', { class: 'choice' }, input, el('span', { class: 'choice-text' }, label)), error);
  return {
    name, wrapper, input,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      wrapper.classList.toggle('has-error', Boolean(message));
    },
  };
}

/** Runs action (a request); on success reload(done), on failure the server's words beside the fields. */
export async function send(action, fields, box, button, reload, done) {
  clearErrors(fields, box);
  button.disabled = true;
  try {
    await action();
    await reload(done);
  } catch (error) {
    button.disabled = false;
    error.fields = flatFields(error.fields);
    showError(error, fields, box);
  }
}

/** {participants: {other: [..]}} as {"participants.other": [..]}: the name of the input it belongs beside. */
function flatFields(fields = {}, prefix = '') {
  const flat = {};
  for (const [name, messages] of Object.entries(fields)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (messages && typeof messages === 'object' && !Array.isArray(messages)) {
      Object.assign(flat, flatFields(messages, key));
    } else {
      flat[key] = messages;
    }
  }
  return flat;
}

export function smallButton(label, onclick, extra = {}) {
  return el('button', { type: 'button', class: 'button button-small button-secondary', onclick, ...extra }, label);
}

/** A delete button: the first tap asks "Delete for sure?", the second deletes. */
export function deleteButton(action) {
  const button = smallButton(t('reports.delete'), async () => {
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = t('reports.deleteConfirm');
      return;
    }
    button.disabled = true;
    await action();
  });
  return button;
}

/**
 * A titled part of the records screen: load() reads its items, drawItems(items, reload) shows them, form(reload)
 * adds one. reload(notice) reads the list again after a change, with a line saying what happened.
 */
export function recordSection({ id, title, intro, load, drawItems, form }) {
  const list = el('div', { class: 'stack-tight' });
  const formPlace = el('div', {});
  const notice = alertBox();

  async function reload(message = null, kind = 'info') {
    try {
      const items = await load();
      replaceContent(list, drawItems(items, reload));
      replaceContent(formPlace, form(reload, items));
      setAlert(notice, message, kind);
    } catch (error) {
      setAlert(notice, error.message);
    }
  }
  const section = el('section', { class: 'stack-tight record-section', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title), intro && el('p', { class: 'note' }, intro), notice, list, formPlace);
  return { section, reload };
}
