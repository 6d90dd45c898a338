// Text as the server takes it (server/text.py refuses it otherwise, with a 422): never half an emoji. A
// JavaScript string counts UTF-16 units, and a cut at a unit count (a maxlength in a browser that does not
// back off as Chromium does, a value set by script, an input method's correction) can leave one half of a
// surrogate pair; JSON.stringify then writes it as "\ud83d", which no UTF-8 text can hold. The app cuts no
// text itself; rather than trust every way a half can appear, every body is cleaned where it leaves
// (api.js). The half alone means nothing to the reader, so it is dropped.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** text without any lone surrogate. */
export const wholeText = (text) => text.replace(LONE_SURROGATE, '');

/** JSON.stringify's replacer: every string of a body leaves whole (api.js sends every body through it). */
export const wholeStrings = (_key, value) => (typeof value === 'string' ? wholeText(value) : value);
