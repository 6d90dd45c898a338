"""Changes to the campaign calendar, each one transaction, audited: creating and editing campaigns, and
keeping every active campaign's occurrences for this year and the next in the table."""
from datetime import date

from server.audit.operations import record
from server.campaigns.calendar import dates_in_year
from server.campaigns.models import Campaign, CampaignOccurrence
from server.clock import city_date, city_today, now_utc
from server.db import database
from server.errors import ApiError, VersionConflictError
from server.wards.models import Ward


def _columns(data, default_offsets=None):
    unknown = set(data.get("audience_wards") or ()) - {code for (code,) in Ward.select(Ward.code).tuples()}
    if unknown:
        # A campaign for a ward that does not exist would silently reach nobody.
        raise ApiError(422, "validation_failed", {"audience_wards": ["No ward has this code."]})
    columns = {k: v for k, v in data.items() if k not in ("audience_roles", "audience_wards", "reminder_offsets",
                                                          "version")}
    for name in ("audience_roles", "audience_wards"):
        if name in data:
            columns[name] = ",".join(data[name])
    offsets = data.get("reminder_offsets")
    if offsets is None:
        offsets = default_offsets  # a new campaign takes the configured offsets; an edit keeps its own
    if offsets is not None:
        columns["reminder_offsets"] = ",".join(str(days) for days in sorted(offsets, reverse=True))
    return columns


def _years_to_keep(campaign, today):
    if not campaign.active:
        return []
    if not campaign.yearly:
        return [campaign.starts_on.year] if campaign.ends_on >= today else []
    return [today.year, today.year + 1]


def ensure_occurrences(campaign, today):
    """This year's and next year's occurrences of a yearly campaign (the one of a one-off campaign), dated
    as the campaign says now. Past years stay as they were: they are the record of what was sent."""
    keep = _years_to_keep(campaign, today)
    for year in keep:
        starts, ends = dates_in_year(campaign.starts_on, campaign.ends_on, year) if campaign.yearly \
            else (campaign.starts_on, campaign.ends_on)
        (CampaignOccurrence.insert(campaign=campaign.id, year=year, starts_on=starts, ends_on=ends)
         .on_conflict(conflict_target=[CampaignOccurrence.campaign, CampaignOccurrence.year],
                      update={CampaignOccurrence.starts_on: starts, CampaignOccurrence.ends_on: ends})
         .execute())
    (CampaignOccurrence.delete()
     .where(CampaignOccurrence.campaign == campaign.id, CampaignOccurrence.year >= today.year,
            CampaignOccurrence.year.not_in(keep or [0]))
     .execute())


def ensure_all_occurrences(now=None):
    """The scheduler runs this daily: on 1/1 next year's dates appear."""
    today = city_date(now or now_utc())
    with database.atomic():
        for campaign in Campaign.select():
            ensure_occurrences(campaign, today)


def create_campaign(actor, data, default_offsets):
    with database.atomic():
        campaign = Campaign.create(**_columns(data, default_offsets))
        ensure_occurrences(campaign, city_today())
        record("campaign.created", actor, campaign)
    return campaign


def update_campaign(actor, campaign_id, data):
    """Apply an edit made from ``data["version"]``; 409 with the current campaign when someone saved first."""
    with database.atomic():
        campaign = Campaign.get_or_none(Campaign.id == campaign_id)
        if campaign is None:
            raise ApiError(404, "not_found")
        merged_start = data.get("starts_on", campaign.starts_on)
        merged_end = data.get("ends_on", campaign.ends_on)
        if merged_end < merged_start:
            raise ApiError(422, "validation_failed", {"ends_on": ["The end cannot come before the start."]})
        changed = (Campaign.update(**_columns(data), version=Campaign.version + 1, updated_at=now_utc())
                   .where(Campaign.id == campaign.id, Campaign.version == data["version"]).execute())
        if not changed:
            raise VersionConflictError(campaign)  # the stored copy, read above in this transaction
        campaign = Campaign.get_by_id(campaign.id)
        if not campaign.audience_residents and not campaign.roles():
            raise ApiError(422, "validation_failed", {"audience_roles": ["Choose at least one audience."]})
        ensure_occurrences(campaign, city_today())
        record("campaign.updated", actor, campaign, fields=sorted(k for k in data if k != "version"))
    return campaign


# The plan's five dates (DESIGN §1). Yearly, from 2026; everyone receives them: residents and all staff.
SEEDED = [
    ("iwd", date(2026, 3, 8), date(2026, 3, 8),
     "Ngày Quốc tế Phụ nữ 8/3", "International Women's Day, 8 March",
     "Cùng tôn vinh phụ nữ và chung tay vì một gia đình, cộng đồng an toàn.",
     "Honour women and work together for safe families and communities."),
    ("june-action-month", date(2026, 6, 1), date(2026, 6, 30),
     "Tháng hành động quốc gia phòng, chống bạo lực gia đình", "National action month against domestic violence",
     "Tháng 6 là tháng hành động phòng, chống bạo lực gia đình. Nếu cần giúp đỡ, hãy gọi 111 hoặc 113.",
     "June is the national action month against domestic violence. If you need help, call 111 or 113."),
    ("vn-womens-day", date(2026, 10, 20), date(2026, 10, 20),
     "Ngày Phụ nữ Việt Nam 20/10", "Vietnamese Women's Day, 20 October",
     "Chúc mừng Ngày Phụ nữ Việt Nam. Mỗi người phụ nữ đều xứng đáng được sống an toàn.",
     "Happy Vietnamese Women's Day. Every woman deserves to live in safety."),
    ("action-month", date(2026, 11, 15), date(2026, 12, 15),
     "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
     "Action month for gender equality and preventing gender-based violence",
     "Từ 15/11 đến 15/12: cùng hành động vì bình đẳng giới, nói không với bạo lực.",
     "From 15 November to 15 December: act for gender equality and say no to violence."),
    ("elimination-day", date(2026, 11, 25), date(2026, 11, 25),
     "Ngày Quốc tế xoá bỏ bạo lực đối với phụ nữ 25/11",
     "International Day for the Elimination of Violence against Women, 25 November",
     "Bạo lực không phải chuyện riêng của ai. Biết nơi hỗ trợ và sẵn sàng giúp người bên cạnh.",
     "Violence is never a private matter. Know where to find help and be ready to help others."),
]
ALL_STAFF = ("collaborator", "ward_officer", "provider", "shelter_host", "city_admin")


def seed_campaigns(default_offsets):
    """Create the plan's five campaigns unless they exist (an admin's edits to them are kept)."""
    made = 0
    with database.atomic():
        for key, starts, ends, title_vi, title_en, message_vi, message_en in SEEDED:
            if Campaign.select().where(Campaign.seed_key == key).exists():
                continue
            campaign = Campaign.create(
                seed_key=key, title_vi=title_vi, title_en=title_en, message_vi=message_vi, message_en=message_en,
                starts_on=starts, ends_on=ends, yearly=True, audience_residents=True,
                audience_roles=",".join(ALL_STAFF), reminder_offsets=",".join(map(str, default_offsets)))
            ensure_occurrences(campaign, city_today())
            made += 1
    return made
