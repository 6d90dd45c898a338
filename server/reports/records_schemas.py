"""What the records API accepts and answers: the coordination mechanisms, schools and businesses, trainings
and communication activities that ward officers (their ward) and city admins (every ward) record.

A change schema (``...ChangeIn``) has every field optional; the create schema beside it makes the needed
ones required, so the OpenAPI document says truthfully what each call needs.
"""
import unicodedata
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.cases.schemas import ID_RANGE
from server.contract import UtcDateTime
from server.dates import EARLIEST_RECORD, between, days_ahead
from server.i18n import request_language
from server.push.schemas import unique_items
from server.text import plain_name
from server.reports.models import ACTIVITY_AUDIENCES, ACTIVITY_FORMS, INSTITUTION_KINDS, TRAINING_ROLES
from server.wards.schemas import WARD_CODE_RULES, WardOut

ONE_OF = validate.OneOf
MAX_PARTICIPANTS = 100_000  # more than any one event in a city of 1.2 million; catches a mistyped count
MAX_TRAINING_HOURS = 200
# More than every collaborator and ward officer of the 103 wards together: a city-wide training fits.
MAX_ATTENDEES = 5000


def _not_blank(value):
    if not value:
        raise ValidationError("Must not be blank.")


class Line(fields.String):
    """One line of text as a person meant it: in NFC (one phone keyboard sends "Trường" composed, another
    decomposed, and the unique index would see two schools), without surrounding or doubled spaces."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return " ".join(unicodedata.normalize("NFC", text).split())


class Note(fields.String):
    """A free note: NFC, trimmed; its line breaks are kept."""

    def _deserialize(self, value, attr, data, **kwargs):
        return unicodedata.normalize("NFC", super()._deserialize(value, attr, data, **kwargs)).strip()


def _line(max_length, *rules, **kwargs):
    return Line(validate=[_not_blank, validate.Length(max=max_length), *rules], **kwargs)


def _date(**kwargs):
    # Up to tomorrow: a day of slack for a phone whose clock runs ahead.
    return fields.Date(validate=between(EARLIEST_RECORD, days_ahead(1)), **kwargs)


def _count(maximum, minimum=0, **kwargs):
    return fields.Integer(strict=True, validate=validate.Range(min=minimum, max=maximum), **kwargs)


def _ward_code(**kwargs):
    # Left out by a ward officer (their own ward); a city admin names it. Checked against the caller's scope
    # by the operation, which answers 403 for another ward.
    return fields.String(validate=WARD_CODE_RULES, **kwargs)


# Queries.

class RecordsWardQuery(Schema):
    ward = fields.String(load_default=None, validate=WARD_CODE_RULES)


class InstitutionQuery(RecordsWardQuery):
    kind = fields.String(load_default=None, validate=ONE_OF(INSTITUTION_KINDS))


class RecordsYearQuery(RecordsWardQuery):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


# Coordination mechanisms (target b).

class MechanismIn(Schema):
    document_number = _line(60, required=True)
    document_date = _date(required=True)
    note = Note(load_default="", validate=validate.Length(max=500))


class MechanismOut(Schema):
    ward = fields.Nested(WardOut)
    document_number = fields.String()
    document_date = fields.Date()
    note = fields.String()
    updated_at = UtcDateTime()


class MechanismListOut(Schema):
    items = fields.List(fields.Nested(MechanismOut))


# Schools and businesses (target d).

class InstitutionChangeIn(Schema):
    name = _line(200, plain_name)
    has_policy = fields.Boolean()
    policy_date = _date(allow_none=True)  # when the procedure or rules were adopted, if known


class InstitutionIn(InstitutionChangeIn):
    ward_code = _ward_code()
    kind = fields.String(required=True, validate=ONE_OF(INSTITUTION_KINDS))
    name = _line(200, plain_name, required=True)
    has_policy = fields.Boolean(required=True)
    policy_date = _date(load_default=None, allow_none=True)

    @validates_schema
    def _date_with_a_policy(self, data, **_kwargs):
        if data.get("policy_date") is not None and data.get("has_policy") is False:
            raise ValidationError({"policy_date": ["A date is given only when there is a policy."]})


class InstitutionOut(Schema):
    id = fields.Integer()
    ward = fields.Nested(WardOut)
    kind = fields.String()
    name = fields.String()
    has_policy = fields.Boolean()
    policy_date = fields.Date(allow_none=True)
    updated_at = UtcDateTime()


class InstitutionListOut(Schema):
    items = fields.List(fields.Nested(InstitutionOut))


# Trainings (target đ).

# Everyone who sat in the training, counted by role, accounts or not; a role left out counted none.
TrainingParticipants = Schema.from_dict(
    {role: _count(MAX_PARTICIPANTS, load_default=0) for role in TRAINING_ROLES}, name="TrainingParticipants")


class TraineeOut(Schema):
    """An account that may be named as an attendee: a collaborator or ward officer, still active."""

    id = fields.Integer()
    display_name = fields.String()
    role = fields.String()
    ward_code = fields.String(attribute="ward_id")


class TraineeListOut(Schema):
    items = fields.List(fields.Nested(TraineeOut))


class TrainingChangeIn(Schema):
    held_on = _date()
    topic = _line(200)
    hours = _count(MAX_TRAINING_HOURS, minimum=1)
    participants = fields.Nested(TrainingParticipants)
    # Given, it replaces the list; ids of accounts (see TraineeOut), each once.
    attendee_ids = fields.List(fields.Integer(strict=True, validate=ID_RANGE), validate=[
        validate.Length(max=MAX_ATTENDEES, error="At most {max} items."), unique_items])


class TrainingIn(TrainingChangeIn):
    ward_code = _ward_code(allow_none=True)  # null (city admin only): a city-wide training
    held_on = _date(required=True)
    topic = _line(200, required=True)
    hours = _count(MAX_TRAINING_HOURS, minimum=1, required=True)
    participants = fields.Nested(TrainingParticipants, required=True)
    attendee_ids = fields.List(fields.Integer(strict=True, validate=ID_RANGE), load_default=list, validate=[
        validate.Length(max=MAX_ATTENDEES, error="At most {max} items."), unique_items])


class TrainingOut(Schema):
    id = fields.Integer()
    ward = fields.Nested(WardOut, allow_none=True)  # null: city-wide
    held_on = fields.Date()
    topic = fields.String()
    hours = fields.Integer()
    participants = fields.Nested(TrainingParticipants, attribute="participant_counts")
    # In a ward's view of a city-wide training, only the ward's own people (see records.list_trainings).
    attendees = fields.List(fields.Nested(TraineeOut))
    updated_at = UtcDateTime()


class TrainingListOut(Schema):
    items = fields.List(fields.Nested(TrainingOut))


# Communication activities.

class CommunicationChangeIn(Schema):
    campaign_id = fields.Integer(strict=True, allow_none=True, validate=ID_RANGE)  # null: not part of one
    held_on = _date()
    form = fields.String(validate=ONE_OF(ACTIVITY_FORMS))
    audience = fields.String(validate=ONE_OF(ACTIVITY_AUDIENCES))
    participants = _count(MAX_PARTICIPANTS)
    note = Note(validate=validate.Length(max=500))


class CommunicationIn(CommunicationChangeIn):
    ward_code = _ward_code(allow_none=True)  # null (city admin only): a city-wide activity
    campaign_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=ID_RANGE)
    held_on = _date(required=True)
    form = fields.String(required=True, validate=ONE_OF(ACTIVITY_FORMS))
    audience = fields.String(required=True, validate=ONE_OF(ACTIVITY_AUDIENCES))
    participants = _count(MAX_PARTICIPANTS, required=True)
    note = Note(load_default="", validate=validate.Length(max=500))


class RecordCampaignOut(Schema):
    """The campaign an activity was part of, titled in the request's language."""

    id = fields.Integer()
    title = fields.Method("_title")

    def _title(self, campaign):
        return campaign.title_en if request_language() == "en" else campaign.title_vi


class CommunicationOut(Schema):
    id = fields.Integer()
    ward = fields.Nested(WardOut, allow_none=True)  # null: city-wide
    campaign = fields.Nested(RecordCampaignOut, allow_none=True)
    held_on = fields.Date()
    form = fields.String()
    audience = fields.String()
    participants = fields.Integer()
    note = fields.String()
    updated_at = UtcDateTime()


class CommunicationListOut(Schema):
    items = fields.List(fields.Nested(CommunicationOut))
