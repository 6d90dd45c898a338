// Logging out ends the server session and wipes this phone's copy of the person's work (the outbox, the
// cached cases, a host's bed counts go with it), so work not yet sent is sent first, or given up only by the
// person's choice.
import * as bedCounts from '../shelters/availability.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { counts } from '../cases/outbox.js';
import { logOut } from './session.js';
import { syncNow } from '../core/sync.js';

async function unsentCount() {
  const { waiting, attention, conflicts } = await counts();
  return waiting + attention + conflicts + (await bedCounts.unsentCount());
}

async function mayLeave() {
  if (!(await unsentCount())) return true;
  await Promise.all([syncNow(), bedCounts.send()]);
  const left = await unsentCount();
  return !left || window.confirm(t('logout.unsentConfirm', { count: left }));
}

export function logoutButton(navigate) {
  const box = alertBox();
  const button = el('button', { type: 'button', class: 'button button-secondary button-block' }, t('logout.button'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    setAlert(box, null);
    try {
      if (!(await mayLeave())) {
        button.disabled = false;
        return;
      }
      await logOut();
      navigate('/', { replace: true });
    } catch (error) {
      // Offline the server session cannot be ended; saying so is safer than pretending it was.
      setAlert(box, error.status === 0 ? t('logout.offline') : error.message);
      button.disabled = false;
    }
  });
  return el('div', { class: 'logout' }, box, button);
}
