// One line per case, the same for the collaborator's phone and the ward's list: the code, never a name,
// because a list on a phone screen is what a passer-by glances at.
import { GBV_TYPES, RISK_LEVELS, STATUSES, term } from './case-terms.js';
import { el } from '../core/dom.js';
import { formatDateTime, t } from '../core/i18n.js';

/** item: {id, code, status, gbv_type, risk_level, created_at, assigned_to?, waiting?} */
export function caseItem(item) {
  return el('li', {},
    el('a', { class: 'case-item', href: `#/case?id=${item.id}`, 'data-code': item.code },
      el('span', { class: 'case-code' }, item.code),
      el('span', { class: 'badges' },
        el('span', { class: `badge status-${item.status}` }, term(STATUSES, item.status)),
        el('span', { class: `badge risk-${item.risk_level}` }, term(RISK_LEVELS, item.risk_level)),
        item.waiting && el('span', { class: 'badge badge-waiting' }, t('case.waitingBadge'))),
      el('span', { class: 'note' }, [term(GBV_TYPES, item.gbv_type), formatDateTime(item.created_at),
        item.assigned_to && item.assigned_to.display_name].filter(Boolean).join(' · '))));
}

export function caseList(items, emptyText) {
  const list = el('ul', { class: 'case-list' }, items.map(caseItem));
  if (!items.length) list.append(el('li', { class: 'note' }, emptyText));
  return list;
}
