// The frame around every screen: the name, the language switch and, on public screens, the quick exit.
import { el } from './dom.js';
import { LANGUAGES, currentLanguage, t } from './i18n.js';
import { quickExit } from './quick-exit.js';

// Each language is named in itself, so a person who cannot read the current one still finds theirs.
const LANGUAGE_NAMES = { vi: () => t('language.vi'), en: () => t('language.en') };

function languageSwitch(onLanguage) {
  const buttons = LANGUAGES.map((code) => el('button', {
    type: 'button',
    class: 'language-option',
    lang: code,
    'aria-pressed': String(code === currentLanguage()),
    onclick: () => onLanguage(code),
  }, LANGUAGE_NAMES[code]()));
  return el('nav', { class: 'language-switch', 'aria-label': t('language.label') }, buttons);
}

function header({ publicScreen, onLanguage }) {
  const home = publicScreen ? '#/' : '#/home';
  return el('header', { class: 'app-header' },
    el('div', { class: 'bar' },
      el('a', { class: 'brand', href: home }, t('app.name')),
      publicScreen && el('button', { type: 'button', class: 'quick-exit', onclick: quickExit }, t('quickExit.button'))),
    languageSwitch(onLanguage));
}

/** Replaces the page with a screen; its first heading receives focus so screen readers start there. */
export function showScreen(root, screen, { publicScreen, title, onLanguage, focus = true }) {
  const main = el('main', { id: 'main', tabIndex: -1 }, screen);
  root.replaceChildren(header({ publicScreen, onLanguage }), main);
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  if (focus) (main.querySelector('h1') || main).focus();
}
