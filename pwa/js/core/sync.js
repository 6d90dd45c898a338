// When the queues go to the server, and nothing else: what they hold and how it is sent is queue.js and each
// queue's own module (cases/case-sync.js, shelters/availability.js, help/help-queue.js). Every registered queue is sent once the
// vault is unlocked (so at every start of a collaborator's app), when the browser says it is online again,
// when the app comes back to the foreground, when the person taps "sync now", after each change put in a
// queue, and when Background Sync fires. Background Sync exists only in Chromium and its worker cannot read
// the encrypted outbox (nor has the CSRF token, which lives only in the page's memory), so it merely wakes
// an open page: a bonus, never the plan. No trigger trusts navigator.onLine (it says "online" on a captive
// Wi-Fi or a dead 3G link): each one simply tries, and the server's answer is the only test.
import { createListeners } from './listeners.js';
import { sessionEnded } from '../accounts/session.js';
import { onUnlock } from '../accounts/vault.js';

const SYNC_TAG = 'binhan-outbox';
const WORKER_MESSAGE = 'OUTBOX_SYNC';

// Each queue registers its sender once it may have something to send (a shelter host's once their screen
// has opened), so a resident's visit never opens IndexedDB for a queue that is not theirs.
const senders = new Set();

/** Why a send stopped, from the error of the request: offline | signed_out | failed. */
export function problemOf(error) {
  // A 503 (the server cannot reach its database) arrives here as no answer (api.js): "offline", not an error.
  if (error.status === 0) return 'offline';
  if (error.status === 401) return 'signed_out';
  return 'failed';
}

/**
 * One queue's way out: run() sends what waits and resolves with null or why it could not (offline |
 * signed_out | failed), or throws the error that stopped it; ready() says whether trying makes sense at all
 * (a locked vault cannot be read). Returns {send, problem, busy, subscribe}: send() runs one run at a time,
 * and a call made while one runs gets one more run after it, shared by every call made meanwhile (the
 * running one may already have read the queue before the change that asked). subscribe(listener) hears
 * the start and the end of every run.
 */
export function createSender(run, { ready = () => true } = {}) {
  let running = null;
  let rerun = null;
  // null after a send that went through; otherwise why the last one stopped.
  let lastProblem = null;
  const changes = createListeners();

  function send() {
    if (!ready()) return Promise.resolve();
    if (running) {
      rerun = rerun || running.then(() => {
        rerun = null;
        return send();
      });
      return rerun;
    }
    running = Promise.resolve().then(run)
      .then((problem) => { lastProblem = problem || null; }, (error) => {
        lastProblem = problemOf(error);
        if (error.status === 401) sessionEnded();
      })
      .finally(() => {
        running = null;
        changes.notify();
      });
    changes.notify();
    return running;
  }

  return {
    send,
    problem: () => lastProblem,
    busy: () => running !== null || rerun !== null,
    subscribe: changes.subscribe,
    notify: changes.notify,
  };
}

/** Adds a queue's sender to the triggers (once, however often it is called). */
export function sendOnTriggers(sender) {
  senders.add(sender);
}

/** Sends every registered queue now; resolves when each has had its try. */
export function syncNow() {
  return Promise.all([...senders].map((sender) => sender.send()));
}

/** Asks the worker to wake the page when the network returns (see the top of this file). */
export async function requestBackgroundSync() {
  try {
    const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : null;
    if (registration && registration.sync) await registration.sync.register(SYNC_TAG);
  } catch {
    // Refused or unsupported: the other triggers still send the queues.
  }
}

/** Called after each change put in a queue: try now, and ask for a wake-up when the network returns. */
export function queued() {
  senders.forEach((sender) => sender.notify());
  requestBackgroundSync();
  return syncNow();
}

export function startSyncTriggers() {
  onUnlock(() => syncNow());
  window.addEventListener('online', syncNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow();
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === WORKER_MESSAGE) syncNow();
    });
  }
}
