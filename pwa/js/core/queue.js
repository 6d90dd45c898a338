// The phone's one kind of queue, after Workbox's Queue: work made on the phone is stored first and sent
// later in the order it was made, each entry under its own key, which the server treats as an idempotency
// key (a replay after a lost answer applies nothing twice). The cases' outbox, a host's bed counts and a
// resident's kept help requests are each one Queue; sync.js decides when they are sent.
//
// Nothing unsent is dropped unless the person chooses to (or the queue says refused entries are only told
// about, as a resident's are): no answer, a 401, a 429 or a 5xx leaves every entry where it was; an entry
// the server refuses waits in "needs attention" with the server's words instead of being retried forever;
// a version conflict waits for the conflict screen. An acknowledged entry keeps no content, at most a
// receipt (queues that keep them), and receipts alone expire.
import { api, refusedForContent } from './api.js';
import { requestResult, transact } from './idb.js';
import { decrypt, encrypt } from '../accounts/vault.js';

// The server takes up to 200 per request; smaller batches lose less when 3G drops in the middle.
const BATCH_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export const PENDING = 'pending';
export const SENT = 'sent';
export const ATTENTION = 'attention';
export const CONFLICT = 'conflict';

// Entries written before every queue had states (a resident's kept requests) are waiting ones.
const stateOf = (entry) => entry.state || PENDING;

/** The one request to POST /api/v1/sync: [{key, type, payload}] in, {results: [{key, status, ...}]} out. */
function sendToSync(operations) {
  return api.post('/sync', { operations });
}

function refusal(error) {
  return { code: error.code, message: error.message, fields: error.fields || {} };
}

/**
 * new Queue(store, options). Options:
 * - vault: the content ({type, payload} and a refusal's error) is encrypted under the PIN vault in
 *   entry.blob; otherwise it lies in the entry in clear and operation(entry) reads {type, payload} from it.
 * - keyPath: the store's key ('key'), also the operation's idempotency key.
 * - send(operations): the request that takes a batch, sendToSync unless the queue goes elsewhere; it throws
 *   the ApiError of a request that got no usable answer.
 * - batchSize; receipts (acknowledged entries stay as receipts, e.g. for "sent recently"); keepRefused
 *   (false: a refused entry is removed once settled, its refusal still reported to afterBatch).
 */
export class Queue {
  constructor(store, {
    vault = false, keyPath = 'key', operation = null, send = sendToSync, batchSize = BATCH_SIZE, receipts = false,
    keepRefused = true,
  } = {}) {
    Object.assign(this, { store, vault, keyPath, operation, send, batchSize, receipts, keepRefused });
  }

  keyOf(entry) {
    return entry[this.keyPath];
  }

  /**
   * Stores one entry (its own fields, in clear) with its content ({type, payload}, encrypted in a vault
   * queue). also names other stores written in the same transaction by within(stores), so that e.g. a case
   * never exists on the phone without the operation that sends it; replaces names an entry to delete.
   * Returns the entry's key.
   */
  async add(fields, content = null, { replaces = null, also = [], within = null } = {}) {
    const sealed = this.vault ? { blob: await encrypt(content) } : content;
    const entry = { ...fields, ...sealed, state: PENDING };
    if (this.keyOf(entry) === undefined) entry[this.keyPath] = crypto.randomUUID();
    await transact([this.store, ...also], 'readwrite', async (stores) => {
      const queue = stores[this.store];
      if (replaces) await requestResult(queue.delete(replaces));
      // An entry stored again under its key (a kept request, ticked again) goes to the end of the line.
      await requestResult(queue.delete(this.keyOf(entry)));
      // Replay order is this number, not the clock alone: on a phone whose clock is set back, a case must
      // still be sent before the referral made for it.
      const last = await requestResult(queue.index('createdAt').openCursor(null, 'prev'));
      entry.createdAt = Math.max(Date.now(), last ? last.value.createdAt + 1 : 0);
      await requestResult(queue.put(entry));
      if (within) await within(stores);
    });
    return this.keyOf(entry);
  }

  /** Every entry, receipts included, in replay order, as stored (vault content still encrypted). */
  stored() {
    return transact([this.store], 'readonly', (stores) => requestResult(stores[this.store].index('createdAt').getAll()));
  }

  /** Entries the server does not have yet, as stored, in replay order. */
  async unsentStored() {
    return (await this.stored()).filter((entry) => stateOf(entry) !== SENT);
  }

  /** An entry with its content readable: {...fields, type, payload, error?, current?}. */
  async open(entry) {
    if (!this.vault) return { ...entry, state: stateOf(entry), ...this.operation(entry) };
    const { blob, ...fields } = entry;
    return { ...fields, ...(await decrypt(blob)) };
  }

  /** Every entry the server does not have yet, readable, oldest first. */
  async unsent() {
    return Promise.all((await this.unsentStored()).map((entry) => this.open(entry)));
  }

  /** One entry the server does not have yet, readable, or null. */
  async entry(key) {
    const found = await transact([this.store], 'readonly', (stores) => requestResult(stores[this.store].get(key)));
    return found && stateOf(found) !== SENT ? this.open(found) : null;
  }

  /** {waiting, attention, conflicts, sentRecently}. */
  async counts() {
    const entries = await this.stored();
    const count = (state) => entries.filter((entry) => stateOf(entry) === state).length;
    return {
      waiting: count(PENDING), attention: count(ATTENTION), conflicts: count(CONFLICT), sentRecently: count(SENT),
    };
  }

  /** Writes the answers to one batch; within(stores, acknowledged) runs in the same transaction. */
  async settle(batch, operations, results, { also, within }) {
    const byKey = new Map(results.map((result) => [result.key, result]));
    const updates = [];
    const removals = [];
    const acknowledged = [];
    const refused = [];
    for (const [index, entry] of batch.entries()) {
      const result = byKey.get(this.keyOf(entry));
      if (!result) continue;
      const { type, payload } = operations[index];
      if (result.status < 300) {
        acknowledged.push({ entry, type, payload, result });
        if (this.receipts) {
          const { blob, ...fields } = entry;
          updates.push({ ...fields, state: SENT, sentAt: Date.now() });
        } else {
          removals.push(this.keyOf(entry));
        }
        continue;
      }
      const conflict = result.status === 409 && result.error && result.error.code === 'version_conflict';
      const error = result.error || { code: `http_${result.status}`, message: '', fields: {} };
      refused.push({ entry, type, payload, result, error });
      if (!this.keepRefused) {
        removals.push(this.keyOf(entry));
      } else if (this.vault) {
        updates.push({ ...entry, state: conflict ? CONFLICT : ATTENTION, blob: await encrypt({ type, payload, error, current: result.current }) });
      } else {
        updates.push({ ...entry, state: conflict ? CONFLICT : ATTENTION, error, current: result.current });
      }
    }
    await transact([this.store, ...also], 'readwrite', async (stores) => {
      const queue = stores[this.store];
      for (const update of updates) await requestResult(queue.put(update));
      for (const key of removals) await requestResult(queue.delete(key));
      if (within) await within(stores, acknowledged);
    });
    return { settled: updates.length + removals.length, acknowledged, refused };
  }

  /**
   * Sends every pending entry (only those for which only(entry) holds), batch after batch, oldest first;
   * afterBatch({acknowledged, refused}) runs after each batch. A batch refused whole for its content (400,
   * 413, 415, 422) is split until the entry at fault is alone, which is then refused as the server refuses
   * one operation; the ApiError of a request that got no usable answer (none, 401, 429, 5xx, 503) is thrown,
   * leaving its batch and everything after it pending. Returns how many entries were acknowledged.
   */
  async replay({ only = () => true, afterBatch = null, also = [], within = null } = {}) {
    let size = this.batchSize;
    let sent = 0;
    for (;;) {
      const batch = (await this.stored()).filter((entry) => stateOf(entry) === PENDING && only(entry)).slice(0, size);
      if (!batch.length) return sent;
      const operations = await Promise.all(batch.map(async (entry) => {
        const { type, payload } = await this.open(entry);
        return { key: this.keyOf(entry), type, payload };
      }));
      let answer;
      try {
        answer = await this.send(operations);
      } catch (error) {
        if (!refusedForContent(error)) throw error;
        // Halves until the operation the server will not take is found (or, for a 413, until they fit): the
        // others still go, and only that one waits for the person.
        if (batch.length > 1) {
          size = Math.ceil(batch.length / 2);
          continue;
        }
        answer = { results: [{ key: operations[0].key, status: error.status, error: refusal(error) }] };
      }
      size = this.batchSize;
      const outcome = await this.settle(batch, operations, (answer && answer.results) || [], { also, within });
      sent += outcome.acknowledged.length;
      if (afterBatch) await afterBatch(outcome);
      // An answer that settles nothing would make this loop send the same batch forever.
      if (!outcome.settled) throw new Error('sync answer without results');
    }
  }

  /** Puts a refused entry back in line, e.g. after the ward officer fixed the assignment it needed. */
  async retry(key) {
    await transact([this.store], 'readwrite', async (stores) => {
      const found = await requestResult(stores[this.store].get(key));
      if (found && stateOf(found) !== SENT) await requestResult(stores[this.store].put({ ...found, state: PENDING }));
    });
  }

  /** Deletes entries; within(stores) runs in the same transaction, over the stores also names. */
  async remove(keys, { also = [], within = null } = {}) {
    await transact([this.store, ...also], 'readwrite', async (stores) => {
      for (const key of keys) await requestResult(stores[this.store].delete(key));
      if (within) await within(stores);
    });
  }

  /** Deletes every entry. */
  clear() {
    return transact([this.store], 'readwrite', (stores) => requestResult(stores[this.store].clear()));
  }

  /** Deletes receipts older than maxAgeDays; unsent entries never expire. */
  async prune(maxAgeDays) {
    const cutoff = Date.now() - maxAgeDays * DAY_MS;
    await transact([this.store], 'readwrite', async (stores) => {
      const all = await requestResult(stores[this.store].getAll());
      for (const entry of all) {
        if (entry.state === SENT && entry.sentAt < cutoff) await requestResult(stores[this.store].delete(this.keyOf(entry)));
      }
    });
  }
}
