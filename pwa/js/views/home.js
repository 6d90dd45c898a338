// A staff member's start screen: who they are and the actions that exist today, nothing else.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { ACCOUNT_MANAGERS, placeName, roleName } from '../roles.js';
import { logoutButton } from './logout-button.js';

function action(href, label) {
  return el('li', {}, el('a', { class: 'button button-block', href }, label));
}

export function render({ user, navigate }) {
  const place = placeName(user);
  return el('div', { class: 'stack' },
    el('h1', {}, t('home.greeting', { name: user.display_name })),
    el('dl', { class: 'facts' },
      el('dt', {}, t('home.role')), el('dd', { class: 'role-name' }, roleName(user.role)),
      place && el('dt', {}, user.ward ? t('home.ward') : t('home.organization')),
      place && el('dd', { class: 'place-name' }, place)),
    el('ul', { class: 'actions' },
      ACCOUNT_MANAGERS.includes(user.role) && action('#/accounts', t('home.accounts')),
      action('#/password', t('home.password'))),
    logoutButton(navigate));
}
