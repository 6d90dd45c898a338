// The coded values of a case record and the words for them, as a commune officer says them. The codes
// are the server's (see the cases API contract); every catalogue key is written out in full so that the
// catalogue test sees it.
import { t } from '../core/i18n.js';

// The sections of a case record; an update replaces whole sections, never single fields.
export const CASE_SECTIONS = ['intake_channel', 'survivor', 'incident', 'narrative', 'consent', 'risk'];

export const INTAKE_CHANNELS = {
  field_visit: () => t('term.channel.field_visit'),
  walk_in: () => t('term.channel.walk_in'),
  phone: () => t('term.channel.phone'),
  online_request: () => t('term.channel.online_request'),
  agency_referral: () => t('term.channel.agency_referral'),
};

export const AGE_GROUPS = {
  '0-11': () => t('term.age.0-11'),
  '12-17': () => t('term.age.12-17'),
  '18-24': () => t('term.age.18-24'),
  '25-59': () => t('term.age.25-59'),
  '60+': () => t('term.age.60+'),
};

// Children are the two youngest groups; the server derives survivor.is_child the same way.
export const CHILD_AGE_GROUPS = ['0-11', '12-17'];

export const SEXES = {
  female: () => t('term.sex.female'),
  male: () => t('term.sex.male'),
  other: () => t('term.sex.other'),
};

// The six GBVIMS core types, in GBVIMS order: when several acts happened, the first one in this order is
// recorded, so the same incident is classified the same way in every ward.
export const GBV_TYPES = {
  rape: () => t('term.gbv.rape'),
  sexual_assault: () => t('term.gbv.sexual_assault'),
  physical_assault: () => t('term.gbv.physical_assault'),
  forced_marriage: () => t('term.gbv.forced_marriage'),
  denial_of_resources: () => t('term.gbv.denial_of_resources'),
  psychological_abuse: () => t('term.gbv.psychological_abuse'),
};

export const GBV_TYPE_HINTS = {
  rape: () => t('term.gbvHint.rape'),
  sexual_assault: () => t('term.gbvHint.sexual_assault'),
  physical_assault: () => t('term.gbvHint.physical_assault'),
  forced_marriage: () => t('term.gbvHint.forced_marriage'),
  denial_of_resources: () => t('term.gbvHint.denial_of_resources'),
  psychological_abuse: () => t('term.gbvHint.psychological_abuse'),
};

export const CONTEXTS = {
  domestic: () => t('term.context.domestic'),
  intimate_partner: () => t('term.context.intimate_partner'),
  online: () => t('term.context.online'),
  workplace_harassment: () => t('term.context.workplace_harassment'),
  child_sexual_abuse: () => t('term.context.child_sexual_abuse'),
  trafficking: () => t('term.context.trafficking'),
};

export const RELATIONSHIPS = {
  intimate_partner: () => t('term.relationship.intimate_partner'),
  former_partner: () => t('term.relationship.former_partner'),
  family_member: () => t('term.relationship.family_member'),
  acquaintance: () => t('term.relationship.acquaintance'),
  employer_or_colleague: () => t('term.relationship.employer_or_colleague'),
  stranger: () => t('term.relationship.stranger'),
  unknown: () => t('term.relationship.unknown'),
};

// Whether another organisation that reports to Sở Nội vụ (police, a hospital) already has the incident:
// statistics then leave the case out, so that the city does not count one survivor twice.
export const REPORTED_ELSEWHERE = {
  no: () => t('term.reportedElsewhere.no'),
  reporting_organisation: () => t('term.reportedElsewhere.reporting_organisation'),
  other_organisation: () => t('term.reportedElsewhere.other_organisation'),
  unknown: () => t('term.reportedElsewhere.unknown'),
};

export const STATUSES = {
  new: () => t('term.status.new'),
  open: () => t('term.status.open'),
  closed: () => t('term.status.closed'),
};

export const CLOSURE_REASONS = {
  needs_met: () => t('term.closure.needs_met'),
  survivor_declined: () => t('term.closure.survivor_declined'),
  moved_away: () => t('term.closure.moved_away'),
  unreachable: () => t('term.closure.unreachable'),
  referred_elsewhere: () => t('term.closure.referred_elsewhere'),
  other: () => t('term.closure.other'),
};

export const RISK_QUESTIONS = {
  threats_to_kill: () => t('term.risk.threats_to_kill'),
  weapon: () => t('term.risk.weapon'),
  strangulation: () => t('term.risk.strangulation'),
  violence_increasing: () => t('term.risk.violence_increasing'),
  perpetrator_nearby: () => t('term.risk.perpetrator_nearby'),
  child_at_risk: () => t('term.risk.child_at_risk'),
  feels_unsafe: () => t('term.risk.feels_unsafe'),
  pregnant: () => t('term.risk.pregnant'),
};

export const RISK_LEVELS = {
  low: () => t('term.level.low'),
  medium: () => t('term.level.medium'),
  high: () => t('term.level.high'),
};

export const SERVICE_TYPES = {
  health: () => t('term.service.health'),
  psychosocial: () => t('term.service.psychosocial'),
  legal_aid: () => t('term.service.legal_aid'),
  police: () => t('term.service.police'),
  shelter: () => t('term.service.shelter'),
  social_assistance: () => t('term.service.social_assistance'),
};

// Which kinds of organisation give each service; the server refuses any other pairing.
export const SERVICE_ORGANIZATION_KINDS = {
  health: ['health'],
  psychosocial: ['social_work', 'health'],
  legal_aid: ['legal_aid'],
  police: ['police'],
  shelter: ['shelter'],
  social_assistance: ['social_work'],
};

export const REFERRAL_STATUSES = {
  in_progress: () => t('term.referral.in_progress'),
  accepted: () => t('term.referral.accepted'),
  rejected: () => t('term.referral.rejected'),
  done: () => t('term.referral.done'),
};

export const REJECTION_REASONS = {
  lack_of_capacity: () => t('term.rejection.lack_of_capacity'),
  not_our_service: () => t('term.rejection.not_our_service'),
  unable_to_contact: () => t('term.rejection.unable_to_contact'),
  other: () => t('term.rejection.other'),
};

export const OUTCOMES = {
  success: () => t('term.outcome.success'),
  client_refused: () => t('term.outcome.client_refused'),
  lack_of_capacity: () => t('term.outcome.lack_of_capacity'),
  no_longer_needed: () => t('term.outcome.no_longer_needed'),
  unable_to_contact: () => t('term.outcome.unable_to_contact'),
  other: () => t('term.outcome.other'),
};

// The three questions that alone make the risk high, as in the server's rule.
const HIGH_RISK_SIGNS = ['threats_to_kill', 'weapon', 'strangulation'];
const HIGH_RISK_YES_COUNT = 3;

/** "high" | "medium" | "low" for the risk answers, the same rule the server applies. */
export function riskLevel(answers) {
  const yes = Object.keys(RISK_QUESTIONS).filter((question) => Boolean(answers) && answers[question] === true);
  if (yes.some((question) => HIGH_RISK_SIGNS.includes(question)) || yes.length >= HIGH_RISK_YES_COUNT) return 'high';
  return yes.length ? 'medium' : 'low';
}

/** The word for a code in one of the maps above; an unknown code (a newer server) shows as itself. */
export function term(map, code) {
  return map[code] ? map[code]() : String(code);
}

/** [{value, label}] for a select or a group of choices. */
export function choicesOf(map, hints = {}) {
  return Object.keys(map).map((value) => ({ value, label: map[value](), hint: hints[value] && hints[value]() }));
}
