// The city's register of shelters, for the city admin who keeps it: each shelter with a way to correct its
// facts, and a way to add one. Closed shelters are listed too (marked), so one can be opened again.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { shelterHeading } from './shelter-facts.js';

function shelterItem(item) {
  return el('li', { class: 'card', 'data-shelter': item.id },
    ...shelterHeading(item),
    el('p', {}, t('shelterAdmin.capacity', { capacity: item.capacity })),
    item.active ? null : el('p', { class: 'note' }, t('shelterAdmin.closed')),
    el('a', { class: 'button button-small button-secondary', href: `#/shelter-edit?id=${item.id}` },
      t('shelterAdmin.edit')));
}

export async function render() {
  const { items } = await api.get('/shelters/registry');
  return el('div', { class: 'stack' },
    el('h1', {}, t('shelterAdmin.title')),
    el('p', {}, el('a', { class: 'button button-block', href: '#/shelter-edit' }, t('shelterAdmin.add'))),
    items.length
      ? el('ul', { class: 'shelters' }, items.map(shelterItem))
      : el('p', { class: 'note' }, t('shelterAdmin.empty')),
    el('p', {}, el('a', { href: '#/shelter-coverage' }, t('common.back'))));
}
