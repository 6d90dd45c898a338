// What every shelter card shows, for residents and staff alike: the stable facts a person needs to know
// whether the place is for them (whom it takes, access, languages), the status in words, and the number
// to call. Never an address: the public and most staff never get one.
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { ACCEPTS, ACCESSIBILITY, KINDS, LANGUAGES, STATUSES, termList } from './shelter-terms.js';

export function statusBadge(status) {
  return el('span', { class: `badge shelter-${status}`, 'data-status': status },
    STATUSES[status] ? STATUSES[status]() : String(status));
}

/** The shelter's name as a heading, then its ward and kind. */
export function shelterHeading(item, level = 'h2') {
  return [
    el(level, { class: 'shelter-name' }, item.name),
    el('p', { class: 'note' }, [item.ward && item.ward.name, KINDS[item.kind] && KINDS[item.kind](),
      item.standardised && t('shelter.standardised')].filter(Boolean).join(' · ')),
  ];
}

export function shelterFacts(item) {
  const pairs = [
    [t('shelter.accepts'), termList(ACCEPTS, item.accepts)],
    [t('shelter.accessibility'), termList(ACCESSIBILITY, item.accessibility)],
    [t('shelter.languages'), termList(LANGUAGES, item.languages)],
  ];
  return el('dl', { class: 'facts' }, pairs.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]));
}

/** The shelter's public line as a call link: the way to reach it without knowing where it is. */
export function callLine(item) {
  return item.public_line && el('a', { class: 'button button-secondary call-line', href: `tel:${item.public_line}` },
    t('shelter.call', { number: item.public_line }));
}
