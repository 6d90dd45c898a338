// The one module that opens IndexedDB, with the only version-upgrade switch. Transactions stay short: a
// caller's work may await IndexedDB requests and nothing else, because a transaction commits as soon as
// its task has no request pending, and an await on the network (or on WebCrypto) inside one would find it
// closed. Encrypt or fetch first, then open the transaction.
const DB_NAME = 'binhan';
const DB_VERSION = 4;
export const STORES = ['vault', 'outbox', 'records', 'meta', 'bedCounts', 'helpRequests'];

let opening = null;
// Told true while this tab waits for an older tab to let go of the database, and false once it opened.
const blockedListeners = new Set();

function upgrade(db, transaction, oldVersion) {
  // One case per version, each upgrading from the one before and falling through to the next (no break),
  // so a phone that skipped releases runs every step in order. Version 5 adds "case 4:" below.
  switch (oldVersion) {
    case 0: {
      // vault: one record under the key "vault" (the wrapped data key, salt, iterations, wrong-PIN count).
      db.createObjectStore('vault');
      // outbox: the cases' queue (outbox.js), replayed in the order its operations were made.
      const outbox = db.createObjectStore('outbox', { keyPath: 'key' });
      outbox.createIndex('createdAt', 'createdAt', { unique: true });
      // records: encrypted copies of the collaborator's open cases, for work without a network.
      db.createObjectStore('records', { keyPath: 'id' });
      // meta: small values under names (last sync time, the organisations to refer to, a host's shelters).
      db.createObjectStore('meta');
    }
    // falls through
    case 1: {
      // bedCounts: the free-bed counts a shelter host tapped, waiting for the server. In clear, unlike the
      // outbox: a count of beds is not personal data, and a host has no PIN to encrypt it under.
      db.createObjectStore('bedCounts', { keyPath: 'key' });
    }
    // falls through
    case 2: {
      // helpRequests: a resident's help request waiting for a network (help-queue.js).
      db.createObjectStore('helpRequests', { keyPath: 'id' });
    }
    // falls through
    case 3: {
      // Every queue is a Queue (queue.js), replayed by its createdAt. Counts and requests kept before have
      // none: they get one, before anything newer, in the order they were made (a count's observed_at);
      // refused counts become "needs attention" with the server's words, as in every queue.
      for (const name of ['bedCounts', 'helpRequests']) {
        const store = transaction.objectStore(name);
        store.createIndex('createdAt', 'createdAt', { unique: true });
        const request = store.getAll();
        request.onsuccess = () => {
          const order = (item) => Date.parse(item.observed_at) || 0;
          [...request.result].sort((a, b) => order(a) - order(b)).forEach((item, index) => {
            const { message, ...kept } = item;
            const refused = item.state === 'refused';
            store.put({
              ...kept, createdAt: index + 1, state: refused ? 'attention' : 'pending',
              ...(refused ? { error: { code: 'refused', message: message || '', fields: {} } } : {}),
            });
          });
        };
      }
    }
  }
}

/** listener(blocked) hears when opening the database waits for another tab, and when it no longer does. */
export function onBlocked(listener) {
  blockedListeners.add(listener);
}

export function requestResult(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function forgetConnection() {
  opening = null;
}

function openDatabase() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => upgrade(request.result, request.transaction, event.oldVersion);
      // An upgrade waits until every other connection has closed. Ours close on "versionchange" (below), but
      // a tab still running an older release may not: without a word the app would seem to hang.
      request.onblocked = () => blockedListeners.forEach((listener) => listener(true));
      request.onsuccess = () => {
        blockedListeners.forEach((listener) => listener(false));
        const db = request.result;
        // A wipe or an upgrade in another tab (or logout's Clear-Site-Data) must not wait for this tab to let
        // go: closed, and opened again at the next transaction.
        db.onversionchange = () => {
          db.close();
          forgetConnection();
        };
        db.onclose = forgetConnection;
        resolve(db);
      };
      request.onerror = () => {
        forgetConnection();
        reject(request.error);
      };
    });
  }
  return opening;
}

/**
 * transact(['outbox', 'records'], 'readwrite', async ({outbox, records}) => ...) resolves with what the
 * work returned, once the transaction has committed; if the work throws, nothing of it is kept.
 */
export async function transact(names, mode, work) {
  const db = await openDatabase();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((name) => [name, transaction.objectStore(name)]));
    let result;
    transaction.oncomplete = () => resolve(result);
    transaction.onabort = () => reject(transaction.error || new DOMException('Transaction aborted', 'AbortError'));
    Promise.resolve()
      .then(() => work(stores))
      .then((value) => { result = value; }, (error) => {
        reject(error);
        try {
          transaction.abort();
        } catch {
          // Already committed: the work failed after its last request, so there is nothing to undo.
        }
      });
  });
}

export function read(store, key) {
  return transact([store], 'readonly', (stores) => requestResult(stores[store].get(key)));
}

export function readAll(store) {
  return transact([store], 'readonly', (stores) => requestResult(stores[store].getAll()));
}

export function write(store, value, key) {
  return transact([store], 'readwrite', (stores) => requestResult(stores[store].put(value, key)));
}

export function remove(store, key) {
  return transact([store], 'readwrite', (stores) => requestResult(stores[store].delete(key)));
}

/** Deletes the whole database: the wipe after too many wrong PINs and at logout. */
export async function deleteDatabase() {
  if (opening) {
    const db = await opening.catch(() => null);
    if (db) db.close();
    forgetConnection();
  }
  // Other tabs close their connections on "versionchange"; until they do, the request waits ("blocked")
  // and then succeeds.
  await requestResult(indexedDB.deleteDatabase(DB_NAME));
}
