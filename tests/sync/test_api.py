"""POST /api/v1/sync: a phone's outbox, applied exactly once, one operation at a time."""
import threading
import uuid

import pytest

from server.cases.models import Case, FollowUp
from server.db import database
from server.sync.models import AppliedOperation

from tests.conftest import PASSWORD
from tests.escaped import escaped_json

SYNC = "/api/v1/sync"


def _key():
    return str(uuid.uuid4())


def _case_payload(case_id=None, **overrides):
    return {
        "id": case_id or str(uuid.uuid4()), "intake_channel": "field_visit",
        "survivor": {"age_group": "18-24", "sex": "female", "name": "Thị Mai"},
        "incident": {"gbv_type": "physical_assault", "contexts": ["domestic"], "report_date": "2026-11-27",
                     "perpetrator_relationship": "family_member"},
        "consent": {"share_with_services": True, "statistics": True}, **overrides,
    }


def _op(kind, payload, key=None):
    return {"key": key or _key(), "type": kind, "payload": payload}


def _count(model):
    with database.connection_context():
        return model.select().count()


@pytest.fixture
def collaborator(log_in, make_user):
    return log_in(make_user(role="collaborator"))


def test_an_empty_batch_is_fine(collaborator):
    response = collaborator.post(SYNC, json={"operations": []})
    assert response.status_code == 200
    assert response.json == {"results": []}


@pytest.mark.parametrize("body, field", [
    ({}, "operations"),
    ({"operations": "all of them"}, "operations"),
    ({"operations": [{"type": "case.create", "payload": {}}]}, "operations"),
    ({"operations": [{"key": "not-a-uuid", "type": "case.create", "payload": {}}]}, "operations"),
    ({"operations": [{"key": str(uuid.uuid4()), "type": "case.delete", "payload": {}}]}, "operations"),
    ({"operations": [{"key": str(uuid.uuid4()), "type": "case.create", "payload": []}]}, "operations"),
])
def test_a_malformed_batch_is_a_422_and_applies_nothing(collaborator, body, field):
    response = collaborator.post(SYNC, json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert _count(AppliedOperation) == 0


def test_a_batch_over_the_limit_is_refused_whole(app, collaborator):
    limit = app.config["SYNC_MAX_OPERATIONS"]
    operations = [_op("case.create", _case_payload()) for _ in range(limit + 1)]
    response = collaborator.post(SYNC, json={"operations": operations})
    assert response.status_code == 422
    assert _count(Case) == 0


def test_a_day_of_offline_work_arrives_in_order(collaborator, make_organization):
    health = make_organization(kind="health")
    case_id, note_id, referral_id = (str(uuid.uuid4()) for _ in range(3))
    operations = [
        _op("case.create", _case_payload(case_id)),
        _op("followup.create", {"case_id": case_id, "id": note_id, "note": "Đã gặp lại chị",
                                "occurred_at": "2026-11-28T10:00:00+07:00"}),
        _op("referral.create", {"case_id": case_id, "id": referral_id, "service_type": "health",
                                "organization_id": health.id, "note": "Khám"}),
        _op("case.update", {"id": case_id, "base_version": 1, "narrative": "Bổ sung"}),
    ]
    results = collaborator.post(SYNC, json={"operations": operations}).json["results"]
    assert [r["status"] for r in results] == [201, 201, 201, 200]
    assert [r["key"] for r in results] == [o["key"] for o in operations]
    assert results[3]["version"] == 2
    case = collaborator.get(f"/api/v1/cases/{case_id}").json
    assert case["narrative"] == "Bổ sung" and len(case["follow_ups"]) == 1 and len(case["referrals"]) == 1


def test_replaying_a_batch_applies_nothing_twice(collaborator):
    case_id = str(uuid.uuid4())
    operations = [
        _op("case.create", _case_payload(case_id)),
        _op("case.update", {"id": case_id, "base_version": 1, "narrative": "một lần"}),
        _op("followup.create", {"case_id": case_id, "id": str(uuid.uuid4()), "note": "ghi chú",
                                "occurred_at": "2026-11-28T10:00:00+07:00"}),
    ]
    first = collaborator.post(SYNC, json={"operations": operations}).json["results"]
    replay = collaborator.post(SYNC, json={"operations": operations}).json["results"]
    assert replay == first
    assert (_count(Case), _count(FollowUp)) == (1, 1)
    assert collaborator.get(f"/api/v1/cases/{case_id}").json["version"] == 2  # the update ran once


def test_an_operation_retried_after_a_lost_answer_is_answered_from_the_ledger(collaborator):
    case_id = str(uuid.uuid4())
    collaborator.post(SYNC, json={"operations": [_op("case.create", _case_payload(case_id))]})
    update = _op("case.update", {"id": case_id, "base_version": 1, "narrative": "sửa"})
    collaborator.post(SYNC, json={"operations": [update]})  # the answer "was lost" on the way back
    retried = collaborator.post(SYNC, json={"operations": [update]}).json["results"][0]
    assert retried == {"key": update["key"], "status": 200, "id": case_id, "version": 2}


def test_one_bad_operation_does_not_sink_the_others(collaborator):
    good, other = str(uuid.uuid4()), str(uuid.uuid4())
    operations = [
        _op("case.create", _case_payload(good)),
        _op("case.create", {"id": str(uuid.uuid4()), "intake_channel": "pigeon"}),
        _op("followup.create", {"case_id": str(uuid.uuid4()), "id": str(uuid.uuid4()), "note": "x",
                                "occurred_at": "2026-11-28T10:00:00+07:00"}),
        _op("case.create", _case_payload(other)),
    ]
    results = collaborator.post(SYNC, json={"operations": operations}).json["results"]
    assert [r["status"] for r in results] == [201, 422, 404, 201]
    assert results[1]["error"]["code"] == "validation_failed"
    assert "intake_channel" in results[1]["error"]["fields"]
    assert results[1]["error"]["fields"]["intake_channel"][0].startswith("Phải là một trong")
    assert _count(Case) == 2 and _count(AppliedOperation) == 2  # errors are not recorded as applied


def test_half_an_emoji_refuses_its_own_operation_and_the_rest_of_the_batch_applies(collaborator):
    # JSON.stringify of a note cut in the middle of an emoji: it used to turn the whole batch into a 500 (the
    # cipher cannot encode it) and the phone resent that batch for ever.
    first, middle, third = (str(uuid.uuid4()) for _ in range(3))
    operations = [
        _op("case.create", _case_payload(first)),
        _op("case.create", _case_payload(middle, narrative="Chị kể lại \ud83d",
                                         survivor={"age_group": "18-24", "sex": "female", "name": "Thị \ude00"})),
        _op("case.create", _case_payload(third)),
    ]
    for _attempt in ("first", "replay"):
        response = collaborator.post(SYNC, **escaped_json({"operations": operations}))
        assert response.status_code == 200, response.json
        results = response.json["results"]
        assert [r["status"] for r in results] == [201, 422, 201]
        assert [r["id"] for r in (results[0], results[2])] == [first, third]
        assert results[1]["error"]["code"] == "validation_failed"
        assert results[1]["error"]["fields"] == {"narrative": ["Có ký tự không được phép."],
                                                 "survivor": {"name": ["Có ký tự không được phép."]}}
    assert _count(Case) == 2 and _count(AppliedOperation) == 2
    assert collaborator.get(f"/api/v1/cases/{middle}").status_code == 404


@pytest.mark.parametrize("operation, field", [
    ({"key": str(uuid.uuid4()), "type": "case.create\ud83d", "payload": {}}, "type"),
    ({"key": "\x00", "type": "case.create", "payload": {}}, "key"),
])
def test_bad_text_in_the_envelope_refuses_the_batch(collaborator, operation, field):
    response = collaborator.post(SYNC, **escaped_json({"operations": [_op("case.create", _case_payload()),
                                                                       operation]}))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"operations": {"1": {field: ["Có ký tự không được phép."]}}}
    assert _count(Case) == 0


def test_a_stale_update_gets_the_servers_copy_to_show_the_person(collaborator):
    case_id = str(uuid.uuid4())
    collaborator.post(SYNC, json={"operations": [_op("case.create", _case_payload(case_id))]})
    collaborator.patch(f"/api/v1/cases/{case_id}", json={"base_version": 1, "narrative": "trên máy tính"})
    stale = _op("case.update", {"id": case_id, "base_version": 1, "narrative": "trên điện thoại"})
    result = collaborator.post(SYNC, json={"operations": [stale]}).json["results"][0]
    assert result["status"] == 409 and result["error"]["code"] == "version_conflict"
    assert result["current"]["narrative"] == "trên máy tính" and result["current"]["version"] == 2
    assert collaborator.get(f"/api/v1/cases/{case_id}").json["narrative"] == "trên máy tính"


def test_another_persons_key_is_not_answered_with_their_result(log_in, make_user, collaborator):
    operation = _op("case.create", _case_payload())
    collaborator.post(SYNC, json={"operations": [operation]})
    someone_else = log_in(make_user(role="collaborator"))
    result = someone_else.post(SYNC, json={"operations": [operation]}).json["results"][0]
    assert result["status"] == 409 and "id" not in result


@pytest.mark.parametrize("role", ["provider", "city_admin"])
def test_roles_with_nothing_to_sync_are_refused(log_in, make_user, role):
    response = log_in(make_user(role=role)).post(SYNC, json={"operations": []})
    assert response.status_code == 403


def test_a_shelter_host_may_sync_bed_counts_but_not_cases(log_in, make_user):
    host = log_in(make_user(role="shelter_host"))
    results = host.post(SYNC, json={"operations": [_op("case.create", _case_payload())]}).json["results"]
    assert results[0]["status"] == 403
    assert _count(Case) == 0


def test_sync_needs_the_csrf_token(collaborator):
    collaborator.csrf = None
    assert collaborator.post(SYNC, json={"operations": []}).status_code == 403


def test_sync_ops_obey_the_same_scope_as_the_api(log_in, make_user, collaborator):
    case_id = str(uuid.uuid4())
    collaborator.post(SYNC, json={"operations": [_op("case.create", _case_payload(case_id))]})
    stranger = log_in(make_user(role="collaborator", ward="31150"))
    results = stranger.post(SYNC, json={"operations": [
        _op("case.update", {"id": case_id, "base_version": 1, "narrative": "not mine"}),
        _op("followup.create", {"case_id": case_id, "id": str(uuid.uuid4()), "note": "x",
                                "occurred_at": "2026-11-28T10:00:00+07:00"}),
    ]}).json["results"]
    assert [r["status"] for r in results] == [404, 404]


def test_the_same_batch_sent_twice_at_once_applies_once(app, make_user):
    user = make_user(role="collaborator")
    clients = []
    for _ in range(2):
        client = app.test_client()
        answer = client.post("/api/v1/auth/login", json={"username": user.username, "password": PASSWORD})
        client.csrf = answer.json["csrf_token"]
        clients.append(client)
    case_id = str(uuid.uuid4())
    operations = [_op("case.create", _case_payload(case_id)),
                  _op("case.update", {"id": case_id, "base_version": 1, "narrative": "một lần"})]
    barrier = threading.Barrier(2)
    answers = []

    def send(client):
        barrier.wait()
        answers.append(client.post(SYNC, json={"operations": operations}))

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200, 200]
    # The second answers from the ledger: the very result the first one got.
    assert answers[0].json == answers[1].json
    assert [r["status"] for r in answers[0].json["results"]] == [201, 200]
    assert _count(Case) == 1 and _count(AppliedOperation) == 2
    with database.connection_context():
        assert Case.select(Case.version).scalar() == 2


def test_every_operation_type_the_batch_accepts_has_a_handler_and_a_payload_schema():
    """The envelope admits the types of PAYLOADS; an admitted type without a handler would be a KeyError (500)."""
    from server.sync.operations import HANDLERS
    from server.sync.schemas import PAYLOADS

    assert set(HANDLERS) == set(PAYLOADS)
