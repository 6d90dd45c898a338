// Public answers kept on the phone (the shelter list, the wards, the campaign calendar), so that a screen
// still shows something with no network, dated. Only public data, never anything about the person: the
// key names what was asked, not who asked.
import { getIfChanged } from './api.js';

const WARDS_KEY = 'binhan.wards';

/** The copy kept from the last answer, or null; the quick exit drops all but the wards. */
export function kept(key) {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

function keep(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the answer shows now, it is just not there for the next visit offline.
  }
}

/**
 * {body, asOf, online}: the server's answer, or offline the copy kept from the last one; asOf is when the
 * server last vouched for it (a "not modified" vouches for the copy too). Throws when there is neither.
 */
export async function loadKept(key, path) {
  const copy = kept(key);
  try {
    const { etag, body } = await getIfChanged(path, copy && copy.etag);
    const asOf = new Date().toISOString();
    const next = body ? { etag, body, asOf } : { ...copy, asOf };
    keep(key, next);
    return { ...next, online: true };
  } catch (error) {
    if (error.status !== 0 || !copy) throw error;
    return { ...copy, online: false };
  }
}

/** The city's wards [{code, name}], the kept copy offline; [] with neither (a first visit offline). */
export function keptWards() {
  return loadKept(WARDS_KEY, '/wards').then((answer) => answer.body.items, () => []);
}
