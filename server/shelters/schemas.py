"""What the shelters API accepts and answers: one shape per audience, since the public must never get
what staff see (a count, an address, a host's phone)."""
from datetime import timedelta

from marshmallow import Schema, fields, validate

from server.cases.schemas import PersonOut
from server.contract import UtcDateTime, WholeMatch
from server.dates import EARLIEST_RECORD, between, time_ahead
from server.shelters import vocabulary as v
from server.text import plain_name
from server.wards.schemas import WARD_CODE_RULES, WardOut

MAX_CAPACITY = 500  # beds; far above any shelter of the city, low enough to catch a typing slip
PHONE_LINE = WholeMatch(r"^[0-9][0-9 .]{1,18}[0-9]$", error="Not a valid phone number.")
# A phone's clock may run a little ahead of the server's; an observation further ahead is refused.
CLOCK_SKEW = timedelta(minutes=5)


def _codes(choices):
    return fields.List(fields.String(validate=validate.OneOf(choices)), load_default=list,
                       validate=validate.Length(max=len(choices), error="At most {max} items."))


class ShelterFacts(Schema):
    """The stable facts of a shelter: what the registry files hold."""

    name = fields.String(required=True, validate=[validate.Length(min=3, max=200), plain_name])
    kind = fields.String(required=True, validate=validate.OneOf(v.KINDS))
    standardised = fields.Boolean(load_default=False)
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY))
    accepts = _codes(v.ACCEPTS)
    accessibility = _codes(v.ACCESSIBILITY)
    languages = _codes(v.LANGUAGES)
    public_line = fields.String(required=True, validate=PHONE_LINE)


class RegistryEntryIn(ShelterFacts):
    """One file of shelters/ (see shelters/README.md)."""

    ward = fields.String(required=True, validate=WARD_CODE_RULES)
    operator = fields.String(required=True, validate=[validate.Length(min=3, max=200), plain_name])
    fictional = fields.Boolean(load_default=False)


class ShelterIn(ShelterFacts):
    """A city admin's new shelter or edit (an edit may leave out what it does not change)."""

    ward_code = fields.String(required=True, validate=WARD_CODE_RULES)
    organization_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    host_phone = fields.String(load_default=None, allow_none=True, validate=PHONE_LINE)
    active = fields.Boolean(load_default=True)


class ShelterQuery(Schema):
    ward = fields.String(load_default=None, validate=WARD_CODE_RULES)
    accepts = fields.String(load_default=None, validate=validate.OneOf(v.ACCEPTS))


class AvailabilityIn(Schema):
    key = fields.UUID(required=True)
    shelter_id = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))  # required in sync payloads
    free_beds = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_CAPACITY))
    observed_at = fields.AwareDateTime(required=True, default_timezone=None,
                                       validate=between(EARLIEST_RECORD, time_ahead(CLOCK_SKEW)))


class BedRequestIn(Schema):
    id = fields.UUID(required=True)
    shelter_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    beds = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=10))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class BedRequestQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(v.BED_REQUEST_STATUSES))


class DeclineIn(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(v.DECLINE_REASONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class PublicShelterOut(Schema):
    id = fields.Integer()
    name = fields.String()
    ward = fields.Nested(WardOut)
    kind = fields.String()
    standardised = fields.Boolean()
    accepts = fields.List(fields.String())
    accessibility = fields.List(fields.String())
    languages = fields.List(fields.String())
    public_line = fields.String()
    status = fields.String()


class PublicShelterListOut(Schema):
    items = fields.List(fields.Nested(PublicShelterOut))
    as_of = UtcDateTime(allow_none=True)  # the newest count's time; null when no shelter is listed


class StaffShelterOut(PublicShelterOut):
    organization_id = fields.Integer()  # which shelters a referral to an organisation may ask for beds
    capacity = fields.Integer()
    free_beds = fields.Integer(allow_none=True)
    observed_at = UtcDateTime(allow_none=True)
    age_minutes = fields.Integer(allow_none=True)


class StaffShelterListOut(Schema):
    items = fields.List(fields.Nested(StaffShelterOut))


class HostShelterOut(StaffShelterOut):
    address = fields.String(allow_none=True)
    host_phone = fields.String(allow_none=True)
    active = fields.Boolean()


class HostShelterListOut(Schema):
    items = fields.List(fields.Nested(HostShelterOut))


class AvailabilityOut(Schema):
    applied = fields.Boolean()
    shelter = fields.Nested(HostShelterOut)


class CoverageWardOut(Schema):
    code = fields.String()
    name = fields.String()


class CoverageOut(Schema):
    wards_total = fields.Integer()
    wards_with_shelter = fields.Integer()
    wards_without_shelter = fields.List(fields.Nested(CoverageWardOut))
    city_shelters_standardised = fields.Integer()
    city_shelters_target = fields.Integer()
    shelters_total = fields.Integer()


class ShelterBriefOut(Schema):
    id = fields.Integer()
    name = fields.String()


class BedRequestSurvivorOut(Schema):
    age_group = fields.String()
    sex = fields.String()
    is_child = fields.Boolean()
    disability = fields.Boolean()


class BedRequestOut(Schema):
    id = fields.UUID()
    shelter = fields.Nested(ShelterBriefOut)
    referral_id = fields.UUID()
    case_code = fields.String()
    beds = fields.Integer()
    note = fields.String(allow_none=True)
    status = fields.String()
    decline_reason = fields.String(allow_none=True)
    response_note = fields.String(allow_none=True)
    requested_by = fields.Nested(PersonOut)
    survivor = fields.Nested(BedRequestSurvivorOut)
    created_at = UtcDateTime()
    responded_at = UtcDateTime(allow_none=True)
    address = fields.String(allow_none=True)


class BedRequestListOut(Schema):
    items = fields.List(fields.Nested(BedRequestOut))
