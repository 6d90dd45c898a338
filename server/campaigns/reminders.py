"""Campaign reminders: planning them from the calendar (a scheduler job), and the figures a city admin
reads (what will be sent, what was)."""
from datetime import timedelta

from flask import current_app
from peewee import Case, fn

from server.campaigns.calendar import city_moment_utc, end_of_day_utc
from server.campaigns.models import Campaign, CampaignOccurrence
from server.campaigns.schemas import MAX_OFFSET_DAYS
from server.clock import city_date, now_utc
from server.db import database
from server.push import audience
from server.push.audience import recipients
from server.push.models import Delivery, Reminder
from server.push.operations import plan_reminder

# The screen the notification opens: the calendar of upcoming events.
CAMPAIGNS_URL = "/#/campaigns"
# Campaign messages wait at the push service for a phone that is off: one day at least, three at most.
MIN_LIFETIME = timedelta(days=1)
MAX_LIFETIME = timedelta(days=3)


def default_offsets(app=None):
    app = app or current_app
    return [int(days) for days in app.config["CAMPAIGN_REMINDER_OFFSETS"].split(",") if days.strip()]


def _when(offset, starts_on):
    day = starts_on.strftime("%d/%m")
    if offset == 0:
        return "Hôm nay", "Today"
    if offset == 1:
        return f"Ngày mai ({day})", f"Tomorrow ({day})"
    return f"Còn {offset} ngày ({day})", f"In {offset} days ({day})"


def _occurrences_soon(today):
    return (CampaignOccurrence.select(CampaignOccurrence, Campaign).join(Campaign)
            .where(Campaign.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
                   CampaignOccurrence.starts_on >= today,
                   CampaignOccurrence.starts_on <= today + timedelta(days=MAX_OFFSET_DAYS))
            .order_by(CampaignOccurrence.starts_on))


def _audience(campaign):
    return audience.encode(residents=campaign.audience_residents, roles=campaign.roles(), wards=campaign.wards())


def plan_campaign_reminders(now=None):
    """Every campaign reminder whose hour has come (and is not more than REMINDER_LATE_HOURS past) gets its
    reminder row; the fan-out sends it. Safe to run in any number of processes at once."""
    now = now or now_utc()
    config = current_app.config
    late = timedelta(hours=config["REMINDER_LATE_HOURS"])
    with database.atomic():
        for occurrence in _occurrences_soon(city_date(now) - timedelta(days=1)):
            campaign = occurrence.campaign
            for offset in campaign.offsets():
                due = city_moment_utc(occurrence.starts_on - timedelta(days=offset), config["CAMPAIGN_SEND_HOUR"])
                if not (due <= now < due + late):
                    continue
                when_vi, when_en = _when(offset, occurrence.starts_on)
                plan_reminder(
                    f"campaign:{occurrence.id}:{offset}", source="campaign", source_id=str(occurrence.id),
                    topic="campaigns", title_vi=campaign.title_vi, title_en=campaign.title_en,
                    body_vi=f"{when_vi}: {campaign.message_vi}", body_en=f"{when_en}: {campaign.message_en}",
                    url=CAMPAIGNS_URL, audience=_audience(campaign), due_at=due,
                    expires_at=min(due + MAX_LIFETIME, max(due + MIN_LIFETIME, end_of_day_utc(occurrence.ends_on))),
                )


def planned_sends(now=None):
    """The campaign reminders still to come in the next weeks, with how many subscriptions each reaches."""
    now = now or now_utc()
    hour = current_app.config["CAMPAIGN_SEND_HOUR"]
    planned = []
    for occurrence in _occurrences_soon(city_date(now)):
        campaign = occurrence.campaign
        reach = recipients(Reminder(topic="campaigns", audience=_audience(campaign))).count()
        for offset in campaign.offsets():
            send_at = city_moment_utc(occurrence.starts_on - timedelta(days=offset), hour)
            if send_at > now:
                planned.append({"campaign_id": campaign.id, "title_vi": campaign.title_vi,
                                "title_en": campaign.title_en, "starts_on": occurrence.starts_on,
                                "offset_days": offset, "send_at": send_at, "recipients": reach})
    return sorted(planned, key=lambda send: send["send_at"])


def recent_sends(limit=50):
    """The latest reminders of every kind with their delivery figures from the ledger."""
    def counted(*states):
        return fn.SUM(Case(None, [(Delivery.state.in_(states), 1)], 0))

    figures = {row[0]: row[1:] for row in (
        Delivery.select(Delivery.reminder, counted("sent"), counted("claimed", "retry"), counted("failed"),
                        counted("gone"))
        .group_by(Delivery.reminder).tuples())}
    reminders = Reminder.select().order_by(Reminder.due_at.desc(), Reminder.id.desc()).limit(limit)
    return [{"reminder_id": r.id, "source": r.source, "title_vi": r.title_vi, "title_en": r.title_en,
             "due_at": r.due_at, "state": r.state,
             **dict(zip(("sent", "pending", "failed", "gone"), (int(n or 0) for n in figures.get(r.id, (0,) * 4)),
                        strict=True))}
            for r in reminders]
