// Adding a campaign to the city's calendar, or correcting one: what it is called and says in both languages,
// its days, who is reminded and how many days before. Online only, like the shelter register. A campaign
// is sent back with the version it was read at: if someone else saved it meanwhile the server refuses
// (409), and the form is filled again with their version instead of silently overwriting it.
import { api } from '../core/api.js';
import { checkGroup, yesNo } from '../core/choices.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, clearErrors, field, select, setAlert, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { ROLES, roleName } from '../accounts/roles.js';

// Mirror the server's schema (server/campaigns/schemas.py); it checks them again.
const TITLE_MAX_CHARS = 120;
const MESSAGE_MAX_CHARS = 300;
const DEFAULT_OFFSETS_DAYS = [7, 1, 0];
const RESIDENTS = 'residents';

function textField(name, label, value, { maxLength, type = 'text', required = true, hint } = {}) {
  const item = field({ name, label, type, required, hint, autocomplete: 'off', autocapitalize: 'sentences' });
  if (maxLength) item.input.maxLength = maxLength;
  item.input.value = value || '';
  return item;
}

function messageField(name, label, value) {
  const item = field({
    name, label, hint: t('campaignAdmin.messageHint', { max: MESSAGE_MAX_CHARS }),
    control: el('textarea', { rows: 3, maxLength: MESSAGE_MAX_CHARS }),
  });
  item.input.value = value || '';
  return item;
}

/** The form's parts, filled from campaign (an empty object for a new one). */
function campaignFields(campaign, wards) {
  const wardControl = select(wards.map((item) => ({ value: item.code, label: item.name })));
  wardControl.multiple = true;
  wardControl.required = false;
  wardControl.size = 6;
  const chosenWards = new Set(campaign.audience_wards || []);
  Array.from(wardControl.options).forEach((option) => { option.selected = chosenWards.has(option.value); });
  const offsets = textField('reminder_offsets', t('campaignAdmin.offsets'),
    (campaign.reminder_offsets || DEFAULT_OFFSETS_DAYS).join(', '), { hint: t('campaignAdmin.offsetsHint') });
  offsets.input.inputMode = 'numeric';
  return {
    title_vi: textField('title_vi', t('campaignAdmin.titleVi'), campaign.title_vi, { maxLength: TITLE_MAX_CHARS }),
    title_en: textField('title_en', t('campaignAdmin.titleEn'), campaign.title_en, { maxLength: TITLE_MAX_CHARS }),
    message_vi: messageField('message_vi', t('campaignAdmin.messageVi'), campaign.message_vi),
    message_en: messageField('message_en', t('campaignAdmin.messageEn'), campaign.message_en),
    starts_on: textField('starts_on', t('campaignAdmin.startsOn'), campaign.starts_on, { type: 'date' }),
    ends_on: textField('ends_on', t('campaignAdmin.endsOn'), campaign.ends_on,
      { type: 'date', hint: t('campaignAdmin.endsOnHint') }),
    yearly: yesNo({
      name: 'yearly', legend: t('campaignAdmin.yearlyQuestion'), yes: t('common.yes'), no: t('common.no'),
      value: Boolean(campaign.yearly),
    }),
    audience_roles: checkGroup({
      name: 'audience_roles', legend: t('campaignAdmin.audienceLegend'),
      options: [{ value: RESIDENTS, label: t('campaignAdmin.residentsOption') },
        ...ROLES.map((role) => ({ value: role, label: roleName(role) }))],
      // A new campaign reaches residents unless the admin says otherwise, as on the server.
      values: [...(campaign.audience_residents !== false ? [RESIDENTS] : []), ...(campaign.audience_roles || [])],
    }),
    audience_wards: field({
      name: 'audience_wards', label: t('campaignAdmin.wards'), hint: t('campaignAdmin.wardsHint'),
      control: wardControl,
    }),
    reminder_offsets: offsets,
    active: yesNo({
      name: 'active', legend: t('campaignAdmin.active'), yes: t('common.yes'), no: t('common.no'),
      value: campaign.active !== false,
    }),
  };
}

/** "7, 1, 0" as [7, 1, 0]; null when a piece is not a whole number of days. */
function parseOffsets(text) {
  const pieces = text.split(/[,;\s]+/).filter(Boolean);
  return pieces.every((piece) => /^\d+$/.test(piece)) ? pieces.map(Number) : null;
}

/** What the server is sent: every field, so that a create and an edit send the same shape. */
function bodyOf(parts, offsets) {
  const text = (item) => item.input.value.trim();
  const audience = parts.audience_roles.value();
  return {
    title_vi: text(parts.title_vi),
    title_en: text(parts.title_en),
    message_vi: text(parts.message_vi),
    message_en: text(parts.message_en),
    // An empty box is sent as null so that the server says what is missing.
    starts_on: parts.starts_on.input.value || null,
    ends_on: parts.ends_on.input.value || parts.starts_on.input.value || null,
    yearly: parts.yearly.value() === true,
    audience_residents: audience.includes(RESIDENTS),
    audience_roles: audience.filter((value) => value !== RESIDENTS),
    audience_wards: Array.from(parts.audience_wards.input.selectedOptions, (option) => option.value),
    reminder_offsets: offsets,
    active: parts.active.value() !== false,
  };
}

async function campaignById(id) {
  const { items } = await api.get('/campaigns');
  const campaign = items.find((item) => String(item.id) === id);
  if (!campaign) throw new Error(t('campaignAdmin.notFound'));
  return campaign;
}

export async function render({ params, navigate }) {
  const id = /^\d+$/.test(params.get('id') || '') ? params.get('id') : null;
  const [wards, first] = await Promise.all([api.get('/wards'), id ? campaignById(id) : {}]);
  const content = el('div', { class: 'stack' });

  function draw(campaign, notice = null) {
    const parts = campaignFields(campaign, wards.items);
    const fields = Object.values(parts);
    const box = alertBox();
    if (notice) setAlert(box, notice);
    const submit = el('button', { type: 'submit', class: 'button' }, t('campaignAdmin.save'));
    const form = el('form', { class: 'form', noValidate: true }, box, fields.map((item) => item.wrapper), submit);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(fields, box);
      const offsets = parseOffsets(parts.reminder_offsets.input.value);
      if (!offsets) {
        parts.reminder_offsets.setError(t('campaignAdmin.offsetsInvalid'));
        parts.reminder_offsets.input.focus();
        return;
      }
      submit.disabled = true;
      try {
        if (id) await api.patch(`/campaigns/${id}`, { ...bodyOf(parts, offsets), version: campaign.version });
        else await api.post('/campaigns', bodyOf(parts, offsets));
        navigate('/campaign-admin');
      } catch (error) {
        submit.disabled = false;
        if (error.status !== 409) {
          showError(error, fields, box);
          return;
        }
        // Someone else saved this campaign since it was opened: show theirs, with what happened.
        draw(await campaignById(id).catch(() => campaign), t('campaignAdmin.changedElsewhere'));
      }
    });
    replaceContent(content, form);
    if (notice) {
      box.tabIndex = -1;
      box.focus();
    }
  }

  draw(first);
  return el('div', { class: 'stack' },
    el('h1', {}, id ? t('campaignAdmin.editTitle') : t('campaignAdmin.addTitle')),
    content,
    el('p', {}, el('a', { href: '#/campaign-admin' }, t('common.back'))));
}
