// Who is signed in, as the server last said. Nothing here is written to storage: a shared phone must
// not keep a staff member's identity after the session ends.
import { api, setCsrfToken } from '../core/api.js';
import { rememberLanguage } from '../core/i18n.js';
import { refreshExitUrl } from '../core/quick-exit.js';
import { registerServiceWorker } from '../core/sw-register.js';
import { wipeDevice } from './vault.js';

let user = null;
let pending = null;
// Why the last session ended, for the login screen to say once ("wiped" after too many wrong PINs).
let notice = null;

export function currentUser() {
  return user;
}

/** Takes {user, csrf_token} from login, me or a password change. */
export function accept(body) {
  user = body.user;
  setCsrfToken(body.csrf_token);
  return user;
}

function forget() {
  user = null;
  pending = null;
  setCsrfToken(null);
}

/** The signed-in user, asking the server once per page load; null when nobody is signed in. */
export function ensureSession() {
  if (user) return Promise.resolve(user);
  if (!pending) {
    pending = api.get('/auth/me').then(accept, (error) => {
      pending = null;
      if (error.status === 401) return null;
      throw error;
    });
  }
  return pending;
}

/** Called when the server says the session is gone (expired, revoked elsewhere), or the phone was wiped. */
export function sessionEnded(reason = null) {
  forget();
  notice = reason;
}

export function takeNotice() {
  const reason = notice;
  notice = null;
  return reason;
}

export async function logOut() {
  // The phone's copy of the person's work goes first: the server's Clear-Site-Data does the same, but not
  // every browser honours it, and an offline logout never gets that answer at all.
  await wipeDevice();
  // Reminders chosen while signed in are this staff member's, work reminders included: they stop with the
  // session, also where a browser ignores Clear-Site-Data and would keep the subscription. Best effort: a
  // subscription the server still holds ends at the push service's 410 anyway.
  await import('../push/push.js').then((push) => push.unsubscribe()).catch(() => {});
  try {
    await api.post('/auth/logout');
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  forget();
  // The response's Clear-Site-Data ("cookies", "storage") also wiped localStorage and unregistered the
  // service worker: put back what is not personal, the language and the offline shell.
  rememberLanguage();
  await Promise.allSettled([registerServiceWorker(), refreshExitUrl()]);
}
