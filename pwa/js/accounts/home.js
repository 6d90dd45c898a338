// A staff member's start screen: who they are and the actions their role has, nothing else. A city admin
// gets no case screen at all: Sở Nội vụ reads statistics, never a survivor's case.
import { startSending } from '../shelters/availability.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';
import {
  ACCOUNT_MANAGERS, CAMPAIGN_MANAGERS, COVERAGE_READERS, DIRECTORY_KEEPERS, REFERRAL_RECEIVERS,
  REPORT_CONSOLIDATORS, REPORT_WRITERS, SHELTER_FINDERS, SHELTER_HOSTS, VAULT_KEEPERS, WARD_COORDINATORS,
  placeName, roleName,
} from './roles.js';
import { logoutButton } from './logout-button.js';
import { syncPanel } from '../cases/sync-panel.js';

function action(href, label) {
  return el('li', {}, el('a', { class: 'button button-block', href }, label));
}

export function render({ user, navigate }) {
  const place = placeName(user);
  const has = (roles) => roles.includes(user.role);
  // Counts a host tapped offline before closing the app leave as soon as the app is open again.
  if (has(SHELTER_HOSTS)) startSending();
  return el('div', { class: 'stack' },
    el('h1', {}, t('home.greeting', { name: user.display_name })),
    el('dl', { class: 'facts' },
      el('dt', {}, t('home.role')), el('dd', { class: 'role-name' }, roleName(user.role)),
      place && el('dt', {}, user.ward ? t('home.ward') : t('home.organization')),
      place && el('dd', { class: 'place-name' }, place)),
    has(VAULT_KEEPERS) && syncPanel(),
    el('ul', { class: 'actions' },
      has(VAULT_KEEPERS) && action('#/case-new', t('home.newCase')),
      has(VAULT_KEEPERS) && action('#/cases', t('home.myCases')),
      has(WARD_COORDINATORS) && action('#/ward-cases', t('home.wardCases')),
      has(WARD_COORDINATORS) && action('#/help-requests', t('home.helpRequests')),
      has(SHELTER_HOSTS) && action('#/my-shelter', t('home.myShelter')),
      has(REFERRAL_RECEIVERS) && action('#/referrals', t('home.referrals')),
      has(SHELTER_FINDERS) && action('#/shelters', t('home.shelters')),
      has(REPORT_WRITERS) && action('#/reports', t('reports.homeWard')),
      has(REPORT_CONSOLIDATORS) && action('#/report-city', t('reports.homeCity')),
      has(COVERAGE_READERS) && action('#/shelter-coverage', t('home.coverage')),
      has(ACCOUNT_MANAGERS) && action('#/accounts', t('home.accounts')),
      has(CAMPAIGN_MANAGERS) && action('#/campaign-admin', t('home.campaignAdmin')),
      has(DIRECTORY_KEEPERS) && action('#/directory-admin', t('home.directoryAdmin')),
      action('#/campaigns', t('home.campaigns')),
      action('#/reminders', t('home.reminders')),
      action('#/password', t('home.password'))),
    logoutButton(navigate));
}
