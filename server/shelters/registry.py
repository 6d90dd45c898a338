"""The shelter registry as files: one TOML file per shelter in ``shelters/`` (see shelters/README.md).

Files hold stable facts only. Loading is all or nothing: a malformed file stops the load with the file's
name and the field, and nothing of the other files is written either, so a typo never leaves half a
registry. Live counts and confidential details (address, hosts' phones) never come from files.
"""
import tomllib
from pathlib import Path

from marshmallow import ValidationError

from server.accounts.models import Organization
from server.audit.operations import record
from server.clock import now_utc
from server.db import database
from server.shelters.models import Shelter
from server.shelters.schemas import RegistryEntryIn
from server.wards.models import Ward

ENTRY = RegistryEntryIn()


class RegistryError(ValueError):
    pass


def _flatten(messages, prefix=""):
    for field, value in messages.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{field}.")
        else:
            yield f"{prefix}{field}: {' '.join(str(m) for m in value)}"


def read_registry(directory, pattern="*.toml"):
    """[(slug, entry)] of every file matching ``pattern`` in ``directory``, validated; RegistryError names
    the culprit."""
    files = sorted(Path(directory).glob(pattern))
    if not files:
        raise RegistryError(f"{directory}: no .toml file found")
    entries = []
    for path in files:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            entry = ENTRY.load(raw)
        except UnicodeDecodeError:
            raise RegistryError(f"{path.name}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as error:
            raise RegistryError(f"{path.name}: not valid TOML ({error})") from None
        except ValidationError as error:
            raise RegistryError(f"{path.name}: " + "; ".join(_flatten(error.messages))) from None
        entries.append((path.stem, entry))
    return entries


def _operator(entry, slug):
    organization = Organization.get_or_none(Organization.name == entry["operator"])
    if organization is None:
        organization = Organization.create(name=entry["operator"], kind="shelter", ward=entry["ward"])
    elif organization.kind != "shelter":
        raise RegistryError(f"{slug}.toml: operator: {entry['operator']!r} is not a shelter organisation")
    return organization


def load_registry(directory, actor=None, pattern="*.toml", include_fictional=True):
    """Insert new shelters and bring the others' stable facts up to date; returns (created, updated,
    skipped). Fictional (demo) entries are skipped when ``include_fictional`` is false (production)."""
    entries = read_registry(directory, pattern)
    skipped = sum(1 for _slug, entry in entries if entry["fictional"] and not include_fictional)
    entries = [(slug, entry) for slug, entry in entries if include_fictional or not entry["fictional"]]
    created = updated = 0
    with database.atomic():
        for slug, entry in entries:
            if Ward.get_or_none(Ward.code == entry["ward"]) is None:
                raise RegistryError(f"{slug}.toml: ward: no ward has the code {entry['ward']}")
            facts = {
                "name": entry["name"], "ward": entry["ward"], "kind": entry["kind"],
                "standardised": entry["standardised"], "capacity": entry["capacity"],
                "accepts": ",".join(sorted(set(entry["accepts"]))),
                "accessibility": ",".join(sorted(set(entry["accessibility"]))),
                "languages": ",".join(sorted(set(entry["languages"]))),
                "public_line": entry["public_line"], "fictional": entry["fictional"],
                "organization": _operator(entry, slug),
            }
            shelter = Shelter.get_or_none(Shelter.slug == slug)
            if shelter is None:
                shelter = Shelter.create(slug=slug, **facts)
                created += 1
            else:
                Shelter.update(**facts, updated_at=now_utc()).where(Shelter.id == shelter.id).execute()
                updated += 1
            record("shelter.loaded", actor, shelter, ward_code=entry["ward"], file=f"{slug}.toml")
    return created, updated, skipped
