"""Loading the help lines from the CSV shipped inside the package (server/directory/data/hotlines.csv).

The file is where the lines come from, not where they are kept: once a line is in the table, the city admin
owns it (verifies it, corrects its hours, retires it). So loading only adds the lines the table does not have
yet, by key, and never writes over a row, whatever an admin did to it since.
"""
import csv
from datetime import date
from importlib.resources import files

from server.db import database
from server.directory.models import Hotline

# The residents' screen lists the emergency numbers first, police first (DESIGN §4 asks for 113 before
# anything else); the child protection line comes second because it also takes domestic violence calls.
EMERGENCY_ORDER = ("113", "111", "115", "114", "112")
# Right after the emergency numbers: once its number is published and verified, the national
# domestic-violence line is the one this system exists to show.
NATIONAL_DV_POSITION = 60
OTHER_LINES_FROM = 100

NATIONAL_DV = {
    "key": "national-dv",
    "number": None,
    "name_vi": "Tổng đài quốc gia phòng, chống bạo lực gia đình",
    "name_en": "National domestic violence hotline",
    "operator": "",
    "hours": "24/7",
    "cost": "free",
    "scope": "national",
    "status": "unverified",
    "source": "Nghị định 76/2023/NĐ-CP: a 3-digit, 24/7, free line; no published number found",
    "position": NATIONAL_DV_POSITION,
}


def _position(number, row_index):
    if number in EMERGENCY_ORDER:
        return 10 * (EMERGENCY_ORDER.index(number) + 1)
    return OTHER_LINES_FROM + row_index


def read_lines():
    """The lines of the packaged CSV as Hotline columns, the empty national domestic-violence place last."""
    with files("server.directory").joinpath("data/hotlines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for index, row in enumerate(rows):
        verified = row["status"] == "verified"
        lines.append({
            "key": row["number"], "number": row["number"], "name_vi": row["name_vi"], "name_en": row["name_en"],
            "operator": row["operator"], "hours": row["hours"], "cost": row["cost_to_caller"],
            "scope": row["scope"], "status": row["status"],
            # checked_on means someone confirmed the number, hours and cost; for an unverified line the
            # sources were only read, so the date goes into the source for the admin who will check it.
            "checked_on": date.fromisoformat(row["source_checked"]) if verified else None,
            "source": row["source"] if verified else f"{row['source']} (sources read {row['source_checked']})",
            "position": _position(row["number"], index),
        })
    return [*lines, NATIONAL_DV]


def load_hotlines():
    """Add the packaged lines the table lacks; returns how many were added (0 the second time)."""
    with database.atomic():
        present = {key for (key,) in Hotline.select(Hotline.key).tuples()}
        missing = [line for line in read_lines() if line["key"] not in present]
        for line in missing:
            # Ignore rather than fail if another init-db added the same line meanwhile: a row that exists,
            # changed by an admin or not, stays as it is.
            Hotline.insert(**line).on_conflict_ignore().execute()
    return len(missing)
