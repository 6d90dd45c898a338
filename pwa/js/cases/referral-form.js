// A case's referrals and the form that makes one. Sharing a survivor's details with a service needs their
// consent: without it the form is not offered, and the screen says why and how consent is recorded.
import {
  OUTCOMES, REFERRAL_STATUSES, REJECTION_REASONS, SERVICE_ORGANIZATION_KINDS, SERVICE_TYPES, choicesOf, term,
} from './case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, select, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';

const NOTE_MAX_CHARS = 1000;

/** The outcome in words: why it was refused, or how it ended. */
export function referralOutcome(referral) {
  if (referral.status === 'rejected' && referral.rejection_reason) {
    return term(REJECTION_REASONS, referral.rejection_reason);
  }
  if (referral.status === 'done' && referral.outcome) return term(OUTCOMES, referral.outcome);
  return null;
}

function referralItem(referral, extra) {
  return el('li', { class: 'card referral', 'data-referral': referral.id },
    el('p', { class: 'referral-title' }, term(SERVICE_TYPES, referral.service_type), ' → ', referral.organization.name),
    el('p', {}, el('span', { class: `badge status-${referral.status}` }, term(REFERRAL_STATUSES, referral.status)),
      referral.syncState && el('span', { class: 'badge badge-waiting' }, t('case.waitingBadge'))),
    referralOutcome(referral) && el('p', {}, referralOutcome(referral)),
    referral.note && el('p', { class: 'note' }, referral.note),
    referral.response_note && el('p', { class: 'note' }, t('referral.response', { note: referral.response_note })),
    extra(referral));
}

function referralForm({ organizations, add, onChange }) {
  const service = field({
    name: 'service_type', label: t('referral.service'),
    control: select(choicesOf(SERVICE_TYPES), { emptyLabel: t('accounts.choose') }),
  });
  const organization = field({ name: 'organization_id', label: t('referral.organization'), control: select([]) });
  const noneHint = el('p', { class: 'note', hidden: true }, t('referral.noOrganizations'));
  const noteControl = el('textarea', { rows: 3, maxLength: NOTE_MAX_CHARS });
  const note = field({ name: 'note', label: t('referral.note'), hint: t('referral.noteHint'), control: noteControl });
  const fields = [service, organization, note];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('referral.create'));

  function fitToService() {
    const kinds = SERVICE_ORGANIZATION_KINDS[service.input.value] || [];
    const fitting = organizations.filter((item) => kinds.includes(item.kind));
    organization.input.replaceChildren(el('option', { value: '' }, t('accounts.choose')),
      ...fitting.map((item) => el('option', { value: String(item.id) }, item.name)));
    noneHint.hidden = !service.input.value || fitting.length > 0;
  }
  service.input.addEventListener('change', fitToService);
  fitToService();

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    const missing = [service, organization].filter((item) => !item.input.value);
    if (missing.length) {
      missing.forEach((item) => item.setError(t('wizard.required')));
      missing[0].input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await add({
        serviceType: service.input.value,
        organizationId: Number(organization.input.value),
        note: noteControl.value.trim(),
      });
      onChange();
    } catch (error) {
      showError(error, fields, box);
      submit.disabled = false;
    }
  }
  return el('form', { class: 'form', noValidate: true, onsubmit },
    el('h3', {}, t('referral.new')), box, service.wrapper, noneHint, organization.wrapper, note.wrapper, submit);
}

/**
 * canWrite: the person may refer this case; consentHref: where consent is recorded, for the collaborator;
 * extra(referral): more for one referral's card (a shelter referral's bed requests), or null.
 */
export function referralSection({ record, organizations, canWrite, add, onChange, consentHref, extra }) {
  const list = el('ul', { class: 'referrals' }, record.referrals.map((referral) => referralItem(referral, extra)));
  if (!record.referrals.length) list.append(el('li', { class: 'note' }, t('referral.empty')));
  const consented = Boolean(record.consent && record.consent.share_with_services);
  return el('section', { class: 'card', 'aria-labelledby': 'referrals-title' },
    el('h2', { id: 'referrals-title' }, t('referral.title')), list,
    canWrite && consented && referralForm({ organizations, add, onChange }),
    canWrite && !consented && el('div', { class: 'alert alert-info' },
      el('p', {}, t('referral.needsConsent')),
      consentHref && el('p', {}, el('a', { href: consentHref }, t('referral.recordConsent')))));
}
