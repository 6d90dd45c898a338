// A shelter host's side of the phone: the host's shelters as the server last described them, and the counts
// tapped since, waiting for the server. Each tap is one observation {key, free_beds, observed_at}, sent
// through POST /api/v1/sync as "shelter.availability". The server keeps every observation as history and
// the one observed latest wins, whatever the order of arrival: a count tapped offline an hour ago cannot
// override a newer one, so every tap is sent and none needs merging here. Like the outbox: a network
// failure, a 429 or a 5xx drops nothing, a refused count (or batch) waits for the host to see it (never
// retried forever), and only the session of the host who tapped may send it.
import { api, refusedForContent } from './api.js';
import { read, readAll, remove, requestResult, transact, write } from './idb.js';
import { createListeners } from './listeners.js';
import { ensureSession, sessionEnded } from './session.js';
import { problemOf, requestBackgroundSync, sendOnTriggers } from './sync.js';

const SNAPSHOT_KEY = 'hostShelters';
const OPERATION_TYPE = 'shelter.availability';
// The server takes up to 200 per request; smaller batches lose less when 3G drops in the middle.
const BATCH_SIZE = 50;
const PENDING = 'pending';
const REFUSED = 'refused';
// What the counter screen needs. The address and the host's phone are never written to the phone: they
// would be the one thing on it that tells an abuser where the shelter is.
const KEPT_FIELDS = ['id', 'name', 'ward', 'kind', 'capacity', 'free_beds', 'observed_at'];

let running = null;
let followUp = null;
let lastProblem = null;
const changes = createListeners();
const notify = changes.notify;

/** listener() after every tap and every send; returns the unsubscribe function. */
export const subscribe = changes.subscribe;

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
      refused: own.filter((item) => item.state === REFUSED),
    };
  });
}

/** Stores one tap; the send is tried at once and again whenever the network may be back. */
export async function record(owner, shelterId, freeBeds) {
  await write('bedCounts', {
    key: crypto.randomUUID(), owner, shelter_id: shelterId, free_beds: freeBeds,
    observed_at: new Date().toISOString(), state: PENDING,
  });
  notify();
  requestBackgroundSync();
  send();
}

/** The host's choice to drop a refused count. */
export async function discard(key) {
  await remove('bedCounts', key);
  notify();
}

/** Every count on the phone the server does not have: what a logout would lose. */
export async function unsentCount() {
  return (await readAll('bedCounts')).length;
}

/** Why the last send stopped (offline | signed_out | failed), or null after one that went through. */
export function sendProblem() {
  return lastProblem;
}

/**
 * Acknowledged taps leave the phone; the kept copy takes their count where it was observed later, as the
 * server does, so the screen is right even before the next answer from /shelters/mine.
 */
async function settle(batch, results) {
  const byKey = new Map(results.map((result) => [result.key, result]));
  return transact(['bedCounts', 'meta'], 'readwrite', async ({ bedCounts, meta }) => {
    const snapshot = await requestResult(meta.get(SNAPSHOT_KEY));
    let settled = 0;
    for (const item of batch) {
      const result = byKey.get(item.key);
      if (!result) continue;
      settled += 1;
      if (result.status >= 300) {
        const message = (result.error && result.error.message) || '';
        await requestResult(bedCounts.put({ ...item, state: REFUSED, message }));
        continue;
      }
      await requestResult(bedCounts.delete(item.key));
      const shelter = snapshot && snapshot.items.find((entry) => entry.id === item.shelter_id);
      if (shelter && later(item.observed_at, shelter.observed_at)) {
        Object.assign(shelter, { free_beds: item.free_beds, observed_at: item.observed_at });
      }
    }
    if (snapshot) await requestResult(meta.put(snapshot, SNAPSHOT_KEY));
    return settled;
  });
}

async function run() {
  const waiting = (await readAll('bedCounts')).filter((item) => item.state === PENDING);
  // Nothing to send, nothing asked: the server is not even told this phone is in use.
  if (!waiting.length) return null;
  const user = await ensureSession();
  if (!user) return 'signed_out';
  // In the order tapped, so the server's history reads as the host counted.
  const mine = waiting.filter((item) => item.owner === user.id)
    .sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at));
  let size = BATCH_SIZE;
  for (let start = 0; start < mine.length;) {
    const batch = mine.slice(start, start + size);
    const operations = batch.map(({ key, shelter_id, free_beds, observed_at }) => ({
      key, type: OPERATION_TYPE, payload: { shelter_id, free_beds, observed_at },
    }));
    let results;
    try {
      results = (await api.post('/sync', { operations })).results || [];
    } catch (error) {
      if (!refusedForContent(error)) throw error;
      // As the outbox does: halves until the count at fault is alone, which is then shown as refused.
      if (batch.length > 1) {
        size = Math.ceil(batch.length / 2);
        continue;
      }
      results = [{ key: batch[0].key, status: error.status, error: { message: error.message } }];
    }
    // An answer that settles nothing would leave the batch pending and hide why.
    if (!(await settle(batch, results))) throw new Error('sync answer without results');
    start += batch.length;
    size = BATCH_SIZE;
  }
  if (mine.length) await refreshShelters(user.id);
  return null;
}

/** Sends the signed-in host's waiting counts. */
export function send() {
  if (running) {
    // A tap made while a send runs is not in what that send read: one more send follows, shared by every
    // call made meanwhile.
    followUp = followUp || running.then(() => {
      followUp = null;
      return send();
    });
    return followUp;
  }
  running = run()
    .then((problem) => { lastProblem = problem; }, (error) => {
      lastProblem = problemOf(error);
      if (error.status === 401) sessionEnded();
    })
    .finally(() => {
      running = null;
      notify();
    });
  return running;
}

/** Called when a host's screen opens: sends what waits now, and again on every trigger of the outbox. */
export function startSending() {
  sendOnTriggers(send);
  return send();
}
