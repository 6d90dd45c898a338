// Shelters for a resident, with no login: whether each has room, whom it takes and the number to call. Never
// an address or a count: a shelter's safety depends on nobody finding it by looking it up, and the server
// does not send them to the public anyway. The last answer is kept on the phone (public data, nothing about
// the person) so that the list still shows with no network, dated. The ward chosen is kept nowhere, not even
// in the address bar: on a phone shared with an abuser, the history must not say where she looked.
import { el, replaceContent } from '../core/dom.js';
import { field, select } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';
import { keptWards, loadKept } from '../core/public-answers.js';
import { callLine, shelterFacts, shelterHeading, statusBadge } from './shelter-facts.js';

const SHELTERS_KEY = 'binhan.shelters';

function shelterCard(item) {
  return el('li', { class: 'card', 'data-shelter': item.id },
    ...shelterHeading(item, 'h3'), el('p', { class: 'badges' }, statusBadge(item.status)),
    shelterFacts(item), callLine(item));
}

function group(title, items, emptyText) {
  return el('section', { class: 'stack-tight' },
    el('h2', {}, title),
    items.length ? el('ul', { class: 'shelters' }, items.map(shelterCard)) : el('p', { class: 'note' }, emptyText));
}

function noList() {
  return el('div', { class: 'stack' },
    el('h1', {}, t('publicShelters.title')),
    el('p', { class: 'alert', role: 'alert' }, t('publicShelters.offline')),
    el('p', {}, el('a', { class: 'button', href: '#/' }, t('publicShelters.hotlines'))));
}

export async function render() {
  let shelters;
  try {
    shelters = await loadKept(SHELTERS_KEY, '/shelters');
  } catch (error) {
    if (error.status === 0) return noList();
    throw error;
  }
  // Without the ward list (offline on a first visit) the shelters still show, all of them.
  const wards = await keptWards();
  const items = shelters.body.items;
  const results = el('div', { class: 'stack' });
  const wardField = field({
    name: 'ward', label: t('publicShelters.ward'),
    control: select(wards.map((item) => ({ value: item.code, label: item.name })),
      { emptyLabel: t('finder.allWards') }),
  });
  wardField.input.required = false;

  // A city shelter takes people from every ward, so it is listed whatever the ward chosen.
  function draw() {
    const ward = wardField.input.value;
    const community = items.filter((item) => item.kind !== 'city' && (!ward || item.ward.code === ward));
    replaceContent(results,
      group(t('publicShelters.community'), community, t('publicShelters.noneInWard')),
      group(t('publicShelters.city'), items.filter((item) => item.kind === 'city'), t('publicShelters.noneInCity')));
  }
  wardField.input.addEventListener('change', draw);
  draw();

  return el('div', { class: 'stack' },
    el('h1', {}, t('publicShelters.title')),
    el('p', { class: 'lead' }, t('publicShelters.intro')),
    el('p', { class: 'note' }, t('publicShelters.statusHelp')),
    el('p', { class: shelters.online ? 'note' : 'alert alert-info', role: 'status' },
      t('publicShelters.asOf', { time: formatDateTime(shelters.asOf) }),
      !shelters.online && ` ${t('publicShelters.notUpdated')}`),
    wards.length > 0 && wardField.wrapper,
    results,
    el('p', { class: 'note' }, t('publicShelters.danger')),
    el('p', {}, el('a', { href: '#/' }, t('login.back'))));
}
