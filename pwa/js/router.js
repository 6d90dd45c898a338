// Hash routes only: the server answers 404 for unknown paths, and "/" is the one page the service
// worker keeps for offline use.

export function currentPath() {
  const path = location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
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
