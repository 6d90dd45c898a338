"""Demo cases for trying the case screens: fictional people, marked "(minh hoạ)", fixed ids so that
``flask demo`` run twice adds nothing."""
import uuid
from datetime import timedelta

from server.accounts.models import Organization, User
from server.cases import operations
from server.cases.models import Case
from server.clock import now_utc

DEMO_NAMESPACE = uuid.UUID("8b1f3c52-4f0e-4d4e-9a57-1d2c3b4a5f60")


def _demo_id(name):
    return uuid.uuid5(DEMO_NAMESPACE, name)


def seed_demo_cases(collaborator_username="demo-collaborator",
                    health_station="Trạm Y tế phường Ninh Kiều (minh hoạ)"):
    collaborator = User.get(User.username == collaborator_username)
    today = now_utc().date()
    first = _demo_id("case-1")
    if Case.get_or_none(Case.id == first) is None:
        operations.create_case(collaborator, {
            "id": first, "intake_channel": "field_visit",
            "survivor": {"name": "Trần Thị Minh Hoạ (minh hoạ)", "phone": "0900000001", "address": None,
                         "age_group": "25-59", "sex": "female", "disability": False, "ethnic_minority": False,
                         "migrant_worker": False},
            "incident": {"gbv_type": "physical_assault", "contexts": ["domestic", "intimate_partner"],
                         "incident_date": today - timedelta(days=3), "report_date": today,
                         "perpetrator_relationship": "intimate_partner", "reported_elsewhere": "no"},
            "narrative": "Người chồng đánh nhiều lần khi say rượu (câu chuyện minh hoạ).",
            "consent": {"share_with_services": True, "statistics": True},
            "risk": {"answers": {"violence_increasing": True, "feels_unsafe": True},
                     "safety_plan": "Tạm ở nhà chị gái; đã lưu số 113 (minh hoạ)."},
        })
        station = Organization.get(Organization.name == health_station)
        operations.create_referral(collaborator, first, {
            "id": _demo_id("referral-1"), "service_type": "health", "organization_id": station.id,
            "note": "Khám và ghi nhận thương tích (minh hoạ).",
        })
    second = _demo_id("case-2")
    if Case.get_or_none(Case.id == second) is None:
        operations.create_case(collaborator, {
            "id": second, "intake_channel": "phone",
            "survivor": {"name": None, "phone": None, "address": None, "age_group": "12-17", "sex": "female",
                         "disability": False, "ethnic_minority": True, "migrant_worker": False},
            "incident": {"gbv_type": "psychological_abuse", "contexts": ["online"], "incident_date": None,
                         "report_date": today, "perpetrator_relationship": "acquaintance",
                         "reported_elsewhere": "unknown"},
            "narrative": "Bị nhắn tin đe doạ qua mạng xã hội (câu chuyện minh hoạ).",
            "consent": {"share_with_services": False, "statistics": True},
            "risk": None,
        })
    return 2
