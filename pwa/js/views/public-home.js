// The page a resident sees first, possibly on a phone the abuser also uses: calm words, numbers to call,
// and a way out. Nothing here needs the network once the shell is cached.
import { el } from '../dom.js';
import { t } from '../i18n.js';

// Only national lines marked verified in shared/data/hotlines.csv; the other lines wait for the
// verified hotline registry, because a wrong number in an emergency is worse than none.
const HOTLINES = [
  { number: '113', name: () => t('hotline.police') },
  { number: '115', name: () => t('hotline.ambulance') },
  { number: '111', name: () => t('hotline.children') },
];

function hotline({ number, name }) {
  return el('li', {},
    el('a', { class: 'hotline', href: `tel:${number}` },
      el('span', { class: 'hotline-number' }, number),
      el('span', { class: 'hotline-name' }, name())));
}

function secondary(href, label) {
  return el('li', {}, el('a', { class: 'button button-block button-secondary', href }, label));
}

export function render() {
  return el('div', { class: 'stack' },
    el('h1', {}, t('app.name')),
    el('p', { class: 'lead' }, t('public.reassurance')),
    el('section', { 'aria-labelledby': 'hotlines-title' },
      el('h2', { id: 'hotlines-title' }, t('public.hotlinesTitle')),
      el('ul', { class: 'hotlines' }, HOTLINES.map(hotline)),
      el('p', { class: 'note' }, t('public.hotlinesFree'))),
    el('p', {}, el('a', { class: 'button button-block', href: '#/find-shelter' }, t('public.findShelter'))),
    el('ul', { class: 'actions' }, secondary('#/campaigns', t('public.campaigns')),
      secondary('#/reminders', t('public.reminders'))),
    el('p', { class: 'note' }, t('public.quickExitHint')),
    el('p', {}, el('a', { class: 'button button-secondary', href: '#/login' }, t('public.staffLogin'))));
}
