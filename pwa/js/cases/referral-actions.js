// A provider's answer to a referral: accept it, refuse it with a reason, or record the service given. A
// referral moves in_progress → accepted | rejected, then accepted → done; the server refuses anything else
// (a colleague may have answered first), and the inbox then shows the referral as it now is.
import { api } from '../core/api.js';
import { OUTCOMES, REJECTION_REASONS, choicesOf } from './case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, select, setAlert, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';

const NOTE_MAX_CHARS = 1000;

/** Sends an answer; null when the referral was redrawn, else the error to show. */
async function send(referral, action, body, onAnswered) {
  try {
    onAnswered(await api.post(`/referrals/${referral.id}/${action}`, body));
    return null;
  } catch (error) {
    if (error.status !== 409) return error;
    try {
      onAnswered(await api.get(`/referrals/${referral.id}`), t('inbox.changed'));
      return null;
    } catch (reloadError) {
      return reloadError;
    }
  }
}

/** A reason (or outcome) list with an optional note, sent as {[key]: code, note}. */
function answerForm({ referral, action, key, label, codes, submitLabel, onAnswered }) {
  const reason = field({ name: key, label, control: select(choicesOf(codes), { emptyLabel: t('accounts.choose') }) });
  const noteControl = el('textarea', { rows: 2, maxLength: NOTE_MAX_CHARS });
  const note = field({ name: 'note', label: t('inbox.note'), control: noteControl });
  const fields = [reason, note];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, submitLabel);
  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    if (!reason.input.value) {
      reason.setError(t('wizard.required'));
      reason.input.focus();
      return;
    }
    submit.disabled = true;
    const body = { [key]: reason.input.value };
    if (noteControl.value.trim()) body.note = noteControl.value.trim();
    const error = await send(referral, action, body, onAnswered);
    if (error) {
      showError(error, fields, box);
      submit.disabled = false;
    }
  }
  return el('form', { class: 'form', noValidate: true, onsubmit }, box, reason.wrapper, note.wrapper, submit);
}

/** The buttons and forms for the referral's state; onAnswered(referral, notice?) redraws it. */
export function referralActions(referral, onAnswered) {
  if (referral.status === 'accepted') {
    return answerForm({
      referral, action: 'complete', key: 'outcome', label: t('inbox.outcome'), codes: OUTCOMES,
      submitLabel: t('inbox.complete'), onAnswered,
    });
  }
  if (referral.status !== 'in_progress') return null;
  const box = alertBox();
  const accept = el('button', { type: 'button', class: 'button' }, t('inbox.accept'));
  accept.addEventListener('click', async () => {
    accept.disabled = true;
    setAlert(box, null);
    const error = await send(referral, 'accept', {}, onAnswered);
    if (error) {
      setAlert(box, error.message);
      accept.disabled = false;
    }
  });
  const rejectForm = answerForm({
    referral, action: 'reject', key: 'reason', label: t('inbox.rejectReason'), codes: REJECTION_REASONS,
    submitLabel: t('inbox.reject'), onAnswered,
  });
  return el('div', { class: 'stack-tight' }, box, accept,
    el('details', {}, el('summary', {}, t('inbox.rejectOpen')), rejectForm));
}
