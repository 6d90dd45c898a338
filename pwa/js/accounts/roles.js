// Role names as people in Cần Thơ's programme say them. Each key is written out so that the catalogue
// test can see every key that is used.
import { t } from '../core/i18n.js';

const ROLE_NAMES = {
  collaborator: () => t('role.collaborator'),
  ward_officer: () => t('role.ward_officer'),
  provider: () => t('role.provider'),
  shelter_host: () => t('role.shelter_host'),
  city_admin: () => t('role.city_admin'),
};

export const ROLES = Object.keys(ROLE_NAMES);

// Who may open account management; the server checks the same on every request.
export const ACCOUNT_MANAGERS = ['city_admin', 'ward_officer'];

// Whose case work is kept on the phone, encrypted under a PIN: collaborators record cases in the field for
// hours without a network. Ward officers and providers work online and the app keeps nothing of theirs
// on the phone, so they have nothing to lock. City admins see no case at all (need-to-know).
export const VAULT_KEEPERS = ['collaborator'];
export const CASE_READERS = ['collaborator', 'ward_officer'];
export const WARD_COORDINATORS = ['ward_officer'];
export const REFERRAL_RECEIVERS = ['provider'];
export const SHELTER_HOSTS = ['shelter_host'];
// Who looks for a bed for a survivor, or plans the city's shelters; a host counts their own beds instead.
export const SHELTER_FINDERS = ['collaborator', 'ward_officer', 'provider', 'city_admin'];
export const COVERAGE_READERS = ['city_admin'];
// Who registers shelters and keeps their facts right; the server checks the same.
export const SHELTER_REGISTRARS = ['city_admin'];
// Who keeps the city's campaign calendar and sees how its reminders went; the server checks the same.
export const CAMPAIGN_MANAGERS = ['city_admin'];
// Who keeps the help lines and the wards' public services that residents read; the server checks the same.
export const DIRECTORY_KEEPERS = ['city_admin'];
// The annual report: a ward officer writes their ward's and keeps what the app cannot know (trainings,
// schools...); Sở Nội vụ reads every ward's, aggregates only, and the consolidated city report. The server
// checks the same.
export const REPORT_WRITERS = ['ward_officer'];
export const REPORT_CONSOLIDATORS = ['city_admin'];
export const REPORT_READERS = [...REPORT_WRITERS, ...REPORT_CONSOLIDATORS];

export function roleName(role) {
  return ROLE_NAMES[role] ? ROLE_NAMES[role]() : role;
}

/** Where a user belongs, in words: their ward, else their organisation, else nothing. */
export function placeName(user) {
  if (user.ward) return user.ward.name;
  if (user.organization) return user.organization.name;
  return '';
}
