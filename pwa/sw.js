/* The Bình An service worker: keeps the app shell on the phone so it opens with no network.

   The server prepends two lines to this file (server/web.py): PRECACHE_VERSION, a hash of every shell
   file's content, and PRECACHE_URLS, the list of those files. Any change to any file therefore changes
   these bytes, the browser installs the new worker, and the old cache is dropped on activation. */

const CACHE_PREFIX = 'binhan-';
const SHELL_CACHE = `${CACHE_PREFIX}shell-${PRECACHE_VERSION}`;
const SHELL_URL = '/';
const PRECACHED_PATHS = new Set(PRECACHE_URLS);
// On patchy 3G a navigation can hang for a minute: after this long the cached shell is shown instead.
const NAVIGATION_TIMEOUT_MS = 4000;
// Background Sync's tag, registered by the page (js/sync.js) whenever the outbox gets a new entry.
const OUTBOX_SYNC_TAG = 'binhan-outbox';

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
