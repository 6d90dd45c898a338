// A provider's inbox: the referrals addressed to their organisation, with only what the service needs to
// reach and help the person (name, phone, age group, sex, disability, risk), never the story of the case.
import { api } from '../core/api.js';
import { AGE_GROUPS, REFERRAL_STATUSES, RISK_LEVELS, SEXES, SERVICE_TYPES, term } from './case-terms.js';
import { el } from '../core/dom.js';
import { formatDateTime, t } from '../core/i18n.js';
import { referralOutcome } from './referral-form.js';
import { referralActions } from './referral-actions.js';

const FILTERS = [['', () => t('inbox.all')], ...Object.entries(REFERRAL_STATUSES)];

function filterBar(status) {
  return el('nav', { class: 'filters', 'aria-label': t('inbox.filter') },
    FILTERS.map(([code, label]) => el('a', {
      class: 'button button-small button-secondary',
      href: code ? `#/referrals?status=${code}` : '#/referrals',
      'aria-current': code === status ? 'page' : false,
    }, label())));
}

function person(referral) {
  const survivor = referral.case.survivor;
  const facts = [
    [t('field.name'), survivor.name],
    [t('field.phone'), survivor.phone && el('a', { href: `tel:${survivor.phone}` }, survivor.phone)],
    [t('field.ageGroup'), term(AGE_GROUPS, survivor.age_group)],
    [t('field.sex'), term(SEXES, survivor.sex)],
    [t('field.disability'), survivor.disability ? t('common.yes') : t('common.no')],
  ].filter(([, value]) => value);
  return el('dl', { class: 'facts' }, facts.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]));
}

function referralCard(referral, notice = null) {
  const redraw = (answered, message) => card.replaceWith(referralCard(answered, message));
  const card = el('li', { class: 'card referral', 'data-referral': referral.id },
    el('h2', {}, referral.case.code, ' · ', term(SERVICE_TYPES, referral.service_type)),
    notice && el('p', { class: 'alert alert-info', role: 'status' }, notice),
    el('p', { class: 'badges' },
      el('span', { class: `badge status-${referral.status}` }, term(REFERRAL_STATUSES, referral.status)),
      el('span', { class: `badge risk-${referral.case.risk_level}` },
        t('case.riskLevel', { level: term(RISK_LEVELS, referral.case.risk_level) })),
      referral.case.survivor.is_child && el('span', { class: 'badge risk-high' }, t('inbox.child'))),
    person(referral),
    referral.note && el('p', {}, t('inbox.referralNote', { note: referral.note })),
    referralOutcome(referral) && el('p', {}, referralOutcome(referral)),
    el('p', { class: 'note' }, t('inbox.received', { time: formatDateTime(referral.created_at) })),
    referralActions(referral, redraw));
  return card;
}

export async function render({ params }) {
  const status = Object.hasOwn(REFERRAL_STATUSES, params.get('status')) ? params.get('status') : '';
  const answer = await api.get(status ? `/referrals?status=${status}` : '/referrals');
  const list = el('ul', { class: 'referrals' }, answer.items.map((referral) => referralCard(referral)));
  if (!answer.items.length) list.append(el('li', { class: 'note' }, t('inbox.empty')));
  return el('div', { class: 'stack' },
    el('h1', {}, t('inbox.title')),
    filterBar(status),
    list,
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
