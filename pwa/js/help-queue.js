// Help requests kept because the resident ticked "Gửi khi có mạng trở lại": sent on start and on the sync
// triggers with the phone's id (a resend is stored once), then forgotten; the reference shown in memory only.
import { api } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { readAll, remove, transact, write } from './idb.js';

const STORE = 'helpRequests';
let sending = null;

// Opening the database would create it on a resident's phone that never kept anything.
const mayHoldOne = () => (indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: 'binhan' }]))
  .then((list) => list.some((db) => db.name === 'binhan'), () => false);

export const keepRequest = (body) => write(STORE, body);
export const forgetRequest = (id) => remove(STORE, id);

/** The quick exit: every kept request gone. */
export async function forgetRequests() {
  if (await mayHoldOne()) await transact([STORE], 'readwrite', (stores) => { stores[STORE].clear(); });
}

function tell(text) {
  const banner = el('div', { class: 'update-banner', role: 'status' }, el('span', {}, text),
    el('button', { type: 'button', class: 'button', onclick: () => banner.remove() }, t('helpForm.hide')));
  document.body.append(banner);
}

async function sendAll() {
  if (!(await mayHoldOne())) return;
  for (const body of await readAll(STORE)) {
    try {
      const answer = await api.post('/help-requests', body);
      tell(t('helpForm.sentLater', { reference: answer.reference }));
    } catch (error) {
      // Offline, rate-limited or a server in trouble (5xx, a 503 while its database is down): nothing was
      // stored, and it waits for the next trigger. Refused for what it says (4xx): said, and dropped, since
      // the same request would be refused again for ever.
      if (error.status === 0 || error.status === 429 || error.status >= 500) return;
      tell(t('helpForm.keptRefused', { message: error.message }));
    }
    await forgetRequest(body.id);
  }
}

export function sendKept() {
  sending = sending || sendAll().catch(() => {}).finally(() => { sending = null; });
  return sending;
}
