// The outbox, after Workbox's Queue: every change made on the phone is stored first, encrypted, and sent
// later through POST /api/v1/sync in the order it was made, each with its own idempotency key, so that a
// replay after a lost answer applies nothing twice. Nothing unsent is dropped unless the person chooses
// to: a network failure leaves every entry where it was; an operation the server refuses (422, 403, 404),
// or a batch it refuses whole for its content, waits in "needs attention" instead of being retried forever; a version conflict waits for the conflict
// screen. An acknowledged operation keeps no content, only a receipt, and receipts alone expire.
import { api, refusedForContent } from './api.js';
import { readAll, requestResult, transact } from './idb.js';
import { decrypt, encrypt } from './vault.js';

// The server takes up to 200 per request; smaller batches lose less when 3G drops in the middle.
const BATCH_SIZE = 50;
const OUTBOX_MAX_AGE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const PENDING = 'pending';
const SENT = 'sent';
export const ATTENTION = 'attention';
export const CONFLICT = 'conflict';

async function add(outbox, entry) {
  // Replay order is this number, not the clock alone: on a phone whose clock is set back, a case must
  // still be sent before the referral made for it.
  const last = await requestResult(outbox.index('createdAt').openCursor(null, 'prev'));
  const createdAt = Math.max(Date.now(), last ? last.value.createdAt + 1 : 0);
  await requestResult(outbox.add({ ...entry, createdAt }));
}

/**
 * Stores one operation; record (already encrypted) is written to "records" in the same transaction, so a
 * case never exists on the phone without the operation that sends it. replaces names an entry to delete.
 */
export async function enqueue(type, payload, { caseId, record = null, replaces = null }) {
  const blob = await encrypt({ type, payload });
  const key = crypto.randomUUID();
  await transact(['outbox', 'records'], 'readwrite', async ({ outbox, records }) => {
    if (replaces) await requestResult(outbox.delete(replaces));
    await add(outbox, { key, state: PENDING, caseId, blob });
    if (record) await requestResult(records.put(record));
  });
  return key;
}

function ordered() {
  return transact(['outbox'], 'readonly', ({ outbox }) => requestResult(outbox.index('createdAt').getAll()));
}

async function opened(item) {
  const { key, state, caseId, createdAt } = item;
  return { key, state, caseId, createdAt, ...(await decrypt(item.blob)) };
}

/** Every operation the server does not have yet, decrypted, oldest first. */
export async function unsent() {
  const entries = (await ordered()).filter((entry) => entry.state !== SENT);
  return Promise.all(entries.map(opened));
}

/** The ids of cases with operations the server does not have yet (no decryption needed). */
export async function unsentCaseIds() {
  return new Set((await readAll('outbox')).filter((entry) => entry.state !== SENT).map((entry) => entry.caseId));
}

export async function entry(key) {
  const found = (await readAll('outbox')).find((item) => item.key === key);
  return found && found.state !== SENT ? opened(found) : null;
}

/** {waiting, attention, conflicts, sentRecently}: numbers for the home screen. */
export async function counts() {
  const entries = await readAll('outbox');
  const count = (state) => entries.filter((item) => item.state === state).length;
  return {
    waiting: count(PENDING), attention: count(ATTENTION), conflicts: count(CONFLICT), sentRecently: count(SENT),
  };
}

async function settle(batch, operations, results) {
  const byKey = new Map(results.map((result) => [result.key, result]));
  const updates = [];
  const acknowledged = [];
  for (const [index, item] of batch.entries()) {
    const result = byKey.get(item.key);
    if (!result) continue;
    const { type, payload } = operations[index];
    if (result.status < 300) {
      const { key, createdAt, caseId } = item;
      updates.push({ key, createdAt, caseId, state: SENT, sentAt: Date.now() });
      acknowledged.push({ type, payload, result });
    } else {
      const conflict = result.status === 409 && result.error && result.error.code === 'version_conflict';
      const error = result.error || { code: `http_${result.status}`, message: '', fields: {} };
      const blob = await encrypt({ type, payload, error, current: result.current });
      updates.push({ ...item, state: conflict ? CONFLICT : ATTENTION, blob });
    }
  }
  await transact(['outbox'], 'readwrite', async ({ outbox }) => {
    for (const update of updates) await requestResult(outbox.put(update));
  });
  return { settled: updates.length, acknowledged };
}

function refusal(error) {
  return { code: error.code, message: error.message, fields: error.fields || {} };
}

/**
 * Sends everything pending, batch after batch; onAcknowledged(list of {type, payload, result}) runs after
 * each batch. A batch refused whole for its content is split until the operation at fault is alone, which
 * then waits in "needs attention" with the server's words, as a refused operation does; the ApiError of a request that got no usable answer is thrown, leaving its
 * batch pending.
 */
export async function replay({ onAcknowledged }) {
  let size = BATCH_SIZE;
  for (;;) {
    const batch = (await ordered()).filter((item) => item.state === PENDING).slice(0, size);
    if (!batch.length) return;
    const operations = await Promise.all(batch.map(async (item) => {
      const { type, payload } = await decrypt(item.blob);
      return { key: item.key, type, payload };
    }));
    let answer;
    try {
      answer = await api.post('/sync', { operations });
    } catch (error) {
      if (!refusedForContent(error)) throw error;
      // Halves until the operation the server will not take is found (or, for a 413, until they fit): the
      // others still go, and only that one waits for the person.
      if (batch.length > 1) {
        size = Math.ceil(batch.length / 2);
        continue;
      }
      answer = { results: [{ key: batch[0].key, status: error.status, error: refusal(error) }] };
    }
    size = BATCH_SIZE;
    const { settled, acknowledged } = await settle(batch, operations, answer.results || []);
    await onAcknowledged(acknowledged);
    // An answer that settles nothing would make this loop send the same batch forever.
    if (!settled) throw new Error('sync answer without results');
  }
}

/** Puts a refused operation back in line, e.g. after the ward officer fixed the assignment it needed. */
export async function retry(key) {
  await transact(['outbox'], 'readwrite', async ({ outbox }) => {
    const found = await requestResult(outbox.get(key));
    if (found && found.state !== SENT) await requestResult(outbox.put({ ...found, state: PENDING }));
  });
}

/** The person's choice to drop an operation; dropping a case's creation drops the whole case. */
export async function discard(key) {
  const found = await entry(key);
  if (!found) return;
  await transact(['outbox', 'records'], 'readwrite', async ({ outbox, records }) => {
    if (found.type !== 'case.create') {
      await requestResult(outbox.delete(key));
      return;
    }
    const all = await requestResult(outbox.getAll());
    for (const item of all) {
      if (item.caseId === found.caseId && item.state !== SENT) await requestResult(outbox.delete(item.key));
    }
    await requestResult(records.delete(found.caseId));
  });
}

/** Deletes receipts older than OUTBOX_MAX_AGE_DAYS; unsent entries never expire. */
export async function prune() {
  const cutoff = Date.now() - OUTBOX_MAX_AGE_DAYS * DAY_MS;
  await transact(['outbox'], 'readwrite', async ({ outbox }) => {
    const all = await requestResult(outbox.getAll());
    for (const item of all) {
      if (item.state === SENT && item.sentAt < cutoff) await requestResult(outbox.delete(item.key));
    }
  });
}
