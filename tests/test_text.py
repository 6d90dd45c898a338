"""The one rule for text (server/text.py): what every string may hold, and what names may not."""
import pytest

from server.accounts.schemas import NewUserIn, OrganizationIn
from server.campaigns.schemas import CampaignIn
from server.cases.schemas import SurvivorIn
from server.directory.schemas import HotlineChangesIn, ServiceIn
from server.help.schemas import HelpRequestIn
from server.reports.records_schemas import InstitutionIn
from server.shelters.schemas import RegistryEntryIn, ShelterIn
from server.text import BAD_CHARACTER_MESSAGE, is_text, text_errors

NOT_TEXT = {
    "NUL": "\x00", "an escape": "\x1b", "a vertical tab": "\x0b", "the last C0 control": "\x1f",
    "a high surrogate alone": "\ud83d", "a low surrogate alone": "\ude00",
    "a noncharacter of the Arabic block": "\ufdd0", "the last of them": "\ufdef", "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff", "U+1FFFF": "\U0001ffff", "U+10FFFE": "\U0010fffe",
}
TEXT = {
    "Vietnamese": "Nguyễn Thị Lan", "a tab": "\t", "line breaks": "\r\n", "a whole emoji": "😀",
    "the replacement character": "\ufffd", "the last character before the noncharacters": "\ufdcf",
    "a private-use character": "\ue000", "DEL (not C0)": "\x7f",
    # Not allowed in names, but text elsewhere (a note may quote a message written in Arabic).
    "a right-to-left mark": "\u200f",
}


@pytest.mark.parametrize("character", NOT_TEXT.values(), ids=NOT_TEXT)
def test_what_is_not_text(character):
    assert not is_text(f"a{character}b")


@pytest.mark.parametrize("character", TEXT.values(), ids=TEXT)
def test_what_is_text(character):
    assert is_text(f"a{character}b")


def test_errors_are_named_as_marshmallow_names_them():
    body = {"survivor": {"name": "Lan\ud83d", "age_group": "18-24"}, "contexts": ["ok", "\x00"], "k\x00": 1, "n": 5}
    assert text_errors(body) == {"survivor": {"name": [BAD_CHARACTER_MESSAGE]},
                                 "contexts": {1: [BAD_CHARACTER_MESSAGE]}, "k\x00": [BAD_CHARACTER_MESSAGE]}
    assert text_errors({"fine": ["Lan", {"x": "😀"}], "number": 1.5, "none": None}) == {}


# (schema, the name field): every field that names a person, an organisation or a place people look for.
NAMES = [
    (NewUserIn, "display_name"), (OrganizationIn, "name"), (SurvivorIn, "name"), (ShelterIn, "name"),
    (RegistryEntryIn, "name"), (RegistryEntryIn, "operator"), (HotlineChangesIn, "name_vi"),
    (HotlineChangesIn, "name_en"), (HotlineChangesIn, "operator"), (ServiceIn, "name"), (HelpRequestIn, "name"),
    (InstitutionIn, "name"), (CampaignIn, "title_vi"), (CampaignIn, "title_en"),
]
BIDI_CONTROLS = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                 "\u2068", "\u2069", "\u061c"]


@pytest.mark.parametrize("schema, name", NAMES, ids=[f"{s.__name__}.{n}" for s, n in NAMES])
def test_names_refuse_bidirectional_controls_and_line_breaks(app, schema, name):
    # An institution's name is a Line (server/reports/records_schemas.py): its breaks and tabs become spaces.
    spacing = [] if schema is InstitutionIn else ["\n", "\t"]
    with app.test_request_context():
        for character in [*BIDI_CONTROLS, *spacing]:
            errors = schema().validate({name: f"Trạm{character}Y tế"}, partial=True)
            assert errors.get(name) == [BAD_CHARACTER_MESSAGE], (repr(character), errors)
        assert name not in schema().validate({name: "Trạm Y tế Phường Ninh Kiều"}, partial=True)
