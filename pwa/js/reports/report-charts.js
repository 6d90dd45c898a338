// Charts for people who would rather look than read: a bar against a plan target, bars side by side, cases
// month by month. Inline SVG built element by element: nothing is fetched, and the CSP, which forbids style
// attributes, is kept because sizes are SVG geometry attributes and colours come from reports.css. Every
// chart sits beside the same figures in words or in a table, so a screen reader loses nothing.
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { cellText, isCount } from './report-terms.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MONTHS = 12;
// The month chart in CSS pixels: room for a figure above each bar and the month below it; readable at 360px.
const MONTH_CHART = { top: 18, plot: 120, bottom: 22 };

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

const percent = (part, whole) => `${Math.max(0, Math.min(100, whole ? (part / whole) * 100 : 0)).toFixed(2)}%`;

/**
 * A bar from 0 to scaleMax filled to value, with a mark at the target. status (met / not_met / no_data)
 * colours the fill; label is what a screen reader hears instead.
 */
export function progressBar({ value, scaleMax, target, status, label }) {
  return svg('svg', {
    class: 'chart-bar progress-bar', width: '100%', height: 28, role: 'img', 'aria-label': label, focusable: 'false',
  },
  svg('rect', { class: 'bar-track', x: 0, y: 6, width: '100%', height: 16, rx: 4 }),
  value !== null && value > 0 && svg('rect', {
    class: `bar-fill bar-${status}`, x: 0, y: 6, width: percent(value, scaleMax), height: 16, rx: 4,
  }),
  target !== null && svg('line', {
    class: 'bar-target', x1: percent(target, scaleMax), x2: percent(target, scaleMax), y1: 0, y2: 28,
  }));
}

/** One thin bar of a bar list: filled for a count, an outline only for "<5" and "x", whose size is hidden. */
function rowBar(cell, max) {
  const hidden = !isCount(cell);
  const bar = { x: 0, y: 1, height: 10, rx: 3 };
  return svg('svg', {
    class: 'chart-bar row-bar', width: '100%', height: 12, 'aria-hidden': 'true', focusable: 'false',
  },
    svg('rect', { class: 'bar-track', ...bar, width: '100%' }),
    hidden && svg('rect', { class: 'bar-hidden', ...bar, width: '100%' }),
    !hidden && cell > 0 && svg('rect', { class: 'bar-fill bar-count', ...bar, width: percent(cell, max) }));
}

/** rows [{code, label, cell}] as labelled bars on one scale, each with its figure in words. */
export function barList(rows, caption) {
  const max = Math.max(1, ...rows.map((row) => row.cell).filter(isCount));
  return el('ul', { class: 'bar-list', 'aria-label': caption },
    rows.map((row) => el('li', { class: 'bar-row', 'data-code': row.code },
      el('span', { class: 'bar-label' }, row.label),
      el('span', { class: 'bar-value' }, cellText(row.cell)),
      rowBar(row.cell, max))));
}

/** Cases month by month as columns; "<5" and "x" are written where a column would be, never drawn. */
export function monthChart(byMonth, caption) {
  const { top, plot, bottom } = MONTH_CHART;
  const cells = Array.from({ length: MONTHS }, (_, index) => {
    const found = byMonth.find((item) => item.month === index + 1);
    return found ? found.total : 0;
  });
  const max = Math.max(1, ...cells.filter(isCount));
  const slot = 100 / MONTHS;
  const columns = cells.map((cell, index) => {
    const centre = `${(slot * index + slot / 2).toFixed(2)}%`;
    const height = isCount(cell) ? Math.round((cell / max) * plot) : 0;
    const shown = !isCount(cell) || cell > 0;
    return svg('g', { class: 'month' },
      height > 0 && svg('rect', {
        class: 'bar-fill bar-count', x: `${(slot * index + slot * 0.15).toFixed(2)}%`, y: top + plot - height,
        width: `${(slot * 0.7).toFixed(2)}%`, height,
      }),
      shown && svg('text', { class: 'month-value', x: centre, y: top + plot - height - 4, 'text-anchor': 'middle' },
        cellText(cell)),
      svg('text', { class: 'month-label', x: centre, y: top + plot + bottom - 6, 'text-anchor': 'middle' },
        String(index + 1)));
  });
  return el('figure', { class: 'month-chart' },
    svg('svg', {
      width: '100%', height: top + plot + bottom, role: 'img', 'aria-label': caption, focusable: 'false',
    },
    svg('line', { class: 'axis', x1: 0, x2: '100%', y1: top + plot, y2: top + plot }), columns),
    el('figcaption', { class: 'note' }, t('reports.monthAxis')));
}

/** The month × type table behind the chart: columns {code: label}. */
export function monthTable(byMonth, columns) {
  const codes = Object.keys(columns);
  const byNumber = new Map(byMonth.map((item) => [item.month, item]));
  const rows = Array.from({ length: MONTHS }, (_, index) => {
    const item = byNumber.get(index + 1) || { total: 0, by_type: {} };
    return el('tr', {},
      el('th', { scope: 'row' }, t('reports.monthName', { month: index + 1 })),
      el('td', {}, cellText(item.total)),
      codes.map((code) => el('td', {}, cellText(item.by_type ? item.by_type[code] : null))));
  });
  return el('div', { class: 'table-scroll' },
    el('table', { class: 'figures-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, t('reports.month')),
        el('th', { scope: 'col' }, t('reports.total')),
        codes.map((code) => el('th', { scope: 'col' }, columns[code])))),
      el('tbody', {}, rows)));
}
