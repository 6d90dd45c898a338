"""The one rule for the text the server accepts, checked on every JSON body and query string before any
schema, store or cipher sees it (``server.contract.accepts``; a sync batch per operation, see
``server.sync.operations``).

Refused everywhere, in every string and every object key:
- C0 control characters other than tab, line feed and carriage return. No text of ours holds them, and
  PostgreSQL refuses NUL in any parameter (a 500 if it got that far).
- Lone UTF-16 surrogates (U+D800–U+DFFF). JSON may spell one as ``"\\ud83d"``, and JavaScript's
  ``JSON.stringify`` does when a string was cut in the middle of an emoji. Python keeps it in a ``str``, but
  it cannot be written as UTF-8: the cipher's ``text.encode()`` raised and the request became a 500.
- Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane), which are never text
  and which some databases and renderers mangle.

Names (of people, organisations, shelters, lines, services, institutions, campaigns) are also shown beside
other text in lists, exports and notifications, so they additionally refuse the invisible bidirectional
controls: U+202E in "Nguyễn\u202eAnV" displays the rest of the list reversed, and an attacker can make a
name read as someone else's ("Trojan Source"). Nothing written in Vietnamese or English needs them.
"""
import re

from marshmallow import ValidationError

BAD_CHARACTER_MESSAGE = "Contains a character that is not allowed."
# Shown in place of a lone surrogate when an error names an object key that held one: the answer is JSON
# written as UTF-8, which a lone surrogate cannot be (any other refused character is written escaped).
SHOWN_INSTEAD = "\N{REPLACEMENT CHARACTER}"
_SURROGATE = re.compile("[\ud800-\udfff]")

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_NOT_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")
# Bidirectional marks, embeddings, overrides and isolates, and the Arabic letter mark.
_BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
# A name is one line: no control character at all, tab and line breaks included (they garble every list
# the name appears in). Checked in full here too, since the shelter registry's files are loaded without a
# request.
_NOT_IN_NAMES = re.compile(f"[\x00-\x1f\x7f{_BIDI_CONTROLS}]")


def is_text(value):
    """Whether a string keeps the rule above."""
    return _NOT_TEXT.search(value) is None


def _shown(key):
    return _SURROGATE.sub(SHOWN_INSTEAD, key) if isinstance(key, str) else key


def text_errors(value):
    """marshmallow-shaped errors (``{"survivor": {"name": [...]}}``, list items by index) for every string
    or object key in ``value`` that breaks the rule; empty when there is none. ``value`` is parsed JSON,
    already bounded in depth (``server.contract.read_json_object``), so the recursion is too."""
    if isinstance(value, str):
        return [] if is_text(value) else [BAD_CHARACTER_MESSAGE]
    if isinstance(value, dict):
        errors = {}
        for key, item in value.items():
            inner = [BAD_CHARACTER_MESSAGE] if isinstance(key, str) and not is_text(key) else text_errors(item)
            if inner:
                errors[_shown(key)] = inner
        return errors
    if isinstance(value, list):
        return {index: inner for index, item in enumerate(value) if (inner := text_errors(item))}
    return {}


def check_text(value):
    """``value`` unchanged, or a ValidationError (422 ``validation_failed``) naming every field that breaks
    the rule."""
    errors = text_errors(value)
    if errors:
        raise ValidationError(errors)
    return value


def plain_name(value):
    """A marshmallow validator for names: one line, no bidirectional controls (see the top of this file).
    A function rather than a Regexp: apispec describes one pattern per field, and some names have one."""
    if isinstance(value, str) and (not is_text(value) or _NOT_IN_NAMES.search(value)):
        raise ValidationError(BAD_CHARACTER_MESSAGE)
