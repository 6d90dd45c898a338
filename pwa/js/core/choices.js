// Questions answered by tapping rather than typing: each choice is a whole-width card (a thumb on a cheap
// phone misses a 16px circle), each group a fieldset with its legend, an optional hint and an error line.
// They have the same {name, wrapper, input, setError} shape as forms.js fields, so showError places a
// server's 422 messages beside them too.
import { el } from './dom.js';

let groupCount = 0;

function group({ name, legend, hint, choices }) {
  groupCount += 1;
  const id = `choice-${name}-${groupCount}`;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintNode = hint && el('p', { class: 'field-hint', id: `${id}-hint` }, hint);
  const describedBy = [hintNode && hintNode.id, error.id].filter(Boolean).join(' ');
  const wrapper = el('fieldset', { class: 'choices', 'aria-describedby': describedBy },
    el('legend', {}, legend), hintNode, choices, error);
  return {
    name,
    wrapper,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      wrapper.classList.toggle('has-error', Boolean(message));
    },
  };
}

function card(input, option) {
  return el('label', { class: 'choice' }, input,
    el('span', { class: 'choice-text' }, el('span', { class: 'choice-label' }, option.label),
      option.hint && el('span', { class: 'choice-hint' }, option.hint)));
}

/** One answer from options [{value, label, hint}]; value() is the chosen value or null. */
export function radioGroup({ name, legend, hint, options, value = null }) {
  groupCount += 1;
  const groupName = `${name}-${groupCount}`;
  const inputs = options.map((option) => el('input', {
    type: 'radio', name: groupName, value: option.value, checked: option.value === value,
  }));
  const built = group({ name, legend, hint, choices: options.map((option, index) => card(inputs[index], option)) });
  return {
    ...built,
    input: inputs[0],
    value: () => {
      const chosen = inputs.find((input) => input.checked);
      return chosen ? chosen.value : null;
    },
  };
}

/** Any number of answers; value() is the list of ticked values, in the options' order. */
export function checkGroup({ name, legend, hint, options, values = [] }) {
  const inputs = options.map((option) => el('input', {
    type: 'checkbox', value: option.value, checked: values.includes(option.value),
  }));
  const built = group({ name, legend, hint, choices: options.map((option, index) => card(inputs[index], option)) });
  const value = () => inputs.filter((input) => input.checked).map((input) => input.value);
  return { ...built, input: inputs[0], value };
}

/** Yes or no, with no answer chosen until the person chooses; value() is true, false or null. */
export function yesNo({ name, legend, hint, yes, no, value = null }) {
  const radios = radioGroup({
    name, legend, hint, options: [{ value: 'yes', label: yes }, { value: 'no', label: no }],
    value: value === null ? null : (value ? 'yes' : 'no'),
  });
  return {
    ...radios,
    value: () => {
      const chosen = radios.value();
      return chosen === null ? null : chosen === 'yes';
    },
  };
}
