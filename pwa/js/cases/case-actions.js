// What a ward officer decides about a case: who follows it up, and when it is closed or reopened. Each
// decision carries the version the officer saw; if the case changed meanwhile, the server refuses it and
// the screen shows the case as it now is.
import { api } from '../core/api.js';
import { CLOSURE_REASONS, choicesOf } from './case-terms.js';
import { el } from '../core/dom.js';
import { alertBox, field, select, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';

/** onChange(updatedCase) after a decision; onChange(null, notice) when the case must be read again. */
export function caseActions({ record, collaborators, onChange }) {
  const box = alertBox();

  async function decide(button, action, body) {
    button.disabled = true;
    setAlert(box, null);
    try {
      onChange(await api.post(`/cases/${record.id}/${action}`, { base_version: record.version, ...body }));
    } catch (error) {
      if (error.status === 409) {
        onChange(null, t('actions.changed'));
        return;
      }
      setAlert(box, error.message);
      button.disabled = false;
    }
  }

  const assignee = field({
    name: 'collaborator_id', label: t('actions.assignTo'),
    control: select(collaborators.map((item) => ({ value: item.id, label: item.display_name })),
      { emptyLabel: t('case.unassigned') }),
  });
  assignee.input.required = false;
  assignee.input.value = record.assigned_to ? String(record.assigned_to.id) : '';
  const assign = el('button', { type: 'button', class: 'button' }, t('actions.assign'));
  assign.addEventListener('click', () => decide(assign, 'assign', {
    collaborator_id: assignee.input.value ? Number(assignee.input.value) : null,
  }));

  const closed = record.status === 'closed';
  const reason = field({
    name: 'closure_reason', label: t('actions.closeReason'),
    control: select(choicesOf(CLOSURE_REASONS), { emptyLabel: t('accounts.choose') }),
  });
  const close = el('button', { type: 'button', class: 'button button-secondary' }, t('actions.close'));
  close.addEventListener('click', () => {
    if (!reason.input.value) {
      reason.setError(t('wizard.required'));
      reason.input.focus();
      return;
    }
    decide(close, 'close', { closure_reason: reason.input.value });
  });
  const reopen = el('button', { type: 'button', class: 'button button-secondary' }, t('actions.reopen'));
  reopen.addEventListener('click', () => decide(reopen, 'reopen', {}));

  return el('section', { class: 'card', 'aria-labelledby': 'actions-title' },
    el('h2', { id: 'actions-title' }, t('actions.title')), box,
    !closed && el('div', { class: 'form' }, assignee.wrapper, assign),
    !closed && el('div', { class: 'form' }, reason.wrapper, close),
    closed && reopen);
}
