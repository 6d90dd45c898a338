// The city's help lines and each ward's public services, for the city admin who keeps them right: a line is
// verified (it then shows to residents), marked unverified again, or retired; a ward's services are added,
// corrected, hidden and shown again. Online only. Every change is sent with the version it was read at: if
// someone else saved first the server refuses (409), and the list is read again with what they saved.
import { api } from '../core/api.js';
import { fullDate } from '../campaigns/campaign-terms.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, clearErrors, field, select, setAlert, showError } from '../core/forms.js';
import { currentLanguage, t } from '../core/i18n.js';

const STATUS_NAMES = {
  verified: () => t('directoryAdmin.verified'),
  unverified: () => t('directoryAdmin.unverified'),
  retired: () => t('directoryAdmin.retired'),
};
const KINDS = () => [
  ['ward_committee', t('services.ward_committee')], ['health', t('services.health')],
  ['legal_aid', t('services.legal_aid')], ['police', t('services.police')],
  ['social_work', t('services.social_work')], ['womens_union', t('services.womens_union')],
];
// Mirror the server's schema (server/directory/schemas.py); it checks them again.
const LIMITS = { name: 200, phone: 20, address: 300, hours: 200, note_vi: 300, note_en: 300 };

const smallButton = (label, onclick) => el('button', {
  type: 'button', class: 'button button-small button-secondary', onclick,
}, label);

function noticeBox(notice) {
  const box = alertBox();
  if (notice) setAlert(box, notice);
  return box;
}

/** One line of the registry, with the buttons that move it to another status. */
function hotlineItem(line, reload) {
  const box = alertBox();
  // A line without a number can only be verified together with the number someone checked.
  const number = line.number ? null : field({ name: 'number', label: t('directoryAdmin.number'), type: 'tel' });
  if (number) number.input.required = false;
  const fields = number ? [number] : [];

  async function change(status, button) {
    clearErrors(fields, box);
    const body = { version: line.version, status };
    if (number && number.input.value.trim()) body.number = number.input.value.trim();
    button.disabled = true;
    try {
      await api.patch(`/hotlines/${line.id}`, body);
      await reload();
    } catch (error) {
      button.disabled = false;
      if (error.status === 409) await reload(t('directoryAdmin.changedElsewhere'));
      else showError(error, fields, box);
    }
  }
  const action = (status, label) => line.status !== status
    && smallButton(label, (event) => change(status, event.currentTarget));
  return el('li', { class: 'card', 'data-hotline': line.id, 'data-status': line.status },
    el('h3', {}, currentLanguage() === 'en' ? line.name_en : line.name_vi),
    el('p', {}, el('strong', { class: 'hotline-status' }, STATUS_NAMES[line.status]()), ' · ',
      el('span', { class: 'hotline-number' }, line.number || t('directoryAdmin.noNumber'))),
    el('p', { class: 'note' }, line.checked_on
      ? t('directoryAdmin.checkedOn', { date: fullDate(line.checked_on) }) : t('directoryAdmin.neverChecked')),
    line.source && el('p', { class: 'note' }, t('directoryAdmin.source', { source: line.source })),
    box, number && number.wrapper,
    el('p', { class: 'row-actions' }, action('verified', t('directoryAdmin.verify')),
      action('retired', t('directoryAdmin.retire')), action('unverified', t('directoryAdmin.unverify'))));
}

function hotlinesSection() {
  const content = el('div', { class: 'stack-tight' });
  async function draw(notice = null) {
    const { items } = await api.get('/hotlines/registry');
    replaceContent(content, noticeBox(notice),
      el('ul', { class: 'case-list' }, items.map((line) => hotlineItem(line, draw))));
  }
  return { section: el('section', { class: 'stack-tight', 'aria-labelledby': 'directory-hotlines' },
    el('h2', { id: 'directory-hotlines' }, t('directoryAdmin.hotlines')), content), draw };
}

function textField(name, label, value, required = false) {
  const item = field({ name, label, required, autocomplete: 'off', autocapitalize: 'sentences' });
  item.input.maxLength = LIMITS[name];
  item.input.value = value || '';
  return item;
}

/** The add form (service null) or the edit of one service, for the ward code. */
function serviceForm(code, service, done) {
  const kind = field({
    name: 'kind', label: t('directoryAdmin.kind'),
    control: select(KINDS().map(([value, label]) => ({ value, label })), { emptyLabel: t('directoryAdmin.choose') }),
  });
  kind.input.value = service ? service.kind : '';
  const parts = [kind, textField('name', t('directoryAdmin.name'), service && service.name, true),
    textField('phone', t('directoryAdmin.phone'), service && service.phone),
    textField('address', t('directoryAdmin.address'), service && service.address),
    textField('hours', t('directoryAdmin.hours'), service && service.hours),
    textField('note_vi', t('directoryAdmin.noteVi'), service && service.note_vi),
    textField('note_en', t('directoryAdmin.noteEn'), service && service.note_en)];
  parts[2].input.type = 'tel';
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('directoryAdmin.save'));
  const form = el('form', { class: 'form', noValidate: true, 'data-service-form': service ? service.id : 'new' },
    el('h3', {}, service ? t('directoryAdmin.editService', { name: service.name }) : t('directoryAdmin.addService')),
    box, parts.map((item) => item.wrapper), submit,
    service && smallButton(t('common.cancel'), () => done()));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(parts, box);
    const body = Object.fromEntries(parts.map((item) => [item.name, item.input.value.trim()]));
    // Empty contacts are sent as null, and an unchosen kind too, so that the server says what is missing.
    ['kind', 'phone', 'address'].forEach((name) => { body[name] = body[name] || null; });
    submit.disabled = true;
    try {
      if (service) await api.patch(`/services/${service.id}`, { ...body, version: service.version });
      else await api.post('/services', { ...body, ward_code: code });
      await done();
    } catch (error) {
      submit.disabled = false;
      // Someone else saved this service since it was opened: show theirs, with what happened.
      if (error.status === 409) await done(t('directoryAdmin.changedElsewhere'), service.id);
      else showError(error, parts, box);
    }
  });
  return form;
}

function serviceItem(item, edit, show) {
  async function toggle(event) {
    event.currentTarget.disabled = true;
    try {
      await api.patch(`/services/${item.id}`, { active: !item.active, version: item.version });
      await show();
    } catch (error) {
      await show(error.status === 409 ? t('directoryAdmin.changedElsewhere') : error.message);
    }
  }
  const kindName = (KINDS().find(([value]) => value === item.kind) || [])[1];
  return el('li', { class: 'card', 'data-service': item.id },
    el('h4', {}, item.name), el('p', { class: 'note' }, kindName),
    el('p', {}, [item.phone, item.address, item.hours].filter(Boolean).join(' · ')),
    item.active ? null : el('p', { class: 'note' }, t('directoryAdmin.hidden')),
    el('p', { class: 'row-actions' }, smallButton(t('directoryAdmin.edit'), () => edit(item)),
      smallButton(item.active ? t('directoryAdmin.hide') : t('directoryAdmin.show'), toggle)));
}

function servicesSection(wards) {
  const ward = field({
    name: 'ward', label: t('directoryAdmin.ward'),
    control: select(wards.map((item) => ({ value: item.code, label: item.name })),
      { emptyLabel: t('services.choose') }),
  });
  ward.input.required = false;
  const list = el('div', { class: 'stack-tight' });
  const formPlace = el('div', {});

  async function show(notice = null, editingId = null) {
    const code = ward.input.value;
    if (!code) {
      replaceContent(list);
      replaceContent(formPlace);
      return;
    }
    let mine;
    try {
      mine = (await api.get('/services/registry')).items.filter((item) => item.ward_code === code);
    } catch (error) {
      replaceContent(list, noticeBox(error.message));
      return;
    }
    const edit = (item) => {
      const form = serviceForm(code, item, show);
      replaceContent(formPlace, form);
      form.querySelector('select').focus();
    };
    replaceContent(list, noticeBox(notice), mine.length
      ? el('ul', { class: 'case-list' }, mine.map((item) => serviceItem(item, edit, show)))
      : el('p', { class: 'note' }, t('directoryAdmin.noServices')));
    const editing = editingId && mine.find((item) => item.id === editingId);
    replaceContent(formPlace, serviceForm(code, editing || null, show));
  }
  ward.input.addEventListener('change', () => show());
  return el('section', { class: 'stack-tight', 'aria-labelledby': 'directory-services' },
    el('h2', { id: 'directory-services' }, t('directoryAdmin.services')), ward.wrapper, list, formPlace);
}

export async function render() {
  const hotlines = hotlinesSection();
  const [wards] = await Promise.all([api.get('/wards'), hotlines.draw()]);
  return el('div', { class: 'stack' },
    el('h1', {}, t('directoryAdmin.title')),
    hotlines.section,
    servicesSection(wards.items),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
