// "My cases": the collaborator's open cases as kept on this phone, including those not yet sent, so the
// list is the same with or without a network.
import { listCases } from './case-store.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { caseList } from './case-list.js';

export async function render() {
  const cases = await listCases();
  const items = cases.map((record) => ({
    id: record.id,
    code: record.code,
    status: record.status,
    gbv_type: record.incident.gbv_type,
    risk_level: (record.risk && record.risk.level) || 'low',
    created_at: record.created_at,
    waiting: Boolean(record.syncState),
  }));
  return el('div', { class: 'stack' },
    el('h1', {}, t('cases.title')),
    el('p', {}, el('a', { class: 'button button-block', href: '#/case-new' }, t('home.newCase'))),
    caseList(items, t('cases.empty')),
    el('p', { class: 'note' }, t('cases.closedNote')),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
