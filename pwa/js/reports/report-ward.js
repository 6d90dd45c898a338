// One ward's year as Sở Nội vụ sees it: the state of its report, its indicators and its case statistics,
// aggregates only. The server hides small counts ("<5", "x") once figures leave the ward, and sends the city
// admin no case at all (need-to-know).
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { indicatorsSection, statisticsSection } from './report-figures.js';
import { statusCard, submissionsList } from './report-status.js';
import { chosenYear, yearPicker } from './report-terms.js';

const WARD_CODE = /^\d{5}$/;

export async function render({ params, navigate }) {
  const year = chosenYear(params);
  const code = params.get('ward') || '';
  if (!WARD_CODE.test(code)) {
    navigate(`/report-city?year=${year}`, { replace: true });
    return el('div', {});
  }
  const query = `year=${year}&ward=${code}`;
  const [figures, stats, annual] = await Promise.all([
    api.get(`/reports/indicators?${query}`),
    api.get(`/reports/statistics?${query}`),
    api.get(`/reports/annual/${year}?ward=${code}`),
  ]);
  const ward = figures.ward || annual.ward || { code, name: code };
  return el('div', { class: 'stack report', 'data-ward': code },
    el('h1', {}, ward.name),
    el('p', { class: 'lead' }, t('reports.wardYearLead', { year })),
    yearPicker(year, (chosen) => `/report-ward?year=${chosen}&ward=${code}`, navigate),
    el('p', { class: 'alert alert-info' }, t('reports.aggregatesOnly')),
    statusCard(annual),
    submissionsList(annual, year, code),
    indicatorsSection(figures),
    statisticsSection(stats),
    el('p', { class: 'no-print' },
      el('a', { class: 'button button-secondary button-block', href: `#/report-print?year=${year}&ward=${code}` },
        t('reports.printable'))),
    el('p', { class: 'no-print' }, el('a', { href: `#/report-city?year=${year}` }, t('reports.backToCity'))));
}
