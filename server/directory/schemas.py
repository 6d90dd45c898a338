"""What the directory API accepts and answers: the residents' shapes hold only what is published (never a
line's status or source), the city admin's add what it takes to keep the lists right."""
import re

from marshmallow import Schema, ValidationError, fields, validate

from server.cases.schemas import PersonOut
from server.contract import UtcDateTime
from server.directory.models import HOTLINE_SCOPES, HOTLINE_STATUSES, SERVICE_KINDS
from server.shelters.schemas import PHONE_LINE
from server.text import plain_name
from server.wards.schemas import WARD_CODE_RULES

MAX_POSITION = 10_000
MAX_SOURCE_LENGTH = 2000  # a source is a few references; the column is TEXT, the bound is ours
ID_RULES = validate.Range(min=1, max=2**31 - 1)
# A help line is dialled as digits only: "1800 8065" and "1800.8065" are accepted and kept as "18008065".
LINE_NUMBER = re.compile(r"^[0-9]{3,15}\Z")
LINE_NUMBER_SEPARATORS = re.compile(r"[ .]")


def _not_blank(value):
    if not value.strip():
        raise ValidationError("Must not be blank.")


class LineNumber(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        number = LINE_NUMBER_SEPARATORS.sub("", super()._deserialize(value, attr, data, **kwargs))
        if not LINE_NUMBER.match(number):
            raise ValidationError("Use digits only, 3 to 15 of them.")
        return number


def _name(max_length=200):
    return fields.String(required=True, validate=[validate.Length(min=1, max=max_length), _not_blank, plain_name])


def _text(max_length):
    return fields.String(load_default="", validate=validate.Length(max=max_length))


def _version():
    return fields.Integer(required=True, strict=True, validate=ID_RULES)


class HotlineChangesIn(Schema):
    """A city admin's edit of a line, from the version it was read at; any field but the version may be left out.
    Setting ``status`` to verified (again) says "I checked this number, its hours and its cost today"."""

    version = _version()
    number = LineNumber(allow_none=True)
    name_vi = _name()
    name_en = _name()
    operator = fields.String(validate=[validate.Length(max=300), plain_name])
    hours = fields.String(validate=validate.Length(max=100))
    cost = fields.String(validate=validate.Length(max=40))
    scope = fields.String(validate=validate.OneOf(HOTLINE_SCOPES))
    status = fields.String(validate=validate.OneOf(HOTLINE_STATUSES))
    source = fields.String(validate=validate.Length(max=MAX_SOURCE_LENGTH))
    position = fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_POSITION))

    def load(self, data, **kwargs):
        return super().load(data, partial=tuple(f for f in self.fields if f != "version"), **kwargs)


class PublicHotlineOut(Schema):
    id = fields.Integer()
    number = fields.String()
    name_vi = fields.String()
    name_en = fields.String()
    operator = fields.String()
    hours = fields.String()
    cost = fields.String()
    scope = fields.String()
    checked_on = fields.Date()


class PublicHotlineListOut(Schema):
    items = fields.List(fields.Nested(PublicHotlineOut))
    as_of = UtcDateTime(allow_none=True)


class HotlineOut(PublicHotlineOut):
    """A line as the city admin keeps it: unverified and retired ones too, with where the number comes from."""

    key = fields.String()
    number = fields.String(allow_none=True)
    checked_on = fields.Date(allow_none=True)
    status = fields.String()
    source = fields.String()
    position = fields.Integer()
    version = fields.Integer()
    updated_at = UtcDateTime()
    updated_by = fields.Nested(PersonOut, allow_none=True)


class HotlineListOut(Schema):
    items = fields.List(fields.Nested(HotlineOut))


class ServiceIn(Schema):
    """A public office of a ward, with the contacts it publishes (never a person's own phone or address)."""

    ward_code = fields.String(required=True, validate=WARD_CODE_RULES)
    kind = fields.String(required=True, validate=validate.OneOf(SERVICE_KINDS))
    name = _name()
    organization_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=ID_RULES)
    phone = fields.String(load_default=None, allow_none=True, validate=PHONE_LINE)  # at most 20 characters
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    hours = _text(200)
    note_vi = _text(300)
    note_en = _text(300)
    active = fields.Boolean(load_default=True)


class ServiceChangesIn(ServiceIn):
    """An edit, from the version it was read at; any field but the version may be left out."""

    version = _version()

    def load(self, data, **kwargs):
        return super().load(data, partial=tuple(f for f in self.fields if f != "version"), **kwargs)


class ServiceQuery(Schema):
    ward = fields.String(required=True, validate=WARD_CODE_RULES)


class ServiceRegistryQuery(Schema):
    ward = fields.String(load_default=None, validate=WARD_CODE_RULES)


class PublicServiceOut(Schema):
    id = fields.Integer()
    ward_code = fields.String(attribute="ward_id")
    kind = fields.String()
    name = fields.String()
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    hours = fields.String()
    note_vi = fields.String()
    note_en = fields.String()


class PublicServiceListOut(Schema):
    items = fields.List(fields.Nested(PublicServiceOut))


class ServiceOut(PublicServiceOut):
    organization_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    version = fields.Integer()
    updated_at = UtcDateTime()


class ServiceListOut(Schema):
    items = fields.List(fields.Nested(ServiceOut))
