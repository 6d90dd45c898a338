"""The service worker's side of reminders: a push always shows a notification, discreet when the message
cannot be read; a tapped notification opens only this app; a subscription the browser renews keeps the
person's choices on the server."""
import json

import pytest

from push_work import (
    DISCREET_TITLE, FAKE_PUSH_SERVICE, browser_keys, close_notifications, deliver_push, held_subscription,
    shown_notifications,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def installed(page, context, live_server, wait_for_service_worker):
    """A page whose worker is installed and controls it, with notifications allowed."""
    context.grant_permissions(["notifications"], origin=live_server)
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    return page


def test_a_push_shows_its_title_body_and_tag_and_keeps_the_path_to_open(installed, context, live_server):
    message = {"title": "Tháng hành động", "body": "Còn 7 ngày (15/11): cùng hành động.", "url": "/#/campaigns",
               "tag": "r9"}
    deliver_push(context, installed, live_server, json.dumps(message))
    [shown] = shown_notifications(installed)
    assert (shown["title"], shown["body"], shown["tag"]) == (message["title"], message["body"], "r9")
    assert shown["data"] == {"url": "/#/campaigns"}
    assert shown["icon"] == f"{live_server}/icons/icon-192.png"


@pytest.mark.parametrize("data", ["", "not json", json.dumps({"body": "no title"}), json.dumps(["a", "list"])],
                         ids=["empty", "not-json", "no-title", "not-an-object"])
def test_a_push_that_cannot_be_read_still_shows_the_discreet_reminder(installed, context, live_server, data):
    deliver_push(context, installed, live_server, data)
    [shown] = shown_notifications(installed)
    assert shown["title"] == DISCREET_TITLE
    assert shown["body"] == "Mở Bình An để xem."
    assert shown["data"] == {"url": "/"}
    close_notifications(installed)


def the_worker(context):
    """Playwright's handle on the installed service worker, to call functions of its script."""
    return context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")


# (what the message says to open, what a tap opens); the origin is prefixed to both.
TARGETS = [
    ({"url": "/#/campaigns"}, "/#/campaigns"),
    ({"url": "/#/referrals"}, "/#/referrals"),
    ({"url": "/"}, "/"),
    ({"url": "https://evil.example/"}, "/"),
    ({"url": "javascript:alert(1)"}, "/"),
    ({"url": "//evil.example/#/campaigns"}, "/"),
    ({"url": "/\\evil.example/"}, "/"),
    ({"url": "data:text/html,hi"}, "/"),
    ({"url": 7}, "/"),
    ({}, "/"),
    (None, "/"),
]


def test_a_tapped_notification_opens_only_a_path_of_this_app(installed, context, live_server):
    # A headless notification cannot be tapped: the routing is a function of the installed worker's own
    # script, called there (not a copy of it).
    worker = the_worker(context)
    opened = worker.evaluate("([cases, origin]) => cases.map((data) => notificationTarget(data, origin))",
                             [[data for data, _ in TARGETS], live_server])
    assert opened == [f"{live_server}{path}" for _, path in TARGETS]


def test_a_renewed_subscription_keeps_the_choices_made_for_the_old_one(installed, context, live_server, live_app):
    app, _ = live_app
    old = f"{FAKE_PUSH_SERVICE}/renew/old"
    created = app.test_client().post("/api/v1/push/subscriptions", json={
        "endpoint": old, "keys": browser_keys(), "topics": ["campaigns"], "language": "en", "ward_code": "31135",
        "discreet": False})
    assert created.status_code == 201, created.json
    renewed = f"{FAKE_PUSH_SERVICE}/renew/new"
    worker = the_worker(context)
    # What the browser hands the pushsubscriptionchange event: the old subscription and the new one.
    with context.expect_event("request", lambda request: request.url.endswith("/push/subscriptions")) as sent:
        worker.evaluate("""([old, renewed, keys]) => renewSubscription(
            { endpoint: old, options: { applicationServerKey: null } },
            { toJSON: () => ({ endpoint: renewed, expirationTime: null, keys }) })""", [old, renewed, browser_keys()])
    assert {key: sent.value.post_data_json[key] for key in ("endpoint", "old_endpoint")} == {
        "endpoint": renewed, "old_endpoint": old}
    assert held_subscription(live_app, old) is None
    subscription = held_subscription(live_app, renewed)
    assert (subscription.language, subscription.ward_id, subscription.discreet) == ("en", "31135", False)
