"""The push API (issue 5 contract): the server's VAPID key, subscribing a browser to reminders (residents with
no account, staff with their session), renewing a subscription the browser replaced, unsubscribing in one
tap, and the rate limit that keeps anyone from filling the table."""
import base64
import os
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.db import database
from server.push.models import Subscription
from server.push.vapid import public_key_b64url
from server.ratelimit.models import RateLimitHit

from tests.conftest import OTHER_WARD, WARD, race

PUSH = "/api/v1/push"
SUBSCRIPTIONS = f"{PUSH}/subscriptions"
ANSWER_KEYS = {"id", "topics", "language", "ward_code", "discreet"}
MISSING = "<missing>"  # as an override: leave the key out
RATE_LIMITED_VI = "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại."


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def browser_keys():
    """What a browser's PushSubscription.toJSON() holds in ``keys``: a real P-256 point and 16 random bytes."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(point), "auth": b64url(os.urandom(16))}


def new_endpoint():
    # Never contacted: subscribing stores the endpoint, nothing here sends to it.
    return f"https://fcm.googleapis.com/fcm/send/canary-{uuid.uuid4().hex}"


def subscription(**overrides):
    """A subscribe body as the PWA sends it; MISSING leaves a key out."""
    body = {"endpoint": new_endpoint(), "keys": browser_keys(), **overrides}
    return {key: value for key, value in body.items() if value != MISSING}


def error_code(response):
    return response.json["error"]["code"]


@pytest.fixture
def stored(app):
    """``stored()``: every subscription the database holds now (decrypted), oldest first."""

    def rows():
        with app.app_context(), database.connection_context():
            return list(Subscription.select().order_by(Subscription.created_at, Subscription.id))

    return rows


@pytest.fixture
def officer(make_user):
    return make_user(role="ward_officer", ward=WARD)


# The server's public key.

def test_the_public_key_is_the_servers_p256_point_and_needs_no_session(app, client):
    response = client.get(f"{PUSH}/vapid-public-key")
    assert response.status_code == 200
    key = response.json["public_key"]
    assert "=" not in key
    raw = b64url_decode(key)
    assert (len(raw), raw[0]) == (65, 0x04)
    # The key of the private key the app was configured with, and what the app itself reports.
    configured = serialization.load_pem_private_key(app.config["VAPID_PRIVATE_KEY"].encode(),
                                                    password=None).public_key()
    assert raw == configured.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    with app.app_context():
        assert key == public_key_b64url()
    assert "public" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers


# Subscribing without an account.

def test_a_resident_subscribes_without_an_account_and_gets_the_defaults(client, stored):
    body = subscription()
    response = client.post(SUBSCRIPTIONS, json=body)
    assert response.status_code == 201, response.json
    answer = response.json
    assert set(answer) == ANSWER_KEYS
    assert {k: answer[k] for k in ANSWER_KEYS - {"id"}} == {
        "topics": ["campaigns"], "language": "vi", "ward_code": None, "discreet": True}
    assert uuid.UUID(answer["id"])
    assert "Set-Cookie" not in response.headers
    (row,) = stored()
    assert str(row.id) == answer["id"]
    assert (row.endpoint, row.p256dh, row.auth) == (body["endpoint"], body["keys"]["p256dh"], body["keys"]["auth"])
    assert (row.user_id, row.ward_id, row.wants_campaigns, row.wants_work) == (None, None, True, False)


def test_a_resident_chooses_a_ward_a_language_and_full_notifications(client, stored):
    response = client.post(SUBSCRIPTIONS, json=subscription(topics=["campaigns"], language="en", ward_code=WARD,
                                                            discreet=False))
    assert response.status_code == 201, response.json
    assert {k: response.json[k] for k in ANSWER_KEYS - {"id"}} == {
        "topics": ["campaigns"], "language": "en", "ward_code": WARD, "discreet": False}
    (row,) = stored()
    assert (row.language, row.ward_id, row.discreet) == ("en", WARD, False)


def test_the_same_endpoint_again_replaces_the_settings_and_keeps_one_subscription(client, stored):
    body = subscription()
    first = client.post(SUBSCRIPTIONS, json=body)
    assert first.status_code == 201
    changed = dict(body, keys=browser_keys(), language="en", ward_code=OTHER_WARD, discreet=False)
    again = client.post(SUBSCRIPTIONS, json=changed)
    assert again.status_code == 200, again.json
    assert again.json == {"id": first.json["id"], "topics": ["campaigns"], "language": "en",
                          "ward_code": OTHER_WARD, "discreet": False}
    (row,) = stored()
    assert (str(row.id), row.language, row.ward_id, row.discreet) == (first.json["id"], "en", OTHER_WARD, False)
    assert (row.p256dh, row.auth) == (changed["keys"]["p256dh"], changed["keys"]["auth"])


def test_the_endpoint_and_keys_are_encrypted_at_rest(app, client):
    body = subscription()
    assert client.post(SUBSCRIPTIONS, json=body).status_code == 201
    table = Subscription._meta.table_name
    with app.app_context(), database.connection_context():
        (raw,) = database.execute_sql(f'SELECT * FROM "{table}"').fetchall()  # every column, as stored
    text = repr(raw)
    token = body["endpoint"].rsplit("/", 1)[1]
    for secret in (body["endpoint"], token, "fcm.googleapis.com", body["keys"]["p256dh"], body["keys"]["auth"]):
        assert secret not in text, secret


# Bad input: 422 with the field named in the request's language, and nothing stored.

POINT_OFF_THE_CURVE = b64url(b"\x04" + os.urandom(64))  # 65 bytes that are not a point of P-256
KEY_VI, KEY_EN = "Khoá đăng ký nhận thông báo không hợp lệ.", "Not a valid push subscription key."
BAD_SUBSCRIPTIONS = {
    "http endpoint": ({"endpoint": "http://fcm.googleapis.com/fcm/send/abc"},
                      {"endpoint": ["Địa chỉ phải bắt đầu bằng https://."]},
                      {"endpoint": ["The address must start with https://."]}),
    "no keys": ({"keys": MISSING},
                {"keys": ["Bắt buộc phải nhập."]},
                {"keys": ["Missing data for required field."]}),
    "p256dh not a point of P-256": ({"keys": {"p256dh": POINT_OFF_THE_CURVE, "auth": b64url(os.urandom(16))}},
                                    {"keys": {"p256dh": [KEY_VI]}},
                                    {"keys": {"p256dh": [KEY_EN]}}),
    "auth of 15 bytes": ({"keys": {**browser_keys(), "auth": b64url(os.urandom(15))}},
                         {"keys": {"auth": [KEY_VI]}},
                         {"keys": {"auth": [KEY_EN]}}),
    "no topic": ({"topics": []},
                 {"topics": ["Hãy chọn ít nhất một loại nhắc nhở."]},
                 {"topics": ["Choose at least one topic."]}),
    "unknown topic": ({"topics": ["campaigns", "lottery"]},
                      {"topics": {"1": ["Phải là một trong các giá trị: campaigns, work."]}},
                      {"topics": {"1": ["Must be one of: campaigns, work."]}}),
    "the same topic twice": ({"topics": ["campaigns", "campaigns"]},
                             {"topics": ["Các giá trị không được trùng nhau."]},
                             {"topics": ["Each value must be unique."]}),
    "work without a session": ({"topics": ["campaigns", "work"]},
                               {"topics": ["Nhắc việc chỉ dành cho cán bộ đã đăng nhập."]},
                               {"topics": ["Work reminders are for signed-in staff."]}),
    "ward code of 4 digits": ({"ward_code": "3113"},
                              {"ward_code": ["Độ dài phải đúng 5 ký tự.", "Không đúng định dạng."]},
                              {"ward_code": ["Length must be 5.", "String does not match expected pattern."]}),
    "ward code with a letter": ({"ward_code": "3113a"},
                                {"ward_code": ["Không đúng định dạng."]},
                                {"ward_code": ["String does not match expected pattern."]}),
}


@pytest.mark.parametrize("overrides, fields_vi, fields_en", BAD_SUBSCRIPTIONS.values(), ids=BAD_SUBSCRIPTIONS)
def test_a_bad_subscription_is_refused_field_by_field_in_the_callers_language(client, stored, overrides, fields_vi,
                                                                              fields_en):
    body = subscription(**overrides)
    vietnamese = client.post(SUBSCRIPTIONS, json=body)
    english = client.post(SUBSCRIPTIONS, json=body, headers={"Accept-Language": "en"})
    assert (vietnamese.status_code, english.status_code) == (422, 422)
    assert vietnamese.json["error"] == {"code": "validation_failed", "fields": fields_vi,
                                        "message": "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại."}
    assert english.json["error"] == {"code": "validation_failed", "fields": fields_en,
                                     "message": "Some fields are not valid."}
    assert stored() == []


def test_a_ward_code_no_ward_has_is_refused_as_a_field_error(client, stored):
    response = client.post(SUBSCRIPTIONS, json=subscription(ward_code="99999"))
    assert response.status_code == 422, response.json
    assert list(response.json["error"]["fields"]) == ["ward_code"]
    assert stored() == []


def test_a_body_that_is_not_json_is_refused_without_storing_anything(client, stored):
    response = client.post(SUBSCRIPTIONS, data=f"endpoint={new_endpoint()}",
                           content_type="application/x-www-form-urlencoded")
    assert (response.status_code, error_code(response)) == (415, "unsupported_media_type")
    assert stored() == []


def test_a_bad_change_leaves_the_stored_subscription_as_it_was(client, stored):
    body = subscription(language="en", ward_code=WARD)
    assert client.post(SUBSCRIPTIONS, json=body).status_code == 201
    refused = client.post(SUBSCRIPTIONS, json=dict(body, language="fr", discreet=False))
    assert refused.status_code == 422
    assert list(refused.json["error"]["fields"]) == ["language"]
    (row,) = stored()
    assert (row.language, row.ward_id, row.discreet) == ("en", WARD, True)


# Staff, signed in.

def test_a_signed_in_staff_member_adds_work_reminders_for_their_own_ward(log_in, officer, stored):
    response = log_in(officer).post(SUBSCRIPTIONS, json=subscription(topics=["campaigns", "work"]))
    assert response.status_code == 201, response.json
    assert {k: response.json[k] for k in ANSWER_KEYS - {"id"}} == {
        "topics": ["campaigns", "work"], "language": "vi", "ward_code": WARD, "discreet": True}
    (row,) = stored()
    assert (row.user_id, row.ward_id, row.wants_campaigns, row.wants_work) == (officer.id, WARD, True, True)


def test_a_staff_member_may_take_work_reminders_only(log_in, officer, stored):
    response = log_in(officer).post(SUBSCRIPTIONS, json=subscription(topics=["work"]))
    assert response.status_code == 201, response.json
    assert response.json["topics"] == ["work"]
    (row,) = stored()
    assert (row.wants_campaigns, row.wants_work) == (False, True)


def test_a_signed_in_subscribe_without_the_csrf_token_is_refused(log_in, officer, stored):
    phone = log_in(officer)
    phone.csrf = None  # the session cookie alone, as a forged cross-site request would carry it
    response = phone.post(SUBSCRIPTIONS, json=subscription(topics=["campaigns", "work"]))
    assert (response.status_code, error_code(response)) == (403, "csrf_failed")
    assert stored() == []


def test_the_same_browser_subscribing_without_a_session_is_no_longer_linked_to_staff(client, log_in, officer,
                                                                                       stored):
    body = subscription(topics=["campaigns", "work"])
    assert log_in(officer).post(SUBSCRIPTIONS, json=body).status_code == 201
    # Signed out on a shared phone, someone subscribes it as a resident: no more work reminders come to it.
    response = client.post(SUBSCRIPTIONS, json=dict(body, topics=["campaigns"]))
    assert response.status_code == 200, response.json
    assert (response.json["topics"], response.json["ward_code"]) == (["campaigns"], None)
    (row,) = stored()
    assert (row.user_id, row.wants_work) == (None, False)


# The browser renewed its subscription (pushsubscriptionchange): the service worker sends no cookie.

def test_a_renewed_subscription_moves_to_the_new_endpoint_with_its_settings(client, log_in, officer, stored):
    old = subscription(topics=["campaigns", "work"], language="en", discreet=False)
    created = log_in(officer).post(SUBSCRIPTIONS, json=old)
    assert created.status_code == 201
    new = subscription(old_endpoint=old["endpoint"])  # what sw.js sends: endpoint, keys, old_endpoint
    response = client.post(SUBSCRIPTIONS, json=new)
    assert response.status_code == 200, response.json
    assert response.json == created.json
    (row,) = stored()
    assert (row.endpoint, row.p256dh, row.auth) == (new["endpoint"], new["keys"]["p256dh"], new["keys"]["auth"])
    assert (row.user_id, row.ward_id, row.language, row.discreet, row.topics()) == (
        officer.id, WARD, "en", False, ["campaigns", "work"])
    # The old endpoint is no subscription any more: subscribing it again makes a new one.
    assert client.post(SUBSCRIPTIONS, json=dict(old, topics=["campaigns"])).status_code == 201
    assert len(stored()) == 2


def test_a_renewal_onto_an_endpoint_already_stored_leaves_one_subscription(client, stored):
    old = subscription(language="en", ward_code=WARD, discreet=False)
    new = subscription()
    first = client.post(SUBSCRIPTIONS, json=old)
    assert client.post(SUBSCRIPTIONS, json=new).status_code == 201
    response = client.post(SUBSCRIPTIONS, json=dict(new, old_endpoint=old["endpoint"]))
    assert response.status_code == 200, response.json
    assert response.json == first.json
    (row,) = stored()
    assert (row.endpoint, row.language, row.ward_id, row.discreet) == (new["endpoint"], "en", WARD, False)


def test_a_renewal_naming_an_unknown_old_endpoint_subscribes_with_the_defaults(client, stored):
    response = client.post(SUBSCRIPTIONS, json=subscription(old_endpoint=new_endpoint()))
    assert response.status_code == 201, response.json
    assert (response.json["topics"], response.json["language"], response.json["discreet"]) == (["campaigns"], "vi",
                                                                                               True)
    assert len(stored()) == 1


# Unsubscribing.

def test_unsubscribing_forgets_that_browser_only(client, stored):
    mine, other = subscription(), subscription()
    assert client.post(SUBSCRIPTIONS, json=mine).status_code == 201
    assert client.post(SUBSCRIPTIONS, json=other).status_code == 201
    response = client.delete(SUBSCRIPTIONS, json={"endpoint": mine["endpoint"]})
    assert (response.status_code, response.get_data()) == (204, b"")
    assert [row.endpoint for row in stored()] == [other["endpoint"]]


def test_unsubscribing_an_unknown_endpoint_is_fine(client, stored):
    assert client.post(SUBSCRIPTIONS, json=subscription()).status_code == 201
    response = client.delete(SUBSCRIPTIONS, json={"endpoint": new_endpoint()})
    assert response.status_code == 204
    assert len(stored()) == 1


def test_unsubscribing_needs_an_https_endpoint(client):
    response = client.delete(SUBSCRIPTIONS, json={"endpoint": "http://fcm.googleapis.com/fcm/send/abc"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"endpoint": ["Địa chỉ phải bắt đầu bằng https://."]}


# The rate limit, and a double tap.

def test_a_client_that_subscribes_too_often_is_told_to_wait(app, client, stored):
    app.config["PUSH_SUBSCRIBE_LIMIT_PER_HOUR"] = 3
    answers = [client.post(SUBSCRIPTIONS, json=subscription()).status_code for _ in range(3)]
    assert answers == [201, 201, 201]
    refused = client.post(SUBSCRIPTIONS, json=subscription())
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert refused.json["error"]["message"] == RATE_LIMITED_VI
    wait = refused.headers["Retry-After"]
    assert wait.isdigit() and 0 < int(wait) <= 3600
    assert len(stored()) == 3
    # Unsubscribing counts in the same bucket: the limited client cannot churn rows either way.
    assert client.delete(SUBSCRIPTIONS, json={"endpoint": stored()[0].endpoint}).status_code == 429
    assert len(stored()) == 3
    # Another address (another phone) is not held back by this one.
    elsewhere = client.post(SUBSCRIPTIONS, json=subscription(), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert elsewhere.status_code == 201
    assert len(stored()) == 4


def test_the_rate_limit_keeps_no_address(app, client):
    client.post(SUBSCRIPTIONS, json=subscription(), environ_base={"REMOTE_ADDR": "203.0.113.77"})
    with app.app_context(), database.connection_context():
        hits = list(RateLimitHit.select())
    assert len(hits) == 1
    assert "203.0.113.77" not in repr([(hit.bucket, hit.client_key) for hit in hits])


def test_a_double_tap_on_subscribe_stores_one_subscription(app, stored):
    bodies = [subscription() for _ in range(5)]
    for body in bodies:
        phones = [app.test_client(), app.test_client()]
        responses = race(*[lambda phone=phone, body=body: phone.post(SUBSCRIPTIONS, json=body)
                            for phone in phones])
        assert sorted(r.status_code for r in responses) == [200, 201], [r.json for r in responses]
        assert responses[0].json["id"] == responses[1].json["id"]
    assert sorted(row.endpoint for row in stored()) == sorted(body["endpoint"] for body in bodies)
