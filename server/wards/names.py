"""Comparing Vietnamese place names the way a person types them.

Officers type "vinh thuan", "Vĩnh Thuận" or "VĨNH THUẬN"; old documents write "Hoà" where new ones write
"Hòa" (the tone mark on the other vowel). Folding removes every diacritic (after NFD decomposition) and
turns đ into d, so all of these compare equal; the tone-mark placement then no longer matters either.
"""
import unicodedata


def fold(text):
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())
