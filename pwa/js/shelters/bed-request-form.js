// The bed request sent from a case's shelter referral: how many beds, and a note for the host. The request's
// id is made when the form is drawn, so sending again after a lost answer creates it once.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, select, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';

// The server's limit: a survivor with several children still fits one request.
const MAX_BEDS_PER_REQUEST = 10;
const NOTE_MAX_CHARS = 1000;

/** onSent(request) after the server has it. */
export function bedRequestForm({ referralId, shelter, onSent }) {
  const id = crypto.randomUUID();
  const numbers = Array.from({ length: MAX_BEDS_PER_REQUEST }, (_, index) => ({ value: index + 1, label: index + 1 }));
  const beds = field({ name: 'beds', label: t('pick.beds'), control: select(numbers) });
  const noteControl = el('textarea', { rows: 2, maxLength: NOTE_MAX_CHARS });
  const note = field({ name: 'note', label: t('pick.note'), hint: t('pick.noteHint'), control: noteControl });
  const fields = [beds, note];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('pick.send'));

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    submit.disabled = true;
    const body = { id, shelter_id: shelter.id, beds: Number(beds.input.value) };
    if (noteControl.value.trim()) body.note = noteControl.value.trim();
    try {
      onSent(await api.post(`/referrals/${referralId}/bed-requests`, body));
    } catch (error) {
      showError(error, fields, box);
      submit.disabled = false;
    }
  }
  return el('details', { class: 'pick' },
    el('summary', {}, t('pick.choose')),
    el('form', { class: 'form', noValidate: true, onsubmit }, box, beds.wrapper, note.wrapper, submit));
}
