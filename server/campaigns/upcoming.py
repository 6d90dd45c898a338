"""The upcoming events everyone can see: a resident the events for residents, staff also their own."""
from datetime import timedelta

from server.campaigns.models import Campaign, CampaignOccurrence

HORIZON = timedelta(days=366)


def upcoming_events(today, user=None):
    """Occurrences not yet over, within a year, nearest first, of campaigns meant for this person."""
    query = (CampaignOccurrence.select(CampaignOccurrence, Campaign).join(Campaign)
             .where(Campaign.active == True,  # noqa: E712
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
