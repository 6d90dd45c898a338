// Every case of the ward, from the server: a ward officer works online and the phone keeps none of it.
import { api } from '../core/api.js';
import { STATUSES } from './case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { caseItem, caseList } from './case-list.js';

const PER_PAGE = 50;
const FILTERS = [['', () => t('wardCases.all')], ...Object.entries(STATUSES)];

function filterBar(status) {
  return el('nav', { class: 'filters', 'aria-label': t('wardCases.filter') },
    FILTERS.map(([code, label]) => el('a', {
      class: 'button button-small button-secondary',
      href: code ? `#/ward-cases?status=${code}` : '#/ward-cases',
      'aria-current': code === status ? 'page' : false,
    }, label())));
}

export async function render({ params }) {
  const status = Object.hasOwn(STATUSES, params.get('status')) ? params.get('status') : '';
  const query = (page) => `/cases?page=${page}&per_page=${PER_PAGE}${status ? `&status=${status}` : ''}`;
  const first = await api.get(query(1));
  const list = caseList(first.items, t('wardCases.empty'));
  const box = alertBox();
  let page = 1;
  let shown = first.items.length;
  const more = el('button', {
    type: 'button', class: 'button button-secondary button-block', hidden: shown >= first.total,
  }, t('wardCases.more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    setAlert(box, null);
    try {
      const next = await api.get(query(page + 1));
      page += 1;
      shown += next.items.length;
      list.append(...next.items.map(caseItem));
      more.hidden = shown >= next.total || !next.items.length;
    } catch (error) {
      setAlert(box, error.message);
    } finally {
      more.disabled = false;
    }
  });
  return el('div', { class: 'stack' },
    el('h1', {}, t('wardCases.title')),
    filterBar(status),
    el('p', { class: 'note' }, t('wardCases.total', { count: first.total })),
    list, box, more,
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
