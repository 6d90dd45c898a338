// Reminders on this phone: campaign days for anyone, work reminders for staff. Nothing is asked of the
// browser until the person taps "Bật nhắc nhở" (push.js), and the lock screen says only "Bạn có một nhắc nhở
// mới" unless the person chooses otherwise: the phone may be shared with the person a survivor fears.
import { checkGroup } from '../core/choices.js';
import { el, replaceContent } from '../core/dom.js';
import { alertBox, field, select, setAlert, showError } from '../core/forms.js';
import { t } from '../core/i18n.js';
import { keptWards } from '../core/public-answers.js';
import {
  DEFAULT_CHOICES, PushRefused, currentSubscription, permission, pushSupport, savedChoices, subscribe, unsubscribe,
} from './push.js';

function unsupported(back) {
  return el('div', { class: 'stack' },
    el('h1', {}, t('reminders.title')),
    el('p', { class: 'lead' }, t('reminders.intro')),
    el('p', { class: 'alert alert-info', role: 'alert' }, t('reminders.unsupported')),
    el('p', { class: 'note' }, t('reminders.unsupportedIos')),
    back);
}

function checkbox({ name, label, hint, checked }) {
  const input = el('input', { type: 'checkbox', name, checked });
  return {
    input,
    wrapper: el('label', { class: 'choice' }, input,
      el('span', { class: 'choice-text' }, el('span', { class: 'choice-label' }, label),
        el('span', { class: 'choice-hint' }, hint))),
  };
}

/** The choices the person can make; staff also choose work reminders, residents may give their ward. */
function choiceFields(choices, { staff, wards }) {
  const topics = checkGroup({
    name: 'topics', legend: t('reminders.topics'),
    options: [
      { value: 'campaigns', label: t('reminders.topicCampaigns'), hint: t('reminders.topicCampaignsHint') },
      staff && { value: 'work', label: t('reminders.topicWork'), hint: t('reminders.topicWorkHint') },
    ].filter(Boolean),
    values: choices.topics,
  });
  const showTitle = checkbox({
    name: 'show_title', label: t('reminders.showTitle'), hint: t('reminders.showTitleHint'),
    checked: !choices.discreet,
  });
  let ward = null;
  if (!staff && wards.length) {
    ward = field({
      name: 'ward_code', label: t('reminders.ward'), hint: t('reminders.wardHint'),
      control: select(wards.map((item) => ({ value: item.code, label: item.name })),
        { emptyLabel: t('reminders.noWard') }),
    });
    ward.input.required = false;
    ward.input.value = choices.wardCode || '';
  }
  return { topics, showTitle, ward };
}

export async function render({ user }) {
  const back = el('p', {}, el('a', { href: user ? '#/home' : '#/' }, t('common.back')));
  if (!pushSupport()) return unsupported(back);
  const staff = Boolean(user);
  const wards = staff ? [] : await keptWards();
  const content = el('div', { class: 'stack' });

  async function draw(notice = null) {
    // On only when the server took the choices too: a subscription whose POST never arrived (the network
    // dropped after the browser subscribed) shows as off, and "Bật nhắc nhở" sends it again.
    const saved = savedChoices();
    const subscribed = Boolean(saved && (await currentSubscription()));
    const choices = (subscribed && saved) || {
      ...DEFAULT_CHOICES, topics: staff ? ['campaigns', 'work'] : DEFAULT_CHOICES.topics,
    };
    const parts = choiceFields(choices, { staff, wards });
    const fields = [parts.topics, parts.ward].filter(Boolean);
    const box = alertBox();
    const denied = el('p', { class: 'alert', role: 'alert', hidden: permission() !== 'denied' },
      t('reminders.denied'));
    const turnOn = el('button', { type: 'submit', class: 'button button-block' },
      subscribed ? t('reminders.save') : t('reminders.turnOn'));
    const turnOff = subscribed && el('button', { type: 'button', class: 'button button-secondary button-block' },
      t('reminders.turnOff'));
    const busy = (on) => [turnOn, turnOff].filter(Boolean).forEach((button) => { button.disabled = on; });

    async function act(work, done) {
      busy(true);
      try {
        await work();
        await draw(done);
      } catch (error) {
        busy(false);
        if (error instanceof PushRefused) {
          if (error.reason === 'denied') denied.hidden = false;
          else setAlert(box, t('reminders.unsupported'));
        } else {
          showError(error, fields, box);
        }
      }
    }

    const form = el('form', { class: 'form', noValidate: true }, box, denied,
      parts.topics.wrapper, parts.showTitle.wrapper, parts.ward && parts.ward.wrapper, turnOn, turnOff);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const topics = parts.topics.value();
      if (!topics.length) {
        parts.topics.setError(t('reminders.noTopic'));
        return;
      }
      const wardCode = parts.ward ? parts.ward.input.value || null : null;
      act(() => subscribe({ topics, discreet: !parts.showTitle.input.checked, wardCode }),
        subscribed ? t('reminders.saved') : t('reminders.on'));
    });
    if (turnOff) turnOff.addEventListener('click', () => act(unsubscribe, t('reminders.off')));

    replaceContent(content,
      el('p', { class: notice ? 'alert alert-info' : 'note', role: 'status' },
        notice || (subscribed ? t('reminders.stateOn') : t('reminders.stateOff'))),
      form);
  }

  await draw();
  return el('div', { class: 'stack' },
    el('h1', {}, t('reminders.title')),
    el('p', { class: 'lead' }, t('reminders.intro')),
    el('p', {}, t('reminders.discreet')),
    content,
    el('p', {}, el('a', { href: '#/campaigns' }, t('reminders.seeCampaigns'))),
    back);
}
