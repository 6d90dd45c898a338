// The city's campaign calendar, for the city admin who keeps it: each campaign with a way to correct it, a
// way to add one, and what the reminders are doing: the sends planned next, and how the last ones went.
// Archived campaigns stay listed (marked), so one can be brought back.
import { api } from '../core/api.js';
import { cityTime, dateRange, fullDate, localText, offsetText } from './campaign-terms.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { roleName } from '../accounts/roles.js';

function audienceText(item) {
  const who = [item.audience_residents && t('campaignAdmin.residents'), ...item.audience_roles.map(roleName)];
  return who.filter(Boolean).join(', ') || t('campaignAdmin.nobody');
}

function campaignItem(item) {
  return el('li', { class: 'card', 'data-campaign': item.id },
    el('h3', {}, localText(item, 'title')),
    el('p', {}, dateRange(item.starts_on, item.ends_on), item.yearly && ` · ${t('campaignAdmin.yearly')}`),
    el('p', { class: 'note' }, t('campaignAdmin.audience', { who: audienceText(item) })),
    item.active ? null : el('p', { class: 'note' }, t('campaignAdmin.archived')),
    el('a', { class: 'button button-small button-secondary', href: `#/campaign-edit?id=${item.id}` },
      t('campaignAdmin.edit')));
}

function upcomingSend(item) {
  return el('li', { class: 'send', 'data-campaign': item.campaign_id },
    el('span', { class: 'send-time' }, cityTime(item.send_at)), ' · ',
    el('span', {}, localText(item, 'title')), ' ',
    el('span', { class: 'note' }, t('campaignAdmin.sendFor', {
      offset: offsetText(item.offset_days), date: fullDate(item.starts_on),
    })),
    // The server counts the subscriptions the campaign's audience reaches today; it may change by then.
    typeof item.recipients === 'number'
      && el('span', { class: 'note' }, ` · ${t('campaignAdmin.reach', { count: item.recipients })}`));
}

function recentSend(item) {
  return el('li', { class: 'send', 'data-reminder': item.reminder_id },
    el('span', { class: 'send-time' }, cityTime(item.due_at)), ' · ',
    el('span', {}, localText(item, 'title')),
    el('p', { class: 'send-counts' }, t('campaignAdmin.counts', {
      sent: item.sent, pending: item.pending, failed: item.failed, gone: item.gone,
    })));
}

function sendsPanel({ upcoming, recent }) {
  return el('section', { class: 'stack-tight', 'aria-labelledby': 'campaign-sends' },
    el('h2', { id: 'campaign-sends' }, t('campaignAdmin.sends')),
    el('h3', {}, t('campaignAdmin.upcoming')),
    upcoming.length
      ? el('ul', { class: 'sends sends-upcoming' }, upcoming.map(upcomingSend))
      : el('p', { class: 'note' }, t('campaignAdmin.noUpcoming')),
    el('h3', {}, t('campaignAdmin.recent')),
    recent.length
      ? el('ul', { class: 'sends sends-recent' }, recent.map(recentSend))
      : el('p', { class: 'note' }, t('campaignAdmin.noRecent')),
    el('p', { class: 'note' }, t('campaignAdmin.timeZone')));
}

export async function render() {
  const [{ items }, sends] = await Promise.all([api.get('/campaigns'), api.get('/campaigns/sends')]);
  return el('div', { class: 'stack' },
    el('h1', {}, t('campaignAdmin.title')),
    el('p', {}, el('a', { class: 'button button-block', href: '#/campaign-edit' }, t('campaignAdmin.add'))),
    items.length
      ? el('ul', { class: 'campaigns' }, items.map(campaignItem))
      : el('p', { class: 'note' }, t('campaignAdmin.empty')),
    sendsPanel(sends),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
