"""The work reminder to shelter hosts: a shelter's count has gone stale, so the public finder says
"chưa xác nhận" (unconfirmed) until someone taps in a new one."""
from datetime import timedelta

from server.accounts.models import User
from server.clock import now_utc
from server.db import database
from server.push import audience
from server.push.operations import plan_reminder
from server.shelters.operations import stale_shelters

# A reminder about a count that is still stale after this long is no longer worth a phone's buzz: the
# next stale episode gets its own.
LIFETIME = timedelta(hours=12)


def plan_stale_shelter_reminders(now=None):
    """One reminder per stale episode of each shelter (keyed by the count it follows), to its hosts."""
    now = now or now_utc()
    with database.atomic():
        for shelter in stale_shelters(now):
            hosts = [user_id for (user_id,) in User.select(User.id).where(
                User.role == "shelter_host", User.organization == shelter.organization_id,
                User.active == True).tuples()]  # noqa: E712 (peewee builds SQL from ==, not Python's is)
            if not hosts:
                continue
            since = shelter.observed_at.isoformat() if shelter.observed_at else "never"
            plan_reminder(
                f"shelter-stale:{shelter.id}:{since}", source="shelter", source_id=str(shelter.id), topic="work",
                title_vi="Cập nhật số chỗ trống", title_en="Update the free beds",
                body_vi=f"Số chỗ trống của {shelter.name} chưa được xác nhận. Chạm để cập nhật.",
                body_en=f"The free beds at {shelter.name} are unconfirmed. Tap to update them.",
                url="/#/my-shelter", audience=audience.encode(users=hosts), due_at=now, expires_at=now + LIFETIME,
            )
