"""The work reminder to ward officers: the annual report is due before 01/12 and their ward has not
submitted it. It reads the submission status at planning time, so a ward that has submitted hears
nothing; it says only that the report is due, never a figure."""
from datetime import timedelta

from flask import current_app

from server.accounts.models import User
from server.campaigns.calendar import city_moment_utc
from server.clock import city_date, now_utc
from server.db import database
from server.push import audience
from server.push.operations import plan_reminder
from server.reports.models import AnnualReport
from server.reports.operations import deadline

# When, counted in days from the deadline, a ward that has not submitted is reminded (negative: before).
# Two weeks gives time to gather the school and training records; the day after says it is now late.
STAGES = ((-14, "two-weeks"), (-3, "three-days"), (0, "overdue"))
LIFETIME = timedelta(days=2)
TEXTS = {
    "two-weeks": ("Còn hai tuần để nộp báo cáo năm", "Two weeks left for the annual report",
                  "Báo cáo năm của xã, phường cần nộp Sở Nội vụ trước ngày 01/12. Chạm để xem và hoàn thiện.",
                  "Your ward's annual report is due to Sở Nội vụ before 01/12. Tap to review and complete it."),
    "three-days": ("Còn ba ngày để nộp báo cáo năm", "Three days left for the annual report",
                   "Báo cáo năm cần nộp trước ngày 01/12. Chạm để nộp.",
                   "The annual report is due before 01/12. Tap to submit it."),
    "overdue": ("Báo cáo năm đã quá hạn", "The annual report is overdue",
                "Xã, phường chưa nộp báo cáo năm. Báo cáo nộp bây giờ sẽ được ghi là nộp muộn.",
                "Your ward has not submitted its annual report; submitted now, it is marked late."),
}


def current_stage(today):
    """(year, stage) whose window ``today`` (Cần Thơ's date) is in, or None outside the weeks around 01/12."""
    due = deadline(today.year)
    stage = None
    for offset, name in STAGES:
        if today >= due + timedelta(days=offset):
            stage = name
    # The overdue reminder is sent on its day only: after that, the ward's officers know.
    if stage == "overdue" and today > due:
        return None
    return (today.year, stage) if stage else None


def plan_report_due_reminders(now=None):
    now = now or now_utc()
    today = city_date(now)
    found = current_stage(today)
    if found is None:
        return
    year, stage = found
    # Planned once the sending hour has come, not at midnight: a ward that submits in the morning before
    # it is not reminded of what it has done.
    send_from = city_moment_utc(today, current_app.config["CAMPAIGN_SEND_HOUR"])
    if now < send_from:
        return
    submitted = AnnualReport.select(AnnualReport.ward).where(AnnualReport.year == year)
    officers = {}
    for user_id, ward in (User.select(User.id, User.ward).where(
            User.role == "ward_officer", User.active == True, User.ward.not_in(submitted))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
            .tuples()):
        officers.setdefault(ward, []).append(user_id)
    title_vi, title_en, body_vi, body_en = TEXTS[stage]
    with database.atomic():
        for ward, users in officers.items():
            plan_reminder(
                f"report-due:{year}:{ward}:{stage}", source="annual_report", source_id=f"{year}:{ward}",
                topic="work", title_vi=title_vi, title_en=title_en, body_vi=body_vi, body_en=body_en,
                url="/#/reports", audience=audience.encode(users=users), due_at=now,
                expires_at=now + LIFETIME,
            )
