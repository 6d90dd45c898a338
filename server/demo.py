"""Demo data for trying Bình An out: two wards, an account per role in each, an organisation of each kind.

Every name is marked "(minh hoạ)" (illustrative) so that nobody mistakes a demo organisation for a real one.
Running it twice changes nothing but the demo password, which follows ``DEMO_PASSWORD``. Each domain keeps
its own demo data beside its code (server/cases/demo.py, server/shelters/demo.py, server/directory/demo.py,
server/reports/demo.py) and is called from here.
"""
from flask import current_app

from server.accounts import operations as accounts
from server.accounts.models import ROLE_ATTACHMENTS, ROLES, Organization, User
from server.accounts.passwords import hash_password, verify_password
from server.cases.demo import seed_demo_cases
from server.clock import city_today
from server.config import UnsafeConfigurationError
from server.directory.demo import seed_demo_services
from server.reports.demo import seed_demo_reports
from server.shelters.demo import seed_demo_shelters
from server.db import database
from server.wards.models import Ward

DEMO_WARDS = ("31135", "31150")  # Phường Ninh Kiều, Phường An Bình
ROLES_IN_ORDER = ROLES

# (name, kind, ward index or None for city-wide)
DEMO_ORGANIZATIONS = [
    ("Trạm Y tế phường Ninh Kiều (minh hoạ)", "health", 0),
    ("Trạm Y tế phường An Bình (minh hoạ)", "health", 1),
    ("Trung tâm Trợ giúp pháp lý nhà nước TP. Cần Thơ (minh hoạ)", "legal_aid", None),
    ("Công an phường Ninh Kiều (minh hoạ)", "police", 0),
    ("Trung tâm Công tác xã hội TP. Cần Thơ (minh hoạ)", "social_work", None),
    ("Nơi tạm lánh cộng đồng phường Ninh Kiều (minh hoạ)", "shelter", 0),
    ("Nơi tạm lánh cộng đồng phường An Bình (minh hoạ)", "shelter", 1),
]

# Which demo organisation each attached role works for, per ward.
ORGANIZATION_OF_ROLE = {
    "provider": ("Trạm Y tế phường Ninh Kiều (minh hoạ)", "Trạm Y tế phường An Bình (minh hoạ)"),
    "shelter_host": ("Nơi tạm lánh cộng đồng phường Ninh Kiều (minh hoạ)",
                     "Nơi tạm lánh cộng đồng phường An Bình (minh hoạ)"),
}

ROLE_NAMES_VI = {
    "collaborator": "Cộng tác viên",
    "ward_officer": "Cán bộ UBND",
    "provider": "Cán bộ y tế",
    "shelter_host": "Chủ nơi tạm lánh",
    "city_admin": "Sở Nội vụ",
}


class DemoRefusedError(RuntimeError):
    pass


def refuse_in_production(app):
    """Production must not start while an account with the published demo password exists."""
    if app.config["ENV"] != "production":
        return
    with app.app_context(), database.connection_context():
        if database.table_exists(User._meta.table_name) and User.select().where(User.is_demo).exists():
            raise UnsafeConfigurationError("demo accounts exist; remove them before running in production")


def demo_username(role, ward_index):
    return f"demo-{role}" if ward_index == 0 else f"demo-{role}-{ward_index + 1}"


def _organizations():
    by_name = {}
    for name, kind, ward_index in DEMO_ORGANIZATIONS:
        ward = DEMO_WARDS[ward_index] if ward_index is not None else None
        organization = Organization.get_or_none(Organization.name == name)
        if organization is None:
            organization = accounts.create_organization(None, name=name, kind=kind, ward_code=ward)
        by_name[name] = organization
    return by_name


def seed_demo(password):
    """Create (or bring back) the demo accounts; returns [(username, role, where they work)] to print."""
    if current_app.config["ENV"] == "production":
        raise DemoRefusedError("demo accounts are refused in production (BINHAN_ENV=production)")
    missing = [code for code in DEMO_WARDS if Ward.get_or_none(Ward.code == code) is None]
    if missing:
        raise DemoRefusedError("load the wards first: flask --app server init-db")
    organizations = _organizations()
    accounts_made = []
    for ward_index, ward_code in enumerate(DEMO_WARDS):
        ward = Ward.get_by_id(ward_code)
        for role in ROLES_IN_ORDER:
            username = demo_username(role, ward_index)
            user = User.get_or_none(User.username == username)
            if user is None:
                user = _create_demo_user(username, role, ward, ward_index, organizations, password)
            elif not verify_password(user.password_hash, password):
                with database.atomic():
                    User.update(password_hash=hash_password(password), active=True,
                                must_change_password=False).where(User.id == user.id).execute()
            accounts_made.append((username, role, _workplace(user)))
    seed_demo_cases()
    seed_demo_shelters()
    seed_demo_services()
    seed_demo_reports(city_today().year)
    return accounts_made


def _create_demo_user(username, role, ward, ward_index, organizations, password):
    needs_ward, needs_organization = ROLE_ATTACHMENTS[role]
    organization = organizations[ORGANIZATION_OF_ROLE[role][ward_index]] if needs_organization else None
    place = ward.name if role != "city_admin" else f"TP. Cần Thơ {ward_index + 1}"
    user, _ = accounts.create_user(
        None, username=username, role=role, password=password, is_demo=True,
        display_name=f"{ROLE_NAMES_VI[role]} {place} (minh hoạ)",
        ward_code=ward.code if needs_ward else None,
        organization_id=organization.id if organization else None,
    )
    return user


def _workplace(user):
    if user.organization_id:
        return user.organization.name
    return user.ward.name if user.ward_id else "Sở Nội vụ (toàn thành phố)"
