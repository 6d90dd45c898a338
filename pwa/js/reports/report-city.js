// Sở Nội vụ's view of a year: which of the 103 wards have submitted, each 2030 target's city-wide value and
// how many wards meet it, and every ward at a glance, each opening on its aggregates (never a case). The
// consolidated report downloads as XLSX or CSV; plain links do, since a GET needs no CSRF token.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { indicatorsSection } from './report-figures.js';
import {
  STATUS_NAMES, cellLegend, cellText, chosenYear, dayText, stateBadge, submittedAt, wardState, yearPicker,
} from './report-terms.js';

const FILTERS = {
  all: () => t('reports.filterAll'),
  submitted: () => t('reports.stateSubmitted'),
  draft: () => t('reports.stateDraft'),
  not_started: () => t('reports.stateNotStarted'),
  late: () => t('reports.filterLate'),
};

const STATE_ORDER = ['submitted', 'draft', 'not_started', 'late'];

/** Every ward as one square coloured by its report's state, with the count of each state in words. */
function stateWaffle(overview) {
  const states = overview.wards.map((row) => wardState(row, overview.deadline));
  const counts = Object.fromEntries(STATE_ORDER.map((state) => [state, states.filter((one) => one === state).length]));
  const tiles = STATE_ORDER.flatMap((state) => Array.from({ length: counts[state] },
    () => el('span', { class: `tile tile-${state}` })));
  return el('div', { class: 'waffle-block' },
    el('div', { class: 'waffle', 'aria-hidden': 'true' }, tiles),
    el('ul', { class: 'waffle-key' }, STATE_ORDER.map((state) => el('li', { 'data-state': state },
      el('span', { class: `tile tile-${state}`, 'aria-hidden': 'true' }), ' ', stateBadge(state), ' ',
      el('strong', {}, String(counts[state]))))));
}

function summaryCard(overview) {
  const label = t('reports.submittedCount', { count: overview.submitted, total: overview.wards_total });
  return el('section', { class: 'card report-summary', 'aria-labelledby': 'summary-title' },
    el('h2', { id: 'summary-title' }, t('reports.summaryTitle')),
    el('p', { class: 'indicator-figure' }, el('span', { class: 'indicator-value' }, label)),
    stateWaffle(overview),
    el('p', {}, t('reports.lateCount', { count: overview.late })),
    el('p', { class: 'note' }, t('reports.deadline', { date: dayText(overview.deadline) })));
}

function downloads(year) {
  const file = (extension) => `/api/v1/reports/annual/${year}.${extension}`;
  return el('section', { class: 'card no-print', 'aria-labelledby': 'downloads-title' },
    el('h2', { id: 'downloads-title' }, t('reports.downloadsTitle')),
    el('p', { class: 'note' }, t('reports.downloadsIntro')),
    el('p', { class: 'row-actions' },
      el('a', { class: 'button', href: file('xlsx'), download: `binhan-bao-cao-${year}.xlsx` },
        t('reports.downloadXlsx')),
      el('a', { class: 'button button-secondary', href: file('csv'), download: `binhan-bao-cao-${year}.csv` },
        t('reports.downloadCsv'))),
    el('p', {}, el('a', { href: `#/report-print?year=${year}` }, t('reports.printable'))));
}

/** One small square per indicator, coloured by its status, with the count of met ones in words. */
function statusDots(statuses, titles) {
  const entries = Object.entries(statuses || {});
  const met = entries.filter(([, status]) => status === 'met').length;
  return el('span', { class: 'status-dots' },
    el('span', { class: 'dots', 'aria-hidden': 'true' }, entries.map(([code, status]) => el('span', {
      class: `dot indicator-${status}`,
      title: `${titles[code] || code}: ${STATUS_NAMES[status] ? STATUS_NAMES[status]() : status}`,
    }))),
    el('span', { class: 'note' }, t('reports.metCount', { count: met, total: entries.length })));
}

function wardRow(row, year, deadline, titles) {
  const state = wardState(row, deadline);
  const submission = row.submission;
  return el('li', { class: 'ward-report', 'data-ward': row.ward.code, 'data-state': state },
    el('a', { class: 'case-item', href: `#/report-ward?year=${year}&ward=${row.ward.code}` },
      el('span', { class: 'ward-report-line' },
        el('span', { class: 'ward-report-name' }, row.ward.name),
        el('span', { class: 'badges' }, stateBadge(state),
          submission && submission.late && el('span', { class: 'badge report-late' }, t('reports.lateBadge')))),
      el('span', { class: 'ward-report-line note' },
        statusDots(row.statuses, titles),
        el('span', {}, t('reports.casesCell', { count: cellText(row.cases) }))),
      submission && el('span', { class: 'note' },
        t('reports.versionLine', { version: submission.version, date: submittedAt(submission.submitted_at) }))));
}

function wardsSection(overview, year) {
  const rows = overview.wards.map((row) => ({ row, state: wardState(row, overview.deadline) }));
  const titles = Object.fromEntries(overview.indicators.map((indicator) => [indicator.code, indicator.title]));
  const items = rows.map(({ row }) => wardRow(row, year, overview.deadline, titles));
  const filter = el('select', { id: 'ward-filter' },
    Object.entries(FILTERS).map(([value, label]) => el('option', { value }, label())));
  const search = el('input', { id: 'ward-search', type: 'search', autocomplete: 'off' });
  const shown = el('p', { class: 'note', 'aria-live': 'polite' });
  // "late" gathers both: wards past the deadline with nothing submitted, and wards that submitted late.
  const matches = (row, state, wanted) => wanted === 'all' || state === wanted
    || (wanted === 'late' && Boolean(row.submission && row.submission.late));
  const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();

  function apply() {
    const words = fold(search.value.trim());
    let count = 0;
    rows.forEach(({ row, state }, index) => {
      const visible = matches(row, state, filter.value) && fold(row.ward.name).includes(words);
      items[index].hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = t('reports.wardsShown', { count, total: rows.length });
  }
  filter.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
  return el('section', { class: 'stack-tight', 'aria-labelledby': 'wards-title' },
    el('h2', { id: 'wards-title' }, t('reports.wardsTitle')),
    el('div', { class: 'filters-form form no-print' },
      el('div', { class: 'field' }, el('label', { htmlFor: 'ward-filter' }, t('reports.filter')), filter),
      el('div', { class: 'field' }, el('label', { htmlFor: 'ward-search' }, t('reports.search')), search)),
    shown,
    el('ul', { class: 'case-list ward-reports' }, items));
}

export async function render({ params, navigate }) {
  const year = chosenYear(params);
  const overview = await api.get(`/reports/overview?year=${year}`);
  return el('div', { class: 'stack report' },
    el('h1', {}, t('reports.cityTitle', { year })),
    yearPicker(year, (chosen) => `/report-city?year=${chosen}`, navigate),
    summaryCard(overview),
    downloads(year),
    indicatorsSection({ level: 'city', indicators: overview.indicators }, { wardsTotal: overview.wards_total }),
    wardsSection(overview, year),
    cellLegend(),
    el('p', { class: 'no-print' }, el('a', { href: '#/home' }, t('common.back'))));
}
