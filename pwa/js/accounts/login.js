// Staff sign-in. The server's message is shown as it comes: it is deliberately the same for an unknown
// name and a wrong password, and already in the chosen language.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { accept, takeNotice } from './session.js';

export function render({ navigate }) {
  const username = field({ name: 'username', label: t('login.username'), autocomplete: 'username' });
  const password = field({
    name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password',
  });
  const fields = [username, password];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('login.submit'));

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    submit.disabled = true;
    try {
      const user = accept(await api.post('/auth/login', {
        username: username.input.value.trim(),
        password: password.input.value,
      }));
      navigate(user.must_change_password ? '/password' : '/home', { replace: true });
    } catch (error) {
      password.input.value = '';
      showError(error, fields, box);
      if (!error.fields || !Object.keys(error.fields).length) password.input.focus();
    } finally {
      submit.disabled = false;
    }
  }

  // Said once, after the phone was wiped for too many wrong PINs: the person must know why they are here.
  const wiped = takeNotice() === 'wiped';
  return el('div', { class: 'stack' },
    el('h1', {}, t('login.title')),
    wiped && el('p', { class: 'alert', role: 'alert' }, t('login.wiped')),
    el('form', { class: 'form', onsubmit, noValidate: true }, box, username.wrapper, password.wrapper, submit),
    el('p', {}, el('a', { href: '#/' }, t('login.back'))));
}
