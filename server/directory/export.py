"""The directory as Open Referral HSDS 3.0 CSV files, for the city's portal and other referral directories.

What leaves is what residents already see: the open public services of every ward and the verified help lines
with a number. Each service is offered by an organisation (the staff organisation it belongs to, or else the
office itself), at one location (its ward, with the office's address when it has one); each help line is a
service of a national or a city organisation, with its phone. Ids are UUIDs derived from our row ids
(uuid5), and rows are written in id order, so two exports of unchanged data are identical and a diff of two
exports shows exactly what changed. Columns are HSDS 3.0's scalar fields, in the specification's order.
"""
import csv
import uuid
from pathlib import Path

from server.accounts.models import Organization
from server.directory.public_lists import public_hotlines
from server.directory.models import PublicService
from server.wards.models import Ward

# Fixed for ever: changing it would give every exported record a new id.
NAMESPACE = uuid.UUID("5b0c6f1e-3a57-5d0e-9c1b-7a2f0e6d4b83")

COLUMNS = {
    "organizations.csv": ["id", "name", "alternate_name", "description", "email", "website", "year_incorporated",
                          "legal_status", "logo", "uri", "parent_organization_id"],
    "services.csv": ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
                     "status", "interpretation_services", "application_process", "fees_description",
                     "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                     "assurer_email", "alert", "last_modified"],
    "locations.csv": ["id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
                      "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"],
    "addresses.csv": ["id", "location_id", "attention", "address_1", "address_2", "city", "region",
                      "state_province", "postal_code", "country", "address_type"],
    "phones.csv": ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
                   "number", "extension", "type", "description"],
    "schedules.csv": ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
                      "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno",
                      "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link",
                      "attending_type", "notes"],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
}

# The organisations the help lines are services of, by the line's scope.
LINE_ORGANIZATIONS = {
    "national": ("Các đường dây hỗ trợ toàn quốc", "National help lines",
                 "Tổng đài khẩn cấp và đường dây hỗ trợ toàn quốc, đã được TP. Cần Thơ xác nhận."),
    "city": ("Các đường dây hỗ trợ của TP. Cần Thơ", "Cần Thơ city help lines",
             "Đường dây hỗ trợ của các cơ quan TP. Cần Thơ, đã được Sở Nội vụ xác nhận."),
}
KIND_NAMES = {
    "ward_committee": "UBND xã/phường", "health": "Y tế", "legal_aid": "Trợ giúp pháp lý", "police": "Công an",
    "social_work": "Công tác xã hội", "womens_union": "Hội Liên hiệp Phụ nữ",
}
PROVINCE = "Thành phố Cần Thơ"


def stable_id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def _timestamp(moment):
    return moment.isoformat(timespec="milliseconds") + "Z"  # naive UTC in the database


def _schedule(tables, service_id, hours):
    if hours:
        tables["schedules.csv"].append({"id": stable_id("schedule", service_id), "service_id": service_id,
                                        "description": hours})


def _add_service(tables, organizations, service, ward_name):
    if service.organization_id:
        organization_id = stable_id("organization", service.organization_id)
        organization = Organization.get_by_id(service.organization_id)
        organizations[organization_id] = {"id": organization_id, "name": organization.name,
                                          "description": f"{KIND_NAMES[service.kind]}, {ward_name}"}
    else:
        # An office without staff accounts here: it is its own organisation.
        organization_id = stable_id("service-organization", service.id)
        organizations[organization_id] = {"id": organization_id, "name": service.name,
                                          "description": f"{KIND_NAMES[service.kind]}, {ward_name}"}
    service_id, location_id = stable_id("service", service.id), stable_id("location", service.id)
    link_id = stable_id("service-at-location", service.id)
    tables["services.csv"].append({
        "id": service_id, "organization_id": organization_id, "name": service.name,
        "description": " / ".join(note for note in (service.note_vi, service.note_en) if note),
        "status": "active", "last_modified": _timestamp(service.updated_at)})
    tables["locations.csv"].append({
        "id": location_id, "location_type": "physical", "organization_id": organization_id, "name": service.name,
        "description": f"{ward_name}, {PROVINCE}", "external_identifier": service.ward_id,
        "external_identifier_type": "mã đơn vị hành chính (Việt Nam)"})
    tables["service_at_location.csv"].append({"id": link_id, "service_id": service_id, "location_id": location_id})
    if service.address:
        # HSDS asks for a postal code; none is published per ward, and an invented one would mislead.
        tables["addresses.csv"].append({
            "id": stable_id("address", service.id), "location_id": location_id, "address_1": service.address,
            "city": ward_name, "state_province": PROVINCE, "country": "VN", "address_type": "physical"})
    if service.phone:
        tables["phones.csv"].append({"id": stable_id("phone", "service", service.id), "service_id": service_id,
                                     "service_at_location_id": link_id, "number": service.phone, "type": "voice"})
    _schedule(tables, service_id, service.hours)


def _add_line(tables, organizations, line):
    organization_id = stable_id("line-organization", line.scope)
    name, alternate_name, description = LINE_ORGANIZATIONS[line.scope]
    organizations[organization_id] = {"id": organization_id, "name": name, "alternate_name": alternate_name,
                                      "description": description}
    service_id = stable_id("hotline", line.id)
    tables["services.csv"].append({
        "id": service_id, "organization_id": organization_id, "name": line.name_vi, "alternate_name": line.name_en,
        "description": line.operator, "status": "active", "fees_description": line.cost,
        "assured_date": line.checked_on.isoformat() if line.checked_on else "",
        "last_modified": _timestamp(line.updated_at)})
    tables["phones.csv"].append({"id": stable_id("phone", "hotline", line.id), "service_id": service_id,
                                 "number": line.number, "type": "voice"})
    _schedule(tables, service_id, line.hours)


def build_tables():
    """{file name: [row dicts]} of everything public."""
    tables = {name: [] for name in COLUMNS}
    organizations = {}
    ward_names = dict(Ward.select(Ward.code, Ward.name).tuples())
    for service in PublicService.select().where(PublicService.active == True).order_by(PublicService.id):  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        _add_service(tables, organizations, service, ward_names[service.ward_id])
    for line in sorted(public_hotlines(), key=lambda line: line.id):
        _add_line(tables, organizations, line)
    tables["organizations.csv"] = sorted(organizations.values(), key=lambda row: row["id"])
    return tables


def export_hsds(directory):
    """Write the HSDS files into ``directory`` (created if need be); returns {file name: row count}."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    tables = build_tables()
    for name, columns in COLUMNS.items():
        # utf-8 without a BOM, as the specification's examples; newline="" lets the csv module end rows itself.
        with (target / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(tables[name])
    return {name: len(rows) for name, rows in tables.items()}
