// Pages for residents that need no server and send nothing, one per route parameter ("#/info?page=rights"):
// short information pages, their text in the catalogues (a line each, a line beginning "- " a point of a
// list), and the self-check. Page names say nothing of violence: the browser's history keeps them.
import { yesNo } from '../core/choices.js';
import { el, replaceContent } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { call113, hotlineList, link } from './public-home.js';

const PAGES = {
  kinds: () => [t('info.kinds.title'), t('info.kinds.body')],
  rights: () => [t('info.rights.title'), t('info.rights.body')],
  plan: () => [t('info.plan.title'), t('info.plan.body')],
  online: () => [t('info.online.title'), t('info.online.body'), '#/quick-exit-info', t('info.quickExit.title')],
  after: () => [t('info.after.title'), t('info.after.body'), '#/help-request', t('public.helpRequest')],
  quickExit: () => [t('info.quickExit.title'), t('info.quickExit.body')],
};

// The self-check ("Am I at risk?") follows the common items of danger assessments (Campbell's Danger
// Assessment and its kin). Its answers live in this page's elements only: never stored, never sent (its list
// of numbers is the phone's copy: answering makes no request at all).
// Questions 2, 3, 4 and 8 (threats to kill, a weapon, strangling, fear for one's life) are the signs most tied
// to killings: one of them, or four signs of any kind, means grave danger.
const GRAVE = [2, 3, 4, 8];
const GRAVE_COUNT = 4;
const QUESTIONS = () => [t('check.q1'), t('check.q2'), t('check.q3'), t('check.q4'), t('check.q5'),
  t('check.q6'), t('check.q7'), t('check.q8')];

function result(yes) {
  const level = yes.some((number) => GRAVE.includes(number)) || yes.length >= GRAVE_COUNT ? 'high'
    : yes.length ? 'some' : 'none';
  return el('section', { class: 'stack' },
    el('h2', {}, t('check.resultTitle')),
    el('p', { class: 'alert' }, { high: t('check.high'), some: t('check.some'), none: t('check.none') }[level]),
    call113(), hotlineList(false),
    el('ul', { class: 'actions' }, link('#/help-request', t('public.helpRequest'), ''),
      link('#/info?page=plan', t('info.plan.title'))));
}

function selfCheck() {
  const outcome = el('div', { 'aria-live': 'polite' });
  const questions = QUESTIONS().map((legend, index) => yesNo({
    name: `q${index + 1}`, legend, yes: t('check.yes'), no: t('check.no'),
  }));
  // autocomplete off: the browser does not bring the answers back when the page is reopened.
  const form = el('form', { class: 'form', autocomplete: 'off', noValidate: true },
    questions.map((question) => question.wrapper),
    el('button', { type: 'submit', class: 'button button-block' }, t('check.submit')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replaceContent(outcome, result(questions.flatMap((question, index) => (question.value() ? [index + 1] : []))));
    outcome.scrollIntoView();
  });
  return [el('h1', {}, t('check.title')), el('p', { class: 'lead' }, t('check.intro')),
    el('p', { class: 'note' }, t('check.private')), form, outcome];
}

function text(name) {
  const [title, body, href, label] = (PAGES[name] || PAGES.quickExit)();
  const blocks = [el('h1', {}, title)];
  for (const line of body.split('\n')) {
    const list = blocks.at(-1);
    if (!line.startsWith('- ')) blocks.push(el('p', {}, line));
    else if (list.tagName === 'UL') list.append(el('li', {}, line.slice(2)));
    else blocks.push(el('ul', {}, el('li', {}, line.slice(2))));
  }
  return [...blocks, href && el('p', {}, el('a', { class: 'button button-secondary', href }, label)), call113()];
}

// No page named: the route "/quick-exit-info".
export function render({ params }) {
  const page = params.get('page');
  return el('div', { class: 'stack info' }, page === 'check' ? selfCheck() : text(page),
    el('p', {}, el('a', { href: '#/' }, t('login.back'))));
}
