// Account management: a city admin sees every account, a ward officer the collaborators of their ward
// (the server decides which; this screen shows what it gets).
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { placeName, roleName } from './roles.js';
import { accountForm } from './account-form.js';

/** A temporary password is shown once, here, and never again: the server keeps only its hash. */
function secretPanel() {
  const panel = el('section', { class: 'secret', tabIndex: -1, hidden: true, 'aria-live': 'polite' });
  return {
    panel,
    show(account, password) {
      const done = el('button', { type: 'button', class: 'button button-secondary' }, t('accounts.secretDone'));
      done.addEventListener('click', () => {
        panel.replaceChildren();
        panel.hidden = true;
      });
      const value = el('p', { class: 'secret-value' }, password);
      // Machine translation of the page must never alter the characters of a password.
      value.setAttribute('translate', 'no');
      panel.replaceChildren(
        el('h2', {}, t('accounts.secretTitle', { username: account.username })),
        value,
        el('p', {}, t('accounts.secretNote')),
        done);
      panel.hidden = false;
      panel.focus();
    },
  };
}

export async function render({ user }) {
  const isAdmin = user.role === 'city_admin';
  const [listed, wards, organizations] = await Promise.all([
    api.get('/users'),
    isAdmin ? api.get('/wards') : { items: [] },
    isAdmin ? api.get('/organizations') : { items: [] },
  ]);
  const accounts = listed.items;
  const secret = secretPanel();
  const box = alertBox();
  const list = el('ul', { class: 'accounts' });

  function replaceAccount(updated) {
    const index = accounts.findIndex((item) => item.id === updated.id);
    if (index >= 0) accounts[index] = updated;
    redraw();
  }

  async function act(button, action) {
    button.disabled = true;
    setAlert(box, null);
    try {
      await action();
    } catch (error) {
      setAlert(box, error.message);
      button.disabled = false;
    }
  }

  function accountActions(account) {
    // Nobody disables or resets their own account here: that would lock them out mid-task.
    if (account.id === user.id) return null;
    const toggle = el('button', { type: 'button', class: 'button button-small button-secondary' },
      account.active ? t('accounts.disable') : t('accounts.enable'));
    toggle.addEventListener('click', () => act(toggle, async () => {
      const answer = await api.post(`/users/${account.id}/${account.active ? 'disable' : 'enable'}`);
      replaceAccount(answer.user);
    }));
    const reset = el('button', { type: 'button', class: 'button button-small button-secondary' }, t('accounts.reset'));
    reset.addEventListener('click', () => {
      if (!window.confirm(t('accounts.resetConfirm', { username: account.username }))) return;
      act(reset, async () => {
        const answer = await api.post(`/users/${account.id}/reset-password`);
        replaceAccount(answer.user);
        secret.show(answer.user, answer.temporary_password);
      });
    });
    return el('div', { class: 'account-actions' }, toggle, reset);
  }

  function accountItem(account) {
    const place = placeName(account);
    return el('li', { class: account.active ? 'account' : 'account account-inactive', 'data-username': account.username },
      el('p', { class: 'account-name' }, account.display_name),
      el('p', { class: 'account-meta' }, [account.username, roleName(account.role), place].filter(Boolean).join(' · ')),
      el('p', { class: 'account-state' }, account.active ? t('accounts.active') : t('accounts.inactive')),
      accountActions(account));
  }

  function redraw() {
    list.replaceChildren(...accounts.map(accountItem));
    if (!accounts.length) list.append(el('li', { class: 'note' }, t('accounts.empty')));
  }
  redraw();

  const form = accountForm({
    user,
    wards: wards.items,
    organizations: organizations.items,
    onCreated(created) {
      accounts.unshift(created.user);
      redraw();
      secret.show(created.user, created.temporary_password);
    },
  });

  return el('div', { class: 'stack' },
    el('h1', {}, isAdmin ? t('accounts.titleCity') : t('accounts.titleWard')),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))),
    secret.panel,
    el('section', { 'aria-labelledby': 'accounts-new' }, el('h2', { id: 'accounts-new' }, t('accounts.new')), form),
    el('section', { 'aria-labelledby': 'accounts-list' },
      el('h2', { id: 'accounts-list' }, t('accounts.list')), box, list));
}
