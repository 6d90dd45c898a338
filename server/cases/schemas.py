"""What the cases API accepts and answers. Sections (survivor, incident, consent, risk) are replaced whole by
an update, so a phone never sends half a section and the server never merges guesses."""
from datetime import timedelta

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.accounts.schemas import OrganizationBriefOut
from server.cases import vocabulary as v
from server.cases.risk import QUESTIONS
from server.contract import UtcDateTime
from server.dates import EARLIEST_INCIDENT, EARLIEST_RECORD, between, days_ahead, time_ahead
from server.text import plain_name
from server.wards.schemas import WardOut

ONE_OF = validate.OneOf
# Ids and versions are 32-bit integers in the database; a bigger number can name nothing.
ID_RANGE = validate.Range(min=1, max=2**31 - 1)
# Today in Cần Thơ, and a day of slack for a phone whose clock runs ahead.
CASE_DATES_AHEAD = days_ahead(1)
# A note is not days ahead of the server's clock.
NOTE_TIME_AHEAD = time_ahead(timedelta(days=2))


def _text(max_length):
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=max_length))


class SurvivorIn(Schema):
    name = fields.String(load_default=None, allow_none=True, validate=[validate.Length(max=200), plain_name])
    phone = _text(30)
    address = _text(500)
    age_group = fields.String(required=True, validate=ONE_OF(v.AGE_GROUPS))
    sex = fields.String(required=True, validate=ONE_OF(v.SEXES))
    disability = fields.Boolean(load_default=False)
    ethnic_minority = fields.Boolean(load_default=False)
    migrant_worker = fields.Boolean(load_default=False)


class IncidentIn(Schema):
    gbv_type = fields.String(required=True, validate=ONE_OF(v.GBV_TYPES))
    contexts = fields.List(fields.String(validate=ONE_OF(v.CONTEXTS)), load_default=list,
                           validate=validate.Length(max=len(v.CONTEXTS), error="At most {max} items."))
    incident_date = fields.Date(load_default=None, allow_none=True,
                                validate=between(EARLIEST_INCIDENT, CASE_DATES_AHEAD))
    report_date = fields.Date(required=True, validate=between(EARLIEST_RECORD, CASE_DATES_AHEAD))
    perpetrator_relationship = fields.String(required=True, validate=ONE_OF(v.PERPETRATOR_RELATIONSHIPS))
    # Optional, so that a phone with last month's app still sends a valid incident.
    reported_elsewhere = fields.String(load_default="unknown", validate=ONE_OF(v.REPORTED_ELSEWHERE))

    @validates_schema
    def _dates_in_order(self, data, **_kwargs):
        if data.get("incident_date") and data.get("report_date") and data["incident_date"] > data["report_date"]:
            raise ValidationError({"incident_date": ["The incident cannot come after the report."]})


class ConsentIn(Schema):
    share_with_services = fields.Boolean(required=True)
    statistics = fields.Boolean(required=True)


class RiskIn(Schema):
    answers = fields.Dict(keys=fields.String(validate=ONE_OF(QUESTIONS)), values=fields.Boolean(),
                          load_default=dict)
    safety_plan = _text(5000)


class CaseSections(Schema):
    intake_channel = fields.String(validate=ONE_OF(v.INTAKE_CHANNELS))
    survivor = fields.Nested(SurvivorIn)
    incident = fields.Nested(IncidentIn)
    narrative = _text(20000)
    consent = fields.Nested(ConsentIn)
    risk = fields.Nested(RiskIn, allow_none=True)


class CaseCreateIn(CaseSections):
    id = fields.UUID(required=True)
    intake_channel = fields.String(required=True, validate=ONE_OF(v.INTAKE_CHANNELS))
    survivor = fields.Nested(SurvivorIn, required=True)
    incident = fields.Nested(IncidentIn, required=True)
    consent = fields.Nested(ConsentIn, required=True)
    risk = fields.Nested(RiskIn, load_default=None, allow_none=True)


class CaseUpdateIn(CaseSections):
    id = fields.UUID()  # the URL names the case in PATCH; a sync payload must carry it (server.sync.schemas)
    base_version = fields.Integer(required=True, strict=True, validate=ID_RANGE)
    # Sent (even as null) replaces the narrative; left out keeps it. A default of None here would make every
    # update that touches another section erase what the survivor told.
    narrative = fields.String(allow_none=True, validate=validate.Length(max=20000))


class VersionIn(Schema):
    base_version = fields.Integer(required=True, strict=True, validate=ID_RANGE)


class AssignIn(VersionIn):
    collaborator_id = fields.Integer(required=True, allow_none=True, strict=True, validate=ID_RANGE)


class CloseIn(VersionIn):
    closure_reason = fields.String(required=True, validate=ONE_OF(v.CLOSURE_REASONS))


class CaseQuery(Schema):
    status = fields.String(load_default=None, validate=ONE_OF(v.STATUSES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class FollowUpIn(Schema):
    id = fields.UUID(required=True)
    case_id = fields.UUID()  # the URL names the case here; a sync payload must carry it (server.sync.schemas)
    note = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    occurred_at = fields.AwareDateTime(required=True, default_timezone=None,
                                       validate=between(EARLIEST_RECORD, NOTE_TIME_AHEAD))


class ReferralIn(Schema):
    id = fields.UUID(required=True)
    case_id = fields.UUID()  # the URL names the case here; a sync payload must carry it (server.sync.schemas)
    service_type = fields.String(required=True, validate=ONE_OF(v.SERVICE_TYPES))
    organization_id = fields.Integer(required=True, strict=True, validate=ID_RANGE)
    note = _text(5000)


class ReferralQuery(Schema):
    status = fields.String(load_default=None, validate=ONE_OF(v.REFERRAL_STATUSES))


class RejectIn(Schema):
    reason = fields.String(required=True, validate=ONE_OF(v.REJECTION_REASONS))
    note = _text(5000)


class CompleteIn(Schema):
    outcome = fields.String(required=True, validate=ONE_OF(v.OUTCOMES))
    note = _text(5000)


# Answers. server/cases/output.py shapes records into these.

class PersonOut(Schema):
    id = fields.Integer()
    display_name = fields.String()


class SurvivorOut(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    age_group = fields.String()
    sex = fields.String()
    disability = fields.Boolean()
    ethnic_minority = fields.Boolean()
    migrant_worker = fields.Boolean()
    is_child = fields.Boolean()


class IncidentOut(Schema):
    gbv_type = fields.String()
    contexts = fields.List(fields.String())
    incident_date = fields.Date(allow_none=True)
    report_date = fields.Date()
    reporting_delay_days = fields.Integer(allow_none=True)
    perpetrator_relationship = fields.String()
    reported_elsewhere = fields.String()


class ConsentOut(Schema):
    share_with_services = fields.Boolean()
    statistics = fields.Boolean()


class RiskOut(Schema):
    answers = fields.Dict(keys=fields.String(), values=fields.Boolean())
    level = fields.String()
    safety_plan = fields.String(allow_none=True)


class FollowUpOut(Schema):
    id = fields.UUID()
    case_id = fields.UUID()
    note = fields.String()
    author = fields.Nested(PersonOut)
    occurred_at = UtcDateTime()
    created_at = UtcDateTime()


class FollowUpListOut(Schema):
    items = fields.List(fields.Nested(FollowUpOut))


class ReferralSurvivorOut(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    age_group = fields.String()
    sex = fields.String()
    disability = fields.Boolean()
    is_child = fields.Boolean()


class ReferralCaseOut(Schema):
    """The part of a case a provider sees: enough to contact and serve the person, nothing of the story."""

    code = fields.String()
    survivor = fields.Nested(ReferralSurvivorOut)
    risk_level = fields.String()


class ReferralOut(Schema):
    id = fields.UUID()
    case_id = fields.UUID()
    case_code = fields.String()
    service_type = fields.String()
    organization = fields.Nested(OrganizationBriefOut)
    status = fields.String()
    rejection_reason = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    response_note = fields.String(allow_none=True)
    version = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    case = fields.Nested(ReferralCaseOut)  # providers only


class ReferralListOut(Schema):
    items = fields.List(fields.Nested(ReferralOut))


class CaseSummaryOut(Schema):
    id = fields.UUID()
    code = fields.String()
    status = fields.String()
    intake_channel = fields.String()
    age_group = fields.String()
    sex = fields.String()
    gbv_type = fields.String()
    risk_level = fields.String()
    assigned_to = fields.Nested(PersonOut, allow_none=True)
    version = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class CasePageOut(Schema):
    items = fields.List(fields.Nested(CaseSummaryOut))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class CaseOut(Schema):
    id = fields.UUID()
    code = fields.String()
    ward = fields.Nested(WardOut)
    intake_channel = fields.String()
    status = fields.String()
    closure_reason = fields.String(allow_none=True)
    version = fields.Integer()
    assigned_to = fields.Nested(PersonOut, allow_none=True)
    created_by = fields.Nested(PersonOut)
    survivor = fields.Nested(SurvivorOut)
    incident = fields.Nested(IncidentOut)
    narrative = fields.String(allow_none=True)
    consent = fields.Nested(ConsentOut)
    risk = fields.Nested(RiskOut)
    referrals = fields.List(fields.Nested(ReferralOut))
    follow_ups = fields.List(fields.Nested(FollowUpOut))
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
