"""The city admin's changes to the help lines and the public services: one transaction each, audited, each
made from the version the admin read (409 with the current copy when someone saved first).

Every change sets ``updated_at``: the public answers kept in memory (public_lists.py) are rebuilt when it moves.
"""
from server.accounts.models import Organization
from server.audit.operations import record
from server.clock import city_today, now_utc
from server.db import database
from server.directory.models import Hotline, PublicService
from server.errors import ApiError, VersionConflictError
from server.wards.models import Ward

# What a resident relies on when calling: changing one of these on a verified line is confirming it anew.
CHECKED_FACTS = ("number", "hours", "cost")


def _conflict(model, row_id):
    """The stored row, as it is now, for the 409 (the blueprint gives it its output shape)."""
    return VersionConflictError(model.get_by_id(row_id))


def _hotline_problems(hotline, columns):
    status = columns.get("status", hotline.status)
    number = columns.get("number", hotline.number)
    if status == "verified" and not number:
        # A line shown to residents without a number to dial is no help at all.
        return {"number": ["A verified line needs a number."]}
    if number and number != hotline.number:
        taken = Hotline.select().where(Hotline.number == number, Hotline.id != hotline.id).exists()
        if taken:
            return {"number": ["Another line has this number."]}
    return {}


def update_hotline(actor, hotline_id, data):
    """Edit, verify or retire a line. Verifying (status verified, sent again or for the first time) or changing
    the number, hours or cost of a verified line dates the check today, in Cần Thơ."""
    with database.atomic():
        hotline = Hotline.get_or_none(Hotline.id == hotline_id)
        if hotline is None:
            raise ApiError(404, "not_found")
        if hotline.version != data["version"]:
            raise _conflict(Hotline, hotline.id)
        columns = {key: value for key, value in data.items() if key != "version"}
        problems = _hotline_problems(hotline, columns)
        if problems:
            raise ApiError(422, "validation_failed", problems)
        verifying = columns.get("status") == "verified"
        rechecked = any(key in columns and columns[key] != getattr(hotline, key) for key in CHECKED_FACTS)
        if verifying or (rechecked and columns.get("status", hotline.status) == "verified"):
            columns["checked_on"] = city_today()
        changed = (Hotline.update(**columns, version=Hotline.version + 1, updated_at=now_utc(), updated_by=actor)
                   .where(Hotline.id == hotline.id, Hotline.version == data["version"]).execute())
        if not changed:
            raise _conflict(Hotline, hotline.id)
        hotline = Hotline.get_by_id(hotline.id)
        # A help line's number is public information, not personal data: the trail may name it.
        record("hotline.verified" if verifying else "hotline.updated", actor, hotline,
               fields=sorted(key for key in data if key != "version"), status=hotline.status, number=hotline.number)
    return hotline


def _service_columns(data):
    columns = {key: value for key, value in data.items() if key not in ("version", "ward_code", "organization_id")}
    if "ward_code" in data:
        if Ward.get_or_none(Ward.code == data["ward_code"]) is None:
            raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
        columns["ward"] = data["ward_code"]
    if data.get("organization_id") is not None:
        if Organization.get_or_none(Organization.id == data["organization_id"]) is None:
            raise ApiError(422, "validation_failed", {"organization_id": ["No organisation has this id."]})
    if "organization_id" in data:
        columns["organization"] = data["organization_id"]
    return columns


def create_service(actor, data):
    with database.atomic():
        service = PublicService.create(**_service_columns(data))
        record("public_service.created", actor, service, ward_code=service.ward_id, kind=service.kind)
    return service


def update_service(actor, service_id, data):
    """Change a service's contacts or close it (active false), from the version the admin read."""
    with database.atomic():
        service = PublicService.get_or_none(PublicService.id == service_id)
        if service is None:
            raise ApiError(404, "not_found")
        if service.version != data["version"]:
            raise _conflict(PublicService, service.id)
        columns = _service_columns(data)
        changed = (PublicService.update(**columns, version=PublicService.version + 1, updated_at=now_utc())
                   .where(PublicService.id == service.id, PublicService.version == data["version"]).execute())
        if not changed:
            raise _conflict(PublicService, service.id)
        service = PublicService.get_by_id(service.id)
        record("public_service.updated", actor, service, ward_code=service.ward_id,
               fields=sorted(key for key in data if key != "version"))
    return service
