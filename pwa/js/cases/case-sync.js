// The cases' outbox on its way out (sync.js decides when): only under its owner's session, then the cases
// on the phone brought in line with the server, old receipts pruned and the time of the sync kept.
import * as store from './case-store.js';
import { read, write } from '../core/idb.js';
import * as outbox from './outbox.js';
import { ensureSession } from '../accounts/session.js';
import { createSender } from '../core/sync.js';
import { isUnlocked, unlockedProfile } from '../accounts/vault.js';

async function run() {
  // The session first: without one nothing can be sent, and its answer brings the CSRF token that a page
  // reloaded offline does not have. The outbox goes out only under its owner's session: another account
  // signed in on this phone must never be credited with (or see) someone else's work.
  const user = await ensureSession();
  const owner = unlockedProfile();
  if (!user || !owner || user.id !== owner.id) return 'signed_out';
  await outbox.replay({ onAcknowledged: store.acknowledge });
  await store.refresh();
  await outbox.prune();
  await write('meta', new Date().toISOString(), 'lastSync');
  return null;
}

// The outbox is encrypted: with the vault locked there is nothing to read, so nothing is tried.
export const sender = createSender(run, { ready: isUnlocked });

/** listener() after every change of the outbox or of a sync's outcome; returns the unsubscribe function. */
export const subscribe = sender.subscribe;

/** {waiting, attention, conflicts, sentRecently, lastSync, problem, syncing} for the home screen. */
export async function syncStatus() {
  const counts = await outbox.counts();
  return { ...counts, lastSync: await read('meta', 'lastSync'), problem: sender.problem(), syncing: sender.busy() };
}
