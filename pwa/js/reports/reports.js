// The ward officer's annual report: the year's indicators against the plan's 2030 targets, the case
// statistics, what only the ward can tell (recorded on its own screen), the notes, and the submission to Sở
// Nội vụ before 01/12. A submitted version is frozen; a correction is a new version, and the old ones stay
// readable. Online only: the figures are the server's, and a ward officer keeps nothing on the phone.
import { api, request } from '../core/api.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, field, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { indicatorsSection, statisticsSection } from './report-figures.js';
import { statusCard, submissionsList } from './report-status.js';
import { chosenYear, reportState, submittedAt, yearPicker } from './report-terms.js';

// Mirror the server's limit on the notes; it checks again.
const NOTES_MAX_CHARS = 20000;

/** The notes, their draft save and the submission; "work" is redrawn after each. */
function reportWork(year, first) {
  const work = el('div', { class: 'stack' });
  let annual = first;
  let writingNewVersion = false;
  // One id per text: a double tap, or a retry after the network dropped, sends the same id and the server
  // keeps one version. Once the text changes it is another version, with another id.
  let submissionId = null;

  async function reload(notice, kind = 'info') {
    annual = await api.get(`/reports/annual/${year}`);
    draw(notice, kind);
  }

  function frozenPart(latest) {
    const open = el('button', { type: 'button', class: 'button button-secondary' }, t('reports.newVersion'));
    open.addEventListener('click', async () => {
      open.disabled = true;
      let notes = annual.draft ? annual.draft.notes : null;
      if (notes === null) {
        const frozen = await api.get(`/reports/annual/${year}/submissions/${latest.version}`).catch(() => null);
        notes = frozen ? frozen.notes : '';
      }
      writingNewVersion = true;
      draw(null, 'info', notes);
    });
    return el('section', { class: 'card frozen', 'aria-labelledby': 'frozen-title' },
      el('h2', { id: 'frozen-title' }, t('reports.frozenTitle', { version: latest.version })),
      el('p', {}, t('reports.frozenText')),
      el('p', {}, open));
  }

  function writingPart(notesText) {
    const notes = field({
      name: 'notes', label: t('reports.notes'), hint: t('reports.notesHint'),
      control: el('textarea', { rows: 8, maxLength: NOTES_MAX_CHARS }),
    });
    notes.input.required = false;
    notes.input.value = notesText;
    notes.input.addEventListener('input', () => { submissionId = null; });
    const box = alertBox();
    const save = el('button', { type: 'button', class: 'button button-secondary' }, t('reports.saveDraft'));
    const submit = el('button', { type: 'submit', class: 'button' }, t('reports.submit'));
    const form = el('form', { class: 'form report-form', noValidate: true },
      el('h2', {}, writingNewVersion ? t('reports.writingNewVersion') : t('reports.writingTitle')),
      box, notes.wrapper,
      el('p', { class: 'note' }, t('reports.submitExplain')),
      el('p', { class: 'row-actions' }, save, submit));

    save.addEventListener('click', async () => {
      save.disabled = true;
      const text = notes.input.value;
      try {
        const draft = await request('PUT', `/reports/annual/${year}/draft`, {
          notes: text, base_version: annual.draft ? annual.draft.version : 0,
        });
        annual = { ...annual, draft };
        replaceContent(statusPlace, statusCard(annual));
        setAlert(box, t('reports.draftSaved', { date: submittedAt(draft.updated_at) }), 'info');
      } catch (error) {
        if (error.status !== 409) {
          setAlert(box, error.message);
          return;
        }
        // Another officer of the ward saved first: show their notes, and keep this person's text beside them.
        await reload(null);
        showMine(text);
      } finally {
        save.disabled = false;
      }
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      submit.disabled = true;
      submissionId = submissionId || crypto.randomUUID();
      try {
        const answer = await api.post(`/reports/annual/${year}/submissions`, {
          id: submissionId, notes: notes.input.value,
        });
        submissionId = null;
        writingNewVersion = false;
        await reload(t('reports.submittedNotice', { version: answer.version }));
      } catch (error) {
        submit.disabled = false;
        setAlert(box, error.message);
      }
    });
    return form;
  }

  function showMine(text) {
    const keep = el('div', { class: 'compare-side' },
      el('h3', {}, t('reports.yourText')), el('p', { class: 'narrative' }, text));
    const box = work.querySelector('.report-form .alert');
    setAlert(box, t('reports.draftConflict'));
    work.querySelector('.report-form').append(keep);
  }

  const statusPlace = el('div', {});
  function draw(notice = null, kind = 'info', notesText = null) {
    const state = reportState(annual);
    const writing = state.code !== 'submitted' || writingNewVersion;
    const banner = alertBox();
    if (notice) setAlert(banner, notice, kind);
    replaceContent(statusPlace, statusCard(annual));
    const text = notesText ?? (annual.draft ? annual.draft.notes : '');
    replaceContent(work, banner, statusPlace,
      writing ? writingPart(text) : frozenPart(state.latest),
      submissionsList(annual, year));
    if (notice) {
      banner.tabIndex = -1;
      banner.focus();
    }
  }
  draw();
  return work;
}

export async function render({ params, navigate, user }) {
  const year = chosenYear(params);
  const [figures, stats, annual] = await Promise.all([
    api.get(`/reports/indicators?year=${year}`),
    api.get(`/reports/statistics?year=${year}`),
    api.get(`/reports/annual/${year}`),
  ]);
  const ward = (annual.ward && annual.ward.name) || (user.ward && user.ward.name) || '';
  return el('div', { class: 'stack report' },
    el('h1', {}, t('reports.wardTitle', { year })),
    el('p', { class: 'lead' }, ward),
    yearPicker(year, (chosen) => `/reports?year=${chosen}`, navigate),
    reportWork(year, annual),
    indicatorsSection(figures),
    el('section', { class: 'card', 'aria-labelledby': 'records-link-title' },
      el('h2', { id: 'records-link-title' }, t('reports.recordsTitle')),
      el('p', {}, t('reports.recordsIntro')),
      el('a', { class: 'button button-block', href: `#/report-records?year=${year}` }, t('reports.recordsOpen'))),
    statisticsSection(stats),
    el('p', { class: 'no-print' },
      el('a', { class: 'button button-secondary button-block', href: `#/report-print?year=${year}` },
        t('reports.printable'))),
    el('p', { class: 'no-print' }, el('a', { href: '#/home' }, t('common.back'))));
}
