// Recording a new case in short steps a collaborator can finish on a doorstep: how the case came in and who
// the survivor is, what happened, consent, risk, then a review. What is typed is kept as an encrypted draft
// at every keystroke (encrypting a few kilobytes takes well under a millisecond), so the idle lock, a
// reload or a flat battery loses nothing; saving the case needs no network.
import { createCase } from './case-store.js';
import { el, replaceContent } from '../core/dom.js';
import { read, remove, write } from '../core/idb.js';
import { t } from '../core/i18n.js';
import { queued } from '../core/sync.js';
import { decrypt, encrypt } from '../accounts/vault.js';
import { caseSections } from './case-sections.js';
import { STEPS, showStepErrors } from './case-wizard-steps.js';

const DRAFT_KEY = 'draft';
const REVIEW_STEP = STEPS.length;

async function loadDraft() {
  const stored = await read('meta', DRAFT_KEY);
  return stored ? decrypt(stored) : null;
}

/** The create body: the UUID is made now, on the phone, and becomes the case's id on the server too. */
function caseBody(sections) {
  const { narrative, ...rest } = sections;
  return { id: crypto.randomUUID(), ...rest, ...(narrative ? { narrative } : {}) };
}

export async function render({ navigate }) {
  const restored = await loadDraft();
  let state = restored || { step: 0, sections: {} };
  // The "continuing your draft" notice shows until the person moves on or starts over.
  let resumed = Boolean(restored);
  let shownStep = null;
  // Draft writes run one after another, so an older snapshot can never overwrite a newer one.
  let saving = Promise.resolve();
  let saveCount = 0;
  const screen = el('div', { class: 'stack' });
  const draftStatus = el('p', { class: 'note', role: 'status' });

  function collect(errors = []) {
    if (shownStep) Object.assign(state.sections, shownStep.read(errors));
    return errors;
  }

  function keep() {
    const ticket = ++saveCount;
    draftStatus.textContent = t('wizard.draftSaving');
    saving = saving
      .then(async () => write('meta', await encrypt(state), DRAFT_KEY))
      .then(() => {
        if (ticket === saveCount) draftStatus.textContent = t('wizard.draftSaved');
      }, () => {
        // Locked in the meantime: the draft kept a moment ago stands.
      });
    return saving;
  }

  function keepNow() {
    collect();
    keep();
  }

  function go(step) {
    resumed = false;
    state.step = step;
    keep();
    show();
  }

  async function restart() {
    if (!window.confirm(t('wizard.discardConfirm'))) return;
    resumed = false;
    state = { step: 0, sections: {} };
    await saving;
    await remove('meta', DRAFT_KEY);
    show();
  }

  async function save(button) {
    // Each step is read again: a draft restored from an older version of the app may lack an answer.
    const incomplete = STEPS.findIndex((step) => {
      const errors = [];
      step.build(state.sections).read(errors);
      return errors.length > 0;
    });
    if (incomplete >= 0) {
      go(incomplete);
      showStepErrors(shownStep, collect([]));
      return;
    }
    button.disabled = true;
    const body = caseBody(state.sections);
    await createCase(body);
    await saving;
    await remove('meta', DRAFT_KEY);
    queued();
    navigate(`/case?id=${body.id}`, { replace: true });
  }

  function review() {
    shownStep = null;
    const saveButton = el('button', { type: 'button', class: 'button button-block' }, t('wizard.save'));
    saveButton.addEventListener('click', () => save(saveButton));
    const editControl = (step) => el('button', {
      type: 'button', class: 'button button-secondary button-small', onclick: () => go(step),
    }, t('case.edit'));
    return [el('h2', {}, t('wizard.step5')), el('p', {}, t('wizard.reviewNote')),
      ...caseSections(state.sections, editControl), saveButton];
  }

  function stepForm(index) {
    shownStep = STEPS[index].build(state.sections);
    const back = index > 0 && el('button', { type: 'button', class: 'button button-secondary', onclick: () => {
      collect();
      go(index - 1);
    } }, t('wizard.back'));
    const onsubmit = (event) => {
      event.preventDefault();
      const errors = collect([]);
      if (showStepErrors(shownStep, errors)) go(index + 1);
    };
    return el('form', { class: 'form wizard', noValidate: true, onsubmit, oninput: keepNow, onchange: keepNow },
      el('h2', {}, STEPS[index].title()), shownStep.nodes,
      el('div', { class: 'wizard-nav' }, back, el('button', { type: 'submit', class: 'button' }, t('wizard.next'))));
  }

  function show() {
    const heading = el('h1', { tabIndex: -1 }, t('wizard.title'));
    const step = state.step;
    replaceContent(screen,
      heading,
      el('p', { class: 'note wizard-progress' }, t('wizard.progress', { step: step + 1, total: REVIEW_STEP + 1 })),
      resumed && el('p', { class: 'alert alert-info' }, t('wizard.restored'), ' ',
        el('button', { type: 'button', class: 'button button-small button-secondary', onclick: restart },
          t('wizard.restart'))),
      ...(step === REVIEW_STEP ? review() : [stepForm(step)]),
      draftStatus,
      el('p', {}, el('a', { href: '#/home' }, t('wizard.later'))));
    if (screen.isConnected) {
      heading.focus();
      window.scrollTo(0, 0);
    }
  }

  show();
  return screen;
}
