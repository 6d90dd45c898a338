// When the outbox goes to the server: once the vault is unlocked (so at every start), when the browser says
// it is online again, when the app comes back to the foreground, when the person taps "sync now", and when
// Background Sync fires. Background Sync exists only in Chromium and its worker cannot read the encrypted
// outbox, so it merely wakes an open page: a bonus, never the plan. No trigger trusts navigator.onLine
// (it says "online" on a captive Wi-Fi or a dead 3G link): each one simply tries, and the server's answer
// is the only test.
import * as store from './case-store.js';
import { read, write } from './idb.js';
import { createListeners } from './listeners.js';
import * as outbox from './outbox.js';
import { ensureSession, sessionEnded } from './session.js';
import { isUnlocked, onUnlock, unlockedProfile } from './vault.js';

const SYNC_TAG = 'binhan-outbox';
const WORKER_MESSAGE = 'OUTBOX_SYNC';

let running = null;
let rerun = null;
// Queues that leave on the same triggers but need no vault (a shelter host's bed counts): each registers its
// own send function once its screen has opened, so a resident's visit never opens IndexedDB.
const otherQueues = new Set();
// null after a sync that went through; otherwise why the last one stopped: offline | signed_out | failed.
let lastProblem = null;
const changes = createListeners();
const notify = changes.notify;

/** listener() after every change of the outbox or of a sync's outcome; returns the unsubscribe function. */
export const subscribe = changes.subscribe;

/** Why a send stopped, from the error of the request: offline | signed_out | failed. */
export function problemOf(error) {
  // A 503 (the server cannot reach its database) arrives here as no answer (api.js): "offline", not an error.
  if (error.status === 0) return 'offline';
  if (error.status === 401) return 'signed_out';
  return 'failed';
}

async function run() {
  try {
    // The session first: without one nothing can be sent, and its answer brings the CSRF token that a page
    // reloaded offline does not have. The outbox goes out only under its owner's session: another account
    // signed in on this phone must never be credited with (or see) someone else's work.
    const user = await ensureSession();
    const owner = unlockedProfile();
    if (!user || !owner || user.id !== owner.id) {
      lastProblem = 'signed_out';
      return;
    }
    await outbox.replay({ onAcknowledged: store.acknowledge });
    await store.refresh();
    await outbox.prune();
    await write('meta', new Date().toISOString(), 'lastSync');
    lastProblem = null;
  } catch (error) {
    lastProblem = problemOf(error);
    if (error.status === 401) sessionEnded();
  }
}

/**
 * Sends what waits and refreshes the cases on the phone. A call made while a sync runs gets one more sync
 * after it, shared by every call made meanwhile: the running one may already have read the outbox before
 * the change that asked (an operation sent again from the issues screen would otherwise wait, unsent, for
 * the next trigger).
 */
export function syncNow() {
  if (!isUnlocked()) return Promise.resolve();
  if (running) {
    if (!rerun) {
      rerun = running.then(() => {
        rerun = null;
        return syncNow();
      });
    }
    return rerun;
  }
  running = run().finally(() => {
    running = null;
    notify();
  });
  notify();
  return running;
}

/** Asks the worker to wake the page when the network returns (see the top of this file). */
export async function requestBackgroundSync() {
  try {
    const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : null;
    if (registration && registration.sync) await registration.sync.register(SYNC_TAG);
  } catch {
    // Refused or unsupported: the other triggers still send the outbox.
  }
}

/** Called after each change put in the outbox: try now, and ask for a wake-up when the network returns. */
export function queued() {
  notify();
  requestBackgroundSync();
  syncNow();
}

/** {waiting, attention, conflicts, sentRecently, lastSync, problem, syncing} for the home screen. */
export async function syncStatus() {
  const counts = await outbox.counts();
  return {
    ...counts, lastSync: await read('meta', 'lastSync'), problem: lastProblem, syncing: running !== null || rerun !== null,
  };
}

/**
 * send() also runs on the triggers below. A queue kept in clear is still sent by the page, never by the
 * worker: the CSRF token lives only in the page's memory.
 */
export function sendOnTriggers(send) {
  otherQueues.add(send);
}

function sendEverything() {
  syncNow();
  otherQueues.forEach((send) => send());
}

export function startSyncTriggers() {
  onUnlock(() => syncNow());
  window.addEventListener('online', sendEverything);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') sendEverything();
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === WORKER_MESSAGE) sendEverything();
    });
  }
}
