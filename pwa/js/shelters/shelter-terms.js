// The coded values a shelter is described with, and the words for them. The codes are the server's (see
// the shelters API contract); every catalogue key is written out in full so that the catalogue test sees it.
import { formatDateTime, t } from '../core/i18n.js';

export const KINDS = {
  community: () => t('shelter.kind.community'),
  city: () => t('shelter.kind.city'),
};

export const ACCEPTS = {
  women: () => t('shelter.accepts.women'),
  women_with_children: () => t('shelter.accepts.women_with_children'),
  girls_under_16: () => t('shelter.accepts.girls_under_16'),
  boys_under_16: () => t('shelter.accepts.boys_under_16'),
  people_with_disabilities: () => t('shelter.accepts.people_with_disabilities'),
  older_women: () => t('shelter.accepts.older_women'),
};

export const ACCESSIBILITY = {
  step_free: () => t('shelter.access.step_free'),
  wheelchair: () => t('shelter.access.wheelchair'),
  accessible_toilet: () => t('shelter.access.accessible_toilet'),
  sign_language: () => t('shelter.access.sign_language'),
};

export const LANGUAGES = {
  vi: () => t('shelter.language.vi'),
  km: () => t('shelter.language.km'),
  zh: () => t('shelter.language.zh'),
  en: () => t('shelter.language.en'),
};

// The status the public sees: the server derives it, "unconfirmed" once the last count is too old.
export const STATUSES = {
  available: () => t('shelter.status.available'),
  full: () => t('shelter.status.full'),
  unconfirmed: () => t('shelter.status.unconfirmed'),
};

export const REQUEST_STATUSES = {
  pending: () => t('bedRequest.status.pending'),
  accepted: () => t('bedRequest.status.accepted'),
  declined: () => t('bedRequest.status.declined'),
  cancelled: () => t('bedRequest.status.cancelled'),
};

export const DECLINE_REASONS = {
  no_capacity: () => t('bedRequest.reason.no_capacity'),
  survivor_declined: () => t('bedRequest.reason.survivor_declined'),
  location_unsafe: () => t('bedRequest.reason.location_unsafe'),
  does_not_meet_criteria: () => t('bedRequest.reason.does_not_meet_criteria'),
  other: () => t('bedRequest.reason.other'),
};

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;
// Up to two days a count's age is said in hours: "30 hours ago" tells a coordinator more than "1 day ago".
const HOURS_SHOWN_UP_TO_MINUTES = 2 * MINUTES_PER_DAY;

/**
 * How old a count is, in words, from the server's age_minutes (the server's clock, so a phone whose clock
 * is wrong still says the truth); null means no host has ever given one.
 */
export function freshness(ageMinutes) {
  if (ageMinutes === null || ageMinutes === undefined) return t('shelter.status.unconfirmed');
  if (ageMinutes < 1) return t('shelter.fresh.now');
  if (ageMinutes < MINUTES_PER_HOUR) return t('shelter.fresh.minutes', { count: ageMinutes });
  if (ageMinutes < HOURS_SHOWN_UP_TO_MINUTES) {
    return t('shelter.fresh.hours', { count: Math.floor(ageMinutes / MINUTES_PER_HOUR) });
  }
  return t('shelter.fresh.days', { count: Math.floor(ageMinutes / MINUTES_PER_DAY) });
}

/** "Updated at 14:05, 01/03/2026" for a moment a count was observed. */
export function updatedAt(iso) {
  return t('shelter.updatedAt', { time: formatDateTime(iso) });
}

/** The words for a list of codes, joined; "none" for an empty list. */
export function termList(map, codes) {
  const words = (codes || []).map((code) => (map[code] ? map[code]() : String(code)));
  return words.length ? words.join(', ') : t('common.none');
}
