"""Loading the 103 wards from the CSV shipped inside the package (server/wards/data/)."""
import csv
from importlib.resources import files

from server.db import database
from server.wards.models import Ward
from server.wards.names import fold

EXPECTED_WARD_COUNT = 103  # 31 phường and 72 xã, NQ 1668/NQ-UBTVQH15


def read_units():
    with files("server.wards").joinpath("data/cantho_units_2025.csv").open(encoding="utf-8") as handle:
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "type": row["type"],
                "name_folded": fold(row["name"]),
                "former_units": row["former_units"],
            }
            for row in csv.DictReader(handle)
        ]


def load_wards():
    """Insert the wards, or bring their names up to date; running it twice changes nothing."""
    units = read_units()
    if len(units) != EXPECTED_WARD_COUNT:
        raise RuntimeError(f"the packaged ward list has {len(units)} rows, expected {EXPECTED_WARD_COUNT}")
    with database.atomic():
        for unit in units:
            (
                Ward.insert(**unit)
                .on_conflict(
                    conflict_target=[Ward.code],
                    update={Ward.name: unit["name"], Ward.type: unit["type"],
                            Ward.name_folded: unit["name_folded"], Ward.former_units: unit["former_units"]},
                )
                .execute()
            )
    return len(units)
