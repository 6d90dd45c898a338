"""The annual city report over 100,000 cases, on SQLite: the consolidation, the overview and the XLSX export.

Budget (DESIGN §9): the annual city report over 100,000 cases in ≤ 1 s on SQLite. A fresh database holds the
103 wards and a year of work spread over them unevenly, as a city's would be: cases of every GBV type, age
group, sex and channel, priority-group flags, report dates through the year, incident dates sometimes
unknown, about 85% consenting to statistics, a few % already reported by a reporting organisation, and
referrals (in progress, accepted, rejected, done with an outcome) for most of them; plus the records the
wards enter (coordination mechanisms, schools and businesses, trainings with attendance, communication
activities) and the shelter registry. No ward has submitted its report, so every ward's figures are counted
live: the slowest case, since a submitted ward's figures are read back frozen.

Timed, each several times in one run (first, best and median), against a floor measured in the same run:
one scan of the case table counting the year's counted cases per ward, the least any such report costs;
(a) ``consolidated(year)``: the city's live figures of all 103 wards, the queries every city view starts with;
(b) GET /api/v1/reports/overview?year= as a logged-in city admin (Flask test client, no network): the
    consolidation, the indicators, small-cell suppression of the ward table and the JSON answer;
(c) GET /api/v1/reports/annual/<year>.xlsx: the same, every protected table, and the workbook written.
The survivors' encrypted fields are left empty: no figure reads them, and encrypting 100,000 names would
only slow the set-up.

    .venv/bin/python bench/report.py [--cases 100000] [--repeat 5] [--profile]
"""
import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta

from server import create_app, migrations
from server.accounts import operations as accounts
from server.accounts.models import Organization, User
from server.cases import vocabulary as cv
from server.cases.models import Case, Referral
from server.db import database
from server.encryption.keyring import new_keyring
from server.reports.consolidation import consolidated
from server.reports.models import (
    ACTIVITY_AUDIENCES, ACTIVITY_FORMS, CommunicationActivity, CoordinationMechanism, Institution,
    TrainingAttendance, TrainingSession,
)
from server.shelters.models import Shelter
from server.wards.loader import load_wards
from server.wards.models import Ward

YEAR = 2026
BUDGET_SECONDS = 1.0
PASSWORD = "bench-password-123"
BATCH = 1000  # rows per INSERT: about 20 columns each, well under SQLite's 32,766 bound parameters
# Real distributions are skewed: physical and psychological violence are most of what is reported, forced
# marriage a handful, so some wards have small cells and suppression has real work to do.
GBV_WEIGHTS = {"physical_assault": 36, "psychological_abuse": 26, "denial_of_resources": 14, "sexual_assault": 12,
               "rape": 9, "forced_marriage": 3}
AGE_WEIGHTS = {"0-11": 6, "12-17": 10, "18-24": 18, "25-59": 58, "60+": 8}
SEX_WEIGHTS = {"female": 86, "male": 13, "other": 1}
CHANNEL_WEIGHTS = {"field_visit": 35, "walk_in": 25, "phone": 20, "online_request": 12, "agency_referral": 8}
ELSEWHERE_WEIGHTS = {"no": 62, "unknown": 25, "other_organisation": 10, "reporting_organisation": 3}
REFERRAL_STATUS_WEIGHTS = {"done": 55, "in_progress": 18, "accepted": 15, "rejected": 12}
OUTCOME_WEIGHTS = {"success": 74, "client_refused": 8, "lack_of_capacity": 5, "no_longer_needed": 6,
                   "unable_to_contact": 5, "other": 2}


# What any report over the year's cases pays at least: one pass over the case table, counted per ward.
# NOT INDEXED: read the table in order, as a scan; through the ward index it would read each row at random.
FLOOR_SQL = ('SELECT ward_id, COUNT(*) FROM "case" NOT INDEXED WHERE report_date BETWEEN ? AND ? '
             "AND consent_for_statistics = 1 AND reported_elsewhere != 'reporting_organisation' GROUP BY ward_id")


def make_app(workdir):
    app = create_app({"DATABASE_URL": f"sqlite:///{workdir}/report.sqlite3", "SECRET_KEY": "b" * 40,
                      "FIELD_KEYS": new_keyring().to_json(), "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST_KIB": 8,
                      "ARGON2_PARALLELISM": 1})
    with app.app_context():
        migrations.upgrade()
        with database.connection_context():
            load_wards()
            admin, _ = accounts.create_user(None, username="bench-admin", display_name="Bench", role="city_admin",
                                            password=PASSWORD)
    return app, admin


def pick(rng, weights, k):
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def insert_in_batches(model, rows):
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start:start + BATCH]).execute()


def generate_people(rng, wards):
    """Each ward's officers and collaborators (who target (đ) counts), and the organisations referred to."""
    now = datetime(YEAR, 1, 5)
    users = []
    for ward in wards:
        for role, count in (("ward_officer", 2), ("collaborator", rng.randint(6, 20))):
            users += [{"username": f"{role}-{ward}-{n}", "display_name": f"{role} {n}", "role": role, "ward": ward,
                       # These accounts never log in: any text does as a hash.
                       "password_hash": "unused", "active": rng.random() > 0.05, "created_at": now,
                       "password_changed_at": now} for n in range(count)]
    organizations = [{"name": f"Trạm y tế {ward}", "kind": "health", "ward": ward, "created_at": now}
                     for ward in wards]
    organizations += [{"name": f"{kind} thành phố", "kind": kind, "ward": None, "created_at": now}
                      for kind in ("police", "legal_aid", "social_work", "shelter")]
    with database.atomic():
        insert_in_batches(User, users)
        insert_in_batches(Organization, organizations)
    staff = {}
    for user_id, ward, role in User.select(User.id, User.ward, User.role).where(User.ward.is_null(False)).tuples():
        staff.setdefault(ward, {}).setdefault(role, []).append(user_id)
    return staff, dict(Organization.select(Organization.ward, Organization.id).where(
        Organization.kind == "health").tuples()), [
        organization_id for (organization_id,) in Organization.select(Organization.id).where(
            Organization.ward.is_null()).tuples()]


def generate_cases(rng, n, wards, staff, health_orgs, city_orgs):
    """n cases over the wards (a few busy urban wards, many quiet rural ones), with their referrals."""
    ward_weights = [rng.lognormvariate(0, 0.9) for _ in wards]
    case_wards = rng.choices(wards, weights=ward_weights, k=n)
    types, ages, sexes = pick(rng, GBV_WEIGHTS, n), pick(rng, AGE_WEIGHTS, n), pick(rng, SEX_WEIGHTS, n)
    channels, elsewhere = pick(rng, CHANNEL_WEIGHTS, n), pick(rng, ELSEWHERE_WEIGHTS, n)
    last_day = (date(YEAR, 11, 28) - date(YEAR, 1, 1)).days
    created = datetime(YEAR, 11, 28)
    cases, referrals = [], []
    for index in range(n):
        ward = case_wards[index]
        report_date = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, last_day))
        roll = rng.random()
        delay = (None if roll < 0.18 else rng.randint(0, 3) if roll < 0.50 else rng.randint(4, 30) if roll < 0.75
                 else rng.randint(31, 365) if roll < 0.92 else rng.randint(366, 3000))
        case_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        author = rng.choice(staff[ward]["collaborator"])
        cases.append({
            "id": case_id, "ward": ward, "created_by": author, "intake_channel": channels[index],
            "status": rng.choice(cv.STATUSES), "age_group": ages[index], "sex": sexes[index],
            "disability": rng.random() < 0.05, "ethnic_minority": rng.random() < 0.08,
            "migrant_worker": rng.random() < 0.06, "gbv_type": types[index], "contexts": "domestic",
            "incident_date": None if delay is None else report_date - timedelta(days=delay),
            "report_date": report_date, "perpetrator_relationship": rng.choice(cv.PERPETRATOR_RELATIONSHIPS),
            "consent_to_share": rng.random() < 0.9, "consent_for_statistics": rng.random() < 0.85,
            "reported_elsewhere": elsewhere[index], "created_at": created, "updated_at": created,
        })
        for _ in range(rng.choices((0, 1, 2), weights=(35, 50, 15))[0]):
            status = pick(rng, REFERRAL_STATUS_WEIGHTS, 1)[0]
            referrals.append({
                "id": uuid.UUID(int=rng.getrandbits(128), version=4), "case": case_id,
                "organization": health_orgs[ward] if rng.random() < 0.6 else rng.choice(city_orgs),
                "service_type": rng.choice(cv.SERVICE_TYPES), "status": status,
                "rejection_reason": rng.choice(cv.REJECTION_REASONS) if status == "rejected" else None,
                "outcome": pick(rng, OUTCOME_WEIGHTS, 1)[0] if status == "done" else None,
                "created_by": author, "created_at": created, "updated_at": created,
            })
    with database.atomic():
        insert_in_batches(Case, cases)
        insert_in_batches(Referral, referrals)
    return len(referrals)


def generate_records(rng, wards, staff, city_orgs, recorder):
    """What the wards enter for the report, and the shelter registry."""
    now = datetime(YEAR, 11, 20)
    mechanisms, institutions, communications, shelters = [], [], [], []
    sessions, attendees = [], []
    for ward in wards:
        if rng.random() < 0.65:
            mechanisms.append({"ward": ward, "document_number": f"{rng.randint(1, 300)}/QĐ-UBND",
                               "document_date": date(YEAR - rng.randint(0, 1), rng.randint(1, 12), 1),
                               "updated_by": recorder, "updated_at": now})
        for kind, count, adopted in (("school", rng.randint(3, 10), 0.6), ("business", rng.randint(2, 15), 0.4)):
            institutions += [{"ward": ward, "kind": kind, "name": f"{kind} {n}", "has_policy": rng.random() < adopted,
                              "policy_date": date(YEAR, rng.randint(1, 11), 1) if rng.random() < 0.5 else None,
                              "updated_by": recorder, "updated_at": now} for n in range(count)]
        for _ in range(rng.randint(5, 20)):
            communications.append({
                "ward": ward, "held_on": date(YEAR, rng.randint(1, 11), rng.randint(1, 28)),
                "form": rng.choice(ACTIVITY_FORMS), "audience": rng.choice(ACTIVITY_AUDIENCES),
                "participants": rng.randint(15, 400), "recorded_by": recorder, "updated_at": now})
        people = staff[ward].get("ward_officer", []) + staff[ward].get("collaborator", [])
        for _ in range(rng.randint(1, 4)):
            came = rng.sample(people, k=rng.randint(len(people) // 3, len(people)))
            sessions.append(({"ward": ward, "held_on": date(YEAR, rng.randint(1, 11), rng.randint(1, 28)),
                              "topic": "Tiếp nhận và hỗ trợ người bị bạo lực", "hours": rng.randint(2, 16),
                              "participants": json.dumps({"collaborator": len(came), "other": rng.randint(0, 10)}),
                              "recorded_by": recorder, "updated_at": now}, came))
        if rng.random() < 0.45:
            shelters.append({"slug": f"cong-dong-{ward}", "name": f"Nơi tạm lánh {ward}", "ward": ward,
                             "kind": "community", "capacity": rng.randint(2, 8), "public_line": "1900000000",
                             "organization": city_orgs[-1], "updated_at": now})
    shelters += [{"slug": f"thanh-pho-{n}", "name": f"Nhà tạm lánh {n}", "ward": wards[n], "kind": "city",
                  "standardised": n < 4, "capacity": 20, "public_line": "1900000000",
                  "organization": city_orgs[-1], "updated_at": now} for n in range(6)]
    with database.atomic():
        insert_in_batches(CoordinationMechanism, mechanisms)
        insert_in_batches(Institution, institutions)
        insert_in_batches(CommunicationActivity, communications)
        insert_in_batches(Shelter, shelters)
        for session, came in sessions:
            session_id = TrainingSession.insert(session).execute()
            attendees += [{"session": session_id, "user": user_id} for user_id in came]
        insert_in_batches(TrainingAttendance, attendees)
    return len(mechanisms), len(institutions), len(sessions), len(communications)


def timed(repeat, call):
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.data[:300]!r}")
    return response


def profile(call, lines=25):
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of each path")
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as workdir:
        app, admin = make_app(workdir)
        started = time.perf_counter()
        with app.app_context(), database.connection_context():
            wards = [code for (code,) in Ward.select(Ward.code).order_by(Ward.code).tuples()]
            staff, health_orgs, city_orgs = generate_people(rng, wards)
            referral_count = generate_cases(rng, args.cases, wards, staff, health_orgs, city_orgs)
            record_counts = generate_records(rng, wards, staff, city_orgs, admin.id)
            counted = Case.select().where(
                Case.consent_for_statistics == True,  # noqa: E712
                Case.reported_elsewhere != cv.COUNTED_ELSEWHERE).count()
        generation_seconds = time.perf_counter() - started

        client = app.test_client()
        login = client.post("/api/v1/auth/login", json={"username": "bench-admin", "password": PASSWORD})
        if login.status_code != 200:
            raise RuntimeError(f"login answered {login.status_code}")

        def consolidate():
            with app.app_context(), database.connection_context():
                consolidated(YEAR)

        def one_scan():
            with app.app_context(), database.connection_context():
                database.execute_sql(FLOOR_SQL, (date(YEAR, 1, 1), date(YEAR, 12, 31))).fetchall()

        paths = [
            ("(floor) one scan: counted cases per ward", one_scan),
            ("(a) consolidated(year), 103 wards live", consolidate),
            ("(b) GET /reports/overview?year=", lambda: get(client, f"/api/v1/reports/overview?year={YEAR}")),
            ("(c) GET /reports/annual/<year>.xlsx", lambda: get(client, f"/api/v1/reports/annual/{YEAR}.xlsx")),
        ]
        results = [(label, timed(args.repeat, call)) for label, call in paths]
        xlsx_bytes = len(get(client, f"/api/v1/reports/annual/{YEAR}.xlsx").data)
        if args.profile:
            for label, call in paths[1:]:
                print(f"--- profile: {label}")
                profile(call)

    n = args.cases
    mechanisms, institutions, sessions, communications = record_counts
    print(f"SQLite; {n:,} cases in {YEAR} ({counted:,} counted: consenting, not reported elsewhere), "
          f"{referral_count:,} referrals, {mechanisms} mechanisms, {institutions:,} institutions, "
          f"{sessions} trainings, {communications:,} communication activities; no ward submitted (all live)")
    print(f"generation (insert_many, batches of {BATCH}, one transaction per table): {generation_seconds:.1f} s "
          f"({n / generation_seconds:,.0f} cases/s)")
    print(f"{args.repeat} repetitions each; XLSX {xlsx_bytes / 1024:.1f} KiB")
    floor = statistics.median(results[0][1])
    print(f"{'path':<42} {'first s':>8} {'best s':>8} {'median s':>9} {'cases/s':>10} {'vs 1 s':>7} {'× floor':>8}")
    for label, seconds in results:
        median = statistics.median(seconds)
        print(f"{label:<42} {seconds[0]:>8.3f} {min(seconds):>8.3f} {median:>9.3f} {n / median:>10,.0f} "
              f"{median / BUDGET_SECONDS:>7.2f} {median / floor:>8.1f}")
    export_median = statistics.median(results[-1][1])
    verdict = "within" if export_median <= BUDGET_SECONDS else "over"
    print(f"budget: the annual city report over {n:,} cases in <= 1 s on SQLite -> XLSX export "
          f"{export_median:.3f} s median ({verdict})")


if __name__ == "__main__":
    main()
