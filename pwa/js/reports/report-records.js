// What the annual report needs and the app cannot know by itself, kept by the ward officer for their ward:
// the coordination mechanism (target b), schools with a GBV procedure and businesses with anti-harassment
// rules (target d), and, on report-activities.js, trainings (target đ) and communication activities. Nothing
// here names a survivor. Online only; every change goes straight to the server, which checks the ward.
import { api, request } from '../core/api.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { communicationsSection, trainingsSection } from './report-activities.js';
import { deleteButton, recordSection, send, smallButton, textInput, tickBox } from './report-inputs.js';
import { chosenYear, dayText } from './report-terms.js';

// Mirror the server's model (server/reports/models.py); it checks them again.
const LIMITS = { document_number: 60, note: 500, name: 200 };

function mechanismSection(wardCode) {
  const path = `/reports/mechanisms/${encodeURIComponent(wardCode)}`;
  return recordSection({
    id: 'mechanism',
    title: t('reports.mechanismTitle'),
    intro: t('reports.mechanismIntro'),
    load: async () => (await api.get('/reports/mechanisms')).items,
    drawItems: (items, reload) => {
      const current = items[0];
      if (!current) return el('p', { class: 'record-state' }, t('reports.mechanismNone'));
      return el('div', { class: 'card', 'data-mechanism': current.document_number },
        el('p', { class: 'record-state' }, t('reports.mechanismDocument', {
          number: current.document_number, date: dayText(current.document_date),
        })),
        current.note && el('p', { class: 'note' }, current.note),
        el('p', { class: 'row-actions' }, deleteButton(async () => {
          await request('DELETE', path);
          await reload(t('reports.deleted'));
        })));
    },
    form: (reload, items) => {
      const current = items[0] || {};
      const fields = [
        textInput('document_number', t('reports.documentNumber'), current.document_number,
          { maxLength: LIMITS.document_number, hint: t('reports.documentNumberHint') }),
        textInput('document_date', t('reports.documentDate'), current.document_date, { type: 'date' }),
        textInput('note', t('reports.mechanismNote'), current.note, { maxLength: LIMITS.note, required: false }),
      ];
      const box = alertBox();
      const submit = el('button', { type: 'submit', class: 'button' }, t('reports.saveMechanism'));
      const form = el('form', { class: 'form', noValidate: true, 'data-form': 'mechanism' },
        box, fields.map((item) => item.wrapper), submit);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const [number, date, note] = fields.map((item) => item.input.value.trim());
        send(() => request('PUT', path, { document_number: number, document_date: date || null, note }),
          fields, box, submit, reload, t('reports.saved'));
      });
      return form;
    },
  });
}

const KIND_WORDS = {
  school: {
    title: () => t('reports.schoolsTitle'),
    intro: () => t('reports.schoolsIntro'),
    name: () => t('reports.schoolName'),
    policy: () => t('reports.schoolPolicy'),
    has: () => t('reports.schoolHasPolicy'),
    lacks: () => t('reports.schoolLacksPolicy'),
    add: () => t('reports.addSchool'),
    none: () => t('reports.noSchools'),
    count: (withPolicy, total) => t('reports.schoolsCount', { count: withPolicy, total }),
  },
  business: {
    title: () => t('reports.businessesTitle'),
    intro: () => t('reports.businessesIntro'),
    name: () => t('reports.businessName'),
    policy: () => t('reports.businessPolicy'),
    has: () => t('reports.businessHasPolicy'),
    lacks: () => t('reports.businessLacksPolicy'),
    add: () => t('reports.addBusiness'),
    none: () => t('reports.noBusinesses'),
    count: (withPolicy, total) => t('reports.businessesCount', { count: withPolicy, total }),
  },
};

function institutionItem(item, words, reload) {
  const box = alertBox();
  async function toggle(event) {
    event.currentTarget.disabled = true;
    try {
      // A policy's date goes with the policy: unmarking one clears its date too.
      const change = item.has_policy ? { has_policy: false, policy_date: null } : { has_policy: true };
      await request('PATCH', `/reports/institutions/${item.id}`, change);
      await reload(t('reports.saved'));
    } catch (error) {
      setAlert(box, error.message);
    }
  }
  return el('li', { class: 'card institution', 'data-institution': item.name, 'data-policy': String(item.has_policy) },
    el('h3', {}, item.name),
    el('p', { class: 'badges' },
      el('span', { class: `badge ${item.has_policy ? 'indicator-met' : 'indicator-not_met'}` },
        item.has_policy ? words.has() : words.lacks()),
      item.policy_date && el('span', { class: 'note' }, dayText(item.policy_date))),
    box,
    el('p', { class: 'row-actions' },
      smallButton(item.has_policy ? t('reports.markWithout') : t('reports.markWith'), toggle),
      deleteButton(async () => {
        try {
          await request('DELETE', `/reports/institutions/${item.id}`);
          await reload(t('reports.deleted'));
        } catch (error) {
          setAlert(box, error.message);
        }
      })));
}

function institutionsSection(kind) {
  const words = KIND_WORDS[kind];
  return recordSection({
    id: `${kind}s`,
    title: words.title(),
    intro: words.intro(),
    load: async () => (await api.get(`/reports/institutions?kind=${kind}`)).items,
    drawItems: (items, reload) => {
      if (!items.length) return el('p', { class: 'note' }, words.none());
      const withPolicy = items.filter((item) => item.has_policy).length;
      return el('div', { class: 'stack-tight' },
        el('p', { class: 'record-state' }, words.count(withPolicy, items.length)),
        el('ul', { class: 'records' }, items.map((item) => institutionItem(item, words, reload))));
    },
    form: (reload) => {
      const name = textInput('name', words.name(), '', { maxLength: LIMITS.name });
      const hasPolicy = tickBox('has_policy', words.policy());
      const policyDate = textInput('policy_date', t('reports.policyDate'), '', { type: 'date', required: false });
      const fields = [name, hasPolicy, policyDate];
      const box = alertBox();
      const submit = el('button', { type: 'submit', class: 'button' }, words.add());
      const form = el('form', { class: 'form', noValidate: true, 'data-form': kind },
        el('h3', {}, words.add()), box, fields.map((item) => item.wrapper), submit);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const body = {
          kind, name: name.input.value.trim(), has_policy: hasPolicy.input.checked,
          policy_date: policyDate.input.value || null,
        };
        send(() => api.post('/reports/institutions', body), fields, box, submit, reload,
          t('reports.added', { name: body.name }));
      });
      return form;
    },
  });
}

export async function render({ params, user }) {
  const year = chosenYear(params);
  const parts = [
    mechanismSection(user.ward.code), institutionsSection('school'), institutionsSection('business'),
    trainingsSection(year), communicationsSection(year),
  ];
  await Promise.all(parts.map((part) => part.reload()));
  return el('div', { class: 'stack report-records' },
    el('h1', {}, t('reports.recordsTitle')),
    el('p', { class: 'lead' }, t('reports.recordsLead', { ward: user.ward.name, year })),
    el('nav', { class: 'filters', 'aria-label': t('reports.recordsJump') }, parts.map((part) => el('a', {
      class: 'button button-small button-secondary',
      href: `#/report-records?year=${year}`,
      // The route stays the same: a jump within the screen, not a new render.
      onclick: (event) => {
        event.preventDefault();
        part.section.scrollIntoView();
      },
    }, part.section.querySelector('h2').textContent))),
    parts.map((part) => part.section),
    el('p', {}, el('a', { href: `#/reports?year=${year}` }, t('reports.backToReport'))));
}
