// The figures of a report as every report screen shows them: the plan's indicators against their 2030
// targets, and the year's case statistics. Only aggregates ever reach these functions: the server sends
// counts, never a case, and hides small ones ("<5", "x") whenever figures leave the ward.
import { AGE_GROUPS, GBV_TYPES, INTAKE_CHANNELS, OUTCOMES, REFERRAL_STATUSES, SEXES, term } from '../cases/case-terms.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { barList, monthChart, monthTable, progressBar } from './report-charts.js';
import {
  PRIORITY_GROUPS, REPORTING_DELAYS, STATUS_NAMES, cellLegend, cellText, dayText, formatNumber, statusBadge,
} from './report-terms.js';

// At ward level these two are a yes or a no (the ward has the mechanism, takes reports online), sent as 1/0.
const YES_NO_AT_WARD = ['b_coordination', 'c_online_intake'];
const COMPARISONS = { '>=': '≥', '<=': '≤', '==': '=', '>': '>', '<': '<' };

export function valueText(indicator, level) {
  if (indicator.value === null || indicator.value === undefined) {
    // No value with a status: the share exists but would give a small count away, so the server hid it.
    return indicator.status === 'no_data' ? t('reports.statusNoData') : t('reports.valueHidden');
  }
  if (level === 'ward' && YES_NO_AT_WARD.includes(indicator.code)) {
    return indicator.value >= 1 ? t('common.yes') : t('reports.notYet');
  }
  return indicator.unit === 'percent' ? `${formatNumber(indicator.value, 1)}%` : formatNumber(indicator.value);
}

/** The level to reach by 2030, bare: "≥ 100%", or "yes" where the ward's figure is a yes or a no. */
export function goalText(indicator, level) {
  if (level === 'ward' && YES_NO_AT_WARD.includes(indicator.code)) return t('common.yes');
  const value = indicator.unit === 'percent'
    ? `${formatNumber(indicator.target_value, 1)}%` : formatNumber(indicator.target_value);
  return `${COMPARISONS[indicator.comparison] || indicator.comparison}\u00a0${value}`;
}

const targetText = (indicator, level) => t('reports.target', { goal: goalText(indicator, level) });

function scaleOf(indicator) {
  if (indicator.unit === 'percent') return 100;
  return Math.max(1, indicator.target_value || 0, indicator.value || 0);
}

/** indicator: one item of the server's "indicators"; wardsTotal when the figures are the city's. */
function indicatorCard(indicator, level, wardsTotal) {
  const value = valueText(indicator, level);
  const target = targetText(indicator, level);
  const hasFraction = indicator.numerator !== null && indicator.numerator !== undefined
    && indicator.denominator !== null && indicator.denominator !== undefined;
  const status = STATUS_NAMES[indicator.status] ? STATUS_NAMES[indicator.status]() : indicator.status;
  return el('li', { class: 'card indicator', 'data-indicator': indicator.code, 'data-status': indicator.status },
    el('div', { class: 'indicator-head' },
      el('span', { class: 'indicator-target-letter' }, indicator.target),
      el('h3', {}, indicator.title)),
    el('p', { class: 'indicator-figure' },
      el('span', { class: 'indicator-value' }, value), ' ', el('span', { class: 'note' }, target)),
    progressBar({
      value: indicator.value === null || indicator.value === undefined ? null : indicator.value,
      scaleMax: scaleOf(indicator),
      target: indicator.target_value,
      status: indicator.status,
      label: t('reports.barLabel', { value, target, status }),
    }),
    el('p', { class: 'badges' }, statusBadge(indicator.status),
      hasFraction && el('span', { class: 'note' }, t('reports.fraction', {
        numerator: cellText(indicator.numerator), denominator: cellText(indicator.denominator),
      }))),
    indicator.wards_meeting !== null && indicator.wards_meeting !== undefined && el('p', { class: 'wards-meeting' },
      t('reports.wardsMeeting', { count: indicator.wards_meeting, total: wardsTotal })),
    (indicator.formula || indicator.source) && el('details', { class: 'no-print' },
      el('summary', {}, t('reports.howCounted')),
      indicator.formula && el('p', {}, indicator.formula),
      indicator.source && el('p', { class: 'note' }, t('reports.source', { source: indicator.source }))));
}

/** The indicators of a ward or of the city (figures: the /reports/indicators answer or its like). */
export function indicatorsSection(figures, { wardsTotal = 103 } = {}) {
  return el('section', { class: 'stack-tight report-section', 'aria-labelledby': 'indicators-title' },
    el('h2', { id: 'indicators-title' }, t('reports.indicatorsTitle')),
    el('p', { class: 'note' }, t('reports.indicatorsIntro')),
    el('ul', { class: 'indicators' },
      figures.indicators.map((indicator) => indicatorCard(indicator, figures.level, wardsTotal))));
}

/** The cells in the order of their list (a frozen copy comes back sorted by code), unknown codes last. */
function rowsOf(cells, words) {
  const order = Object.keys(words);
  const rank = (code) => (order.includes(code) ? order.indexOf(code) : order.length);
  return Object.keys(cells || {}).sort((a, b) => rank(a) - rank(b))
    .map((code) => ({ code, label: term(words, code), cell: cells[code] }));
}

function breakdown(id, title, cells, words) {
  return el('section', { class: 'stack-tight breakdown', 'aria-labelledby': id, 'data-breakdown': id },
    el('h3', { id }, title), barList(rowsOf(cells, words), title));
}

/** The year's case statistics (the /reports/statistics answer, or a submission's copy of it). */
export function statisticsSection(stats) {
  const by = stats.by || {};
  const referrals = stats.referrals || { total: null, by_outcome: {} };
  const typeColumns = Object.fromEntries(Object.keys(GBV_TYPES).map((code) => [code, term(GBV_TYPES, code)]));
  return el('section', { class: 'stack report-section', 'aria-labelledby': 'statistics-title' },
    el('div', { class: 'stack-tight' },
      el('h2', { id: 'statistics-title' }, t('reports.statisticsTitle')),
      el('p', { class: 'total-cases' }, t('reports.totalCases'), ' ',
        el('strong', { class: 'total-figure' }, cellText(stats.total))),
      el('p', { class: 'note' }, t('reports.statisticsIntro')),
      stats.exact === false && el('p', { class: 'note' }, t('reports.suppressedNote'))),
    el('section', { class: 'stack-tight', 'aria-labelledby': 'by-month' },
      el('h3', { id: 'by-month' }, t('reports.byMonth')),
      monthChart(stats.by_month || [], t('reports.byMonth')),
      el('details', {}, el('summary', {}, t('reports.monthTableShow')), monthTable(stats.by_month || [], typeColumns))),
    breakdown('by-type', t('reports.byType'), by.gbv_type, GBV_TYPES),
    breakdown('by-age', t('reports.byAge'), by.age_group, AGE_GROUPS),
    breakdown('by-sex', t('reports.bySex'), by.sex, SEXES),
    breakdown('by-channel', t('reports.byChannel'), by.intake_channel, INTAKE_CHANNELS),
    breakdown('by-delay', t('reports.byDelay'), by.reporting_delay, REPORTING_DELAYS),
    breakdown('by-group', t('reports.byGroup'), by.priority_group, PRIORITY_GROUPS),
    el('section', { class: 'stack-tight breakdown', 'aria-labelledby': 'by-referral', 'data-breakdown': 'by-referral' },
      el('h3', { id: 'by-referral' }, t('reports.referrals')),
      el('p', {}, t('reports.referralsTotal', { count: cellText(referrals.total) })),
      barList(rowsOf(referrals.by_outcome, { ...REFERRAL_STATUSES, ...OUTCOMES }), t('reports.referrals'))),
    cellLegend());
}

/** What the ward recorded for the year, as frozen in a submission ("records" of the submission answer). */
export function recordsSummary(records) {
  const mechanism = records.mechanism;
  const pair = (item) => t('reports.withPolicyOf', {
    count: cellText(item ? item.with_policy : null), total: cellText(item ? item.total : null),
  });
  const trainings = records.trainings || {};
  const communications = records.communications || {};
  return el('section', { class: 'stack-tight report-section', 'aria-labelledby': 'records-title' },
    el('h2', { id: 'records-title' }, t('reports.recordsTitle')),
    el('dl', { class: 'facts records-facts' },
      el('dt', {}, t('reports.mechanismTitle')),
      el('dd', {}, mechanism && mechanism.document_number
        ? t('reports.mechanismDocument', {
          number: mechanism.document_number, date: mechanism.document_date ? dayText(mechanism.document_date) : '',
        })
        : t('reports.mechanismNone')),
      el('dt', {}, t('reports.schoolsTitle')), el('dd', {}, pair(records.schools)),
      el('dt', {}, t('reports.businessesTitle')), el('dd', {}, pair(records.businesses)),
      el('dt', {}, t('reports.trainingsTitle')),
      el('dd', {}, t('reports.trainingsSummary', {
        sessions: cellText(trainings.sessions ?? null), hours: cellText(trainings.hours ?? null),
      })),
      el('dt', {}, t('reports.communicationsTitle')),
      el('dd', {}, t('reports.communicationsSummary', {
        activities: cellText(communications.activities ?? null),
        participants: cellText(communications.participants ?? null),
      }))));
}
