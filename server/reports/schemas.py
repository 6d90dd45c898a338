"""What the reports API accepts and answers (figures, the annual report); the records the ward enters are
in records_schemas.py."""
from marshmallow import Schema, fields, validate

from server.contract import UtcDateTime
from server.wards.schemas import WARD_CODE_RULES, WardOut

YEARS = validate.Range(min=2026, max=2100, error="The plan's reports start in 2026.")

# A count that may have left the ward: an integer, "<5" (from 1 to 4) or "x" (hidden so that a small count
# cannot be worked out from a total). server.reports.suppression decides which.
COUNT = {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["<5", "x"]}]}


def _count(**kwargs):
    return fields.Raw(metadata=COUNT, **kwargs)


def _counts():
    return fields.Dict(keys=fields.String(), values=_count())


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=YEARS)


class WardQuery(Schema):
    ward = fields.String(load_default=None, validate=WARD_CODE_RULES)


class FiguresQuery(YearQuery, WardQuery):
    pass


class IndicatorOut(Schema):
    code = fields.String()
    target = fields.String()
    title = fields.String()
    formula = fields.String()
    source = fields.String()
    unit = fields.String()
    comparison = fields.String()
    target_value = fields.Float()
    value = fields.Float(allow_none=True)
    numerator = _count(allow_none=True)
    denominator = _count(allow_none=True)
    status = fields.String()
    wards_meeting = fields.Integer(allow_none=True)


class IndicatorsOut(Schema):
    year = fields.Integer()
    level = fields.String()
    ward = fields.Nested(WardOut, allow_none=True)
    exact = fields.Boolean()
    indicators = fields.List(fields.Nested(IndicatorOut))


class MonthOut(Schema):
    month = fields.Integer()
    total = _count()
    by_type = fields.Dict(keys=fields.String(), values=_count(), allow_none=True)


class ReferralCountsOut(Schema):
    total = _count()
    by_outcome = _counts()


class StatisticsBody(Schema):
    total = _count()
    by = fields.Dict(keys=fields.String(), values=_counts())
    by_month = fields.List(fields.Nested(MonthOut))
    referrals = fields.Nested(ReferralCountsOut)


class StatisticsOut(StatisticsBody):
    year = fields.Integer()
    level = fields.String()
    ward = fields.Nested(WardOut, allow_none=True)
    exact = fields.Boolean()


class SubmissionBriefOut(Schema):
    id = fields.UUID()
    version = fields.Integer()
    submitted_at = UtcDateTime()
    submitted_by = fields.Function(lambda report: report.submitted_by.display_name)
    late = fields.Boolean()


class WardOverviewOut(Schema):
    ward = fields.Nested(WardOut)
    submission = fields.Nested(SubmissionBriefOut, allow_none=True)
    has_draft = fields.Boolean()
    cases = _count()
    statuses = fields.Dict(keys=fields.String(), values=fields.String())


class OverviewOut(Schema):
    year = fields.Integer()
    deadline = fields.Date()
    wards_total = fields.Integer()
    submitted = fields.Integer()
    late = fields.Integer()
    indicators = fields.List(fields.Nested(IndicatorOut))
    wards = fields.List(fields.Nested(WardOverviewOut))


class DraftOut(Schema):
    notes = fields.String()
    version = fields.Integer()
    updated_at = UtcDateTime()


class AnnualReportOut(Schema):
    year = fields.Integer()
    ward = fields.Nested(WardOut)
    deadline = fields.Date()
    late_now = fields.Boolean()
    draft = fields.Nested(DraftOut, allow_none=True)
    submissions = fields.List(fields.Nested(SubmissionBriefOut))


class DraftIn(Schema):
    notes = fields.String(required=True, validate=validate.Length(max=20000))
    base_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=2**31 - 1))


class SubmissionIn(Schema):
    id = fields.UUID(required=True)
    notes = fields.String(load_default="", validate=validate.Length(max=20000))


class RecordsOut(Schema):
    mechanism = fields.Dict(allow_none=True)
    schools = fields.Dict()
    businesses = fields.Dict()
    trainings = fields.Dict()
    communications = fields.Dict()
    staff = fields.Integer()
    trained = fields.Integer()
    community_shelters = fields.Integer()
    intake_used = fields.Boolean()


class SubmissionOut(SubmissionBriefOut):
    submitted_by = fields.Function(lambda answer: answer["submitted_by"].display_name)
    year = fields.Integer()
    ward = fields.Nested(WardOut)
    notes = fields.String()
    indicators = fields.List(fields.Nested(IndicatorOut))
    statistics = fields.Nested(StatisticsBody)
    records = fields.Nested(RecordsOut)
