"""The upcoming events everyone can see: a resident the events for residents, staff also their own.

The residents' list is the same for everyone on a given day, and is asked for on every visit to the events
screen: each process keeps its answer (server/public_answers.py) with the state of the calendar it was built
from (one query of counts and latest changes), as the public shelter list does.
"""
from datetime import date, timedelta

from peewee import fn

from server import public_answers
from server.campaigns.models import Campaign, CampaignOccurrence
from server.campaigns.schemas import UpcomingListOut

HORIZON = timedelta(days=366)


def upcoming_events(today, user=None):
    """Occurrences not yet over, within a year, nearest first, of campaigns meant for this person."""
    query = (CampaignOccurrence.select(CampaignOccurrence, Campaign).join(Campaign)
             .where(Campaign.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
                    CampaignOccurrence.ends_on >= today, CampaignOccurrence.starts_on <= today + HORIZON)
             .order_by(CampaignOccurrence.starts_on, Campaign.id))
    events = []
    for occurrence in query:
        campaign = occurrence.campaign
        meant_for_staff = user is not None and user.role in campaign.roles() and (
            not campaign.wards() or user.ward_id in campaign.wards())
        if campaign.audience_residents or meant_for_staff:
            events.append({"id": occurrence.id, "campaign_id": campaign.id, "title_vi": campaign.title_vi,
                           "title_en": campaign.title_en, "message_vi": campaign.message_vi,
                           "message_en": campaign.message_en, "starts_on": occurrence.starts_on,
                           "ends_on": occurrence.ends_on})
    return events


def _calendar_state(today):
    # The day, and the calendar's counts and latest changes: a new day drops yesterday's events.
    occurrences = CampaignOccurrence.select(fn.COUNT(CampaignOccurrence.id), fn.MAX(CampaignOccurrence.id))
    counted = occurrences.tuples().first()
    return (today, *Campaign.select(fn.COUNT(Campaign.id), fn.MAX(Campaign.updated_at)).tuples().first(), *counted)


def public_upcoming(today: date):
    """The residents' list as JSON bytes with its ETag, rebuilt only when the day or the calendar changed.
    Every change to the calendar goes through server.campaigns.operations, which sets ``updated_at`` or
    adds occurrences."""
    state = _calendar_state(today)
    answer = public_answers.kept("public_upcoming", None, state)
    if answer is None:
        answer = public_answers.keep("public_upcoming", None, state,
                                     UpcomingListOut().dump({"items": upcoming_events(today)}))
    return answer
