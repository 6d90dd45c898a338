"""Survivor-identifying fields are encrypted at rest, under a key id, and can be re-encrypted (rotation)."""
import json
import logging
import os
import uuid
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from server.cases.models import Case
from server.db import database
from server.encryption.keyring import Keyring, KeyringError, new_keyring

CANARY_NAME = "Canary Nguyễn Thị Lụa"
CANARY_PHONE = "0909876543"
CANARY_STORY = "canary-story-bi-danh-o-ben-song-Hau"


def _case_body(**survivor):
    return {
        "id": str(uuid.uuid4()), "intake_channel": "walk_in",
        "survivor": {"name": CANARY_NAME, "phone": CANARY_PHONE, "address": "canary-address-hem-5",
                     "age_group": "25-59", "sex": "female", **survivor},
        "incident": {"gbv_type": "psychological_abuse", "contexts": ["domestic"], "report_date": "2026-11-27",
                     "perpetrator_relationship": "intimate_partner"},
        "narrative": CANARY_STORY,
        "consent": {"share_with_services": True, "statistics": True},
        "risk": {"answers": {"feels_unsafe": True}, "safety_plan": "canary-plan-nha-chi-gai"},
    }


def _raw_rows(model, column):
    with database.connection_context():
        return [row[0] for row in database.execute_sql(
            f'SELECT "{column}" FROM "{model._meta.table_name}"').fetchall()]


def test_canary_never_reaches_the_database_or_the_logs_in_plaintext(app, log_in, make_user, database_url,
                                                                    caplog):
    caplog.set_level(logging.DEBUG)
    client = log_in(make_user(role="collaborator"))
    created = client.post("/api/v1/cases", json=_case_body())
    assert created.status_code == 201
    case_id = created.json["id"]
    client.post(f"/api/v1/cases/{case_id}/follow-ups",
                json={"id": str(uuid.uuid4()), "note": "canary-note-goi-dien",
                      "occurred_at": "2026-11-28T09:00:00+07:00"})
    assert client.get(f"/api/v1/cases/{case_id}").json["survivor"]["name"] == CANARY_NAME  # readable by staff
    secrets_ = [CANARY_NAME, CANARY_PHONE, CANARY_STORY, "canary-address", "canary-plan", "canary-note"]
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with database.connection_context():
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for file in (path, path + "-wal"):
            if not os.path.exists(file):
                continue
            data = Path(file).read_bytes()
            for secret in secrets_:
                assert secret.encode() not in data, (file, secret)
    else:
        with database.connection_context():
            dumped = json.dumps([database.execute_sql(f'SELECT * FROM "{table}"').fetchall()
                                 for table in ("case", "follow_up", "audit_event")], default=str)
        for secret in secrets_:
            assert secret not in dumped, secret
    logged = caplog.text
    for secret in secrets_:
        assert secret not in logged, secret


def test_every_value_names_its_key(app, log_in, make_user):
    client = log_in(make_user(role="collaborator"))
    client.post("/api/v1/cases", json=_case_body())
    stored = _raw_rows(Case, "survivor_name")[0]
    current = app.extensions["binhan.keyring"].current
    assert stored.startswith(f"ba1:{current}:")


def test_a_value_copied_into_another_column_does_not_decrypt():
    keyring = new_keyring()
    sealed = keyring.encrypt("Lan", b"case.survivor_name")
    assert keyring.decrypt(sealed, b"case.survivor_name") == "Lan"
    with pytest.raises(InvalidTag):
        keyring.decrypt(sealed, b"case.narrative")


def test_a_value_under_an_unknown_key_is_refused_not_guessed():
    sealed = new_keyring().encrypt("Lan", b"x")
    with pytest.raises(KeyringError):
        new_keyring().decrypt(sealed, b"x")


def test_the_same_text_encrypts_differently_each_time():
    keyring = new_keyring()
    assert keyring.encrypt("Lan", b"x") != keyring.encrypt("Lan", b"x")


def test_a_keyring_whose_current_key_is_missing_is_refused():
    with pytest.raises(KeyringError):
        Keyring("k-missing", {})


def test_rotation_reencrypts_every_value_and_keeps_them_readable(app, log_in, make_user, tmp_path):
    client = log_in(make_user(role="collaborator"))
    ids = [client.post("/api/v1/cases", json=_case_body()).json["id"] for _ in range(3)]
    old_key = app.extensions["binhan.keyring"].current
    keys_file = tmp_path / "keys.json"
    # The rotation command works on the key file; give it the test's keyring as that file.
    keys_file.write_text(app.extensions["binhan.keyring"].to_json())
    app.config.update(FIELD_KEYS="", FIELD_KEYS_FILE=str(keys_file))
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    new_key = json.loads(keys_file.read_text())["current"]
    assert new_key != old_key and f"new key {new_key}" in result.output
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    for column in ("survivor_name", "survivor_phone", "survivor_address", "narrative", "safety_plan"):
        assert {value.split(":")[1] for value in _raw_rows(Case, column)} == {new_key}, column
    for case_id in ids:
        assert client.get(f"/api/v1/cases/{case_id}").json["survivor"]["name"] == CANARY_NAME
    again = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert "15 values re-encrypted" in again.output  # 3 cases x 5 encrypted fields, nothing missed


def test_rotation_refuses_keys_from_the_environment(app):
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code != 0
    assert "BINHAN_FIELD_KEYS" in result.output


def test_a_key_file_is_created_on_first_run_readable_by_the_owner_only(tmp_path):
    from server import create_app

    keys_file = tmp_path / "instance" / "field-keys.json"
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/k.db", "FIELD_KEYS_FILE": str(keys_file)})
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    again = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/k.db", "FIELD_KEYS_FILE": str(keys_file)})
    assert again.extensions["binhan.keyring"].current == app.extensions["binhan.keyring"].current
