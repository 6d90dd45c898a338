// The PIN that locks this phone's copy of the person's work, chosen on their first login here. Nothing is
// saved on the phone before it exists.
import { el } from '../core/dom.js';
import { alertBox, clearErrors, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { createVault, isValidPin } from './vault.js';
import { logoutButton } from './logout-button.js';
import { pinField } from './pin-field.js';

// Asked once: a phone whose storage the browser may evict under pressure could lose unsent work.
async function askToKeepStorage() {
  try {
    if (navigator.storage && navigator.storage.persist) await navigator.storage.persist();
  } catch {
    // Refused: the browser keeps the data as long as it usually does.
  }
}

export function render({ user, navigate, resume }) {
  const pin = pinField({ name: 'pin', label: t('pin.new'), hint: t('pin.newHint') });
  const again = pinField({ name: 'pin_again', label: t('pin.again') });
  const fields = [pin, again];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('pin.create'));

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors(fields, box);
    if (!isValidPin(pin.input.value)) {
      pin.setError(t('pin.format'));
      pin.input.focus();
      return;
    }
    if (pin.input.value !== again.input.value) {
      again.setError(t('pin.mismatch'));
      again.input.focus();
      return;
    }
    submit.disabled = true;
    setAlert(box, t('pin.working'), 'info');
    try {
      await createVault(pin.input.value, user);
      fields.forEach((item) => { item.input.value = ''; });
      await askToKeepStorage();
      resume();
    } catch (error) {
      setAlert(box, error.message || t('error.unexpected'));
      submit.disabled = false;
    }
  }

  return el('div', { class: 'stack' },
    el('h1', {}, t('pin.setupTitle')),
    el('p', {}, t('pin.why')),
    el('p', { class: 'alert alert-info' }, t('pin.warning')),
    el('form', { class: 'form', onsubmit, noValidate: true }, box, pin.wrapper, again.wrapper, submit),
    logoutButton(navigate));
}
