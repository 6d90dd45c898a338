// The words and numbers of the annual report: count cells as the server sends them, the report's years and
// state, and the closed lists its records are kept with. Every catalogue key is written out in full so that
// the catalogue test sees it.
import { cityTime, fullDate } from '../campaigns/campaign-terms.js';
import { el } from '../core/dom.js';
import { currentLanguage, t } from '../core/i18n.js';

// The plan runs from 2026; reports are made on the city's calendar, whatever zone the phone is set to.
export const FIRST_YEAR = 2026;
const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const NUMBER_LOCALES = { vi: 'vi-VN', en: 'en-GB' };

export function currentYear() {
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: CITY_TIME_ZONE, year: 'numeric' })
    .format(new Date()));
  return Math.max(year, FIRST_YEAR);
}

/** Today on the city's calendar, "YYYY-MM-DD": the deadline is 01/12 in Cần Thơ, wherever the phone is. */
export function cityToday() {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
}

/** The year asked for in the route when it is one the report covers, else the current year. */
export function chosenYear(params) {
  const asked = Number(params.get('year'));
  return Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= currentYear() ? asked : currentYear();
}

export function yearsToChoose() {
  const years = [];
  for (let year = currentYear(); year >= FIRST_YEAR; year -= 1) years.push(year);
  return years;
}

/** A labelled year picker that moves to route(year) when changed. */
export function yearPicker(year, route, navigate) {
  const control = el('select', { id: 'report-year', class: 'year-select' },
    yearsToChoose().map((value) => el('option', { value: String(value), selected: value === year }, String(value))));
  control.addEventListener('change', () => navigate(route(Number(control.value))));
  return el('div', { class: 'field year-field no-print' },
    el('label', { htmlFor: 'report-year' }, t('reports.year')), control);
}

export function formatNumber(value, fractionDigits = 0) {
  return new Intl.NumberFormat(NUMBER_LOCALES[currentLanguage()], { maximumFractionDigits: fractionDigits })
    .format(value);
}

/** A count cell: an integer, "<5" (a count from 1 to 4, hidden) or "x" (hidden so no small count can be
 * worked out from a total); null when there is nothing to count. */
export function cellText(cell) {
  if (cell === null || cell === undefined) return '—';
  return Number.isInteger(cell) ? formatNumber(cell) : String(cell);
}

export const isCount = (cell) => Number.isInteger(cell);

/** What "<5" and "x" mean, shown wherever count cells are. */
export function cellLegend() {
  return el('aside', { class: 'cell-legend', 'aria-label': t('reports.legendTitle') },
    el('p', {}, el('strong', {}, '<5'), ' ', t('reports.legendSmall')),
    el('p', {}, el('strong', {}, 'x'), ' ', t('reports.legendHidden')));
}

export const STATUS_NAMES = {
  met: () => t('reports.statusMet'),
  not_met: () => t('reports.statusNotMet'),
  no_data: () => t('reports.statusNoData'),
};

export function statusBadge(status) {
  const name = STATUS_NAMES[status] ? STATUS_NAMES[status]() : status;
  return el('span', { class: `badge indicator-${status}` }, name);
}

/** A submission's date and time in Cần Thơ, as on the paper report. */
export const submittedAt = (iso) => cityTime(iso);
/** A calendar day ("2026-12-01") as "01/12/2026". */
export const dayText = (day) => fullDate(day);

/**
 * Where a ward's report of a year stands: not started, draft, submitted (with its latest version) or late
 * (nothing submitted and the deadline passed). annual: the server's /reports/annual/<year> answer.
 */
export function reportState(annual) {
  const latest = annual.submissions.reduce((last, item) => (!last || item.version > last.version ? item : last), null);
  if (latest) return { code: 'submitted', latest };
  if (annual.late_now) return { code: 'late', latest: null };
  return { code: annual.draft ? 'draft' : 'not_started', latest: null };
}

/** The same four states for a row of the city overview: {submission, has_draft} against the deadline. */
export function wardState(row, deadline) {
  if (row.submission) return 'submitted';
  if (cityToday() >= deadline) return 'late';
  return row.has_draft ? 'draft' : 'not_started';
}

const STATE_NAMES = {
  not_started: () => t('reports.stateNotStarted'),
  draft: () => t('reports.stateDraft'),
  submitted: () => t('reports.stateSubmitted'),
  late: () => t('reports.stateLate'),
};

export function stateBadge(code) {
  return el('span', { class: `badge report-${code}` }, STATE_NAMES[code]());
}

/** "Version 2, submitted 28/11/2026 09:15", with "late" when it came after the deadline. */
export function versionLine(submission) {
  return el('span', { class: 'version-line' },
    t('reports.versionLine', { version: submission.version, date: submittedAt(submission.submitted_at) }),
    submission.late && ' ', submission.late && el('span', { class: 'badge report-late' }, t('reports.lateBadge')));
}

export const REPORTING_DELAYS = {
  '0-3': () => t('reports.delay0to3'),
  '4-30': () => t('reports.delay4to30'),
  '31-365': () => t('reports.delay31to365'),
  over_365: () => t('reports.delayOver365'),
  unknown: () => t('common.unknown'),
};

export const PRIORITY_GROUPS = {
  disability: () => t('reports.groupDisability'),
  ethnic_minority: () => t('reports.groupEthnicMinority'),
  migrant_worker: () => t('reports.groupMigrantWorker'),
};

export const ACTIVITY_FORMS = {
  meeting: () => t('reports.formMeeting'),
  loudspeaker: () => t('reports.formLoudspeaker'),
  leaflet: () => t('reports.formLeaflet'),
  social_media: () => t('reports.formSocialMedia'),
  event: () => t('reports.formEvent'),
  home_visit: () => t('reports.formHomeVisit'),
  other: () => t('reports.formOther'),
};

export const ACTIVITY_AUDIENCES = {
  residents: () => t('reports.audienceResidents'),
  women: () => t('reports.audienceWomen'),
  youth: () => t('reports.audienceYouth'),
  students: () => t('reports.audienceStudents'),
  workers: () => t('reports.audienceWorkers'),
  community_leaders: () => t('reports.audienceLeaders'),
  other: () => t('reports.audienceOther'),
};

export const TRAINING_ROLES = {
  collaborator: () => t('role.collaborator'),
  ward_officer: () => t('role.ward_officer'),
  provider: () => t('role.provider'),
  other: () => t('reports.roleOther'),
};

