// Adding a shelter to the city's register, or correcting one: its public facts, the organisation that runs
// it, and the confidential address and host phone. Online only: a register change is made at a desk, and
// the address must not wait on a phone in an outbox.
import { api } from '../core/api.js';
import { choicesOf } from '../cases/case-terms.js';
import { checkGroup, yesNo } from '../core/choices.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, select, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { ACCEPTS, ACCESSIBILITY, KINDS, LANGUAGES } from './shelter-terms.js';

// Mirrors the server's schema (server/shelters/schemas.py): at most 500 beds, a catch for typing slips.
const MAX_CAPACITY = 500;

function chosen(control, value) {
  control.value = value === null || value === undefined ? '' : String(value);
  return control;
}

function textField(name, label, value, { type = 'text', required = true, hint } = {}) {
  const item = field({ name, label, type, required, hint, autocomplete: 'off', autocapitalize: 'sentences' });
  item.input.value = value || '';
  return item;
}

/** The form's parts, filled from shelter (an empty object for a new one). */
function shelterFields(shelter, wards, organizations) {
  const choose = { emptyLabel: t('shelterAdmin.choose') };
  const capacity = textField('capacity', t('shelterAdmin.capacityLabel'), shelter.capacity,
    { type: 'number', hint: t('shelterAdmin.capacityHint', { max: MAX_CAPACITY }) });
  capacity.input.inputMode = 'numeric';
  return {
    name: textField('name', t('shelterAdmin.name'), shelter.name),
    ward_code: field({
      name: 'ward_code', label: t('shelterAdmin.ward'),
      control: chosen(select(wards.map((item) => ({ value: item.code, label: item.name })), choose),
        shelter.ward && shelter.ward.code),
    }),
    kind: field({
      name: 'kind', label: t('shelterAdmin.kind'), control: chosen(select(choicesOf(KINDS), choose), shelter.kind),
    }),
    standardised: yesNo({
      name: 'standardised', legend: t('shelterAdmin.standardised'), yes: t('common.yes'), no: t('common.no'),
      value: Boolean(shelter.standardised),
    }),
    capacity,
    accepts: checkGroup({
      name: 'accepts', legend: t('shelter.accepts'), options: choicesOf(ACCEPTS), values: shelter.accepts || [],
    }),
    accessibility: checkGroup({
      name: 'accessibility', legend: t('shelter.accessibility'), options: choicesOf(ACCESSIBILITY),
      values: shelter.accessibility || [],
    }),
    languages: checkGroup({
      name: 'languages', legend: t('shelter.languages'), options: choicesOf(LANGUAGES),
      values: shelter.languages || [],
    }),
    public_line: textField('public_line', t('shelterAdmin.publicLine'), shelter.public_line,
      { type: 'tel', hint: t('shelterAdmin.publicLineHint') }),
    organization_id: field({
      name: 'organization_id', label: t('shelterAdmin.operator'),
      control: chosen(select(organizations.map((item) => ({ value: item.id, label: item.name })), choose),
        shelter.organization_id),
    }),
    address: textField('address', t('shelterAdmin.address'), shelter.address, { required: false }),
    host_phone: textField('host_phone', t('shelterAdmin.hostPhone'), shelter.host_phone,
      { type: 'tel', required: false }),
    active: yesNo({
      name: 'active', legend: t('shelterAdmin.active'), yes: t('common.yes'), no: t('common.no'),
      value: shelter.active !== false,
    }),
  };
}

/** What the server is sent: every field, so that a create and an edit send the same shape. */
function bodyOf(parts) {
  const text = (item) => item.input.value.trim();
  const optional = (item) => text(item) || null;
  return {
    name: text(parts.name),
    ward_code: parts.ward_code.input.value,
    kind: parts.kind.input.value,
    standardised: parts.standardised.value() === true,
    // The server takes only a whole number; an empty box is sent as null so that it says what is missing.
    capacity: text(parts.capacity) === '' ? null : Number(text(parts.capacity)),
    accepts: parts.accepts.value(),
    accessibility: parts.accessibility.value(),
    languages: parts.languages.value(),
    public_line: text(parts.public_line),
    organization_id: parts.organization_id.input.value ? Number(parts.organization_id.input.value) : null,
    address: optional(parts.address),
    host_phone: optional(parts.host_phone),
    active: parts.active.value() !== false,
  };
}

export async function render({ params, navigate }) {
  const id = /^\d+$/.test(params.get('id') || '') ? params.get('id') : null;
  const [wards, organizations, shelter] = await Promise.all([
    api.get('/wards'), api.get('/organizations'), id ? api.get(`/shelters/${id}`) : {},
  ]);
  const parts = shelterFields(shelter, wards.items, organizations.items.filter((item) => item.kind === 'shelter'));
  const fields = Object.values(parts);
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('shelterAdmin.save'));
  const form = el('form', { class: 'form', noValidate: true }, box,
    [parts.name, parts.ward_code, parts.kind, parts.standardised, parts.capacity, parts.accepts,
      parts.accessibility, parts.languages, parts.public_line, parts.organization_id].map((item) => item.wrapper),
    el('section', { class: 'card', 'aria-labelledby': 'shelter-confidential' },
      el('h2', { id: 'shelter-confidential' }, t('shelterAdmin.confidential')),
      el('p', { class: 'note' }, t('shelterAdmin.confidentialNote')),
      parts.address.wrapper, parts.host_phone.wrapper),
    parts.active.wrapper, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(fields, box);
    submit.disabled = true;
    try {
      if (id) await api.patch(`/shelters/${id}`, bodyOf(parts));
      else await api.post('/shelters', bodyOf(parts));
      navigate('/shelter-admin');
    } catch (error) {
      showError(error, fields, box);
    } finally {
      submit.disabled = false;
    }
  });
  return el('div', { class: 'stack' },
    el('h1', {}, id ? t('shelterAdmin.editTitle') : t('shelterAdmin.addTitle')),
    form,
    el('p', {}, el('a', { href: '#/shelter-admin' }, t('common.back'))));
}
