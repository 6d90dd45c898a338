// Where a survivor can sleep tonight: the staff view of the shelters, with free beds, whom each takes and how
// fresh its count is. It asks again every ten seconds while on screen, so a host's tap shows here within
// seconds. Opened from a case's shelter referral ("referral", "case" and "organization" in the route), it is
// in pick mode: it lists only the shelters of the organisation the referral names (the survivor agreed to
// share her details with that organisation, not with every shelter), and each card can send the request.
import { api } from '../core/api.js';
import { choicesOf } from '../cases/case-terms.js';
import { el, replaceContent } from '../core/dom.js';
import { field, select } from '../core/forms.js';
import { formatTime, t } from '../core/i18n.js';
import { refreshWhileVisible } from '../core/poll.js';
import { ACCEPTS, freshness } from './shelter-terms.js';
import { bedRequestForm } from './bed-request-form.js';
import { callLine, shelterFacts, shelterHeading, statusBadge } from './shelter-facts.js';

const REFRESH_MS = 10_000;

function filterForm({ wards, ward, accepts, onChange }) {
  const wardChoices = wards.map((item) => ({ value: item.code, label: item.name }));
  const wardField = field({
    name: 'ward', label: t('finder.ward'), control: select(wardChoices, { emptyLabel: t('finder.allWards') }),
  });
  const acceptsField = field({
    name: 'accepts', label: t('finder.accepts'),
    control: select(choicesOf(ACCEPTS), { emptyLabel: t('finder.anyone') }),
  });
  for (const [item, value] of [[wardField, ward], [acceptsField, accepts]]) {
    item.input.required = false;
    item.input.value = value;
  }
  const changed = () => onChange({ ward: wardField.input.value, accepts: acceptsField.input.value });
  wardField.input.addEventListener('change', changed);
  acceptsField.input.addEventListener('change', changed);
  return el('div', { class: 'form filters-form' }, wardField.wrapper, acceptsField.wrapper);
}

/** What changes from one refresh to the next: the status, the free beds and how old the count is. */
function liveFacts(item) {
  const known = item.free_beds !== null && item.free_beds !== undefined;
  return [
    el('p', { class: 'badges' }, statusBadge(item.status)),
    el('p', { class: 'free-beds', 'data-count': known ? String(item.free_beds) : '' }, known
      ? t('finder.free', { free: item.free_beds, capacity: item.capacity })
      : t('finder.unknown', { capacity: item.capacity })),
    el('p', { class: 'note' }, freshness(item.age_minutes)),
  ];
}

function shelterCard(item, pick) {
  const live = el('div', { class: 'stack-tight' }, liveFacts(item));
  const card = el('li', { class: 'card', 'data-shelter': item.id },
    ...shelterHeading(item), live, shelterFacts(item), callLine(item), pick && pick(item));
  return { card, update: (next) => replaceContent(live, liveFacts(next)) };
}

export async function render({ params, navigate }) {
  const ward = /^\d{5}$/.test(params.get('ward') || '') ? params.get('ward') : '';
  const accepts = Object.hasOwn(ACCEPTS, params.get('accepts')) ? params.get('accepts') : '';
  const referralId = params.get('referral');
  const caseId = params.get('case');
  const organizationId = Number(params.get('organization'));
  const query = new URLSearchParams();
  if (ward) query.set('ward', ward);
  if (accepts) query.set('accepts', accepts);
  const path = query.toString() ? `/shelters/staff?${query}` : '/shelters/staff';
  const pick = referralId && caseId && organizationId && ((shelter) => bedRequestForm({
    referralId, shelter, onSent: () => navigate(`/case?id=${caseId}`),
  }));
  // Picking needs no filters: the referral's organisation runs one shelter, or a few.
  const [wards, first] = await Promise.all([pick ? null : api.get('/wards'), api.get(path)]);
  const offered = (items) => (pick ? items.filter((item) => item.organization_id === organizationId) : items);
  // Not a live region: read out every ten seconds, it would drown whatever else a screen reader says.
  const status = el('p', { class: 'note' });
  const list = el('ul', { class: 'shelters' });
  const cards = new Map();

  // New cards only when the list itself changed; otherwise each card is updated in place, so a bed request
  // being typed into one of them survives every refresh.
  function show(items) {
    if (items.map((item) => item.id).join() !== [...cards.keys()].join()) {
      cards.clear();
      items.forEach((item) => cards.set(item.id, shelterCard(item, pick)));
      replaceContent(list, [...cards.values()].map((entry) => entry.card));
      if (!items.length) list.append(el('li', { class: 'note' }, pick ? t('pick.empty') : t('finder.empty')));
    }
    items.forEach((item) => cards.get(item.id).update(item));
    status.textContent = t('finder.asOf', { time: formatTime(new Date().toISOString()) });
  }

  async function refresh() {
    try {
      show(offered((await api.get(path)).items));
    } catch (error) {
      status.textContent = t('finder.stale', { message: error.message });
    }
  }

  function onChange(choice) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(choice)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    navigate(`/shelters?${next}`, { replace: true });
  }

  show(offered(first.items));
  refreshWhileVisible(list, REFRESH_MS, refresh);
  return el('div', { class: 'stack' },
    el('h1', {}, pick ? t('pick.title') : t('finder.title')),
    pick && el('p', {}, t('pick.intro')),
    wards && filterForm({ wards: wards.items, ward, accepts, onChange }),
    status, list,
    el('p', {}, el('a', { href: pick ? `#/case?id=${caseId}` : '#/home' }, t('common.back'))));
}
