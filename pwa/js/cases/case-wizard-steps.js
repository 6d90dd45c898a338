// The four question pages of a case, shared by the new-case wizard and the editor of an existing case.
// Each step builds its controls from a draft (the case as far as it is filled in) and reads them back as
// whole sections, with a message per unanswered required question.
import {
  AGE_GROUPS, CONTEXTS, GBV_TYPES, GBV_TYPE_HINTS, INTAKE_CHANNELS, RELATIONSHIPS, REPORTED_ELSEWHERE, RISK_LEVELS,
  RISK_QUESTIONS, SEXES, choicesOf, riskLevel, term,
} from './case-terms.js';
import { checkGroup, radioGroup, yesNo } from '../core/choices.js';
import { el } from '../core/dom.js';
import { field } from '../core/forms.js';
import { t, today } from '../core/i18n.js';

const TRAITS = ['disability', 'ethnic_minority', 'migrant_worker'];
// Enough for what happened in a few sentences; the full story belongs in a service's own records.
const NARRATIVE_MAX_CHARS = 2000;
const SAFETY_PLAN_MAX_CHARS = 1000;
const CONTACT_MAX_CHARS = 200;

function textField({ name, label, hint, value, type = 'text', maxLength = CONTACT_MAX_CHARS, autocapitalize }) {
  const item = field({ name, label, hint, type, required: false, autocomplete: 'off', autocapitalize });
  item.input.maxLength = maxLength;
  item.input.value = value || '';
  return item;
}

function textArea({ name, label, hint, value, maxLength }) {
  const control = el('textarea', { rows: 4, maxLength });
  control.value = value || '';
  return field({ name, label, hint, control });
}

function required(errors, item, value) {
  if (value === null || value === '') errors.push([item, t('wizard.required')]);
}

function intakeStep(draft) {
  const survivor = draft.survivor || {};
  const channel = radioGroup({
    name: 'intake_channel', legend: t('wizard.channel'), options: choicesOf(INTAKE_CHANNELS),
    value: draft.intake_channel,
  });
  const age = radioGroup({
    name: 'age_group', legend: t('wizard.ageGroup'), options: choicesOf(AGE_GROUPS), value: survivor.age_group,
  });
  const sex = radioGroup({ name: 'sex', legend: t('wizard.sex'), options: choicesOf(SEXES), value: survivor.sex });
  const traits = checkGroup({
    name: 'traits', legend: t('wizard.traits'), hint: t('wizard.traitsHint'),
    options: [
      { value: 'disability', label: t('field.disability') },
      { value: 'ethnic_minority', label: t('field.ethnicMinority') },
      { value: 'migrant_worker', label: t('field.migrantWorker') },
    ],
    values: TRAITS.filter((trait) => survivor[trait]),
  });
  const name = textField({ name: 'name', label: t('wizard.name'), value: survivor.name, autocapitalize: 'words' });
  const phone = textField({ name: 'phone', label: t('wizard.phone'), value: survivor.phone, type: 'tel' });
  const address = textField({ name: 'address', label: t('wizard.address'), value: survivor.address });
  return {
    fields: [channel, age, sex, traits, name, phone, address],
    nodes: [channel.wrapper, age.wrapper, sex.wrapper, traits.wrapper,
      el('div', { class: 'identity' }, el('p', { class: 'alert alert-info' }, t('wizard.identityNote')),
        name.wrapper, phone.wrapper, address.wrapper)],
    read(errors) {
      [channel, age, sex].forEach((item) => required(errors, item, item.value()));
      const chosen = traits.value();
      const identity = Object.fromEntries([['name', name], ['phone', phone], ['address', address]]
        .map(([key, item]) => [key, item.input.value.trim()]).filter(([, value]) => value));
      return {
        intake_channel: channel.value(),
        survivor: {
          ...identity, age_group: age.value(), sex: sex.value(),
          ...Object.fromEntries(TRAITS.map((trait) => [trait, chosen.includes(trait)])),
        },
      };
    },
  };
}

function incidentStep(draft) {
  const incident = draft.incident || {};
  const gbvType = radioGroup({
    name: 'gbv_type', legend: t('wizard.gbvType'), hint: t('wizard.gbvTypeHint'),
    options: choicesOf(GBV_TYPES, GBV_TYPE_HINTS), value: incident.gbv_type,
  });
  const contexts = checkGroup({
    name: 'contexts', legend: t('wizard.contexts'), hint: t('wizard.contextsHint'), options: choicesOf(CONTEXTS),
    values: incident.contexts || [],
  });
  const incidentDate = textField({
    name: 'incident_date', label: t('wizard.incidentDate'), hint: t('wizard.incidentDateHint'), type: 'date',
    value: incident.incident_date,
  });
  const reportDate = textField({
    name: 'report_date', label: t('wizard.reportDate'), type: 'date', value: incident.report_date || today(),
  });
  const relationship = radioGroup({
    name: 'perpetrator_relationship', legend: t('wizard.relationship'), options: choicesOf(RELATIONSHIPS),
    value: incident.perpetrator_relationship,
  });
  const reportedElsewhere = radioGroup({
    name: 'reported_elsewhere', legend: t('wizard.reportedElsewhere'), hint: t('wizard.reportedElsewhereHint'),
    options: choicesOf(REPORTED_ELSEWHERE), value: incident.reported_elsewhere || 'unknown',
  });
  const narrative = textArea({
    name: 'narrative', label: t('wizard.narrative'), hint: t('wizard.narrativeHint'), value: draft.narrative,
    maxLength: NARRATIVE_MAX_CHARS,
  });
  const fields = [gbvType, contexts, incidentDate, reportDate, relationship, reportedElsewhere, narrative];
  return {
    fields,
    nodes: fields.map((item) => item.wrapper),
    read(errors) {
      const happened = incidentDate.input.value || null;
      const reported = reportDate.input.value;
      required(errors, gbvType, gbvType.value());
      required(errors, reportDate, reported);
      required(errors, relationship, relationship.value());
      if (reported && reported > today()) errors.push([reportDate, t('wizard.future')]);
      if (happened && happened > today()) errors.push([incidentDate, t('wizard.future')]);
      else if (happened && reported && happened > reported) errors.push([incidentDate, t('wizard.afterReport')]);
      return {
        incident: {
          gbv_type: gbvType.value(), contexts: contexts.value(), incident_date: happened, report_date: reported,
          perpetrator_relationship: relationship.value(),
          reported_elsewhere: reportedElsewhere.value() || 'unknown',
        },
        narrative: narrative.input.value.trim(),
      };
    },
  };
}

function consentStep(draft) {
  const consent = draft.consent || {};
  const share = yesNo({
    name: 'share_with_services', legend: t('wizard.consentShare'), hint: t('wizard.consentShareHint'),
    yes: t('wizard.consentYes'), no: t('wizard.consentNo'), value: consent.share_with_services ?? null,
  });
  const statistics = yesNo({
    name: 'statistics', legend: t('wizard.consentStats'), hint: t('wizard.consentStatsHint'),
    yes: t('wizard.consentYes'), no: t('wizard.consentNo'), value: consent.statistics ?? null,
  });
  return {
    fields: [share, statistics],
    nodes: [el('p', { class: 'alert alert-info' }, t('wizard.consentIntro')), share.wrapper, statistics.wrapper],
    read(errors) {
      required(errors, share, share.value());
      required(errors, statistics, statistics.value());
      return { consent: { share_with_services: share.value(), statistics: statistics.value() } };
    },
  };
}

function riskStep(draft) {
  const risk = draft.risk || {};
  const answers = risk.answers || {};
  const questions = checkGroup({
    name: 'risk', legend: t('wizard.riskQuestions'), hint: t('wizard.riskHint'), options: choicesOf(RISK_QUESTIONS),
    values: Object.keys(RISK_QUESTIONS).filter((question) => answers[question]),
  });
  const level = el('p', { class: 'risk-now', 'aria-live': 'polite' });
  const safetyPlan = textArea({
    name: 'safety_plan', label: t('wizard.safetyPlan'), hint: t('wizard.safetyPlanHint'), value: risk.safety_plan,
    maxLength: SAFETY_PLAN_MAX_CHARS,
  });
  const readAnswers = () => {
    const yes = questions.value();
    return Object.fromEntries(Object.keys(RISK_QUESTIONS).map((question) => [question, yes.includes(question)]));
  };
  const showLevel = () => {
    const now = riskLevel(readAnswers());
    level.className = `risk-now badge risk-${now}`;
    level.textContent = t('case.riskLevel', { level: term(RISK_LEVELS, now) });
  };
  questions.wrapper.addEventListener('change', showLevel);
  showLevel();
  return {
    fields: [questions, safetyPlan],
    nodes: [questions.wrapper, level, safetyPlan.wrapper],
    read() {
      return { risk: { answers: readAnswers(), safety_plan: safetyPlan.input.value.trim() } };
    },
  };
}

export const STEPS = [
  { title: () => t('wizard.step1'), build: intakeStep },
  { title: () => t('wizard.step2'), build: incidentStep },
  { title: () => t('wizard.step3'), build: consentStep },
  { title: () => t('wizard.step4'), build: riskStep },
];

/** Shows errors [[field, message]] beside their fields and focuses the first; true when there were none. */
export function showStepErrors(step, errors) {
  step.fields.forEach((item) => item.setError(null));
  errors.forEach(([item, message]) => item.setError(message));
  if (errors.length) errors[0][0].input.focus();
  return !errors.length;
}
