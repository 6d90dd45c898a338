"""The accounts API: who may see and manage which accounts, and what every change leaves behind.

City admins manage every account; a ward officer manages the collaborators of their own ward and nobody else
(everything else answers 404, so an officer learns nothing about other wards); other roles get 403 and
visitors 401. Bad input is in test_api_input.py.
"""
import json

import pytest

from server.accounts.models import Organization, User
from server.audit.models import AuditEvent
from server.db import database

from tests.conftest import OTHER_WARD, PASSWORD, WARD

NEW_COLLABORATOR = {"username": "lan.nguyen", "display_name": "Nguyễn Thị Lan", "role": "collaborator",
                    "ward_code": WARD}
NEW_ORGANIZATION = {"name": "Trạm Y tế thử nghiệm", "kind": "health", "ward_code": WARD}

ACTIONS = ["disable", "enable", "reset-password"]

# Accounts a ward officer of WARD must neither see nor touch.
OUT_OF_OFFICER_SCOPE = {
    "collaborator of the other ward": {"role": "collaborator", "ward": OTHER_WARD},
    "ward officer of the same ward": {"role": "ward_officer", "ward": WARD},
    "provider": {"role": "provider"},
    "shelter host": {"role": "shelter_host"},
    "city admin": {"role": "city_admin"},
}


def every_endpoint(user_id):
    return [
        ("get", "/api/v1/users", None),
        ("post", "/api/v1/users", NEW_COLLABORATOR),
        ("get", f"/api/v1/users/{user_id}", None),
        *[("post", f"/api/v1/users/{user_id}/{action}", None) for action in ACTIONS],
        ("get", "/api/v1/organizations", None),
        ("post", "/api/v1/organizations", NEW_ORGANIZATION),
    ]


def call(client, method, path, body=None):
    return getattr(client, method)(path, json=body)


def stored(model):
    with database.connection_context():
        return model.select().count()


def reload(user):
    with database.connection_context():
        return User.get_by_id(user.id)


def can_log_in(client, username, password):
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code in (200, 401), response.json
    return response.status_code == 200


def usernames(response):
    assert response.status_code == 200, response.json
    return {item["username"] for item in response.json["items"]}


# Who may call the accounts API at all.

@pytest.mark.parametrize("role", ["collaborator", "provider", "shelter_host"])
def test_staff_who_manage_nobody_are_refused_everywhere(log_in, make_user, role):
    caller = log_in(make_user(role=role))
    target = make_user(role="collaborator")
    users_before = stored(User)
    for method, path, body in every_endpoint(target.id):
        if role == "collaborator" and (method, path) == ("get", "/api/v1/organizations"):
            continue  # collaborators choose where a referral goes (tested below)
        response = call(caller, method, path, body)
        assert response.status_code == 403, (method, path)
        assert response.json["error"]["code"] == "forbidden"
    assert stored(User) == users_before
    assert reload(target).active


def test_collaborators_may_list_organisations_to_refer_to(log_in, make_user, make_organization):
    legal_aid = make_organization(kind="legal_aid", name="Trung tâm Trợ giúp pháp lý")
    listed = log_in(make_user(role="collaborator")).get("/api/v1/organizations")
    assert listed.status_code == 200
    assert legal_aid.id in {item["id"] for item in listed.json["items"]}


def test_visitors_must_log_in_first(client, make_user):
    target = make_user(role="collaborator")
    for method, path, body in every_endpoint(target.id):
        response = call(client, method, path, body)
        assert response.status_code == 401, (method, path)
        assert response.json["error"]["code"] == "unauthenticated"


# City admins: every account.

def test_city_admin_lists_every_account_but_their_own(log_in, make_user):
    admin = make_user(role="city_admin")
    others = [make_user(**attributes) for attributes in OUT_OF_OFFICER_SCOPE.values()]
    others.append(make_user(role="collaborator", ward=WARD))
    listed = usernames(log_in(admin).get("/api/v1/users"))
    assert listed == {user.username for user in others}


@pytest.mark.parametrize("action", ["disable", "reset-password"])
def test_a_city_admin_cannot_lock_themselves_out(log_in, make_user, action):
    admin = make_user(role="city_admin")
    client = log_in(admin)
    assert client.post(f"/api/v1/users/{admin.id}/{action}").status_code == 404
    assert client.get("/api/v1/auth/me").status_code == 200


@pytest.mark.parametrize("query, expected", [
    ("role=collaborator", {"collaborator-ninh-kieu", "collaborator-an-binh"}),
    (f"ward_code={OTHER_WARD}", {"collaborator-an-binh", "officer-an-binh"}),
    (f"role=ward_officer&ward_code={OTHER_WARD}", {"officer-an-binh"}),
    ("role=provider", set()),
])
def test_city_admin_filters_accounts_by_role_and_ward(log_in, make_user, query, expected):
    admin = make_user(role="city_admin")
    make_user(role="collaborator", ward=WARD, username="collaborator-ninh-kieu")
    make_user(role="collaborator", ward=OTHER_WARD, username="collaborator-an-binh")
    make_user(role="ward_officer", ward=OTHER_WARD, username="officer-an-binh")
    assert usernames(log_in(admin).get(f"/api/v1/users?{query}")) == expected


@pytest.mark.parametrize("attributes", [
    {"role": "collaborator", "ward": OTHER_WARD}, *OUT_OF_OFFICER_SCOPE.values(),
], ids=["collaborator", *OUT_OF_OFFICER_SCOPE])
def test_city_admin_manages_any_account(log_in, make_user, attributes):
    admin = log_in(make_user(role="city_admin"))
    target = make_user(**attributes)
    response = admin.get(f"/api/v1/users/{target.id}")
    assert response.status_code == 200
    assert response.json["user"]["username"] == target.username
    assert response.json["user"]["role"] == attributes["role"]
    for action in ACTIONS:
        assert admin.post(f"/api/v1/users/{target.id}/{action}").status_code == 200, action


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "shelter_host", "city_admin"])
def test_city_admin_creates_an_account_of_every_role(app, log_in, make_user, make_organization, role):
    admin = log_in(make_user(role="city_admin"))
    body = {"username": f"new-{role}", "display_name": "Người mới", "role": role}
    if role in ("collaborator", "ward_officer"):
        body["ward_code"] = OTHER_WARD
    if role in ("provider", "shelter_host"):
        kind = "shelter" if role == "shelter_host" else "legal_aid"
        body["organization_id"] = make_organization(kind=kind).id
    response = admin.post("/api/v1/users", json=body)
    assert response.status_code == 201, response.json
    user = response.json["user"]
    assert (user["username"], user["role"], user["active"]) == (body["username"], role, True)
    assert user["must_change_password"] is True
    assert (user["ward"] or {}).get("code") == body.get("ward_code")
    assert (user["organization"] or {}).get("id") == body.get("organization_id")
    assert can_log_in(app.test_client(), body["username"], response.json["temporary_password"])


# Ward officers: the collaborators of their own ward, and nothing else.

def test_ward_officer_lists_only_their_wards_collaborators(log_in, make_user):
    officer = make_user(role="ward_officer", ward=WARD)
    mine = make_user(role="collaborator", ward=WARD)
    for attributes in OUT_OF_OFFICER_SCOPE.values():
        make_user(**attributes)
    client = log_in(officer)
    assert usernames(client.get("/api/v1/users")) == {mine.username}
    assert usernames(client.get(f"/api/v1/users?ward_code={OTHER_WARD}")) == set()
    assert usernames(client.get("/api/v1/users?role=ward_officer")) == set()


def test_ward_officer_manages_a_collaborator_of_their_ward(log_in, make_user):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    collaborator = make_user(role="collaborator", ward=WARD)
    assert officer.get(f"/api/v1/users/{collaborator.id}").json["user"]["username"] == collaborator.username
    assert officer.post(f"/api/v1/users/{collaborator.id}/disable").json["user"]["active"] is False
    assert officer.post(f"/api/v1/users/{collaborator.id}/enable").json["user"]["active"] is True
    response = officer.post(f"/api/v1/users/{collaborator.id}/reset-password")
    assert response.status_code == 200
    assert response.json["temporary_password"]


@pytest.mark.parametrize("attributes", OUT_OF_OFFICER_SCOPE.values(), ids=OUT_OF_OFFICER_SCOPE)
def test_ward_officer_cannot_even_see_accounts_outside_their_scope(app, log_in, make_user, attributes):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    target = make_user(**attributes)
    answers = [officer.get(f"/api/v1/users/{target.id}")]
    answers += [officer.post(f"/api/v1/users/{target.id}/{action}") for action in ACTIONS]
    for response in answers:
        assert response.status_code == 404, response.request.path
        assert response.json["error"]["code"] == "not_found"
    assert reload(target).active and not reload(target).must_change_password
    assert can_log_in(app.test_client(), target.username, PASSWORD)


def test_ward_officer_cannot_see_their_own_account_in_the_list_or_manage_it(log_in, make_user):
    officer = make_user(role="ward_officer", ward=WARD)
    client = log_in(officer)
    assert officer.username not in usernames(client.get("/api/v1/users"))
    assert client.post(f"/api/v1/users/{officer.id}/disable").status_code == 404


def test_an_unknown_account_is_not_found(log_in, make_user):
    admin = log_in(make_user(role="city_admin"))
    response = admin.get("/api/v1/users/999999")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_ward_officer_creates_a_collaborator_of_their_ward(log_in, make_user):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    response = officer.post("/api/v1/users", json=NEW_COLLABORATOR)
    assert response.status_code == 201, response.json
    assert response.json["user"]["ward"]["code"] == WARD
    assert response.json["user"]["role"] == "collaborator"


@pytest.mark.parametrize("role, ward_code", [
    ("collaborator", OTHER_WARD),
    ("ward_officer", WARD),
    ("provider", None),
    ("city_admin", None),
])
def test_ward_officer_creates_nothing_but_their_wards_collaborators(log_in, make_user, make_organization,
                                                                    role, ward_code):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    body = {"username": "someone-new", "display_name": "Người mới", "role": role, "ward_code": ward_code}
    if role == "provider":
        body["organization_id"] = make_organization(kind="health").id
    users_before = stored(User)
    for language, expected in [("vi", "Cán bộ xã/phường chỉ tạo được cộng tác viên của xã/phường mình."),
                               ("en", "Ward officers create collaborators of their own ward only.")]:
        response = officer.post("/api/v1/users", json=body, headers={"Accept-Language": language})
        assert response.status_code == 422, response.json
        assert response.json["error"]["fields"] == {"role": [expected]}
    assert stored(User) == users_before


# Organisations: ward officers may read the list; only city admins add to it.

def test_city_admin_registers_an_organization(log_in, make_user):
    admin = log_in(make_user(role="city_admin"))
    response = admin.post("/api/v1/organizations", json=NEW_ORGANIZATION)
    assert response.status_code == 201, response.json
    assert response.json["name"] == NEW_ORGANIZATION["name"]
    assert response.json["ward"]["code"] == WARD
    listed = admin.get("/api/v1/organizations").json["items"]
    assert [item["name"] for item in listed] == [NEW_ORGANIZATION["name"]]


def test_ward_officer_lists_organizations_but_cannot_register_one(log_in, make_user, make_organization):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    city_wide = make_organization(kind="legal_aid", ward=None)
    response = officer.get("/api/v1/organizations")
    assert response.status_code == 200
    assert city_wide.name in [item["name"] for item in response.json["items"]]
    organizations_before = stored(Organization)
    refused = officer.post("/api/v1/organizations", json=NEW_ORGANIZATION)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"
    assert stored(Organization) == organizations_before


# What a reset, a disable and an enable do to the person.

def test_reset_password_gives_a_temporary_password_and_ends_their_sessions(app, log_in, make_user):
    collaborator = make_user(role="collaborator", ward=WARD)
    their_phone = log_in(collaborator)
    admin = log_in(make_user(role="ward_officer", ward=WARD))
    response = admin.post(f"/api/v1/users/{collaborator.id}/reset-password")
    assert response.status_code == 200
    temporary = response.json["temporary_password"]
    assert response.json["user"]["must_change_password"] is True
    assert their_phone.get("/api/v1/auth/me").status_code == 401
    assert not can_log_in(app.test_client(), collaborator.username, PASSWORD)
    fresh = app.test_client()
    assert can_log_in(fresh, collaborator.username, temporary)
    assert fresh.get("/api/v1/auth/me").json["user"]["must_change_password"] is True


def test_a_disabled_account_cannot_log_in_until_enabled_again(app, log_in, make_user):
    collaborator = make_user(role="collaborator", ward=WARD)
    admin = log_in(make_user(role="city_admin"))
    assert admin.post(f"/api/v1/users/{collaborator.id}/disable").json["user"]["active"] is False
    response = app.test_client().post("/api/v1/auth/login",
                                      json={"username": collaborator.username, "password": PASSWORD})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_credentials"  # the same answer as a wrong password
    assert admin.post(f"/api/v1/users/{collaborator.id}/enable").json["user"]["active"] is True
    assert can_log_in(app.test_client(), collaborator.username, PASSWORD)


# The audit trail.

def audit_events(action, target_id):
    with database.connection_context():
        query = AuditEvent.select().where(AuditEvent.action == action, AuditEvent.target_id == str(target_id))
        return list(query)


@pytest.mark.parametrize("manager_role", ["city_admin", "ward_officer"])
def test_every_change_leaves_an_audit_event_with_its_actor_and_no_password(log_in, make_user, manager_role):
    manager = make_user(role=manager_role, ward=WARD)
    client = log_in(manager)
    created = client.post("/api/v1/users", json=NEW_COLLABORATOR).json
    user_id = created["user"]["id"]
    secrets = [PASSWORD, created["temporary_password"]]
    for action in ACTIONS:
        response = client.post(f"/api/v1/users/{user_id}/{action}")
        assert response.status_code == 200, action
        secrets.append(response.json.get("temporary_password", PASSWORD))
    for action in ["user.created", "user.disabled", "user.enabled", "user.password_reset"]:
        (event,) = audit_events(action, user_id)
        assert event.actor_id == manager.id, action
        assert (event.target_type, event.target_id, event.ward_code) == ("User", str(user_id), WARD)
        details = json.loads(event.details)
        assert not any("password" in key for key in details), action
        assert not any(secret in event.details for secret in secrets), action


def test_registering_an_organization_is_audited(log_in, make_user):
    admin = make_user(role="city_admin")
    organization = log_in(admin).post("/api/v1/organizations", json=NEW_ORGANIZATION).json
    (event,) = audit_events("organization.created", organization["id"])
    assert (event.actor_id, event.target_type, event.target_id) == (admin.id, "Organization",
                                                                    str(organization["id"]))
