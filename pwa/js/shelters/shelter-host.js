// A shelter host's counter, made for one thumb: each shelter's free beds in large figures and "−", "+" and
// "full", one tap each. Every tap is stored on the phone first, so it works with no network and goes to the
// server when it can; the card says "waiting to be sent" until the server has it. Below, the bed requests
// waiting for an answer, which need the network.
import * as bedCounts from './availability.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';
import { updatedAt } from './shelter-terms.js';
import { hostRequests } from './host-requests.js';
import { shelterHeading } from './shelter-facts.js';

const PROBLEMS = {
  offline: () => t('sync.offline'),
  signed_out: () => t('sync.signedOut'),
  failed: () => t('sync.failed'),
};

// Each returns the next count from the current one, or null when the tap would leave 0..capacity.
const MINUS = (beds) => (beds > 0 ? beds - 1 : null);
const PLUS = (beds, capacity) => ((beds ?? 0) < capacity ? (beds ?? 0) + 1 : null);
const FULL = () => 0;
const SAME = (beds) => beds;

/** Asks for the host's shelters; offline, the copy kept at the last visit is enough to count on. */
async function loadShelters(user) {
  try {
    await bedCounts.refreshShelters(user.id);
  } catch (error) {
    // Without a copy there is nothing to show: the error screen says the network is needed.
    if (error.status !== 0 || !(await bedCounts.shelterStates(user.id))) throw error;
  }
}

function refusedItem(item) {
  const discard = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('host.discard'));
  discard.addEventListener('click', () => bedCounts.discard(item.key));
  return el('li', { class: 'alert' },
    el('p', {}, t('host.refused', { count: item.free_beds, time: formatDateTime(item.observed_at) })),
    item.message && el('p', {}, item.message),
    discard);
}

function sendState(shelter) {
  if (shelter.waiting) {
    const problem = bedCounts.sendProblem();
    const sendNow = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('host.sendNow'));
    sendNow.addEventListener('click', () => bedCounts.send());
    return [
      el('p', {}, el('span', { class: 'badge badge-waiting' }, t('host.waiting', { count: shelter.waiting }))),
      problem && el('p', { class: 'note' }, PROBLEMS[problem]()),
      problem === 'signed_out' && el('a', { class: 'button button-block', href: '#/login' }, t('sync.logIn')),
      sendNow,
    ];
  }
  if (shelter.observed_at) return el('p', { class: 'note' }, updatedAt(shelter.observed_at));
  return el('p', { class: 'note' }, t('host.never'));
}

/** One shelter's card, built once and then updated in place, so a tap keeps its button's focus. */
function counterCard(shelter, tap) {
  const headingId = `shelter-${shelter.id}-name`;
  const count = el('p', { class: 'bed-count', 'aria-live': 'polite' });
  const label = el('p', { class: 'bed-count-label' });
  const button = (text, next, props) => el('button', {
    type: 'button', onclick: () => tap(shelter.id, next), ...props,
  }, text);
  const minus = button('−', MINUS, { class: 'button count-button', 'aria-label': t('host.minus') });
  const plus = button('+', PLUS, { class: 'button count-button', 'aria-label': t('host.plus') });
  const full = button(t('host.full'), FULL, { class: 'button button-block button-full' });
  // The same count again: a count older than a day shows as "unconfirmed" to the public, so a host whose
  // beds did not change still has something to tap.
  const same = button(t('host.same'), SAME, { class: 'button button-secondary button-block' });
  const state = el('div', { class: 'count-state stack-tight', role: 'status' });
  const refused = el('ul', { class: 'referrals' });
  const [heading, where] = shelterHeading(shelter);
  heading.id = headingId;
  const card = el('section', {
    class: 'card shelter-counter', 'data-shelter': shelter.id, 'aria-labelledby': headingId,
  }, heading, where, count, label, el('div', { class: 'count-buttons' }, minus, plus), full, same, state, refused);

  function update(current) {
    const known = current.freeBeds !== null && current.freeBeds !== undefined;
    count.textContent = known ? String(current.freeBeds) : '–';
    count.dataset.count = known ? String(current.freeBeds) : '';
    label.textContent = t('host.freeOf', { capacity: current.capacity });
    minus.disabled = MINUS(current.freeBeds) === null;
    plus.disabled = PLUS(current.freeBeds, current.capacity) === null;
    same.hidden = !known;
    state.dataset.state = current.waiting ? 'waiting' : 'sent';
    replaceContent(state, sendState(current));
    replaceContent(refused, current.refused.map(refusedItem));
  }
  return { card, update };
}

export async function render({ user }) {
  const owner = user.id;
  await loadShelters(user);
  const box = alertBox();
  const list = el('div', { class: 'stack' });
  const cards = new Map();
  let taps = Promise.resolve();

  // One tap at a time, each counted from what the one before stored: two quick taps on "+" are two beds.
  function tap(shelterId, next) {
    setAlert(box, null);
    taps = taps.then(async () => {
      const shelter = (await bedCounts.shelterStates(owner)).find((item) => item.id === shelterId);
      const value = shelter ? next(shelter.freeBeds, shelter.capacity) : null;
      if (value !== null && value !== undefined) await bedCounts.record(owner, shelterId, value);
    }).catch((error) => setAlert(box, error.message));
  }

  async function draw() {
    const states = (await bedCounts.shelterStates(owner)) || [];
    if (states.map((item) => item.id).join() !== [...cards.keys()].join()) {
      cards.clear();
      states.forEach((shelter) => cards.set(shelter.id, counterCard(shelter, tap)));
      replaceContent(list, [...cards.values()].map((item) => item.card));
      if (!states.length) list.append(el('p', { class: 'note' }, t('host.none')));
    }
    states.forEach((shelter) => cards.get(shelter.id).update(shelter));
  }

  const screen = el('div', { class: 'stack' },
    el('h1', {}, t('host.title')),
    el('p', { class: 'note' }, t('host.intro')),
    box, list,
    // An accepted request took beds on the server: show its count (failing that, the next send refreshes it).
    hostRequests({ onAnswered: () => bedCounts.refreshShelters(owner).then(draw, () => {}) }),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));

  // Until the screen is shown a change has nothing to redraw; once it has left, the screen stops listening.
  let shown = false;
  const unsubscribe = bedCounts.subscribe(() => {
    if (screen.isConnected) {
      shown = true;
      draw();
    } else if (shown) {
      unsubscribe();
    }
  });
  await draw();
  bedCounts.startSending();
  return screen;
}
