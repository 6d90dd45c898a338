// A ward officer's intake of residents' help requests, newest first: marked contacted, then closed with an
// outcome. Online only, like the ward's cases: the phone keeps none of it.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, select, showError } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';

const terms = () => ({
  new: t('intake.new'), contacted: t('intake.contacted'), closed: t('intake.closed'),
  case_opened: t('intake.case_opened'), referred: t('intake.referred'), resolved: t('intake.resolved'),
  no_contact: t('intake.no_contact'), duplicate: t('intake.duplicate'),
  phone: t('helpForm.phone'), sms: t('helpForm.sms'), zalo: t('helpForm.zalo'), none: t('helpForm.none'),
});

function card(item, words = terms()) {
  const box = alertBox();
  const outcome = select(['case_opened', 'referred', 'resolved', 'no_contact', 'duplicate']
    .map((value) => ({ value, label: words[value] })), { emptyLabel: t('intake.outcome') });
  outcome.setAttribute('aria-label', t('intake.outcome'));
  const change = (patch) => api.patch(`/help-requests/${item.id}`, { version: item.version, ...patch })
    .then((answer) => node.replaceWith(card(answer)), (error) => showError(error, [], box));
  const button = (label, patch) => el('button', {
    type: 'button', class: 'button button-small', onclick: () => change(patch()),
  }, label);
  const facts = [
    [t('intake.received'), formatDateTime(item.received_at)], [t('helpForm.name'), item.name],
    [t('helpForm.place'), !item.ward_known && (item.place_hint || '?')], [t('helpForm.situation'), item.situation],
    [t('helpForm.method'), [words[item.contact_method], item.contact_phone].filter(Boolean).join(': ')],
    [t('helpForm.safeTimes'), item.safe_times], [t('intake.outcome'), words[item.outcome]],
  ].filter(([, value]) => value);
  const node = el('li', { class: 'card', 'data-request': item.reference },
    el('h2', { class: 'case-code' }, item.reference),
    el('p', { class: 'badges' }, el('span', { class: `badge status-${item.status}` }, words[item.status])),
    el('dl', { class: 'facts' },
      facts.flatMap(([label, value]) => [el('dt', {}, label), el('dd', { class: 'narrative' }, value)])),
    box,
    item.status === 'new' && button(t('intake.markContacted'), () => ({ status: 'contacted' })),
    item.status !== 'closed' && el('p', { class: 'badges' }, outcome,
      button(t('intake.close'), () => ({ status: 'closed', outcome: outcome.value || null }))));
  return node;
}

export async function render() {
  const { items } = await api.get('/help-requests');
  return el('div', { class: 'stack' },
    el('h1', {}, t('intake.title')),
    el('ul', { class: 'referrals' }, items.map((item) => card(item)),
      !items.length && el('li', { class: 'note' }, t('intake.empty'))),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
