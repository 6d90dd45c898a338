// The PIN-locked store on the phone. Case data is encrypted with a random AES-GCM data key; that key is
// kept on the phone only wrapped by a key derived from the person's PIN, and unwrapped it lives in this
// module's memory only, as a non-extractable key. A phone that is lost, or shared with an abuser, shows
// ciphertext. The wrong-PIN counter is what stops guessing in the app: a copy of the raw storage can still
// be attacked offline, which is why the iteration count is high and why logout wipes everything.
import { STORES, deleteDatabase, read, requestResult, transact } from '../core/idb.js';

export const PIN_LENGTH = 6;
export const MAX_WRONG_PINS = 5;
// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on a cheap phone, once per unlock.
const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
// AES-GCM's standard nonce size; a fresh random one per encryption, so no nonce is ever reused.
const IV_BYTES = 12;
// How long without input before the vault locks itself.
const IDLE_LIMIT_MS = 5 * 60 * 1000;
const VAULT_KEY = 'vault';
const INPUT_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'];

let dataKey = null;
let profile = null;
let lastInputAt = Date.now();
let idleTimer = null;
const lockListeners = new Set();
const unlockListeners = new Set();

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function randomBytes(count) {
  return crypto.getRandomValues(new Uint8Array(count));
}

async function wrappingKey(pin, salt, iterations) {
  const material = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

function unwrap(wrapped, wrapping, iv) {
  return crypto.subtle.unwrapKey(
    'raw', wrapped, wrapping, { name: 'AES-GCM', iv }, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'],
  );
}

export function isUnlocked() {
  return dataKey !== null;
}

/** The owner's account as last seen online: who is working while the phone has no network. */
export function unlockedProfile() {
  return profile;
}

export function isValidPin(pin) {
  return new RegExp(`^\\d{${PIN_LENGTH}}$`).test(pin);
}

/** {exists, owner} of the vault on this phone, without unlocking it. */
export async function vaultState() {
  const record = await read('vault', VAULT_KEY);
  return { exists: Boolean(record), owner: record ? record.owner : null };
}

export async function encrypt(value) {
  if (!dataKey) throw new Error('vault locked');
  const iv = randomBytes(IV_BYTES);
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, dataKey, encoder.encode(JSON.stringify(value)));
  return { iv, data };
}

export async function decrypt(blob) {
  if (!dataKey) throw new Error('vault locked');
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.iv }, dataKey, blob.data);
  return JSON.parse(decoder.decode(plain));
}

function opened(key, user) {
  dataKey = key;
  profile = user;
  lastInputAt = Date.now();
  scheduleLock();
  unlockListeners.forEach((listener) => listener());
}

/** First use on this phone: a new data key, wrapped under the PIN. Anything left from before is cleared. */
export async function createVault(pin, user) {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const wrapping = await wrappingKey(pin, salt, PBKDF2_ITERATIONS);
  // Extractable only for the moment it takes to wrap it; the copy kept in memory is unwrapped again as
  // non-extractable, so no script can read the raw key out of this page.
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const wrappedKey = await crypto.subtle.wrapKey('raw', fresh, wrapping, { name: 'AES-GCM', iv });
  dataKey = await unwrap(wrappedKey, wrapping, iv);
  const record = {
    owner: user.id, salt, iv, wrappedKey, iterations: PBKDF2_ITERATIONS, wrongPins: 0, profile: await encrypt(user),
  };
  await transact(STORES, 'readwrite', async (stores) => {
    for (const name of STORES) await requestResult(stores[name].clear());
    await requestResult(stores.vault.put(record, VAULT_KEY));
  });
  opened(dataKey, user);
}

/** Adds one to the wrong-PIN count and returns the vault record; null when there is no vault. */
async function countAttempt() {
  return transact(['vault'], 'readwrite', async ({ vault }) => {
    const record = await requestResult(vault.get(VAULT_KEY));
    if (!record) return null;
    record.wrongPins += 1;
    await requestResult(vault.put(record, VAULT_KEY));
    return record;
  });
}

/**
 * Tries a PIN: {status: 'unlocked'} | {status: 'wrong', remaining} | {status: 'wiped'} | {status: 'missing'}.
 * user, when given (the server has just said who is signed in), replaces the stored profile.
 */
export async function unlock(pin, user = null) {
  // Counted before the attempt: closing the app in the middle of one cannot give a free guess.
  const record = await countAttempt();
  if (!record) return { status: 'missing' };
  let key;
  try {
    key = await unwrap(record.wrappedKey, await wrappingKey(pin, record.salt, record.iterations), record.iv);
  } catch {
    if (record.wrongPins >= MAX_WRONG_PINS) {
      await wipeDevice();
      return { status: 'wiped' };
    }
    return { status: 'wrong', remaining: MAX_WRONG_PINS - record.wrongPins };
  }
  dataKey = key;
  const owner = user || await decrypt(record.profile);
  const storedProfile = user ? await encrypt(user) : record.profile;
  await transact(['vault'], 'readwrite', async ({ vault }) => {
    const current = await requestResult(vault.get(VAULT_KEY));
    await requestResult(vault.put({ ...current, wrongPins: 0, profile: storedProfile }, VAULT_KEY));
  });
  opened(key, owner);
  return { status: 'unlocked' };
}

function forgetKey() {
  dataKey = null;
  profile = null;
  clearTimeout(idleTimer);
}

/** Drops the key from memory; the screens listening go to the PIN screen. */
export function lock() {
  if (!dataKey) return;
  forgetKey();
  lockListeners.forEach((listener) => listener());
}

/** Deletes everything this phone keeps of the person's work: the key, the outbox, the cached cases. */
export async function wipeDevice() {
  forgetKey();
  await deleteDatabase();
}

export function onLock(listener) {
  lockListeners.add(listener);
}

export function onUnlock(listener) {
  unlockListeners.add(listener);
}

// Idle time is measured from the last input, not by a timer per keystroke: the check runs when the timer
// fires and again when the page becomes visible, because a phone in a pocket throttles background timers.
function scheduleLock() {
  clearTimeout(idleTimer);
  if (!dataKey) return;
  const left = IDLE_LIMIT_MS - (Date.now() - lastInputAt);
  if (left <= 0) {
    lock();
  } else {
    idleTimer = setTimeout(scheduleLock, left);
  }
}

/** Called once at start: any touch or key counts as activity. */
export function watchForIdle() {
  for (const type of INPUT_EVENTS) {
    document.addEventListener(type, () => { lastInputAt = Date.now(); }, { capture: true, passive: true });
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') scheduleLock();
  });
}
