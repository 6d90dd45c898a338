// A shelter host's side of the phone: the host's shelters as the server last described them, and the counts
// tapped since, waiting for the server. Each tap is one observation {key, free_beds, observed_at}, sent
// through POST /api/v1/sync as "shelter.availability" by a Queue (queue.js) kept in clear: a count of beds
// is not personal data, and a host has no PIN to encrypt it under. The server keeps every observation as
// history and the one observed latest wins, whatever the order of arrival: a count tapped offline an hour
// ago cannot override a newer one, so every tap is sent and none needs merging here. As in every queue: a
// network failure, a 429 or a 5xx drops nothing, a refused count (or batch) waits for the host to see it
// (never retried forever); and only the session of the host who tapped may send it.
import { api } from '../core/api.js';
import { read, requestResult, transact } from '../core/idb.js';
import { ATTENTION, PENDING, Queue } from '../core/queue.js';
import { ensureSession } from '../accounts/session.js';
import { createSender, requestBackgroundSync, sendOnTriggers } from '../core/sync.js';

const SNAPSHOT_KEY = 'hostShelters';
const OPERATION_TYPE = 'shelter.availability';
// What the counter screen needs. The address and the host's phone are never written to the phone: they
// would be the one thing on it that tells an abuser where the shelter is.
const KEPT_FIELDS = ['id', 'name', 'ward', 'kind', 'capacity', 'free_beds', 'observed_at'];

const queue = new Queue('bedCounts', {
  operation: ({ shelter_id, free_beds, observed_at }) => ({
    type: OPERATION_TYPE, payload: { shelter_id, free_beds, observed_at },
  }),
});

/** Whether moment a (ISO 8601) comes after b; anything comes after nothing. */
const later = (a, b) => !b || Date.parse(a) > Date.parse(b);

/** The host whose shelters this phone keeps, as {id, role}: who is working when a reload finds no network. */
export async function hostOnPhone() {
  const snapshot = await read('meta', SNAPSHOT_KEY);
  return snapshot ? { id: snapshot.owner, role: 'shelter_host' } : null;
}

/** Asks the server for the host's shelters and keeps the copy; throws the ApiError when that fails. */
export async function refreshShelters(owner) {
  const { items } = await api.get('/shelters/mine');
  await transact(['meta'], 'readwrite', async ({ meta }) => {
    const previous = await requestResult(meta.get(SNAPSHOT_KEY));
    const known = new Map(previous && previous.owner === owner ? previous.items.map((item) => [item.id, item]) : []);
    const kept = items.map((item) => {
      const fresh = Object.fromEntries(KEPT_FIELDS.map((name) => [name, item[name]]));
      // An answer the server wrote before it applied a tap may arrive after that tap's acknowledgement: the
      // count observed later stays, as it does on the server.
      const copy = known.get(item.id);
      const newer = copy && copy.observed_at && later(copy.observed_at, fresh.observed_at);
      return newer ? { ...fresh, free_beds: copy.free_beds, observed_at: copy.observed_at } : fresh;
    });
    await requestResult(meta.put({ owner, items: kept }, SNAPSHOT_KEY));
  });
}

/**
 * The host's shelters as the host should see them, or null when the phone keeps none of theirs. Each has
 * freeBeds (the count observed latest, sent or not), waiting (taps the server has not acknowledged) and
 * refused (taps the server refused, each with its message).
 */
export async function shelterStates(owner) {
  // One transaction for both: read apart, an acknowledgement landing in between would show the tap neither
  // as waiting nor in the copy, and the next "+" would count from the count before it.
  const [snapshot, all] = await transact(['meta', 'bedCounts'], 'readonly', ({ meta, bedCounts }) => Promise.all([
    requestResult(meta.get(SNAPSHOT_KEY)), requestResult(bedCounts.getAll()),
  ]));
  if (!snapshot || snapshot.owner !== owner) return null;
  const counts = all.filter((item) => item.owner === owner);
  return snapshot.items.map((shelter) => {
    const own = counts.filter((item) => item.shelter_id === shelter.id);
    const waiting = own.filter((item) => item.state === PENDING);
    const latest = [...waiting].sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at)).pop();
    const newer = latest && later(latest.observed_at, shelter.observed_at);
    return {
      ...shelter,
      freeBeds: newer ? latest.free_beds : shelter.free_beds,
      waiting: waiting.length,
      refused: own.filter((item) => item.state === ATTENTION)
        .map((item) => ({ ...item, message: (item.error && item.error.message) || '' })),
    };
  });
}

/** Stores one tap; the send is tried at once and again whenever the network may be back. */
export async function record(owner, shelterId, freeBeds) {
  await queue.add({ owner, shelter_id: shelterId, free_beds: freeBeds, observed_at: new Date().toISOString() });
  sender.notify();
  requestBackgroundSync();
  sender.send();
}

/** The host's choice to drop a refused count. */
export async function discard(key) {
  await queue.remove([key]);
  sender.notify();
}

/** Every count on the phone the server does not have: what a logout would lose. */
export async function unsentCount() {
  return (await queue.unsentStored()).length;
}

/**
 * Acknowledged taps leave the phone (queue.js); in the same transaction the kept copy takes their count
 * where it was observed later, as the server does, so the screen is right even before the next answer from
 * /shelters/mine.
 */
async function takeCounts({ meta }, acknowledged) {
  const snapshot = await requestResult(meta.get(SNAPSHOT_KEY));
  if (!snapshot) return;
  for (const { entry } of acknowledged) {
    const shelter = snapshot.items.find((item) => item.id === entry.shelter_id);
    if (shelter && later(entry.observed_at, shelter.observed_at)) {
      Object.assign(shelter, { free_beds: entry.free_beds, observed_at: entry.observed_at });
    }
  }
  await requestResult(meta.put(snapshot, SNAPSHOT_KEY));
}

async function run() {
  const waiting = (await queue.unsentStored()).filter((entry) => entry.state === PENDING);
  // Nothing to send, nothing asked: the server is not even told this phone is in use.
  if (!waiting.length) return null;
  const user = await ensureSession();
  if (!user) return 'signed_out';
  const mine = (entry) => entry.owner === user.id;
  if (!waiting.some(mine)) return null;
  // In the order tapped, so the server's history reads as the host counted.
  await queue.replay({ only: mine, also: ['meta'], within: takeCounts });
  await refreshShelters(user.id);
  return null;
}

const sender = createSender(run);

/** listener() after every tap and at the start and end of every send; returns the unsubscribe function. */
export const subscribe = sender.subscribe;

/** Sends the signed-in host's waiting counts. */
export const send = sender.send;

/** Why the last send stopped (offline | signed_out | failed), or null after one that went through. */
export const sendProblem = sender.problem;

/** Called when a host's screen opens: sends what waits now, and again on every trigger of sync.js. */
export function startSending() {
  sendOnTriggers(sender);
  return sender.send();
}
