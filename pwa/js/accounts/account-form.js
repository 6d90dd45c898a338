// The form that creates an account. A ward officer only ever creates collaborators of their own ward, so
// their form asks for nothing else; a city admin picks the role and what it belongs to.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, clearErrors, field, select, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { ROLES, roleName } from './roles.js';

// Mirrors the server's rule (server/accounts/models.py ROLE_ATTACHMENTS): ward roles see one ward's
// work; providers and shelter hosts act for an organisation; a shelter host's organisation is a shelter.
const WARD_ROLES = ['collaborator', 'ward_officer'];
const ORGANIZATION_ROLES = ['provider', 'shelter_host'];

function organizationFits(organization, role) {
  return (organization.kind === 'shelter') === (role === 'shelter_host');
}

function adminFields(wards, organizations) {
  const role = field({
    name: 'role', label: t('accounts.role'),
    control: select(ROLES.map((code) => ({ value: code, label: roleName(code) })), { emptyLabel: t('accounts.choose') }),
  });
  const ward = field({
    name: 'ward_code', label: t('accounts.ward'),
    control: select(wards.map((item) => ({ value: item.code, label: item.name })), { emptyLabel: t('accounts.choose') }),
  });
  const organization = field({ name: 'organization_id', label: t('accounts.organization'), control: select([]) });

  function fitToRole() {
    const chosen = role.input.value;
    ward.wrapper.hidden = !WARD_ROLES.includes(chosen);
    organization.wrapper.hidden = !ORGANIZATION_ROLES.includes(chosen);
    const options = organizations
      .filter((item) => organizationFits(item, chosen))
      .map((item) => el('option', { value: String(item.id) }, item.name));
    organization.input.replaceChildren(el('option', { value: '' }, t('accounts.choose')), ...options);
  }
  role.input.addEventListener('change', fitToRole);
  fitToRole();

  return {
    fields: [role, ward, organization],
    body() {
      const chosen = role.input.value;
      return {
        role: chosen,
        ward_code: WARD_ROLES.includes(chosen) ? ward.input.value || null : null,
        organization_id: ORGANIZATION_ROLES.includes(chosen) && organization.input.value
          ? Number(organization.input.value) : null,
      };
    },
    reset: fitToRole,
  };
}

/** The create form; onCreated receives the server's {user, temporary_password}. */
export function accountForm({ user, wards, organizations, onCreated }) {
  const username = field({
    name: 'username', label: t('accounts.username'), autocomplete: 'off', hint: t('accounts.usernameHint'),
  });
  const displayName = field({
    name: 'display_name', label: t('accounts.displayName'), autocomplete: 'off', autocapitalize: 'words',
  });
  const admin = user.role === 'city_admin' ? adminFields(wards, organizations) : null;
  const fields = [username, displayName, ...(admin ? admin.fields : [])];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('accounts.create'));
  const form = el('form', { class: 'form', noValidate: true },
    box, fields.map((item) => item.wrapper),
    !admin && el('p', { class: 'note' }, t('accounts.collaboratorOf', { ward: user.ward ? user.ward.name : '' })),
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(fields, box);
    submit.disabled = true;
    const attachment = admin ? admin.body() : { role: 'collaborator', ward_code: user.ward && user.ward.code };
    try {
      const created = await api.post('/users', {
        username: username.input.value.trim().toLowerCase(),
        display_name: displayName.input.value.trim(),
        ...attachment,
      });
      form.reset();
      if (admin) admin.reset();
      onCreated(created);
    } catch (error) {
      showError(error, fields, box);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
