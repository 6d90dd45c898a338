// A version conflict: the person changed a case on the phone while someone else changed it on the server.
// Each section they changed is shown both ways and they choose which to keep, section by section; what
// they keep goes out again based on the server's version, so nothing is overwritten unseen.
import { resolveConflict } from './case-store.js';
import { CASE_SECTIONS } from './case-terms.js';
import { radioGroup } from '../core/choices.js';
import { el } from '../core/dom.js';
import { alertBox, setAlert } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { CONFLICT, entry } from './outbox.js';
import { queued } from '../core/sync.js';
import { sectionBody, sectionTitle } from './case-sections.js';

function gone() {
  return el('div', { class: 'stack' },
    el('h1', {}, t('conflict.title')),
    el('p', { class: 'alert alert-info' }, t('conflict.gone')),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}

function sectionChoice(key, mine, theirs) {
  const choice = radioGroup({
    name: key, legend: t('conflict.which'),
    options: [{ value: 'mine', label: t('conflict.keepMine') }, { value: 'server', label: t('conflict.keepServer') }],
  });
  const card = el('section', { class: 'card' },
    el('h2', {}, sectionTitle(key)),
    el('div', { class: 'compare' },
      el('div', { class: 'compare-side' }, el('h3', {}, t('conflict.mine')), sectionBody(key, mine)),
      el('div', { class: 'compare-side' }, el('h3', {}, t('conflict.server')), sectionBody(key, theirs))),
    choice.wrapper);
  return { key, choice, card };
}

export async function render({ navigate, params }) {
  const found = await entry(params.get('key'));
  if (!found || found.state !== CONFLICT || !found.current) return gone();
  const server = found.current;
  const { payload } = found;
  const sections = CASE_SECTIONS.filter((key) => Object.hasOwn(payload, key))
    .map((key) => sectionChoice(key, payload[key], server[key]));
  const box = alertBox();

  async function finish(kept) {
    setAlert(box, null);
    try {
      await resolveConflict(found.key, server, kept);
      queued();
      navigate(`/case?id=${server.id}`, { replace: true });
    } catch (error) {
      setAlert(box, error.message || t('error.unexpected'));
    }
  }

  const save = el('button', { type: 'button', class: 'button button-block' }, t('conflict.save'));
  save.addEventListener('click', () => {
    const unanswered = sections.filter((item) => item.choice.value() === null);
    sections.forEach((item) => item.choice.setError(unanswered.includes(item) ? t('wizard.required') : null));
    if (unanswered.length) {
      unanswered[0].choice.input.focus();
      return;
    }
    const kept = sections.filter((item) => item.choice.value() === 'mine');
    finish(Object.fromEntries(kept.map((item) => [item.key, payload[item.key]])));
  });
  const drop = el('button', { type: 'button', class: 'button button-secondary button-block' }, t('conflict.discard'));
  drop.addEventListener('click', () => {
    if (window.confirm(t('conflict.discardConfirm'))) finish({});
  });

  return el('div', { class: 'stack' },
    el('h1', {}, t('conflict.title')),
    el('p', { class: 'case-code' }, server.code),
    el('p', {}, t('conflict.intro')),
    box,
    sections.map((item) => item.card),
    save, drop);
}
