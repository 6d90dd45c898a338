// The page a resident sees first, possibly on a phone the abuser also uses: calm words, numbers to call, the
// offices of their ward, and a way out. It draws at once from what the phone keeps, then asks the server.
import { el, replaceContent } from '../core/dom.js';
import { field, select } from '../core/forms.js';
import { currentLanguage, t } from '../core/i18n.js';
import { kept, keptWards, loadKept } from '../core/public-answers.js';

const HOTLINES_KEY = 'binhan.hotlines';
// Only until the phone first gets the city's verified lines: national lines that shared/data/hotlines.csv
// marks verified. A wrong number in an emergency is worse than none.
const BUILT_IN = () => [['113', t('hotline.police')], ['115', t('hotline.ambulance')], ['111', t('hotline.children')]]
  .map(([number, name]) => ({ number, name }));
const KINDS = () => [
  ['ward_committee', t('services.ward_committee')], ['health', t('services.health')],
  ['legal_aid', t('services.legal_aid')], ['police', t('services.police')],
  ['social_work', t('services.social_work')], ['womens_union', t('services.womens_union')],
];
const english = () => currentLanguage() === 'en';

export const call113 = () => el('a', { class: 'button button-block button-emergency', href: 'tel:113' },
  t('public.call113'));
export const link = (href, label, kind = 'button-secondary') => el('li', {},
  el('a', { class: `button button-block ${kind}`, href }, label));

// Hours and cost as the registry's sources write them: "24/7" shown, "emergency line" needs no saying.
function hotline(item) {
  const facts = item.name_vi && [/\d/.test(item.hours) && item.hours,
    /^free/.test(item.cost) ? t('hotline.free') : /^charged/.test(item.cost) && t('hotline.charged')];
  return el('li', {}, el('a', { class: 'hotline', href: `tel:${item.number}` },
    el('span', { class: 'hotline-number' }, item.number),
    el('span', { class: 'hotline-name' }, item.name || (english() ? item.name_en : item.name_vi),
      facts && el('small', {}, facts.filter(Boolean).join(' · ')))));
}

/** The verified help lines as call links: the kept list at once, then (if ask) the server's when it answers. */
export function hotlineList(ask = true) {
  const list = el('ul', { class: 'hotlines' });
  const draw = (answer) => replaceContent(list, (answer ? answer.body.items : BUILT_IN()).map(hotline));
  draw(kept(HOTLINES_KEY));
  if (ask) loadKept(HOTLINES_KEY, '/hotlines').then(draw, () => {});
  return list;
}

function service(item) {
  return el('li', { class: 'card' },
    el('h4', {}, item.name), el('p', {}, english() ? item.note_en : item.note_vi),
    el('p', { class: 'note' }, [item.address, item.hours].filter(Boolean).join(' · ')),
    item.phone && el('a', {
      class: 'button button-secondary call-line', href: `tel:${item.phone.replace(/[^\d+]/g, '')}`,
    }, t('shelter.call', { number: item.phone })));
}

async function showServices(results, ward) {
  try {
    const { body } = await loadKept(`binhan.services.${ward}`, `/services?ward=${ward}`);
    replaceContent(results, body.items.length ? KINDS().map(([kind, title]) => {
      const mine = body.items.filter((item) => item.kind === kind);
      return mine.length > 0 && el('section', { class: 'stack-tight' },
        el('h3', {}, title), el('ul', { class: 'case-list' }, mine.map(service)));
    }) : el('p', { class: 'note' }, t('services.none')));
  } catch (error) {
    replaceContent(results, el('p', { class: 'alert', role: 'alert' },
      error.status === 0 ? t('services.offline') : error.message));
  }
}

// The ward chosen is kept only in its kept answer, which the quick exit drops with the others.
function servicesFinder() {
  const results = el('div', { class: 'stack' });
  const ward = field({
    name: 'ward', label: t('services.ward'), control: select([], { emptyLabel: t('services.choose') }),
  });
  ward.input.required = false;
  keptWards().then((wards) => {
    ward.input.append(...wards.map((item) => el('option', { value: item.code }, item.name)));
    if (!wards.length) replaceContent(results, el('p', { class: 'note' }, t('services.offline')));
  });
  ward.input.addEventListener('change', () => (ward.input.value ? showServices(results, ward.input.value)
    : replaceContent(results)));
  return el('section', { class: 'stack-tight' }, el('h2', {}, t('services.title')), ward.wrapper, results);
}

export function render() {
  return el('div', { class: 'stack' },
    el('h1', {}, t('app.name')),
    el('p', { class: 'lead' }, t('public.reassurance')),
    call113(),
    el('section', { 'aria-labelledby': 'hotlines-title' },
      el('h2', { id: 'hotlines-title' }, t('public.hotlinesTitle')), hotlineList()),
    el('ul', { class: 'actions' }, link('#/help-request', t('public.helpRequest'), ''),
      link('#/find-shelter', t('public.findShelter'), ''), link('#/info?page=check', t('public.selfCheck'))),
    servicesFinder(),
    el('section', { class: 'stack-tight' }, el('h2', {}, t('public.infoTitle')),
      el('ul', { class: 'actions' }, [['kinds', t('info.kinds.title')], ['rights', t('info.rights.title')],
        ['plan', t('info.plan.title')], ['online', t('info.online.title')], ['after', t('info.after.title')]]
        .map(([page, title]) => link(`#/info?page=${page}`, title)))),
    el('ul', { class: 'actions' },
      link('#/campaigns', t('public.campaigns')), link('#/reminders', t('public.reminders'))),
    el('p', { class: 'note' }, t('public.quickExitHint'), ' ',
      el('a', { href: '#/quick-exit-info' }, t('info.quickExit.title'))),
    el('p', { class: 'staff-login' }, el('a', { href: '#/login' }, t('public.staffLogin'))));
}
