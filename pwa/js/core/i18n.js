// Vietnamese first: the default, and the fallback whenever the stored choice is missing or unknown.
export const LANGUAGES = ['vi', 'en'];
const DEFAULT_LANGUAGE = 'vi';
const STORAGE_KEY = 'binhan.lang';
// Dates as each language writes them, day first in both (British English), with the year in full.
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };
const DATE = { day: '2-digit', month: '2-digit', year: 'numeric' };

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

/** A moment (ISO 8601) as a short date and time in the phone's time zone. */
export function formatDateTime(iso) {
  return new Intl.DateTimeFormat(LOCALES[language], { ...DATE, hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso));
}

/** A moment's time of day with seconds, for "as of" lines that change every few seconds. */
export function formatTime(iso) {
  return new Intl.DateTimeFormat(LOCALES[language], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .format(new Date(iso));
}

/** A calendar date ("2026-03-01") as the language writes dates; no time zone can move it to another day. */
export function formatDate(day) {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[language], { ...DATE, timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, month - 1, date)));
}

/** Today's calendar date where the phone is ("YYYY-MM-DD"), not in UTC: at 6 a.m. in Cần Thơ UTC is yesterday. */
export function today() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
