// Changing one step's sections of a case already recorded (consent given later, a new risk assessment). The
// change goes to the outbox as an update based on the version the person saw; if someone changed the case
// on the server in the meantime, the conflict screen asks which version to keep.
import { getCase, updateSections } from './case-store.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { queued } from '../core/sync.js';
import { STEPS, showStepErrors } from './case-wizard-steps.js';

function unavailable(id) {
  return el('div', { class: 'stack' },
    el('h1', {}, t('edit.title')),
    el('p', { class: 'alert alert-info' }, t('edit.unavailable')),
    el('p', {}, el('a', { href: id ? `#/case?id=${id}` : '#/cases' }, t('common.back'))));
}

export async function render({ navigate, params }) {
  const id = params.get('id');
  const step = STEPS[Number(params.get('step'))];
  const current = id && step ? await getCase(id) : null;
  if (!current || current.status === 'closed' || current.conflictKey) return unavailable(id);

  const built = step.build(current);
  const box = alertBox();
  const submit = el('button', { type: 'submit', class: 'button' }, t('edit.save'));

  async function onsubmit(event) {
    event.preventDefault();
    const errors = [];
    const sections = built.read(errors);
    if (!showStepErrors(built, errors)) return;
    submit.disabled = true;
    try {
      await updateSections(current, sections);
      queued();
      navigate(`/case?id=${id}`, { replace: true });
    } catch (error) {
      setAlert(box, error.message || t('error.unexpected'));
      submit.disabled = false;
    }
  }

  return el('div', { class: 'stack' },
    el('h1', {}, t('edit.title')),
    el('p', { class: 'case-code' }, current.code),
    el('form', { class: 'form wizard', noValidate: true, onsubmit },
      el('h2', {}, step.title()), box, built.nodes, submit),
    el('p', {}, el('a', { href: `#/case?id=${id}` }, t('common.cancel'))));
}
