// The PIN screen: after a reload, after the idle lock, and offline when nobody can sign in. Five wrong PINs
// wipe the phone's copy of the work and end the session: the person then starts over with their password.
import { el } from '../core/dom.js';
import { alertBox, clearErrors, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { logOut, sessionEnded } from './session.js';
import { MAX_WRONG_PINS, unlock, vaultState, wipeDevice } from './vault.js';
import { logoutButton } from './logout-button.js';
import { pinField } from './pin-field.js';

async function endAfterWipe(navigate) {
  try {
    await logOut();
  } catch {
    // Offline the server session cannot be ended here; it expires on its own, and the data is gone.
  }
  sessionEnded('wiped');
  navigate('/login', { replace: true });
}

// The vault of another account (its owner's session ended without a logout) is never opened for this one;
// its owner's unsent work is lost only if this person says so.
function otherAccount(navigate) {
  const wipe = el('button', { type: 'button', class: 'button button-secondary button-block' }, t('pin.otherWipe'));
  wipe.addEventListener('click', async () => {
    if (!window.confirm(t('pin.otherConfirm'))) return;
    await wipeDevice();
    navigate('/home', { replace: true });
  });
  return el('div', { class: 'stack' },
    el('h1', {}, t('pin.unlockTitle')),
    el('p', { class: 'alert' }, t('pin.otherAccount')),
    wipe,
    logoutButton(navigate));
}

export async function render({ user, navigate, resume }) {
  const { owner } = await vaultState();
  if (user && owner !== user.id) return otherAccount(navigate);

  const pin = pinField({ name: 'pin', label: t('pin.enter') });
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('pin.unlock'));

  async function onsubmit(event) {
    event.preventDefault();
    clearErrors([pin], box);
    submit.disabled = true;
    setAlert(box, t('pin.checking'), 'info');
    const result = await unlock(pin.input.value, user);
    pin.input.value = '';
    if (result.status === 'wiped') {
      await endAfterWipe(navigate);
      return;
    }
    submit.disabled = false;
    if (result.status === 'wrong') {
      setAlert(box, null);
      pin.setError(t('pin.wrong', { remaining: result.remaining }));
      pin.input.focus();
      return;
    }
    if (result.status === 'missing') {
      navigate('/home', { replace: true });
      return;
    }
    resume();
  }

  return el('div', { class: 'stack' },
    el('h1', {}, t('pin.unlockTitle')),
    el('p', {}, t('pin.locked')),
    el('form', { class: 'form', onsubmit, noValidate: true }, box, pin.wrapper, submit),
    el('details', { class: 'forgot' },
      el('summary', {}, t('pin.forgot')),
      el('p', {}, t('pin.forgotHelp', { count: MAX_WRONG_PINS })),
      logoutButton(navigate)));
}
