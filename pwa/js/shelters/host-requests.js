// The bed requests waiting for a host's answer. An answer is sent at once and never queued: accepting takes
// the beds on the server in the same step, and a host must not believe a person is expected while the phone
// still holds the answer back. A host sees what they need to prepare a bed (age group, sex, a child, a
// disability, the note), never the case itself.
import { api } from '../core/api.js';
import { AGE_GROUPS, SEXES, choicesOf, term } from '../cases/case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, field, select, setAlert } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';
import { refreshWhileVisible } from '../core/poll.js';
import { DECLINE_REASONS, REQUEST_STATUSES } from './shelter-terms.js';

const REFRESH_MS = 10_000;
const NOTE_MAX_CHARS = 1000;

function who(survivor) {
  return [
    term(AGE_GROUPS, survivor.age_group), term(SEXES, survivor.sex),
    survivor.is_child && t('bedRequest.child'), survivor.disability && t('bedRequest.disability'),
  ].filter(Boolean).join(' · ');
}

function answered(request) {
  return el('li', { class: 'card', 'data-request': request.id },
    el('p', {}, el('span', { class: `badge request-${request.status}` }, term(REQUEST_STATUSES, request.status)),
      ' ', t('bedRequest.beds', { count: request.beds }), ' · ', request.case_code),
    request.decline_reason && el('p', { class: 'note' }, term(DECLINE_REASONS, request.decline_reason)));
}

/** One pending request with its answers; onAnswered(request) once the server has taken one. */
function requestCard(request, onAnswered) {
  const box = alertBox();
  async function answer(button, action, body) {
    button.disabled = true;
    setAlert(box, null);
    try {
      onAnswered(await api.post(`/bed-requests/${request.id}/${action}`, body));
    } catch (error) {
      // 409: not enough free beds any more, or another host of the shelter answered first.
      setAlert(box, error.message);
      button.disabled = false;
    }
  }
  const accept = el('button', { type: 'button', class: 'button' }, t('hostRequests.accept'));
  accept.addEventListener('click', () => answer(accept, 'accept', {}));
  const reason = field({
    name: 'reason', label: t('hostRequests.reason'),
    control: select(choicesOf(DECLINE_REASONS), { emptyLabel: t('accounts.choose') }),
  });
  const noteControl = el('textarea', { rows: 2, maxLength: NOTE_MAX_CHARS });
  const note = field({ name: 'note', label: t('inbox.note'), control: noteControl });
  const decline = el('button', { type: 'submit', class: 'button button-secondary' }, t('hostRequests.decline'));
  function onsubmit(event) {
    event.preventDefault();
    if (!reason.input.value) {
      reason.setError(t('wizard.required'));
      reason.input.focus();
      return;
    }
    reason.setError(null);
    const body = { reason: reason.input.value };
    if (noteControl.value.trim()) body.note = noteControl.value.trim();
    answer(decline, 'decline', body);
  }
  return el('li', { class: 'card', 'data-request': request.id },
    el('h3', {}, t('bedRequest.beds', { count: request.beds }), ' · ', request.shelter.name),
    el('p', {}, who(request.survivor)),
    request.note && el('p', { class: 'narrative' }, request.note),
    el('p', { class: 'note' }, t('hostRequests.sent', {
      time: formatDateTime(request.created_at), name: request.requested_by.display_name, code: request.case_code,
    })),
    box, accept,
    el('details', {}, el('summary', {}, t('hostRequests.declineOpen')),
      el('form', { class: 'form', noValidate: true, onsubmit }, reason.wrapper, note.wrapper, decline)));
}

/** The section; onAnswered() runs after each answer (an accepted request changed the count). */
export function hostRequests({ onAnswered }) {
  const list = el('ul', { class: 'referrals' });
  const state = el('p', { class: 'note', role: 'status' });
  const section = el('section', { class: 'card', 'aria-labelledby': 'requests-title' },
    el('h2', { id: 'requests-title' }, t('hostRequests.title')), state, list);
  // Pending cards by id. A refresh adds new requests and removes those answered elsewhere, but leaves every
  // other card as it is: a host halfway through a decline must not lose what they chose.
  const pending = new Map();

  const done = (request) => (answer) => {
    const card = pending.get(request.id);
    pending.delete(request.id);
    // A refresh that ran while the answer was on its way has already taken the card away.
    if (card && card.isConnected) card.replaceWith(answered(answer));
    else list.prepend(answered(answer));
    onAnswered();
  };

  async function load() {
    try {
      const { items } = await api.get('/bed-requests?status=pending');
      const current = new Set(items.map((item) => item.id));
      for (const [id, card] of pending) {
        if (!current.has(id)) {
          card.remove();
          pending.delete(id);
        }
      }
      for (const request of items.filter((item) => !pending.has(item.id))) {
        const card = requestCard(request, done(request));
        pending.set(request.id, card);
        list.append(card);
      }
      state.textContent = pending.size ? '' : t('hostRequests.empty');
    } catch (error) {
      state.textContent = error.status === 0 ? t('hostRequests.offline') : error.message;
    }
  }

  load();
  refreshWhileVisible(section, REFRESH_MS, load);
  return section;
}
