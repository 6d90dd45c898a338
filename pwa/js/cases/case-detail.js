// One case. A collaborator's case opens from the phone, with what waits to be sent laid over it, so it works
// without a network; what the phone does not keep (a closed case) and every ward officer's case come from
// the server.
import { api } from '../core/api.js';
import * as store from './case-store.js';
import { CLOSURE_REASONS, STATUSES, riskLevel, term } from './case-terms.js';
import { el, replaceContent } from '../core/dom.js';
import { formatDateTime, t } from '../core/i18n.js';
import { VAULT_KEEPERS } from '../accounts/roles.js';
import { queued } from '../core/sync.js';
import { bedRequestPart, loadBedRequests } from '../shelters/bed-requests.js';
import { caseActions } from './case-actions.js';
import { caseSections, riskBadge } from './case-sections.js';
import { followUpSection } from './follow-ups.js';
import { referralSection } from './referral-form.js';

const CONSENT_STEP = 2;

function collaboratorSource(id) {
  return {
    async load() {
      const onPhone = await store.getCase(id);
      return onPhone ? { ...onPhone, onPhone: true } : api.get(`/cases/${id}`);
    },
    organizations: () => store.cachedOrganizations(),
    collaborators: async () => [],
    async addFollowUp(note) {
      await store.addFollowUp(id, note);
      queued();
    },
    async addReferral(referral) {
      await store.addReferral(id, referral);
      queued();
    },
  };
}

function officerSource(id) {
  return {
    load: () => api.get(`/cases/${id}`),
    organizations: async () => (await api.get('/organizations')).items,
    collaborators: async () => (await api.get('/users?role=collaborator')).items.filter((item) => item.active),
    addFollowUp: (note) => api.post(`/cases/${id}/follow-ups`, {
      id: crypto.randomUUID(), note, occurred_at: new Date().toISOString(),
    }),
    addReferral: ({ serviceType, organizationId, note }) => api.post(`/cases/${id}/referrals`, {
      id: crypto.randomUUID(), service_type: serviceType, organization_id: organizationId, note,
    }),
  };
}

function header(record) {
  const level = (record.risk && record.risk.level) || riskLevel(record.risk && record.risk.answers);
  return el('div', { class: 'case-head' },
    el('p', { class: 'badges' },
      el('span', { class: `badge status-${record.status}` }, term(STATUSES, record.status)), riskBadge(level)),
    record.closure_reason && el('p', {},
      t('case.closedBecause', { reason: term(CLOSURE_REASONS, record.closure_reason) })),
    el('p', { class: 'note' }, t('case.assignedTo', {
      name: record.assigned_to ? record.assigned_to.display_name : t('case.unassigned'),
    })),
    el('p', { class: 'note' }, t('case.recorded', {
      time: formatDateTime(record.created_at), name: record.created_by ? record.created_by.display_name : '',
    })));
}

function banners(record) {
  return [
    record.syncState === 'pending' && el('p', { class: 'alert alert-info' }, t('case.notSent')),
    record.syncState === 'attention' && el('p', { class: 'alert' }, t('case.attention'), ' ',
      el('a', { href: '#/sync-issues' }, t('case.seeIssues'))),
    record.conflictKey && el('p', { class: 'alert' }, t('case.conflict'), ' ',
      el('a', { href: `#/conflict?key=${record.conflictKey}` }, t('case.resolve'))),
  ];
}

export async function render({ user, params }) {
  const id = params.get('id');
  const keeper = VAULT_KEEPERS.includes(user.role);
  const source = keeper ? collaboratorSource(id) : officerSource(id);
  const [organizations, collaborators] = await Promise.all([source.organizations(), source.collaborators()]);
  const screen = el('div', { class: 'stack' });

  async function draw(record, notice = null) {
    const current = record || await source.load();
    const requests = await loadBedRequests(current);
    const open = current.status !== 'closed';
    // A collaborator writes through the phone's copy (and so offline); a closed case is read-only.
    const canWrite = open && (!keeper || current.onPhone);
    const editable = keeper && canWrite && !current.conflictKey;
    const editLink = (step) => editable && el('a', {
      class: 'button button-secondary button-small', href: `#/case-edit?id=${id}&step=${step}`,
    }, t('case.edit'));
    const redraw = () => draw();
    replaceContent(screen,
      el('h1', { class: 'case-code' }, current.code),
      notice && el('p', { class: 'alert alert-info', role: 'status' }, notice),
      header(current),
      ...banners(current),
      ...caseSections(current, editLink),
      followUpSection({ record: current, canWrite, add: source.addFollowUp, onChange: redraw }),
      referralSection({
        record: current, organizations, canWrite, add: source.addReferral, onChange: redraw,
        consentHref: editable ? `#/case-edit?id=${id}&step=${CONSENT_STEP}` : null,
        extra: (referral) => bedRequestPart({ referral, requests, caseId: id, open, onChange: redraw }),
      }),
      !keeper && caseActions({ record: current, collaborators, onChange: draw }),
      el('p', {}, el('a', { href: keeper ? '#/cases' : '#/ward-cases' }, t('common.back'))));
  }

  await draw();
  return screen;
}
