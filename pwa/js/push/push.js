// The one place that talks to the browser's PushManager. Permission is asked for only from subscribe(),
// which the reminders screen calls from a tap and nowhere else: a prompt that appears on its own is
// refused by most people, and Chromium then stops asking altogether.
import { request } from '../core/api.js';
import { currentLanguage } from '../core/i18n.js';

const CHOICES_KEY = 'binhan.reminders';
// What a first subscription asks for: campaign days only, and the lock screen says nothing but
// "Bạn có một nhắc nhở mới". A phone may be shared with the person the survivor fears.
export const DEFAULT_CHOICES = { topics: ['campaigns'], discreet: true, wardCode: null };

/** Why reminders could not be turned on: 'denied' (notifications refused) or 'unsupported'. */
export class PushRefused extends Error {
  constructor(reason) {
    super(`reminders not possible: ${reason}`);
    this.name = 'PushRefused';
    this.reason = reason;
  }
}

/** Whether this browser can receive reminders at all (not iOS Safari outside an installed app, say). */
export function pushSupport() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** 'granted', 'denied' or 'default' (never asked); 'denied' also when the browser has no notifications. */
export function permission() {
  return pushSupport() ? Notification.permission : 'denied';
}

/** The browser's subscription for this app, or null (also when the worker is not installed yet). */
export async function currentSubscription() {
  if (!pushSupport()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

/** {topics, discreet, wardCode} last sent from this phone, or null. */
export function savedChoices() {
  try {
    return JSON.parse(localStorage.getItem(CHOICES_KEY));
  } catch {
    return null;
  }
}

function saveChoices(choices) {
  try {
    if (choices) localStorage.setItem(CHOICES_KEY, JSON.stringify(choices));
    else localStorage.removeItem(CHOICES_KEY);
  } catch {
    // Not remembered: the screen then shows the defaults, while the server keeps what was sent.
  }
}

/** The base64url text of the server's key (RFC 7515, no padding) as the bytes PushManager wants. */
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) => char.charCodeAt(0));
}

function sameKey(buffer, bytes) {
  if (!buffer) return false;
  const held = new Uint8Array(buffer);
  return held.length === bytes.length && held.every((byte, index) => byte === bytes[index]);
}

/** The browser's subscription under the server's current key; an old one under another key is replaced. */
async function browserSubscription(registration) {
  const { public_key: publicKey } = await request('GET', '/push/vapid-public-key');
  const key = keyBytes(publicKey);
  const existing = await registration.pushManager.getSubscription();
  if (existing && sameKey(existing.options.applicationServerKey, key)) return existing;
  // A subscription made under another key (the city replaced its key) can no longer be delivered to.
  if (existing) await existing.unsubscribe();
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

/**
 * Asks for permission (from a tap only), subscribes, and tells the server what to send to this phone.
 * Sending again with other choices replaces them on the server. Throws PushRefused when the person (or
 * an earlier choice of theirs) refuses notifications, or when the browser keeps no service worker for us
 * (Firefox's private windows, say).
 */
export async function subscribe({ topics, discreet, wardCode }) {
  if ((await Notification.requestPermission()) !== 'granted') throw new PushRefused('denied');
  // ready would wait for ever on a browser that refused to register the worker.
  if (!(await navigator.serviceWorker.getRegistration('/'))) throw new PushRefused('unsupported');
  const registration = await navigator.serviceWorker.ready;
  const subscription = await browserSubscription(registration);
  const { endpoint, keys } = subscription.toJSON();
  await request('POST', '/push/subscriptions', {
    endpoint, keys, topics, language: currentLanguage(), ward_code: wardCode || null, discreet,
  });
  saveChoices({ topics, discreet, wardCode: wardCode || null });
}

/**
 * Stops reminders on this phone. The browser's subscription goes whatever the server says: only that stops
 * notifications here, and a server that missed the DELETE (offline, say) learns it from the push service
 * at its next send and drops the subscription then.
 */
export async function unsubscribe() {
  const subscription = await currentSubscription();
  saveChoices(null);
  if (!subscription) return;
  try {
    await request('DELETE', '/push/subscriptions', { endpoint: subscription.endpoint });
  } catch (error) {
    if (error.status !== 0) throw error;
  } finally {
    await subscription.unsubscribe();
  }
}
