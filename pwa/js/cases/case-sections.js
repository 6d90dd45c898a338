// A case's sections as read-only text: on the review step, the case screen and the conflict screen. The
// keys are the server's sections, which an update replaces whole.
import {
  AGE_GROUPS, CASE_SECTIONS, CONTEXTS, GBV_TYPES, INTAKE_CHANNELS, RELATIONSHIPS, REPORTED_ELSEWHERE, RISK_LEVELS,
  RISK_QUESTIONS, SEXES, riskLevel, term,
} from './case-terms.js';
import { el } from '../core/dom.js';
import { formatDate, t } from '../core/i18n.js';

// The wizard's steps, by the sections each one fills in.
const STEP_SECTIONS = [['intake_channel', 'survivor'], ['incident', 'narrative'], ['consent'], ['risk']];

const SECTION_TITLES = {
  intake_channel: () => t('section.intake_channel'),
  survivor: () => t('section.survivor'),
  incident: () => t('section.incident'),
  narrative: () => t('section.narrative'),
  consent: () => t('section.consent'),
  risk: () => t('section.risk'),
};

export function sectionTitle(key) {
  return SECTION_TITLES[key]();
}

const yesNo = (value) => (value ? t('common.yes') : t('common.no'));

function facts(pairs) {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return el('dl', { class: 'facts' }, shown.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]));
}

export function riskBadge(level) {
  return el('span', { class: `badge risk-${level}` }, t('case.riskLevel', { level: term(RISK_LEVELS, level) }));
}

const RENDERERS = {
  intake_channel: (value) => facts([[t('field.channel'), term(INTAKE_CHANNELS, value)]]),
  survivor: (survivor) => facts([
    [t('field.name'), survivor.name],
    [t('field.phone'), survivor.phone],
    [t('field.address'), survivor.address],
    [t('field.ageGroup'), term(AGE_GROUPS, survivor.age_group)],
    [t('field.sex'), term(SEXES, survivor.sex)],
    [t('field.disability'), yesNo(survivor.disability)],
    [t('field.ethnicMinority'), yesNo(survivor.ethnic_minority)],
    [t('field.migrantWorker'), yesNo(survivor.migrant_worker)],
  ]),
  incident: (incident) => facts([
    [t('field.gbvType'), term(GBV_TYPES, incident.gbv_type)],
    [t('field.contexts'), incident.contexts.map((code) => term(CONTEXTS, code)).join(', ') || t('common.none')],
    [t('field.incidentDate'), incident.incident_date ? formatDate(incident.incident_date) : t('common.unknown')],
    [t('field.reportDate'), formatDate(incident.report_date)],
    [t('field.relationship'), term(RELATIONSHIPS, incident.perpetrator_relationship)],
    [t('field.reportedElsewhere'), term(REPORTED_ELSEWHERE, incident.reported_elsewhere || 'unknown')],
  ]),
  narrative: (narrative) => el('p', { class: 'narrative' }, narrative || t('common.none')),
  consent: (consent) => facts([
    [t('field.consentShare'), yesNo(consent.share_with_services)],
    [t('field.consentStats'), yesNo(consent.statistics)],
  ]),
  risk: (risk) => {
    const answers = (risk && risk.answers) || {};
    const yes = Object.keys(RISK_QUESTIONS).filter((question) => answers[question]);
    return el('div', { class: 'stack-tight' },
      riskBadge(riskLevel(answers)),
      yes.length ? el('ul', { class: 'risk-yes' }, yes.map((question) => el('li', {}, RISK_QUESTIONS[question]())))
        : el('p', { class: 'note' }, t('case.noRiskSigns')),
      facts([[t('field.safetyPlan'), risk && risk.safety_plan]]));
  },
};

/** One section's content; a section the server has not got (a narrative never written) shows "none". */
export function sectionBody(key, value) {
  const missing = value === undefined || value === null;
  return missing && key !== 'narrative' ? el('p', { class: 'note' }, t('common.none')) : RENDERERS[key](value);
}

/** The sections of a case, one card per wizard step; editControl(step) gives the card's edit link or button. */
export function caseSections(record, editControl = () => null) {
  return STEP_SECTIONS.map((keys, step) => el('section', { class: 'card' },
    keys.flatMap((key) => [el('h2', {}, sectionTitle(key)), sectionBody(key, record[key])]),
    editControl(step)));
}
