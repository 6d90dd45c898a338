// Entry point: language first (every word on screen depends on it), then the route, then the worker.
import { el } from './dom.js';
import { setLanguage, storedLanguage, t } from './i18n.js';
import { showScreen } from './layout.js';
import { listenForShiftExit, refreshExitUrl } from './quick-exit.js';
import { ACCOUNT_MANAGERS } from './roles.js';
import { currentPath, navigate, onRouteChange } from './router.js';
import { currentUser, ensureSession, sessionEnded } from './session.js';
import { registerServiceWorker, reloadOnUpdate } from './sw-register.js';
import * as accounts from './views/accounts.js';
import * as home from './views/home.js';
import * as login from './views/login.js';
import * as password from './views/password.js';
import * as publicHome from './views/public-home.js';

// access "public": anyone, with the quick exit; "staff": a signed-in account (roles narrows it further).
const ROUTES = {
  '/': { view: publicHome, access: 'public', title: () => null },
  '/login': { view: login, access: 'public', title: () => t('login.title') },
  '/home': { view: home, access: 'staff', title: () => t('home.title') },
  '/accounts': { view: accounts, access: 'staff', roles: ACCOUNT_MANAGERS, title: () => t('accounts.title') },
  '/password': { view: password, access: 'staff', title: () => t('password.title') },
};

const root = document.getElementById('app');
let publicScreen = true;
// Each render gets a number; a slow one that finishes after the person moved on is dropped.
let renderCount = 0;

/** Where a route may not be shown to this person, the path to go to instead; otherwise null. */
function redirectFor(path, route, user) {
  if (route.access === 'public') return path === '/login' && user ? '/home' : null;
  if (!user) return '/login';
  if (user.must_change_password && path !== '/password') return '/password';
  if (route.roles && !route.roles.includes(user.role)) return '/home';
  return null;
}

function errorScreen(error, retry) {
  const message = error.status === 0 ? t('error.offlineStaff') : error.message || t('error.unexpected');
  return el('div', { class: 'stack' },
    el('h1', {}, t('error.title')),
    el('p', { class: 'alert alert-error', role: 'alert' }, message),
    el('button', { type: 'button', class: 'button', onclick: retry }, t('error.retry')));
}

async function render(path, { focus = true } = {}) {
  const ticket = ++renderCount;
  const route = ROUTES[path];
  if (!route) {
    navigate('/', { replace: true });
    return;
  }
  publicScreen = route.access === 'public';
  const chrome = { onLanguage: changeLanguage, focus, publicScreen };
  try {
    // Public screens never ask who is signed in: a resident's visit causes no session lookup at all.
    const user = route.access === 'staff' ? await ensureSession() : currentUser();
    if (ticket !== renderCount) return;
    const target = redirectFor(path, route, user);
    if (target) {
      navigate(target, { replace: true });
      return;
    }
    const screen = await route.view.render({ user, navigate });
    if (ticket !== renderCount) return;
    showScreen(root, screen, { ...chrome, title: route.title() });
  } catch (error) {
    if (ticket !== renderCount) return;
    if (error.status === 401) {
      // The session ended on the server (expired, disabled, password changed elsewhere).
      sessionEnded();
      navigate('/login', { replace: true });
      return;
    }
    showScreen(root, errorScreen(error, () => render(path)), { ...chrome, title: t('error.title') });
  }
}

async function changeLanguage(language) {
  await setLanguage(language);
  await render(currentPath(), { focus: false });
}

async function start() {
  await setLanguage(storedLanguage());
  listenForShiftExit(() => publicScreen);
  onRouteChange((path) => render(path));
  reloadOnUpdate();
  await render(currentPath());
  // Offline these fail; the cached exit address and the installed worker keep serving.
  refreshExitUrl().catch(() => {});
  registerServiceWorker().catch(() => {});
}

start();
