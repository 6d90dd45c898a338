// Hash routes only: the server answers 404 for unknown paths, and "/" is the one page the service
// worker keeps for offline use.

/** The whole route, parameters included: "/case?id=…". */
export function currentLocation() {
  const path = location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

/** The route without its parameters: "/case". */
export function currentPath() {
  return currentLocation().split('?')[0];
}

/** The route's parameters ("/case?id=…"), as URLSearchParams. */
export function currentParams() {
  const [, query = ''] = currentLocation().split('?');
  return new URLSearchParams(query);
}

/** navigate('/home'); with {replace: true} the current history entry is reused (redirects). */
export function navigate(path, { replace = false } = {}) {
  if (replace) {
    location.replace(`#${path}`);
  } else {
    location.hash = path;
  }
}

export function onRouteChange(callback) {
  window.addEventListener('hashchange', () => callback(currentPath()));
}
