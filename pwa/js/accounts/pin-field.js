// A PIN is typed on the number pad and never remembered by the browser's password manager.
import { field } from '../core/forms.js';
import { PIN_LENGTH } from './vault.js';

export function pinField({ name, label, hint }) {
  const pin = field({ name, label, type: 'password', autocomplete: 'off', hint });
  pin.input.inputMode = 'numeric';
  pin.input.maxLength = PIN_LENGTH;
  pin.input.pattern = '[0-9]*';
  pin.input.classList.add('pin-input');
  return pin;
}
