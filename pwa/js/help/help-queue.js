// Help requests kept because the resident ticked "Gửi khi có mạng trở lại": a Queue (queue.js) in clear,
// each request under its own id, which the server takes as its idempotency key (a resend is stored once),
// sent one by one to POST /api/v1/help-requests on start and on the triggers of sync.js, then forgotten;
// the reference is shown in memory only. A request refused for what it says is said, and dropped: the
// resident has no screen to mend it, and the same request would be refused again for ever.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { Queue } from '../core/queue.js';
import { createSender } from '../core/sync.js';

// Opening the database would create it on a resident's phone that never kept anything.
const mayHoldOne = () => (indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: 'binhan' }]))
  .then((list) => list.some((db) => db.name === 'binhan'), () => false);

/**
 * The request itself: one POST. Offline, rate-limited or a server in trouble (5xx, a 503 while its database
 * is down): nothing was stored, the error is thrown and the request waits for the next trigger. Refused for
 * what it says (any other 4xx): answered as the server answers a refused operation.
 */
async function post([{ key, payload }]) {
  try {
    const answer = await api.post('/help-requests', payload);
    return { results: [{ key, status: 201, reference: answer.reference }] };
  } catch (error) {
    if (error.status === 0 || error.status === 429 || error.status >= 500) throw error;
    return { results: [{ key, status: error.status, error: { code: error.code, message: error.message } }] };
  }
}

const queue = new Queue('helpRequests', {
  keyPath: 'id',
  // The entry is the request as the form made it, with the queue's own two fields beside it.
  operation: ({ createdAt, state, ...body }) => ({ type: 'help.request', payload: body }),
  send: post,
  batchSize: 1,
  keepRefused: false,
});

export const keepRequest = (body) => queue.add(body);
export const forgetRequest = (id) => queue.remove([id]);

/** The quick exit: every kept request gone. */
export async function forgetRequests() {
  if (await mayHoldOne()) await queue.clear();
}

function tell(text) {
  const banner = el('div', { class: 'update-banner', role: 'status' }, el('span', {}, text),
    el('button', { type: 'button', class: 'button', onclick: () => banner.remove() }, t('helpForm.hide')));
  document.body.append(banner);
}

function told({ acknowledged, refused }) {
  acknowledged.forEach(({ result }) => tell(t('helpForm.sentLater', { reference: result.reference })));
  refused.forEach(({ error }) => tell(t('helpForm.keptRefused', { message: error.message })));
}

async function run() {
  if (await mayHoldOne()) await queue.replay({ afterBatch: told });
  return null;
}

/** The kept requests' way out, which app.js adds to the triggers at start. */
export const sender = createSender(run);

export const sendKept = () => sender.send();
