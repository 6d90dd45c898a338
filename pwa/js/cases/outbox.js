// The cases' outbox: every case, case change, follow-up and referral made on the phone is one entry of a
// Queue (queue.js) encrypted under the PIN vault, sent through POST /api/v1/sync. What is particular to
// cases lives here: an entry names its case, a new case is stored with the operation that sends it, and
// dropping a case's creation drops the whole case. Receipts of sent operations stay OUTBOX_MAX_AGE_DAYS.
import { requestResult } from '../core/idb.js';
import { ATTENTION, CONFLICT, Queue, SENT } from '../core/queue.js';

export { ATTENTION, CONFLICT };

const OUTBOX_MAX_AGE_DAYS = 7;

const queue = new Queue('outbox', { vault: true, receipts: true });

/**
 * Stores one operation; record (already encrypted) is written to "records" in the same transaction, so a
 * case never exists on the phone without the operation that sends it. replaces names an entry to delete.
 */
export function enqueue(type, payload, { caseId, record = null, replaces = null }) {
  const within = record && (({ records }) => requestResult(records.put(record)));
  return queue.add({ caseId }, { type, payload }, { replaces, also: ['records'], within });
}

/** Every operation the server does not have yet, decrypted, oldest first. */
export const unsent = () => queue.unsent();

/** The ids of cases with operations the server does not have yet (no decryption needed). */
export async function unsentCaseIds() {
  return new Set((await queue.unsentStored()).map((entry) => entry.caseId));
}

export const entry = (key) => queue.entry(key);

/** {waiting, attention, conflicts, sentRecently}: numbers for the home screen. */
export const counts = () => queue.counts();

/**
 * Sends everything pending; onAcknowledged(list of {type, payload, result}) runs after each batch. The
 * ApiError of a request that got no usable answer is thrown, leaving its batch pending.
 */
export function replay({ onAcknowledged }) {
  return queue.replay({ afterBatch: ({ acknowledged }) => onAcknowledged(acknowledged) });
}

/** Puts a refused operation back in line, e.g. after the ward officer fixed the assignment it needed. */
export const retry = (key) => queue.retry(key);

/** The person's choice to drop an operation; dropping a case's creation drops the whole case. */
export async function discard(key) {
  const found = await entry(key);
  if (!found) return;
  if (found.type !== 'case.create') {
    await queue.remove([key]);
    return;
  }
  const keys = (await queue.stored()).filter((item) => item.caseId === found.caseId && item.state !== SENT)
    .map((item) => item.key);
  await queue.remove(keys, { also: ['records'], within: ({ records }) => requestResult(records.delete(found.caseId)) });
}

/** Deletes receipts older than OUTBOX_MAX_AGE_DAYS; unsent entries never expire. */
export const prune = () => queue.prune(OUTBOX_MAX_AGE_DAYS);
