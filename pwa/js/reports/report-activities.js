// The ward's trainings (target đ: staff and collaborators trained) and communication activities of a year.
// A training counts its participants by role, accounts or not; the accounts ticked as attending are the
// people indicator (đ) counts as trained.
import { api, request } from '../core/api.js';
import { choicesOf, term } from '../cases/case-terms.js';
import { checkGroup } from '../core/choices.js';
import { el } from '../core/dom.js';
import { alertBox, field, select, setAlert } from '../core/forms.js';
import { t, today } from '../core/i18n.js';
import { roleName } from '../accounts/roles.js';
import { deleteButton, numberInput, recordSection, send, textInput, wholeNumber } from './report-inputs.js';
import { ACTIVITY_AUDIENCES, ACTIVITY_FORMS, TRAINING_ROLES, dayText, formatNumber } from './report-terms.js';

// Mirror the server's model (server/reports/models.py); it checks them again.
const TOPIC_MAX_CHARS = 200;
const NOTE_MAX_CHARS = 500;
const HOURS_MAX = 200;

/** Today when it falls in the year being reported, else nothing: the person picks the day. */
const defaultDay = (year) => (today().startsWith(`${year}-`) ? today() : '');

function removal(path, box, reload) {
  return deleteButton(async () => {
    try {
      await request('DELETE', path);
      await reload(t('reports.deleted'));
    } catch (error) {
      setAlert(box, error.message);
    }
  });
}

function trainingItem(item, reload) {
  const box = alertBox();
  const counts = item.participants || {};
  const total = Object.values(counts).reduce((sum, count) => sum + (Number(count) || 0), 0);
  const byRole = Object.keys(TRAINING_ROLES).filter((role) => counts[role])
    .map((role) => `${term(TRAINING_ROLES, role)}: ${formatNumber(counts[role])}`).join(' · ');
  return el('li', { class: 'card training', 'data-training': item.topic },
    el('h3', {}, item.topic),
    el('p', {}, t('reports.trainingLine', { date: dayText(item.held_on), hours: item.hours, count: total })),
    byRole && el('p', { class: 'note' }, byRole),
    item.attendees && item.attendees.length > 0 && el('p', { class: 'note' },
      t('reports.attendeesLine', { names: item.attendees.map((person) => person.display_name).join(', ') })),
    box, el('p', { class: 'row-actions' }, removal(`/reports/trainings/${item.id}`, box, reload)));
}

function trainingForm(year, trainees, reload) {
  const heldOn = textInput('held_on', t('reports.heldOn'), defaultDay(year), { type: 'date' });
  const topic = textInput('topic', t('reports.topic'), '', { maxLength: TOPIC_MAX_CHARS });
  const hours = numberInput('hours', t('reports.hours'), 4, { max: HOURS_MAX });
  const counts = Object.keys(TRAINING_ROLES).map((role) => ({
    role, item: numberInput(`participants.${role}`, term(TRAINING_ROLES, role), 0),
  }));
  const attendees = trainees.length ? checkGroup({
    name: 'attendee_ids', legend: t('reports.attendees'), hint: t('reports.attendeesHint'),
    options: trainees.map((person) => ({
      value: String(person.id), label: person.display_name, hint: roleName(person.role),
    })),
  }) : null;
  if (attendees) {
    // Those ticked are among the participants: a role's count never stays below the people ticked in it.
    const roleOf = new Map(trainees.map((person) => [String(person.id), person.role]));
    attendees.wrapper.addEventListener('change', () => {
      const ticked = attendees.value().map((id) => roleOf.get(id));
      counts.forEach(({ role, item }) => {
        const inRole = ticked.filter((value) => value === role).length;
        if ((wholeNumber(item) ?? 0) < inRole) item.input.value = String(inRole);
      });
    });
  }
  const fields = [heldOn, topic, hours, ...counts.map(({ item }) => item), attendees].filter(Boolean);
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('reports.addTraining'));
  const form = el('form', { class: 'form', noValidate: true, 'data-form': 'training' },
    el('h3', {}, t('reports.addTraining')), box, heldOn.wrapper, topic.wrapper, hours.wrapper,
    el('fieldset', { class: 'choices' }, el('legend', {}, t('reports.participants')),
      counts.map(({ item }) => item.wrapper)),
    attendees && attendees.wrapper, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      held_on: heldOn.input.value || null,
      topic: topic.input.value.trim(),
      hours: wholeNumber(hours),
      participants: Object.fromEntries(counts.map(({ role, item }) => [role, wholeNumber(item)])),
      attendee_ids: attendees ? attendees.value().map(Number) : [],
    };
    send(() => api.post('/reports/trainings', body), fields, box, submit, reload,
      t('reports.added', { name: body.topic }));
  });
  return form;
}

export function trainingsSection(year) {
  let trainees = [];
  return recordSection({
    id: 'trainings',
    title: t('reports.trainingsTitle'),
    intro: t('reports.trainingsIntro', { year }),
    load: async () => {
      const [sessions, people] = await Promise.all([
        api.get(`/reports/trainings?year=${year}`), api.get('/reports/trainees'),
      ]);
      trainees = people.items;
      return sessions.items;
    },
    drawItems: (items, reload) => (items.length
      ? el('ul', { class: 'records' }, items.map((item) => trainingItem(item, reload)))
      : el('p', { class: 'note' }, t('reports.noTrainings'))),
    form: (reload) => trainingForm(year, trainees, reload),
  });
}

function communicationItem(item, reload) {
  const box = alertBox();
  return el('li', { class: 'card communication', 'data-communication': item.id },
    el('h3', {}, term(ACTIVITY_FORMS, item.form)),
    el('p', {}, t('reports.communicationLine', {
      date: dayText(item.held_on), audience: term(ACTIVITY_AUDIENCES, item.audience),
      count: formatNumber(item.participants || 0),
    })),
    item.campaign && el('p', { class: 'note' }, item.campaign.title),
    item.note && el('p', { class: 'note' }, item.note),
    box, el('p', { class: 'row-actions' }, removal(`/reports/communications/${item.id}`, box, reload)));
}

function communicationForm(year, reload) {
  const heldOn = textInput('held_on', t('reports.heldOn'), defaultDay(year), { type: 'date' });
  const form = field({
    name: 'form', label: t('reports.activityForm'),
    control: select(choicesOf(ACTIVITY_FORMS), { emptyLabel: t('reports.choose') }),
  });
  const audience = field({
    name: 'audience', label: t('reports.audience'),
    control: select(choicesOf(ACTIVITY_AUDIENCES), { emptyLabel: t('reports.choose') }),
  });
  const participants = numberInput('participants', t('reports.reached'), 0, { hint: t('reports.reachedHint') });
  const note = textInput('note', t('reports.activityNote'), '', { maxLength: NOTE_MAX_CHARS, required: false });
  const fields = [heldOn, form, audience, participants, note];
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('reports.addCommunication'));
  const node = el('form', { class: 'form', noValidate: true, 'data-form': 'communication' },
    el('h3', {}, t('reports.addCommunication')), box, fields.map((item) => item.wrapper), submit);
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      held_on: heldOn.input.value || null,
      form: form.input.value || null,
      audience: audience.input.value || null,
      participants: wholeNumber(participants),
      note: note.input.value.trim(),
    };
    send(() => api.post('/reports/communications', body), fields, box, submit, reload,
      t('reports.added', { name: term(ACTIVITY_FORMS, body.form) }));
  });
  return node;
}

export function communicationsSection(year) {
  return recordSection({
    id: 'communications',
    title: t('reports.communicationsTitle'),
    intro: t('reports.communicationsIntro', { year }),
    load: async () => (await api.get(`/reports/communications?year=${year}`)).items,
    drawItems: (items, reload) => (items.length
      ? el('ul', { class: 'records' }, items.map((item) => communicationItem(item, reload)))
      : el('p', { class: 'note' }, t('reports.noCommunications'))),
    form: (reload) => communicationForm(year, reload),
  });
}
