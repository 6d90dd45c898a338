"""What the campaigns API accepts and answers."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.accounts.models import ROLES
from server.contract import UtcDateTime
from server.dates import PLAN_START, TOO_LATE, between, years_ahead
from server.push.schemas import unique_items
from server.text import plain_name
from server.wards.schemas import WARD_CODE_RULES

MAX_OFFSET_DAYS = 60
# Longer than the action month (31 days) and June, short enough to catch a year typed wrong.
MAX_LENGTH_DAYS = 92
# From the plan's first year to a few years ahead: a yearly campaign repeats itself, so nobody needs to
# enter one further ahead, and 9999-12-31 would be a year typed wrong.
CAMPAIGN_DATES = between(PLAN_START, years_ahead(5), too_late=TOO_LATE)


def _not_blank(value):
    if not value.strip():
        raise ValidationError("Must not be blank.")


def _text(max_length, *rules):
    return fields.String(required=True, validate=[validate.Length(min=1, max=max_length), _not_blank, *rules])


class CampaignIn(Schema):
    # A title is a name: it is the headline of a notification on residents' lock screens.
    title_vi = _text(120, plain_name)
    title_en = _text(120, plain_name)
    message_vi = _text(300)
    message_en = _text(300)
    starts_on = fields.Date(required=True, validate=CAMPAIGN_DATES)
    ends_on = fields.Date(required=True, validate=CAMPAIGN_DATES)
    yearly = fields.Boolean(load_default=True)
    audience_residents = fields.Boolean(load_default=True)
    audience_roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=list,
                                 validate=unique_items)
    audience_wards = fields.List(fields.String(validate=WARD_CODE_RULES), load_default=list,
                                 validate=[validate.Length(max=103, error="At most {max} items."), unique_items])
    reminder_offsets = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_OFFSET_DAYS)),
        load_default=None, validate=[validate.Length(max=5, error="At most {max} items."), unique_items])
    active = fields.Boolean(load_default=True)

    @validates_schema
    def _dates_and_audience(self, data, partial=False, **_kwargs):
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            raise ValidationError("The end cannot come before the start.", "ends_on")
        if starts and ends and (ends - starts).days > MAX_LENGTH_DAYS:
            raise ValidationError(f"Must be less than or equal to {MAX_LENGTH_DAYS}.", "ends_on")
        if not partial and not data.get("audience_residents") and not data.get("audience_roles"):
            raise ValidationError("Choose at least one audience.", "audience_roles")


class CampaignChangesIn(CampaignIn):
    """An edit: any of the fields, and the version it was made from."""

    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))

    def load(self, data, **kwargs):
        return super().load(data, partial=tuple(f for f in self.fields if f != "version"), **kwargs)


class CampaignWordsOut(Schema):
    """What a campaign says and when: the same in the calendar and in the upcoming events."""

    title_vi = fields.String()
    title_en = fields.String()
    message_vi = fields.String()
    message_en = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()


class CampaignOut(CampaignWordsOut):
    id = fields.Integer()
    yearly = fields.Boolean()
    audience_residents = fields.Boolean()
    audience_roles = fields.Function(lambda c: c.roles())
    audience_wards = fields.Function(lambda c: c.wards())
    reminder_offsets = fields.Function(lambda c: c.offsets())
    active = fields.Boolean()
    version = fields.Integer()


class CampaignListOut(Schema):
    items = fields.List(fields.Nested(CampaignOut))


class UpcomingOut(CampaignWordsOut):
    id = fields.Integer()  # the occurrence
    campaign_id = fields.Integer()


class UpcomingListOut(Schema):
    items = fields.List(fields.Nested(UpcomingOut))


class PlannedSendOut(Schema):
    campaign_id = fields.Integer()
    title_vi = fields.String()
    title_en = fields.String()
    starts_on = fields.Date()
    offset_days = fields.Integer()
    send_at = UtcDateTime()
    recipients = fields.Integer()  # subscriptions the audience reaches today


class SentReminderOut(Schema):
    reminder_id = fields.Integer()
    source = fields.String()
    title_vi = fields.String()
    title_en = fields.String()
    due_at = UtcDateTime()
    state = fields.String()
    sent = fields.Integer()
    pending = fields.Integer()
    failed = fields.Integer()
    gone = fields.Integer()


class SendsOut(Schema):
    upcoming = fields.List(fields.Nested(PlannedSendOut))
    recent = fields.List(fields.Nested(SentReminderOut))
