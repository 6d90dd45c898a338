// Where a ward's report of a year stands, as the ward officer and the city admin both see it: the state, the
// deadline, and the frozen versions, each opening read-only.
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { dayText, reportState, stateBadge, submittedAt, versionLine } from './report-terms.js';

/** annual: the server's /reports/annual/<year> answer. */
export function statusCard(annual) {
  const state = reportState(annual);
  const lines = {
    not_started: () => t('reports.notStartedText'),
    draft: () => t('reports.draftText', { date: submittedAt(annual.draft.updated_at) }),
    submitted: () => versionLine(state.latest),
    late: () => t('reports.lateText'),
  };
  return el('section', { class: 'card report-status', 'aria-labelledby': 'status-title', 'data-state': state.code },
    el('h2', { id: 'status-title' }, t('reports.statusTitle')),
    el('p', { class: 'badges' }, stateBadge(state.code)),
    el('p', {}, lines[state.code]()),
    state.code === 'submitted' && annual.draft
      && el('p', {}, t('reports.newDraftText', { date: submittedAt(annual.draft.updated_at) })),
    el('p', { class: 'note' }, t('reports.deadline', { date: dayText(annual.deadline) })));
}

/** The submitted versions, newest first; ward is given when a city admin reads another ward's report. */
export function submissionsList(annual, year, ward = null) {
  const items = [...annual.submissions].sort((a, b) => b.version - a.version);
  if (!items.length) return null;
  const wardParameter = ward ? `&ward=${encodeURIComponent(ward)}` : '';
  return el('section', { class: 'stack-tight', 'aria-labelledby': 'versions-title' },
    el('h2', { id: 'versions-title' }, t('reports.versionsTitle')),
    el('ul', { class: 'versions' }, items.map((item) => el('li', { class: 'version', 'data-version': item.version },
      versionLine(item),
      el('a', { href: `#/report-submission?year=${year}&version=${item.version}${wardParameter}` },
        t('reports.openVersion'))))));
}
