// Logging out ends the server session and, through Clear-Site-Data, wipes this phone's copy of it.
import { el } from '../dom.js';
import { alertBox, setAlert } from '../forms.js';
import { t } from '../i18n.js';
import { logOut } from '../session.js';

export function logoutButton(navigate) {
  const box = alertBox();
  const button = el('button', { type: 'button', class: 'button button-secondary button-block' }, t('logout.button'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    setAlert(box, null);
    try {
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
