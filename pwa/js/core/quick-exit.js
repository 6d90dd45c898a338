// Quick exit, after GOV.UK's "Exit this page": a button and Shift pressed three times leave at once for a
// neutral page, replacing the current history entry so "back" does not return here, and drop what the phone
// keeps of a resident's search for help (info page "quickExit" says what they cannot drop).
import { api } from './api.js';
import { forgetRequests } from '../help/help-queue.js';

const STORAGE_KEY = 'binhan.exitUrl';
const FALLBACK_URL = 'about:blank';
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;
// Every other "binhan." key goes: kept shelters, help lines, services, events, the reminder choices.
const KEPT_KEYS = ['binhan.lang', STORAGE_KEY, 'binhan.wards'];
// Time for IndexedDB to drop a kept help request; leaving must still feel instant.
const FORGET_WAIT_MS = 500;

export function exitUrl() {
  try {
    return localStorage.getItem(STORAGE_KEY) || FALLBACK_URL;
  } catch {
    return FALLBACK_URL;
  }
}

/** Caches the configured destination so that the exit also works offline. */
export async function refreshExitUrl() {
  const config = await api.get('/client-config');
  // Only a web address: anything else (javascript:, data:) would run or show content of our choosing.
  if (typeof config.quick_exit_url === 'string' && /^https?:\/\//i.test(config.quick_exit_url)) {
    localStorage.setItem(STORAGE_KEY, config.quick_exit_url);
  }
}

function forgetResident() {
  try {
    Object.keys(localStorage).filter((key) => key.startsWith('binhan.') && !KEPT_KEYS.includes(key))
      .forEach((key) => localStorage.removeItem(key));
  } catch {
    // Storage blocked: nothing is kept in it either.
  }
  return Promise.race([forgetRequests(), new Promise((resolve) => { setTimeout(resolve, FORGET_WAIT_MS); })]);
}

export function quickExit() {
  // Blank the page first: the app switcher and the back/forward cache keep a picture of the page as it was.
  const url = exitUrl();
  document.title = '';
  document.body.replaceChildren();
  forgetResident().catch(() => {}).finally(() => location.replace(url));
}

/**
 * Returns a keyup handler that answers true on the third lone Shift within windowMs of the first.
 * A Shift used as a modifier (Shift+A) fires a keyup for A with shiftKey set and then one for Shift:
 * that Shift is not counted, so typing capitals never triggers the exit. Any other key starts over.
 */
export function createShiftCounter({ presses = SHIFT_PRESSES, windowMs = SHIFT_WINDOW_MS, now = Date.now } = {}) {
  let times = [];
  let lastKeyWasModified = false;
  return (event) => {
    const loneShift = event.key === 'Shift' && !lastKeyWasModified;
    lastKeyWasModified = Boolean(event.shiftKey);
    if (!loneShift) {
      if (event.key !== 'Shift') times = [];
      return false;
    }
    const time = now();
    times = times.filter((earlier) => time - earlier < windowMs);
    times.push(time);
    if (times.length < presses) return false;
    times = [];
    return true;
  };
}

/** Listens for Shift×3 on the whole document; isActive() says whether the current screen is public. */
export function listenForShiftExit(isActive) {
  const counter = createShiftCounter();
  document.addEventListener('keyup', (event) => {
    if (counter(event) && isActive()) quickExit();
  });
}
