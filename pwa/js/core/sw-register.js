// Registers the service worker and offers a new version when one is waiting. A new worker never takes
// over on its own: a form half filled in must not be reloaded away, so the person chooses when.
import { el } from './dom.js';
import { t } from './i18n.js';

let reloadRequested = false;

function offerUpdate(worker) {
  if (document.querySelector('.update-banner')) return;
  const reload = () => {
    reloadRequested = true;
    worker.postMessage({ type: 'SKIP_WAITING' });
  };
  document.body.append(
    el('div', { class: 'update-banner', role: 'status' },
      el('span', {}, t('update.ready')),
      el('button', { type: 'button', class: 'button', onclick: reload }, t('update.reload'))),
  );
}

function watch(registration) {
  // A worker already waiting (installed during an earlier visit) is offered straight away.
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      // Without a controller this is the first install: nothing old to replace, nothing to offer.
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
    });
  });
}

export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  watch(registration);
  return registration;
}

/** Reloads once when the worker the person accepted takes control (not on the first install's claim). */
export function reloadOnUpdate() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!reloadRequested) return;
    reloadRequested = false;
    location.reload();
  });
}
