"""Sync ingest: 1,000 outbox operations through POST /api/v1/sync, against plain peewee inserts of the rows.

Budget (DESIGN §9): at least 1,000 operations/s on SQLite on a 2-core machine, and replays apply nothing
twice. The sync path does everything a phone's batch costs: the HTTP request (Flask's test client, no
network), session and CSRF checks, schema validation, the scope check, field encryption, the idempotency
ledger and the audit event. The baseline inserts the same cases with ``Case.insert_many`` in one
transaction per batch (encryption included, nothing else). Both run in the same process, in one run.

    .venv/bin/python bench/sync.py [--operations 1000] [--batch 200] [--database sqlite|postgresql://...]
"""
import argparse
import tempfile
import time
import uuid

from server import create_app, migrations
from server.accounts import operations as accounts
from server.cases.models import Case
from server.clock import now_utc
from server.db import database
from server.encryption.keyring import new_keyring
from server.wards.loader import load_wards

PASSWORD = "bench-password-123"


def case_payload(number):
    return {
        "id": str(uuid.uuid4()), "intake_channel": "field_visit",
        "survivor": {"name": f"Người thứ {number}", "phone": "0900000000", "age_group": "25-59", "sex": "female"},
        "incident": {"gbv_type": "physical_assault", "contexts": ["domestic"], "report_date": "2026-11-27",
                     "perpetrator_relationship": "intimate_partner"},
        "narrative": "Bị đánh nhiều lần trong tháng.",
        "consent": {"share_with_services": True, "statistics": True},
    }


def make_app(url):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "FIELD_KEYS": new_keyring().to_json(),
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST_KIB": 8, "ARGON2_PARALLELISM": 1,
                      "SYNC_MAX_OPERATIONS": 1000})
    with app.app_context():
        with database.connection_context():
            if url.startswith("postgres"):
                database.drop_tables([migrations.SchemaVersion, *migrations.current_models()], cascade=True)
        migrations.upgrade()
        with database.connection_context():
            load_wards()
            user, _ = accounts.create_user(None, username="bench", display_name="Bench", role="collaborator",
                                           ward_code="31135", password=PASSWORD)
    return app, user


def timed_sync(client, operations, batch):
    started = time.perf_counter()
    statuses = []
    for start in range(0, len(operations), batch):
        response = client.post("/api/v1/sync", json={"operations": operations[start:start + batch]})
        assert response.status_code == 200, response.json
        statuses += [r["status"] for r in response.json["results"]]
    return time.perf_counter() - started, statuses


def timed_plain_inserts(app, user, count, batch):
    rows = [case_payload(n) for n in range(count)]
    started = time.perf_counter()
    with app.app_context(), database.connection_context():
        for start in range(0, count, batch):
            with database.atomic():
                Case.insert_many([{
                    "id": row["id"], "ward": "31135", "created_by": user.id, "intake_channel": "field_visit",
                    "survivor_name": row["survivor"]["name"], "survivor_phone": "0900000000", "age_group": "25-59",
                    "sex": "female", "gbv_type": "physical_assault", "contexts": "domestic",
                    "report_date": "2026-11-27", "perpetrator_relationship": "intimate_partner",
                    "narrative": row["narrative"], "consent_to_share": True, "consent_for_statistics": True,
                    "created_at": now_utc(), "updated_at": now_utc(),
                } for row in rows[start:start + batch]]).execute()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/sync.sqlite3" if args.database == "sqlite" else args.database
        app, user = make_app(url)
        client = app.test_client()
        csrf = client.post("/api/v1/auth/login", json={"username": "bench", "password": PASSWORD}).json["csrf_token"]
        client.environ_base["HTTP_X_CSRF_TOKEN"] = csrf
        operations = [{"key": str(uuid.uuid4()), "type": "case.create", "payload": case_payload(n)}
                      for n in range(args.operations)]
        sync_seconds, statuses = timed_sync(client, operations, args.batch)
        assert statuses == [201] * args.operations
        replay_seconds, replayed = timed_sync(client, operations, args.batch)
        assert replayed == [201] * args.operations  # answered from the ledger
        with app.app_context(), database.connection_context():
            assert Case.select().count() == args.operations  # the replay applied nothing
        plain_seconds = timed_plain_inserts(app, user, args.operations, args.batch)
    n = args.operations
    print(f"database: {args.database}; {n} operations (case.create) in batches of {args.batch}")
    print(f"{'path':<40} {'seconds':>8} {'ops/s':>8} {'vs plain':>9}")
    for label, seconds in [("plain peewee insert_many (baseline)", plain_seconds),
                           ("POST /api/v1/sync (first time)", sync_seconds),
                           ("POST /api/v1/sync (replay, from ledger)", replay_seconds)]:
        print(f"{label:<40} {seconds:>8.3f} {n / seconds:>8.0f} {plain_seconds / seconds:>9.2f}")
    verdict = "ok" if n / sync_seconds >= 1000 else "below"
    print(f"budget: >= 1000 ops/s on SQLite -> {n / sync_seconds:.0f} ops/s ({verdict}); replay created 0 rows")


if __name__ == "__main__":
    main()
