// The collaborator's view of the outbox: how many operations wait, when the phone last reached the server,
// what needs their attention, and a button to try now.
import { subscribe, syncStatus } from './case-sync.js';
import { el } from '../core/dom.js';
import { formatDateTime, t } from '../core/i18n.js';
import { syncNow } from '../core/sync.js';

const PROBLEMS = {
  offline: () => t('sync.offline'),
  signed_out: () => t('sync.signedOut'),
  failed: () => t('sync.failed'),
};

export function syncPanel() {
  const waiting = el('p', { class: 'sync-waiting' });
  const last = el('p', { class: 'sync-last note' });
  const problem = el('p', { class: 'alert alert-info', role: 'status', hidden: true });
  // The outbox stays on the phone; a new login (same account, same PIN) lets it go out.
  const logIn = el('a', { class: 'button button-block', href: '#/login', hidden: true }, t('sync.logIn'));
  const issues = el('a', { class: 'button button-secondary button-block', href: '#/sync-issues', hidden: true });
  const button = el('button', { type: 'button', class: 'button button-block' }, t('sync.now'));
  button.addEventListener('click', () => syncNow());
  const panel = el('section', { class: 'sync-panel', 'aria-labelledby': 'sync-title' },
    el('h2', { id: 'sync-title' }, t('sync.title')), waiting, last, problem, logIn, issues, button);

  async function update() {
    const status = await syncStatus();
    waiting.textContent = t('sync.waiting', { count: status.waiting });
    waiting.dataset.count = String(status.waiting);
    last.textContent = status.lastSync ? t('sync.last', { time: formatDateTime(status.lastSync) }) : t('sync.never');
    if (status.sentRecently) last.textContent += ` ${t('sync.sentRecently', { count: status.sentRecently })}`;
    problem.textContent = status.problem && status.waiting ? PROBLEMS[status.problem]() : '';
    problem.hidden = !problem.textContent;
    logIn.hidden = status.problem !== 'signed_out';
    const troubled = status.attention + status.conflicts;
    issues.textContent = t('sync.issues', { count: troubled });
    issues.hidden = !troubled;
    button.disabled = status.syncing;
    button.textContent = status.syncing ? t('sync.running') : t('sync.now');
  }

  const unsubscribe = subscribe(() => {
    // The panel leaves with its screen; it then stops listening.
    if (!panel.isConnected) {
      unsubscribe();
      return;
    }
    update();
  });
  update();
  return panel;
}
