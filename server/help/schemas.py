"""What the help-request API accepts and answers: the resident's public form, and the ward officers' intake.

The public form is written on a cheap phone, maybe in a hurry: every field but the contact method is
optional, blank answers count as no answer, and each text is bounded so that nobody can fill the table.
"""
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from server.cases.schemas import ID_RANGE
from server.contract import UtcDateTime
from server.help.models import CONTACT_METHODS, OUTCOMES, STATUSES
from server.shelters.schemas import PHONE_LINE
from server.text import plain_name
from server.wards.schemas import WARD_CODE_RULES

ONE_OF = validate.OneOf
SITUATION_MAX_LENGTH = 2000  # a few paragraphs: enough to say what is happening, not a file upload
# The optional texts of the form, with their bounds in characters.
TEXT_MAX_LENGTHS = {"place_hint": 200, "name": 100, "safe_times": 200, "situation": SITUATION_MAX_LENGTH}
# The honeypot: hidden from people by the PWA, filled by form-spamming scripts.
HONEYPOT = "website"


def _text(name, *rules):
    return fields.String(load_default=None, allow_none=True,
                         validate=[validate.Length(max=TEXT_MAX_LENGTHS[name]), *rules])


class HelpRequestIn(Schema):
    id = fields.UUID(required=True)  # made by the phone: sending it again is the same request
    ward_code = fields.String(load_default=None, allow_none=True, validate=WARD_CODE_RULES)  # null: "Tôi không biết"
    place_hint = _text("place_hint")
    situation = _text("situation")
    name = _text("name", plain_name)
    contact_method = fields.String(required=True, validate=ONE_OF(CONTACT_METHODS))
    contact_phone = fields.String(load_default=None, allow_none=True, validate=PHONE_LINE)
    safe_times = _text("safe_times")
    language = fields.String(load_default="vi", validate=ONE_OF(["vi", "en"]))
    website = fields.String(load_default="", allow_none=True)

    @pre_load
    def _blank_is_no_answer(self, data, **_kwargs):
        # The PWA sends an empty input as "", and a thumb may leave a space behind: neither is an answer.
        optional = {"ward_code", "contact_phone", HONEYPOT, *TEXT_MAX_LENGTHS}
        return {key: ((value.strip() or None) if key in optional and isinstance(value, str) else value)
                for key, value in data.items()}

    # Also when another field failed, so that an empty form is told everything missing at once; from what
    # was sent, so that a number sent but refused is not also called missing.
    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _phone_for_a_call_back(self, data, original_data, **_kwargs):
        sent = original_data.get("contact_phone")
        missing = sent is None or (isinstance(sent, str) and not sent.strip())
        if data.get("contact_method") not in (None, "none") and missing:
            raise ValidationError({"contact_phone": ["A phone number is needed for this way of contact."]})


class ReceiptOut(Schema):
    """All a resident is told: a reference to quote when they call, and when it arrived."""

    reference = fields.String()
    received_at = UtcDateTime()


class HelpRequestQuery(Schema):
    status = fields.String(load_default=None, validate=ONE_OF(STATUSES))


class HelpRequestChangeIn(Schema):
    version = fields.Integer(required=True, strict=True, validate=ID_RANGE)
    status = fields.String(validate=ONE_OF(("contacted", "closed")))  # never back to "new"
    outcome = fields.String(allow_none=True, validate=ONE_OF(OUTCOMES))
    case_id = fields.UUID(allow_none=True)  # a case of the officer's ward; null unlinks it
    ward_code = fields.String(validate=WARD_CODE_RULES)  # another ward: pass the request on to its officers


class HelpRequestOut(Schema):
    id = fields.UUID()
    reference = fields.String()
    ward_code = fields.String(attribute="ward_id")
    ward_known = fields.Boolean()
    place_hint = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    situation = fields.String(allow_none=True)
    contact_method = fields.String()
    contact_phone = fields.String(allow_none=True)
    safe_times = fields.String(allow_none=True)
    language = fields.String()
    status = fields.String()
    outcome = fields.String(allow_none=True)
    case_id = fields.UUID(allow_none=True)
    received_at = UtcDateTime()
    updated_at = UtcDateTime()
    version = fields.Integer()


class HelpRequestListOut(Schema):
    items = fields.List(fields.Nested(HelpRequestOut))
