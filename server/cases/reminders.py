"""The work reminder to a service: a referral has waited for its answer longer than
REFERRAL_WAITING_HOURS. It names no case and no survivor: only that something waits in the inbox."""
from datetime import timedelta

from flask import current_app

from server.accounts.models import User
from server.cases.models import Referral
from server.clock import now_utc
from server.db import database
from server.push import audience
from server.push.operations import plan_reminder

LIFETIME = timedelta(hours=24)


def plan_waiting_referral_reminders(now=None):
    """One reminder per waiting referral, to the active provider accounts of the organisation it went to."""
    now = now or now_utc()
    cutoff = now - timedelta(hours=current_app.config["REFERRAL_WAITING_HOURS"])
    waiting = (Referral.select(Referral.id, Referral.organization)
               .where(Referral.status == "in_progress", Referral.created_at < cutoff))
    with database.atomic():
        for referral in waiting:
            providers = [user_id for (user_id,) in User.select(User.id).where(
                User.role == "provider", User.organization == referral.organization_id,
                User.active == True).tuples()]  # noqa: E712 (peewee builds SQL from ==, not Python's is)
            if not providers:
                continue
            plan_reminder(
                f"referral-waiting:{referral.id}", source="referral", source_id=str(referral.id), topic="work",
                title_vi="Có chuyển gửi đang chờ trả lời", title_en="A referral is waiting for your answer",
                body_vi="Một chuyển gửi đã chờ quá lâu. Chạm để mở hộp chuyển gửi.",
                body_en="A referral has waited too long. Tap to open the referral inbox.",
                url="/#/referrals", audience=audience.encode(users=providers), due_at=now,
                expires_at=now + LIFETIME,
            )
