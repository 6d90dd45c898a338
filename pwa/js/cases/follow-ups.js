// Follow-up notes: append-only, as the case record must show what was known when. A note is never edited
// or deleted, here or on the server; a correction is a new note.
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, showError } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';

const NOTE_MAX_CHARS = 2000;

function noteItem(note) {
  const meta = [formatDateTime(note.occurred_at), note.author && note.author.display_name].filter(Boolean);
  return el('li', { class: 'note-item' },
    el('p', { class: 'note' }, meta.join(' · '), ' ',
      note.syncState && el('span', { class: 'badge badge-waiting' }, t('case.waitingBadge'))),
    el('p', { class: 'narrative' }, note.note));
}

/** add(note) stores the note (outbox or server); afterwards onChange() redraws the case. */
export function followUpSection({ record, canWrite, add, onChange }) {
  const notes = [...record.follow_ups].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
  const list = el('ul', { class: 'notes' }, notes.map(noteItem));
  if (!notes.length) list.append(el('li', { class: 'note' }, t('followUp.empty')));
  if (!canWrite) {
    return el('section', { class: 'card', 'aria-labelledby': 'followups-title' },
      el('h2', { id: 'followups-title' }, t('followUp.title')), list);
  }

  const control = el('textarea', { rows: 3, maxLength: NOTE_MAX_CHARS });
  const text = field({ name: 'note', label: t('followUp.new'), hint: t('followUp.hint'), control });
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('followUp.add'));
  async function onsubmit(event) {
    event.preventDefault();
    clearErrors([text], box);
    const note = control.value.trim();
    if (!note) {
      text.setError(t('wizard.required'));
      control.focus();
      return;
    }
    submit.disabled = true;
    try {
      await add(note);
      onChange();
    } catch (error) {
      showError(error, [text], box);
      submit.disabled = false;
    }
  }
  return el('section', { class: 'card', 'aria-labelledby': 'followups-title' },
    el('h2', { id: 'followups-title' }, t('followUp.title')), list,
    el('form', { class: 'form', noValidate: true, onsubmit }, box, text.wrapper, submit));
}
