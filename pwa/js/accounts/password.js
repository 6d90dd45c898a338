// Changing one's password. The server ends every other session and answers with a new CSRF token for
// this one, which replaces the old token in memory.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { accept } from './session.js';
import { logoutButton } from './logout-button.js';

export function render({ user, navigate }) {
  const current = field({
    name: 'current_password', label: t('password.current'), type: 'password', autocomplete: 'current-password',
  });
  const fresh = field({
    name: 'new_password', label: t('password.new'), type: 'password', autocomplete: 'new-password',
    hint: t('password.hint'),
  });
  const confirm = field({
    name: 'confirm_password', label: t('password.confirm'), type: 'password', autocomplete: 'new-password',
  });
  const fields = [current, fresh, confirm];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('password.submit'));

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    if (fresh.input.value !== confirm.input.value) {
      confirm.setError(t('password.mismatch'));
      confirm.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      accept(await api.post('/auth/password', {
        current_password: current.input.value,
        new_password: fresh.input.value,
      }));
      fields.forEach((item) => { item.input.value = ''; });
      navigate('/home', { replace: true });
    } catch (error) {
      showError(error, fields, box);
    } finally {
      submit.disabled = false;
    }
  }

  return el('div', { class: 'stack' },
    el('h1', {}, t('password.title')),
    user.must_change_password && el('p', { class: 'alert alert-info' }, t('password.mustChange')),
    el('form', { class: 'form', onsubmit, noValidate: true },
      box, current.wrapper, fresh.wrapper, confirm.wrapper, submit),
    !user.must_change_password && el('p', {}, el('a', { href: '#/home' }, t('common.back'))),
    user.must_change_password && logoutButton(navigate));
}
