// Entry point: language first (every word on screen depends on it), then the route, then the worker.
import { hostOnPhone } from './shelters/availability.js';
import { sender as caseSender } from './cases/case-sync.js';
import { el } from './core/dom.js';
import { sendKept, sender as helpSender } from './help/help-queue.js';
import { setLanguage, storedLanguage, t } from './core/i18n.js';
import { onBlocked } from './core/idb.js';
import { showScreen } from './core/layout.js';
import { listenForShiftExit, refreshExitUrl } from './core/quick-exit.js';
import {
  ACCOUNT_MANAGERS, CAMPAIGN_MANAGERS, CASE_READERS, COVERAGE_READERS, DIRECTORY_KEEPERS, REFERRAL_RECEIVERS,
  REPORT_CONSOLIDATORS, REPORT_READERS, REPORT_WRITERS, SHELTER_FINDERS, SHELTER_HOSTS, SHELTER_REGISTRARS,
  VAULT_KEEPERS, WARD_COORDINATORS,
} from './accounts/roles.js';
import { currentLocation, currentParams, currentPath, navigate, onRouteChange } from './core/router.js';
import { currentUser, ensureSession, sessionEnded } from './accounts/session.js';
import { registerServiceWorker, reloadOnUpdate } from './core/sw-register.js';
import { sendOnTriggers, startSyncTriggers } from './core/sync.js';
import { isUnlocked, lock, onLock, unlockedProfile, vaultState, watchForIdle } from './accounts/vault.js';
import * as login from './accounts/login.js';
import * as publicHome from './help/public-home.js';

// Every screen but the public home and the login is fetched when its route first opens, not at start: a
// resident's first visit loads only what the public pages need (bench/pwa_size.py). The service worker
// precaches every file all the same, so staff screens open offline too.
const lazy = (name) => ({ render: async (context) => (await import(`./${name}.js`)).render(context) });

// access "public": anyone, with the quick exit and no title but "Bình An" (history keeps titles); "staff": a
// signed-in account (roles narrows it further).
// offline: the screen also opens without a network, for a person whose vault is on this phone ("host": for
// the shelter host whose bed counts the phone keeps); vault: the PIN screens, which only make sense while
// the vault is missing or locked. FIELD: a collaborator's screen.
const FIELD = { access: 'staff', roles: VAULT_KEEPERS, offline: true };
const ROUTES = {
  '/': { view: publicHome, access: 'public' },
  '/login': { view: login, access: 'public' },
  '/home': { view: lazy('accounts/home'), access: 'staff', offline: true, title: () => t('home.title') },
  '/accounts': { view: lazy('accounts/accounts'), access: 'staff', roles: ACCOUNT_MANAGERS, title: () => t('accounts.title') },
  '/password': { view: lazy('accounts/password'), access: 'staff', title: () => t('password.title') },
  '/pin-setup': { view: lazy('accounts/pin-setup'), ...FIELD, vault: true, title: () => t('pin.setupTitle') },
  '/unlock': { view: lazy('accounts/unlock'), ...FIELD, vault: true, title: () => t('pin.unlockTitle') },
  '/cases': { view: lazy('cases/cases'), ...FIELD, title: () => t('cases.title') },
  '/case-new': { view: lazy('cases/case-wizard'), ...FIELD, title: () => t('wizard.title') },
  '/case-edit': { view: lazy('cases/case-edit'), ...FIELD, title: () => t('edit.title') },
  '/case': { view: lazy('cases/case-detail'), ...FIELD, roles: CASE_READERS, title: () => t('case.title') },
  '/sync-issues': { view: lazy('cases/sync-issues'), ...FIELD, title: () => t('issues.title') },
  '/conflict': { view: lazy('cases/conflict'), ...FIELD, title: () => t('conflict.title') },
  '/ward-cases': { view: lazy('cases/ward-cases'), access: 'staff', roles: WARD_COORDINATORS, title: () => t('wardCases.title') },
  '/referrals': { view: lazy('cases/referrals'), access: 'staff', roles: REFERRAL_RECEIVERS, title: () => t('inbox.title') },
  '/find-shelter': { view: lazy('shelters/public-shelters'), access: 'public' },
  '/info': { view: lazy('help/info'), access: 'public' },
  '/quick-exit-info': { view: lazy('help/info'), access: 'public' },
  '/help-request': { view: lazy('help/help-request-form'), access: 'public' },
  '/help-requests': {
    view: lazy('help/help-requests'), access: 'staff', roles: WARD_COORDINATORS, title: () => t('intake.title'),
  },
  '/my-shelter': {
    view: lazy('shelters/shelter-host'), access: 'staff', roles: SHELTER_HOSTS, offline: 'host',
    title: () => t('host.title'),
  },
  '/shelters': {
    view: lazy('shelters/shelter-finder'), access: 'staff', roles: SHELTER_FINDERS,
    title: () => t('finder.title'),
  },
  '/shelter-coverage': {
    view: lazy('shelters/shelter-coverage'), access: 'staff', roles: COVERAGE_READERS,
    title: () => t('coverage.title'),
  },
  '/shelter-admin': {
    view: lazy('shelters/shelter-admin'), access: 'staff', roles: SHELTER_REGISTRARS,
    title: () => t('shelterAdmin.title'),
  },
  '/shelter-edit': {
    view: lazy('shelters/shelter-edit'), access: 'staff', roles: SHELTER_REGISTRARS,
    title: () => t('shelterAdmin.title'),
  },
  // Public so that residents can use them; a signed-in staff member sees their own events and reminders.
  '/campaigns': { view: lazy('campaigns/campaigns'), access: 'public' },
  '/reminders': { view: lazy('push/reminders'), access: 'public' },
  '/campaign-admin': {
    view: lazy('campaigns/campaign-admin'), access: 'staff', roles: CAMPAIGN_MANAGERS,
    title: () => t('campaignAdmin.title'),
  },
  '/campaign-edit': {
    view: lazy('campaigns/campaign-edit'), access: 'staff', roles: CAMPAIGN_MANAGERS,
    title: () => t('campaignAdmin.title'),
  },
  '/directory-admin': {
    view: lazy('directory/directory-admin'), access: 'staff', roles: DIRECTORY_KEEPERS,
    title: () => t('directoryAdmin.title'),
  },
  // The annual report: online only, like every screen whose figures are the server's.
  '/reports': { view: lazy('reports/reports'), access: 'staff', roles: REPORT_WRITERS, title: () => t('reports.title') },
  '/report-records': {
    view: lazy('reports/report-records'), access: 'staff', roles: REPORT_WRITERS, title: () => t('reports.recordsTitle'),
  },
  '/report-city': {
    view: lazy('reports/report-city'), access: 'staff', roles: REPORT_CONSOLIDATORS, title: () => t('reports.cityScreen'),
  },
  '/report-ward': {
    view: lazy('reports/report-ward'), access: 'staff', roles: REPORT_CONSOLIDATORS, title: () => t('reports.cityScreen'),
  },
  '/report-submission': {
    view: lazy('reports/report-submission'), access: 'staff', roles: REPORT_READERS, title: () => t('reports.title'),
  },
  '/report-print': {
    view: lazy('reports/report-print'), access: 'staff', roles: REPORT_READERS, title: () => t('reports.title'),
  },
};

const root = document.getElementById('app');
let publicScreen = true;
// Each render gets a number; a slow one that finishes after the person moved on is dropped.
let renderCount = 0;
// Where to go back to once the PIN screen is done: the screen the lock (or a reload) interrupted.
let resumeLocation = '/home';

/**
 * Where a route may not be shown to this person, the path to go to instead; otherwise null. vault is
 * {exists, unlocked} for people whose work is kept on the phone, else null.
 */
function redirectFor(path, route, user, vault) {
  const only = (wanted) => (path === wanted ? null : wanted);
  if (route.access === 'public') return path === '/login' && user ? '/home' : null;
  // Offline nobody can sign in, but the owner of the vault on this phone can unlock it and keep working.
  if (!user) return vault && vault.exists ? only('/unlock') : '/login';
  if (user.must_change_password) return only('/password');
  if (route.roles && !route.roles.includes(user.role)) return '/home';
  if (!vault) return null;
  if (!vault.exists) return only('/pin-setup');
  if (!vault.unlocked) return only('/unlock');
  return route.vault ? '/home' : null;
}

/**
 * The signed-in user; offline, on a screen that allows it, the vault owner's profile (null while locked) or
 * the shelter host whose counts the phone keeps.
 */
async function whoIsWorking(route) {
  if (route.access !== 'staff') return { user: currentUser(), online: true };
  try {
    return { user: await ensureSession(), online: true };
  } catch (error) {
    if (error.status !== 0 || !route.offline) throw error;
    if (route.offline === 'host') {
      const host = await hostOnPhone();
      if (!host) throw error;
      return { user: host, online: false };
    }
    if (!(await vaultState()).exists) throw error;
    return { user: unlockedProfile(), online: false };
  }
}

/** {exists, unlocked} for a person whose work the phone keeps; a vault of another account stays locked. */
async function vaultFor(user, online) {
  if (user ? !VAULT_KEEPERS.includes(user.role) : online) return null;
  const { exists, owner } = await vaultState();
  if (user && exists && owner !== user.id) lock();
  return { exists, unlocked: isUnlocked() };
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
    const { user, online } = await whoIsWorking(route);
    const vault = route.access === 'staff' ? await vaultFor(user, online) : null;
    if (ticket !== renderCount) return;
    const target = redirectFor(path, route, user, vault);
    if (target) {
      if (target === '/unlock' || target === '/pin-setup') resumeLocation = currentLocation();
      navigate(target, { replace: true });
      return;
    }
    const resume = () => navigate(resumeLocation, { replace: true });
    const screen = await route.view.render({ user, navigate, params: currentParams(), online, resume });
    if (ticket !== renderCount) return;
    showScreen(root, screen, { ...chrome, title: route.title && route.title() });
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

/** An idle lock hides the screen at once: whatever it showed was decrypted with the key just dropped. */
function showLockScreen() {
  if (publicScreen) return;
  resumeLocation = currentLocation();
  navigate('/unlock', { replace: true });
}

/**
 * While an upgrade of the phone's database waits for a tab still holding the old one, a calm word instead of
 * a screen that seems to hang; it goes once the database opens.
 */
function showBlocked(blocked) {
  const shown = document.querySelector('.storage-blocked');
  if (!blocked) {
    if (shown) shown.remove();
  } else if (!shown) {
    document.body.append(el('div', { class: 'storage-blocked', role: 'status' }, el('span', {}, t('update.blocked'))));
  }
}

async function start() {
  await setLanguage(storedLanguage());
  listenForShiftExit(() => publicScreen);
  watchForIdle();
  onLock(showLockScreen);
  onBlocked(showBlocked);
  startSyncTriggers();
  sendOnTriggers(caseSender);
  sendOnTriggers(helpSender);
  onRouteChange((path) => render(path));
  reloadOnUpdate();
  await render(currentPath());
  // Offline these fail; the cached exit address and the installed worker keep serving.
  refreshExitUrl().catch(() => {});
  registerServiceWorker().catch(() => {});
  sendKept();
}

start();
