// The report on paper: the city's consolidated year for Sở Nội vụ (every ward's state in one table), or one
// ward's year. Tables rather than cards, so that it fits A4; the header, the buttons and the links do not
// print (reports.css, @media print).
import { api } from '../core/api.js';
import { cityTime } from '../campaigns/campaign-terms.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { goalText, statisticsSection, valueText } from './report-figures.js';
import {
  STATUS_NAMES, cellLegend, cellText, chosenYear, dayText, submittedAt, wardState,
} from './report-terms.js';

const WARD_CODE = /^\d{5}$/;
const STATE_WORDS = {
  not_started: () => t('reports.stateNotStarted'),
  draft: () => t('reports.stateDraft'),
  submitted: () => t('reports.stateSubmitted'),
  late: () => t('reports.stateLate'),
};

const head = (...labels) => el('thead', {}, el('tr', {},
  labels.filter(Boolean).map((label) => el('th', { scope: 'col' }, label))));

function indicatorTable(indicators, level, wardsTotal) {
  const city = level === 'city';
  return el('div', { class: 'table-scroll' }, el('table', { class: 'figures-table print-indicators' },
    el('caption', {}, t('reports.indicatorsTitle')),
    head(t('reports.targetColumn'), t('reports.indicatorColumn'), t('reports.resultColumn'),
      t('reports.goalColumn'), t('reports.assessmentColumn'), city && t('reports.wardsMeetingColumn')),
    el('tbody', {}, indicators.map((indicator) => el('tr', { 'data-indicator': indicator.code },
      el('td', {}, indicator.target),
      el('th', { scope: 'row' }, indicator.title),
      el('td', {}, valueText(indicator, level)),
      el('td', {}, goalText(indicator, level)),
      el('td', {}, STATUS_NAMES[indicator.status] ? STATUS_NAMES[indicator.status]() : indicator.status),
      city && el('td', {}, indicator.wards_meeting === null || indicator.wards_meeting === undefined
        ? '—' : `${indicator.wards_meeting}/${wardsTotal}`))))));
}

function wardsTable(overview) {
  return el('div', { class: 'table-scroll' }, el('table', { class: 'figures-table print-wards' },
    el('caption', {}, t('reports.wardsTitle')),
    head(t('reports.numberColumn'), t('reports.wardColumn'), t('reports.stateColumn'), t('reports.versionColumn'),
      t('reports.casesColumn'), t('reports.metColumn')),
    el('tbody', {}, overview.wards.map((row, index) => {
      const submission = row.submission;
      const statuses = Object.values(row.statuses || {});
      return el('tr', { 'data-ward': row.ward.code },
        el('td', {}, String(index + 1)),
        el('th', { scope: 'row' }, row.ward.name),
        el('td', {}, STATE_WORDS[wardState(row, overview.deadline)](),
          submission && submission.late ? ` (${t('reports.lateBadge')})` : ''),
        el('td', {}, submission ? t('reports.versionLine', {
          version: submission.version, date: submittedAt(submission.submitted_at),
        }) : '—'),
        el('td', {}, cellText(row.cases)),
        el('td', {}, `${statuses.filter((status) => status === 'met').length}/${statuses.length}`));
    }))));
}

function page({ title, subtitle, back }, ...content) {
  return el('div', { class: 'stack report report-print' },
    el('p', { class: 'no-print row-actions' },
      el('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('reports.print')),
      el('a', { class: 'button button-secondary', href: back }, t('common.back'))),
    el('header', { class: 'print-head' },
      el('h1', {}, title),
      el('p', { class: 'lead' }, subtitle),
      el('p', { class: 'note' }, t('reports.printedAt', { date: cityTime(new Date().toISOString()) }))),
    content);
}

async function cityPage(year) {
  const overview = await api.get(`/reports/overview?year=${year}`);
  const heading = {
    title: t('reports.printCityTitle', { year }), subtitle: t('reports.printCitySubtitle'),
    back: `#/report-city?year=${year}`,
  };
  return page(heading,
    el('p', {}, [
      t('reports.submittedCount', { count: overview.submitted, total: overview.wards_total }),
      t('reports.lateCount', { count: overview.late }),
      t('reports.deadline', { date: dayText(overview.deadline) }),
    ].join(' · ')),
    indicatorTable(overview.indicators, 'city', overview.wards_total),
    wardsTable(overview),
    cellLegend());
}

async function wardPage(year, ward) {
  const wardQuery = ward ? `&ward=${ward}` : '';
  const [figures, stats] = await Promise.all([
    api.get(`/reports/indicators?year=${year}${wardQuery}`),
    api.get(`/reports/statistics?year=${year}${wardQuery}`),
  ]);
  const heading = {
    title: t('reports.printWardTitle', { year }), subtitle: figures.ward ? figures.ward.name : '',
    back: ward ? `#/report-ward?year=${year}&ward=${ward}` : `#/reports?year=${year}`,
  };
  return page(heading,
    indicatorTable(figures.indicators, figures.level),
    statisticsSection(stats));
}

export async function render({ params, user }) {
  const year = chosenYear(params);
  const ward = WARD_CODE.test(params.get('ward') || '') ? params.get('ward') : null;
  if (user.role === 'city_admin' && !ward) return cityPage(year);
  return wardPage(year, user.role === 'city_admin' ? ward : null);
}
