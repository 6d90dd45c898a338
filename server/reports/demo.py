"""Demo records for the report screens of Phường Ninh Kiều: a coordination mechanism, schools and a
business, a training the demo collaborator attended, a communication activity. Marked "(minh hoạ)";
running it twice adds nothing."""
import json
from datetime import date

from server.accounts.models import User
from server.db import database
from server.reports.models import (
    CommunicationActivity, CoordinationMechanism, Institution, TrainingAttendance, TrainingSession,
)

DEMO_WARD = "31135"
INSTITUTIONS = (
    ("school", "Trường Tiểu học Cái Khế (minh hoạ)", True, 9),
    ("school", "Trường THCS An Hội (minh hoạ)", True, 10),
    ("school", "Trường Mầm non Hoa Sen (minh hoạ)", False, None),
    ("business", "Công ty May Tây Đô (minh hoạ)", True, 6),
)


def seed_demo_reports(year, officer_username="demo-ward_officer", collaborator_username="demo-collaborator"):
    officer = User.get(User.username == officer_username)
    collaborator = User.get(User.username == collaborator_username)
    with database.atomic():
        if CoordinationMechanism.get_or_none(CoordinationMechanism.ward == DEMO_WARD) is None:
            CoordinationMechanism.create(ward=DEMO_WARD, document_number="25/QĐ-UBND (minh hoạ)",
                                         document_date=date(year, 3, 15), updated_by=officer)
        for kind, name, has_policy, month in INSTITUTIONS:
            if Institution.get_or_none(Institution.ward == DEMO_WARD, Institution.name == name) is None:
                Institution.create(ward=DEMO_WARD, kind=kind, name=name, has_policy=has_policy,
                                   policy_date=date(year, month, 1) if month else None, updated_by=officer)
        topic = "Tiếp nhận và hỗ trợ người bị bạo lực (minh hoạ)"
        if TrainingSession.get_or_none(TrainingSession.ward == DEMO_WARD, TrainingSession.topic == topic) is None:
            session = TrainingSession.create(
                ward=DEMO_WARD, held_on=date(year, 5, 20), topic=topic, hours=8, recorded_by=officer,
                participants=json.dumps({"collaborator": 4, "ward_officer": 1, "provider": 2, "other": 5}))
            TrainingAttendance.create(session=session, user=collaborator)
        note = "Truyền thanh ở chợ Tân An (minh hoạ)"
        if CommunicationActivity.get_or_none(CommunicationActivity.note == note) is None:
            CommunicationActivity.create(ward=DEMO_WARD, held_on=date(year, 11, 25), form="loudspeaker",
                                         audience="residents", participants=300, note=note, recorded_by=officer)
