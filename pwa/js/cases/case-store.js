// The collaborator's cases on this phone. "records" keeps, encrypted, the server's last copy of each open
// case (or, until the server has it, the case as it was recorded here); the operations still in the outbox
// are laid over that copy whenever a case is read, so a note or referral made offline shows at once and
// stays until the server has it. Closed cases, and cases no longer theirs, leave the phone once nothing
// about them waits to be sent.
import { api } from '../core/api.js';
import { CASE_SECTIONS, CHILD_AGE_GROUPS, riskLevel } from './case-terms.js';
import { read, readAll, remove, write } from '../core/idb.js';
import * as outbox from './outbox.js';
import { decrypt, encrypt, unlockedProfile } from '../accounts/vault.js';

const OPEN_STATUSES = ['new', 'open'];
const PER_PAGE = 50;

/** "BA-" and the first 8 hex digits of the id, upper case: the server's case code, known offline. */
export function caseCode(id) {
  return `BA-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

function author() {
  const profile = unlockedProfile();
  return profile ? { id: profile.id, display_name: profile.display_name } : null;
}

function localCase(body) {
  const now = new Date().toISOString();
  return {
    ...body,
    code: caseCode(body.id),
    survivor: { ...body.survivor, is_child: CHILD_AGE_GROUPS.includes(body.survivor.age_group) },
    risk: { ...body.risk, level: riskLevel(body.risk.answers) },
    status: 'new',
    closure_reason: null,
    version: 1,
    assigned_to: null,
    created_by: author(),
    created_at: now,
    updated_at: now,
    referrals: [],
    follow_ups: [],
  };
}

/** One operation laid over a case; syncState marks what the server does not have yet. */
function applyOperation(current, operation, { syncState, organizations = [], version }) {
  const { type, payload } = operation;
  if (type === 'case.create') return { ...current, syncState, version: version || current.version };
  if (type === 'case.update') {
    const sections = Object.fromEntries(Object.entries(payload).filter(([key]) => CASE_SECTIONS.includes(key)));
    const next = { ...current, ...sections, version: version || payload.base_version + 1 };
    next.syncState = current.syncState || syncState;
    if (sections.risk) next.risk = { ...sections.risk, level: riskLevel(sections.risk.answers) };
    return next;
  }
  if (type === 'followup.create') {
    const note = { ...payload, created_at: payload.occurred_at, author: author(), syncState };
    return { ...current, follow_ups: [...current.follow_ups.filter((item) => item.id !== payload.id), note] };
  }
  if (type === 'referral.create') {
    const organization = organizations.find((item) => item.id === payload.organization_id)
      || { id: payload.organization_id, name: '', kind: '' };
    const referral = {
      id: payload.id, case_id: payload.case_id, service_type: payload.service_type, organization,
      status: 'in_progress', note: payload.note, created_at: new Date().toISOString(), syncState,
    };
    return { ...current, referrals: [...current.referrals.filter((item) => item.id !== payload.id), referral] };
  }
  return current;
}

/** The case as the person should see it: the stored copy with every unsent operation laid over it. */
function compose(stored, operations, organizations) {
  let current = { ...stored, syncState: null, conflictKey: null };
  for (const operation of operations) {
    // A conflicting update is shown on its own screen, not mixed into the case.
    if (operation.state === outbox.CONFLICT) {
      current.conflictKey = operation.key;
    } else {
      current = applyOperation(current, operation, { syncState: operation.state, organizations });
    }
  }
  return current;
}

export async function cachedOrganizations() {
  return (await read('meta', 'organizations')) || [];
}

async function writeCase(value) {
  await write('records', { id: value.id, blob: await encrypt(value) });
}

/** Every case on the phone, newest first. */
export async function listCases() {
  const [records, operations, organizations] = await Promise.all([
    readAll('records'), outbox.unsent(), cachedOrganizations(),
  ]);
  const cases = await Promise.all(records.map(async (record) => compose(
    await decrypt(record.blob), operations.filter((item) => item.caseId === record.id), organizations)));
  return cases.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** One case from the phone, or null when the phone does not keep it. */
export async function getCase(id) {
  const record = await read('records', id);
  if (!record) return null;
  const operations = (await outbox.unsent()).filter((item) => item.caseId === id);
  return compose(await decrypt(record.blob), operations, await cachedOrganizations());
}

/** Records a new case: it is on the phone and in the outbox at once, in one transaction. */
export async function createCase(body) {
  const record = { id: body.id, blob: await encrypt(localCase(body)) };
  await outbox.enqueue('case.create', body, { caseId: body.id, record });
}

/** Replaces whole sections ({consent: {...}}) of a case, based on the version the person was looking at. */
export async function updateSections(current, sections) {
  const payload = { id: current.id, base_version: current.version, ...sections };
  await outbox.enqueue('case.update', payload, { caseId: current.id });
}

export async function addFollowUp(caseId, note) {
  const payload = { case_id: caseId, id: crypto.randomUUID(), note, occurred_at: new Date().toISOString() };
  await outbox.enqueue('followup.create', payload, { caseId });
}

export async function addReferral(caseId, { serviceType, organizationId, note }) {
  const payload = {
    case_id: caseId, id: crypto.randomUUID(), service_type: serviceType, organization_id: organizationId, note,
  };
  await outbox.enqueue('referral.create', payload, { caseId });
}

/**
 * Resolves a conflict: the server's copy becomes the stored one, and the sections the person chose to keep
 * (if any) go out again as a new update based on the server's version.
 */
export async function resolveConflict(key, serverCase, keptSections) {
  await storeServerCopy(serverCase);
  if (Object.keys(keptSections).length) {
    const payload = { id: serverCase.id, base_version: serverCase.version, ...keptSections };
    await outbox.enqueue('case.update', payload, { caseId: serverCase.id, replaces: key });
  } else {
    await outbox.discard(key);
  }
}

/** After the server took operations: the stored copies now include them, with the server's versions. */
export async function acknowledge(acknowledged) {
  const organizations = await cachedOrganizations();
  for (const { type, payload, result } of acknowledged) {
    const id = payload.case_id || payload.id;
    const record = await read('records', id);
    if (!record) continue;
    const stored = applyOperation(await decrypt(record.blob), { type, payload }, {
      syncState: null, organizations, version: type.startsWith('case.') ? result.version : undefined,
    });
    await writeCase(stored);
  }
}

/** Keeps the server's copy while the case is open; otherwise lets it go unless work on it waits. */
async function storeServerCopy(serverCase) {
  if (OPEN_STATUSES.includes(serverCase.status)) {
    await writeCase(serverCase);
  } else if (!(await outbox.unsentCaseIds()).has(serverCase.id)) {
    await remove('records', serverCase.id);
  }
}

async function summaries(status) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const answer = await api.get(`/cases?status=${status}&page=${page}&per_page=${PER_PAGE}`);
    items.push(...answer.items);
    if (answer.items.length < PER_PAGE || items.length >= answer.total) return items;
  }
}

/**
 * Brings the phone in line with the server: a fresh copy of each open case that changed, none of the
 * others (unless work on them waits), and the organisations a referral may go to.
 */
export async function refresh() {
  const open = new Map();
  for (const status of OPEN_STATUSES) {
    for (const summary of await summaries(status)) open.set(summary.id, summary);
  }
  const waiting = await outbox.unsentCaseIds();
  for (const record of await readAll('records')) {
    const stored = await decrypt(record.blob);
    const summary = open.get(record.id);
    if (!summary) {
      if (!waiting.has(record.id)) await remove('records', record.id);
    } else if (summary.version === stored.version && summary.updated_at === stored.updated_at) {
      open.delete(record.id);
    }
  }
  for (const id of open.keys()) await storeServerCopy(await api.get(`/cases/${id}`));
  const organizations = await api.get('/organizations');
  await write('meta', organizations.items, 'organizations');
}
