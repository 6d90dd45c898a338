"""Demo shelters: the fictional entries of shelters/ (``*-minh-hoa.toml``), with made-up confidential
details and a first count, so that every screen has something to show after ``make run``."""
from pathlib import Path

from flask import current_app

from server.clock import now_utc
from server.db import database
from server.shelters.models import Shelter
from server.shelters.registry import load_registry

DEMO_PATTERN = "*-minh-hoa.toml"
# slug -> (address, host phone, free beds to start with or None for "never reported")
DEMO_DETAILS = {
    "ninh-kieu-minh-hoa": ("Số 12, đường minh hoạ, phường Ninh Kiều", "0900000091", 2),
    "an-binh-minh-hoa": ("Số 5, hẻm minh hoạ, phường An Bình", "0900000092", None),
    "thanh-pho-minh-hoa": ("Số 1, đường minh hoạ, phường Cái Khế", "0900000093", 5),
}


def shelters_dir():
    configured = current_app.config["SHELTERS_DIR"]
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shelters"


def seed_demo_shelters():
    load_registry(shelters_dir(), pattern=DEMO_PATTERN)
    with database.atomic():
        for slug, (address, phone, free_beds) in DEMO_DETAILS.items():
            shelter = Shelter.get(Shelter.slug == slug)
            if shelter.address is None:
                Shelter.update(address=address, host_phone=phone).where(Shelter.id == shelter.id).execute()
            if shelter.free_beds is None and free_beds is not None:
                Shelter.update(free_beds=free_beds, observed_at=now_utc(), updated_at=now_utc()).where(
                    Shelter.id == shelter.id).execute()
