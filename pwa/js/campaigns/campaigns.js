// The days ahead that the city marks (the Action Month against gender-based violence, Family Day…), for
// residents and staff alike. The last list is kept on the phone like the shelter list: it is what the
// city publishes, nothing about the person, and it still shows with no network, dated.
import { dateRange, localText } from './campaign-terms.js';
import { el } from '../core/dom.js';
import { formatDateTime, t } from '../core/i18n.js';
import { loadKept } from '../core/public-answers.js';

const CAMPAIGNS_KEY = 'binhan.campaigns';

function eventCard(item) {
  const message = localText(item, 'message');
  return el('li', { class: 'card', 'data-event': item.id, 'data-campaign': item.campaign_id },
    el('p', { class: 'campaign-dates' }, dateRange(item.starts_on, item.ends_on)),
    el('h2', { class: 'campaign-title' }, localText(item, 'title')),
    message && el('p', {}, message));
}

export async function render({ user }) {
  const back = el('p', {}, el('a', { href: user ? '#/home' : '#/' }, t('common.back')));
  let answer;
  try {
    answer = await loadKept(CAMPAIGNS_KEY, '/campaigns/upcoming');
  } catch (error) {
    if (error.status !== 0) throw error;
    return el('div', { class: 'stack' },
      el('h1', {}, t('campaigns.title')),
      el('p', { class: 'alert', role: 'alert' }, t('campaigns.offline')),
      back);
  }
  const { items } = answer.body;
  return el('div', { class: 'stack' },
    el('h1', {}, t('campaigns.title')),
    el('p', { class: 'lead' }, t('campaigns.intro')),
    el('p', { class: answer.online ? 'note' : 'alert alert-info', role: 'status' },
      t('campaigns.asOf', { time: formatDateTime(answer.asOf) }),
      !answer.online && ` ${t('campaigns.notUpdated')}`),
    items.length
      ? el('ul', { class: 'campaigns' }, items.map(eventCard))
      : el('p', { class: 'note' }, t('campaigns.empty')),
    el('p', {}, el('a', { class: 'button button-secondary', href: '#/reminders' }, t('campaigns.getReminders'))),
    back);
}
