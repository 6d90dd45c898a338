// A resident asks for help, no account. The reference is shown once, kept nowhere; offline nothing is kept
// unless they tick "Gửi khi có mạng trở lại" (a new try drops it until ticked again). autocomplete off: the
// next person on this phone sees no trace.
import { api } from '../core/api.js';
import { radioGroup } from '../core/choices.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, field, select, showError } from '../core/forms.js';
import { forgetRequest, keepRequest } from './help-queue.js';
import { currentLanguage, t } from '../core/i18n.js';
import { keptWards } from '../core/public-answers.js';
import { call113, hotlineList } from './public-home.js';

const optional = (name, label, hint, control) => field({ name, label, hint, control, required: false });

export async function render() {
  const id = crypto.randomUUID();
  const ward = field({
    name: 'ward_code', label: t('helpForm.ward'), control: select((await keptWards())
      .map((item) => ({ value: item.code, label: item.name })), { emptyLabel: t('helpForm.noWard') }),
  });
  ward.input.required = false;
  const place = optional('place_hint', t('helpForm.place'), t('helpForm.placeHint'));
  const situation = optional('situation', t('helpForm.situation'), null, el('textarea', { rows: 4 }));
  const name = optional('name', t('helpForm.name'), t('helpForm.nameHint'));
  const method = radioGroup({
    name: 'contact_method', legend: t('helpForm.method'),
    options: [['phone', t('helpForm.phone')], ['sms', t('helpForm.sms')], ['zalo', t('helpForm.zalo')],
      ['none', t('helpForm.none')]].map(([value, label]) => ({ value, label })),
  });
  const phone = optional('contact_phone', t('helpForm.contactPhone'));
  phone.input.type = 'tel';
  const times = optional('safe_times', t('helpForm.safeTimes'), t('helpForm.safeTimesHint'));
  const fields = [ward, place, situation, name, method, phone, times];
  // The honeypot: off-screen and out of the tab order; a robot fills it and the server stores nothing.
  const trap = el('input', { name: 'website', tabIndex: -1, autocomplete: 'off' });
  const box = alertBox();
  const offline = el('div', { class: 'stack' });
  const form = el('form', { class: 'form', autocomplete: 'off', noValidate: true },
    box, fields.map((item) => item.wrapper),
    el('div', { class: 'trap', 'aria-hidden': 'true' }, el('label', {}, t('helpForm.trap'), trap)),
    el('button', { type: 'submit', class: 'button button-block' }, t('helpForm.submit')), offline);
  const content = el('div', { class: 'stack' }, form);
  let kept = false;

  const show = () => {
    place.wrapper.hidden = Boolean(ward.input.value);
    phone.wrapper.hidden = times.wrapper.hidden = method.value() === 'none';
  };
  form.addEventListener('change', show);
  show();

  function request() {
    const text = (item) => (item.wrapper.hidden ? '' : item.input.value.trim()) || null;
    return {
      id, ward_code: ward.input.value || null, place_hint: text(place), situation: text(situation),
      name: text(name), contact_method: method.value(), contact_phone: text(phone), safe_times: text(times),
      language: currentLanguage(), website: trap.value,
    };
  }

  // Kept only if the server would take it: a request that can never leave must not wait on the phone.
  function missing(body) {
    if (!body.contact_method) return [method, t('helpForm.needMethod')];
    return body.contact_method !== 'none' && !body.contact_phone && [phone, t('helpForm.needPhone')];
  }

  function offer(body) {
    const state = el('p', { role: 'status' });
    const tick = el('input', { type: 'checkbox' });
    tick.addEventListener('change', async () => {
      const gap = tick.checked && missing(body);
      if (gap) gap[0].setError(gap[1]);
      else await (tick.checked ? keepRequest(body) : forgetRequest(id));
      kept = tick.checked = !gap && tick.checked;
      state.textContent = kept ? t('helpForm.kept') : '';
    });
    replaceContent(offline, el('p', { class: 'alert', role: 'alert' }, t('helpForm.offline')), hotlineList(),
      el('label', { class: 'choice' }, tick, el('span', { class: 'choice-text' }, t('helpForm.later'),
        el('span', { class: 'choice-hint' }, t('helpForm.laterHint')))), state);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = request();
    box.hidden = true;
    replaceContent(offline);
    if (kept) await forgetRequest(id);
    kept = false;
    try {
      const { reference } = await api.post('/help-requests', body);
      replaceContent(content, el('section', { class: 'stack', role: 'status' },
        el('h2', {}, t('helpForm.sentTitle')), el('p', { class: 'reference' }, reference),
        el('p', { class: 'lead' }, t('helpForm.remember')), el('p', { class: 'note' }, t('helpForm.notKept'))));
    } catch (error) {
      if (error.status) showError(error, fields, box);
      else offer(body);
    }
  });

  return el('div', { class: 'stack' },
    el('h1', {}, t('helpForm.title')), el('p', { class: 'lead' }, t('helpForm.intro')),
    !navigator.onLine && el('p', { class: 'alert', role: 'alert' }, t('helpForm.offlineNow')),
    call113(), content,
    el('p', {}, el('a', { href: '#/' }, t('login.back'))));
}
