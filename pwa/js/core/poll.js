// Screens that show what other people change (a host's count of free beds, a new bed request) ask the server
// again every few seconds, but only while the person can see them: a phone in a pocket must not spend its
// battery and data plan on a screen nobody looks at. Coming back to the app asks at once.

/**
 * Runs refresh() every intervalMs while node is on screen and the page is visible; stops for good once node
 * has left the page. A refresh still running (slow 3G) is never overlapped by the next one. refresh() shows
 * its own errors: a failed refresh leaves the last answer on screen.
 */
export function refreshWhileVisible(node, intervalMs, refresh) {
  let busy = false;
  function stop() {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', tick);
  }
  function tick() {
    if (!node.isConnected) {
      stop();
      return;
    }
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    Promise.resolve(refresh()).finally(() => { busy = false; });
  }
  const timer = setInterval(tick, intervalMs);
  document.addEventListener('visibilitychange', tick);
}
