// Operations the server refused, kept until the person decides: send again once the cause is fixed (the
// case was assigned back, say), or drop it. A version conflict has its own screen. Nothing here is retried
// on its own, and nothing is dropped without the person's word.
import { caseCode } from './case-store.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { formatDateTime, t } from '../core/i18n.js';
import { ATTENTION, CONFLICT, discard, retry, unsent } from './outbox.js';
import { queued } from '../core/sync.js';

const OPERATION_NAMES = {
  'case.create': () => t('issues.caseCreate'),
  'case.update': () => t('issues.caseUpdate'),
  'followup.create': () => t('issues.followUp'),
  'referral.create': () => t('issues.referral'),
};

/** Every message of an error, its per-field ones too (nested for a case's sections). */
function messages(error) {
  const found = [error.message];
  const walk = (value) => {
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(error.fields);
  return found.filter(Boolean);
}

export async function render() {
  const screen = el('div', { class: 'stack' });
  const box = alertBox();

  async function act(work) {
    setAlert(box, null);
    try {
      await work();
      await draw();
    } catch (error) {
      setAlert(box, error.message || t('error.unexpected'));
    }
  }

  function issueCard(issue) {
    const name = OPERATION_NAMES[issue.type] ? OPERATION_NAMES[issue.type]() : issue.type;
    const actions = issue.state === CONFLICT
      ? [el('a', { class: 'button', href: `#/conflict?key=${issue.key}` }, t('issues.resolve'))]
      : [
        el('button', { type: 'button', class: 'button', onclick: () => act(async () => {
          await retry(issue.key);
          queued();
        }) }, t('issues.retry')),
        el('button', { type: 'button', class: 'button button-secondary', onclick: () => {
          const question = issue.type === 'case.create' ? t('issues.discardCaseConfirm') : t('issues.discardConfirm');
          if (window.confirm(question)) act(() => discard(issue.key));
        } }, t('issues.discard')),
      ];
    return el('li', { class: 'card' },
      el('h2', {}, name, ' · ', caseCode(issue.caseId)),
      el('p', { class: 'note' }, formatDateTime(new Date(issue.createdAt).toISOString())),
      el('ul', { class: 'issue-messages' }, messages(issue.error || {}).map((text) => el('li', {}, text))),
      el('p', {}, el('a', { href: `#/case?id=${issue.caseId}` }, t('issues.openCase'))),
      el('div', { class: 'account-actions' }, actions));
  }

  async function draw() {
    const issues = (await unsent()).filter((item) => item.state === ATTENTION || item.state === CONFLICT);
    const list = el('ul', { class: 'referrals' }, issues.map(issueCard));
    if (!issues.length) list.append(el('li', { class: 'note' }, t('issues.empty')));
    replaceContent(screen,
      el('h1', {}, t('issues.title')),
      el('p', {}, t('issues.intro')),
      box, list,
      el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
  }

  await draw();
  return screen;
}
