// A shelter referral's bed requests, on the case screen: which shelter was asked for how many beds, the
// host's answer, and once a host accepted, the shelter's address (the server gives it to the requester only
// then). They come from the server each time and are never kept on the phone: a shelter's address is the
// one thing a lost phone must not give away.
import { api } from '../core/api.js';
import { term } from '../cases/case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';
import { DECLINE_REASONS, REQUEST_STATUSES } from './shelter-terms.js';

// A bed can still be asked for while the shelter referral is open; not once it was refused or closed.
const REFERRAL_OPEN_STATUSES = ['in_progress', 'accepted'];

/**
 * {items, problem} of the bed requests the person may see: items null (and problem the words why) when they
 * could not be fetched, [] without a fetch when the case has no shelter referral on the server.
 */
export async function loadBedRequests(record) {
  if (!record.referrals.some((referral) => referral.service_type === 'shelter' && !referral.syncState)) {
    return { items: [], problem: null };
  }
  try {
    return { items: (await api.get('/bed-requests')).items, problem: null };
  } catch (error) {
    return { items: null, problem: error.status === 0 ? t('bedRequest.offline') : error.message };
  }
}

function requestItem(request, onChange) {
  const box = alertBox();
  const cancel = request.status === 'pending'
    && el('button', { type: 'button', class: 'button button-secondary button-small' }, t('bedRequest.cancel'));
  if (cancel) {
    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        await api.post(`/bed-requests/${request.id}/cancel`);
        onChange();
      } catch (error) {
        // 409: the host answered in the meantime; the case drawn again shows the answer.
        if (error.status === 409) onChange();
        else setAlert(box, error.message);
        cancel.disabled = false;
      }
    });
  }
  return el('li', { class: 'bed-request', 'data-request': request.id },
    el('p', {}, el('span', { class: `badge request-${request.status}` }, term(REQUEST_STATUSES, request.status)),
      ' ', request.shelter.name, ' · ', t('bedRequest.beds', { count: request.beds })),
    request.decline_reason && el('p', {}, term(DECLINE_REASONS, request.decline_reason)),
    request.address && el('p', { class: 'shelter-address' }, t('bedRequest.address', { address: request.address })),
    el('p', { class: 'note' }, t('bedRequest.sentAt', { time: formatDateTime(request.created_at) })),
    box, cancel);
}

/**
 * What a referral's card shows of bed requests: nothing unless it is a shelter referral the server has;
 * open says whether the case may still ask for a bed. onChange() draws the case again.
 */
export function bedRequestPart({ referral, requests, caseId, open, onChange }) {
  if (referral.service_type !== 'shelter' || referral.syncState) return null;
  if (requests.items === null) return el('p', { class: 'note' }, requests.problem);
  const own = requests.items.filter((request) => String(request.referral_id) === String(referral.id));
  const canAsk = open && REFERRAL_OPEN_STATUSES.includes(referral.status);
  return el('div', { class: 'stack-tight' },
    own.length > 0 && el('ul', { class: 'notes' }, own.map((request) => requestItem(request, onChange))),
    canAsk && el('a', {
      class: 'button button-small',
      href: `#/shelters?referral=${referral.id}&case=${caseId}&organization=${referral.organization.id}`,
    }, t('bedRequest.ask')));
}
