// A submitted version of a ward's annual report, exactly as it was frozen: read-only, with the figures and
// records as they stood when it was submitted. A correction is a new version; this one never changes.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { indicatorsSection, recordsSummary, statisticsSection } from './report-figures.js';
import { chosenYear, versionLine } from './report-terms.js';

const WARD_CODE = /^\d{5}$/;

/** submitted_by as the server names it: a name, or an account with its display name. */
function personName(person) {
  if (!person) return '';
  return typeof person === 'string' ? person : person.display_name || '';
}

export async function render({ params, user }) {
  const year = chosenYear(params);
  const version = /^\d+$/.test(params.get('version') || '') ? Number(params.get('version')) : 1;
  const ward = WARD_CODE.test(params.get('ward') || '') ? params.get('ward') : null;
  const wardQuery = ward ? `?ward=${ward}` : '';
  const report = await api.get(`/reports/annual/${year}/submissions/${version}${wardQuery}`);
  const back = user.role === 'city_admin' && ward
    ? el('a', { href: `#/report-ward?year=${year}&ward=${ward}` }, t('reports.backToWard'))
    : el('a', { href: `#/reports?year=${year}` }, t('reports.backToReport'));
  const by = personName(report.submitted_by);
  return el('div', { class: 'stack report report-frozen', 'data-version': report.version },
    el('h1', {}, t('reports.submissionTitle', { year, version: report.version })),
    el('p', { class: 'lead' }, report.ward ? report.ward.name : ''),
    el('p', { class: 'badges' }, el('span', { class: 'badge report-frozen-badge' }, t('reports.readOnly')),
      versionLine(report)),
    by && el('p', { class: 'note' }, t('reports.submittedBy', { name: by })),
    el('section', { class: 'card', 'aria-labelledby': 'notes-title' },
      el('h2', { id: 'notes-title' }, t('reports.notes')),
      el('p', { class: 'narrative submission-notes' }, report.notes || t('reports.noNotes'))),
    indicatorsSection({ level: 'ward', indicators: report.indicators || [] }),
    report.records && recordsSummary(report.records),
    report.statistics && statisticsSection(report.statistics),
    el('p', { class: 'no-print' },
      el('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('reports.print'))),
    el('p', { class: 'no-print' }, back));
}
