// Vietnamese first: the default, and the fallback whenever the stored choice is missing or unknown.
export const LANGUAGES = ['vi', 'en'];
const DEFAULT_LANGUAGE = 'vi';
const STORAGE_KEY = 'binhan.lang';

let language = DEFAULT_LANGUAGE;
let catalogue = {};

export function currentLanguage() {
  return language;
}

// localStorage throws in some privacy modes and after storage is blocked: the app must still run.
export function storedLanguage() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Stores the choice again, e.g. after logout's Clear-Site-Data wiped localStorage. */
export function rememberLanguage() {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across reloads; the choice still holds for this page.
  }
}

/** Loads a catalogue (precached by the service worker, so this works offline) and makes it current. */
export async function setLanguage(next) {
  const wanted = LANGUAGES.includes(next) ? next : DEFAULT_LANGUAGE;
  const response = await fetch(`/i18n/${wanted}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`catalogue ${wanted}: HTTP ${response.status}`);
  catalogue = await response.json();
  language = wanted;
  document.documentElement.lang = wanted;
  rememberLanguage();
}

/** t('home.greeting', {name: 'Lan'}) fills "{name}"; an unknown key shows itself so it is noticed. */
export function t(key, params = {}) {
  const text = Object.hasOwn(catalogue, key) ? catalogue[key] : key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (Object.hasOwn(params, name) ? String(params[name]) : match));
}
