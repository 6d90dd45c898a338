/* The Bình An service worker: keeps the app shell on the phone so it opens with no network, and shows
   the reminders the server pushes (discreet unless the person chose otherwise).

   The server prepends two lines to this file (server/web.py): PRECACHE_VERSION, a hash of every shell
   file's content, and PRECACHE_URLS, the list of those files. Any change to any file therefore changes
   these bytes, the browser installs the new worker, and the old cache is dropped on activation. */

const CACHE_PREFIX = 'binhan-';
const SHELL_CACHE = `${CACHE_PREFIX}shell-${PRECACHE_VERSION}`;
const SHELL_URL = '/';
const PRECACHED_PATHS = new Set(PRECACHE_URLS);
// On patchy 3G a navigation can hang for a minute: after this long the cached shell is shown instead.
const NAVIGATION_TIMEOUT_MS = 4000;
// Background Sync's tag, registered by the page (js/core/sync.js) whenever the outbox gets a new entry.
const OUTBOX_SYNC_TAG = 'binhan-outbox';
// What a reminder says when its message is missing or unreadable: the same discreet words the server sends
// by default, since a lock screen may be seen by the person a survivor fears. Written here, not taken from
// a catalogue: the worker must show something at once, and Vietnamese is what most phones here read.
const DISCREET_REMINDER = { title: 'Bạn có một nhắc nhở mới', body: 'Mở Bình An để xem.' };
const REMINDER_TAG = 'binhan-reminder';
const NOTIFICATION_ICON = '/icons/icon-192.png';
const PUSH_SUBSCRIPTIONS_URL = '/api/v1/push/subscriptions';
const VAPID_KEY_URL = '/api/v1/push/vapid-public-key';

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOldCaches().then(() => self.clients.claim()));
});

// The page sends this when the person accepts "new version ready"; never automatically, so that a
// half-filled form is not reloaded away.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') event.waitUntil(self.skipWaiting());
});

// The outbox is encrypted with a key that lives only in an open page, so this worker cannot send it: when
// the network returns it asks the open pages to. (A shelter host's bed counts are kept in clear, but sending
// them needs the CSRF token, which also lives only in the page.) With no page open nothing is lost; the app
// sends the outbox when it is next unlocked, and a host's counts when the app is next opened.
self.addEventListener('sync', (event) => {
  if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(askPagesToSync());
});

// Chromium and Firefox require every push to show a notification (userVisibleOnly), so one is always shown,
// even for a message that cannot be read.
self.addEventListener('push', (event) => {
  const { title, body, url, tag } = reminderOf(event.data);
  event.waitUntil(self.registration.showNotification(title, {
    body, tag, data: { url }, icon: NOTIFICATION_ICON,
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openApp(notificationTarget(event.notification.data, self.location.origin)));
});

// The push service replaced this phone's subscription (expiry, a browser's own rotation), with no page
// open. The worker has no CSRF token (that lives in the page only), so it sends no session at all
// (credentials: 'omit') and names the old endpoint: the server moves the old subscription's choices, work
// reminders included, to the new one.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API is left to the browser untouched: staff data is no-store and must never reach Cache
  // Storage, and logout's Clear-Site-Data header is honoured only on the page's own request.
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
  } else if (PRECACHED_PATHS.has(url.pathname)) {
    event.respondWith(cacheFirst(request, url.pathname));
  }
  // Anything else goes to the network as if there were no worker.
});

async function askPagesToSync() {
  const pages = await self.clients.matchAll({ type: 'window' });
  pages.forEach((page) => page.postMessage({ type: 'OUTBOX_SYNC' }));
}

async function precache() {
  const cache = await caches.open(SHELL_CACHE);
  // 'reload' skips the HTTP cache, so an old copy of a file can never be stored under the new version.
  await cache.addAll(PRECACHE_URLS.map((url) => new Request(url, { cache: 'reload' })));
}

async function dropOldCaches() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name)),
  );
}

function timeout(ms) {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('navigation timeout')), ms);
  });
}

// Navigations: the network when it answers in time (a fresh index.html), else the cached shell, whose
// hash router then shows the screen that was asked for.
async function networkFirstShell(request) {
  const network = fetch(request);
  try {
    return await Promise.race([network, timeout(NAVIGATION_TIMEOUT_MS)]);
  } catch {
    const cached = await caches.match(SHELL_URL, { cacheName: SHELL_CACHE });
    if (cached) {
      network.catch(() => {});
      return cached;
    }
    return network;
  }
}

// Shell files: the cached copy belongs to this worker's version, so it is always the right one.
async function cacheFirst(request, path) {
  const cached = await caches.match(path, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

/** {title, body, url, tag} from a push message's JSON; the discreet wording for anything else. */
function reminderOf(data) {
  let message = null;
  try {
    message = data ? data.json() : null;
  } catch {
    message = null;
  }
  const text = (value) => typeof value === 'string' && value.trim() !== '';
  if (!message || typeof message !== 'object' || !text(message.title)) {
    return { ...DISCREET_REMINDER, url: '/', tag: REMINDER_TAG };
  }
  return {
    title: message.title,
    body: text(message.body) ? message.body : '',
    url: typeof message.url === 'string' ? message.url : '/',
    tag: text(message.tag) ? message.tag : REMINDER_TAG,
  };
}

/**
 * The absolute address a tapped notification opens: the message's path on this origin, or the app's root
 * for anything else (another origin, "javascript:", "//host", nothing at all). A push message is not trusted
 * to send the person anywhere but this app.
 *
 * This file is a classic script (the server prepends the precache list to it, and a module worker would
 * leave out browsers still in use here), so the browser tests call this function inside the installed
 * worker itself, through Playwright's handle on the service worker, rather than a copy of it.
 */
function notificationTarget(data, origin) {
  const root = `${origin}/`;
  const path = data && data.url;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return root;
  try {
    const target = new URL(path, root);
    return target.origin === origin ? target.href : root;
  } catch {
    return root;
  }
}

// An open window of the app is reused (focused, then sent to the target) rather than a second one opened.
async function openApp(target) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (open) {
    try {
      const focused = await open.focus();
      // navigate() is refused for a window this worker does not control (one opened before it installed).
      if (await focused.navigate(target)) return;
    } catch {
      // Fall through to a new window.
    }
  }
  await self.clients.openWindow(target);
}

// The key as the server gives it: subscribe() takes the base64url text as well as bytes.
async function serverKey() {
  const response = await fetch(VAPID_KEY_URL, { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new Error(`VAPID key: HTTP ${response.status}`);
  return (await response.json()).public_key;
}

async function renewSubscription(oldSubscription, newSubscription) {
  const subscription = newSubscription || await self.registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: (oldSubscription && oldSubscription.options.applicationServerKey) || await serverKey(),
  });
  const { endpoint, keys } = subscription.toJSON();
  // Without the old endpoint (some browsers give none) the server keeps the new one with its defaults.
  const body = oldSubscription ? { endpoint, keys, old_endpoint: oldSubscription.endpoint } : { endpoint, keys };
  const response = await fetch(PUSH_SUBSCRIPTIONS_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    credentials: 'omit',
    cache: 'no-store',
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`subscription renewal: HTTP ${response.status}`);
}
