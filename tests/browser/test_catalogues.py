"""The two language catalogues say the same things, and every key the app uses exists (no browser needed)."""
import json
import re
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"
# t('some.key') or t("some.key"): the app writes every key out in full so that this test can see it.
KEY_USE = re.compile(r"""\bt\(\s*(['"])([^'"]+)\1""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalogue(language):
    return json.loads((PWA / "i18n" / f"{language}.json").read_text(encoding="utf-8"))


def used_keys():
    keys = set()
    for script in (PWA / "js").rglob("*.js"):
        keys.update(match.group(2) for match in KEY_USE.finditer(script.read_text(encoding="utf-8")))
    return keys


def test_both_catalogues_have_the_same_keys():
    assert sorted(catalogue("vi")) == sorted(catalogue("en"))


def test_every_key_the_app_uses_is_in_the_catalogues():
    assert sorted(used_keys() - set(catalogue("vi"))) == []


def test_every_catalogue_entry_is_used():
    assert sorted(set(catalogue("vi")) - used_keys()) == []


def test_translations_keep_their_placeholders_and_say_something():
    vietnamese, english = catalogue("vi"), catalogue("en")
    for key, text in vietnamese.items():
        assert text.strip() and english[key].strip(), key
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), key
