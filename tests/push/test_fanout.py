"""Sending a reminder: every subscriber it is for gets it once, decrypted by their own key; the push
services' answers prune, retry or fail as RFC 8030 says; two senders never send a message twice."""
import json
from datetime import timedelta


from server.accounts.models import User
from server.clock import now_utc
from server.db import database
from server.push import ledger
from server.push.fanout import endpoint_hash
from server.push.models import Delivery, Reminder, Subscription
from server.push.payloads import MAX_PAYLOAD_BYTES
from server.push.sender import Outcome
from tests.clock import at
from tests.conftest import OTHER_WARD, WARD, race


def rows(app, model, *where):
    with app.app_context(), database.connection_context():
        query = model.select()
        return list(query.where(*where) if where else query)


def test_each_subscriber_gets_the_reminder_once_in_their_language_and_discreet_by_default(
        app, push_service, subscribe_browser, make_reminder, send):
    discreet_vi = subscribe_browser()
    discreet_en = subscribe_browser(language="en")
    open_vi = subscribe_browser(discreet=False)
    reminder_id = make_reminder(title_vi="Ngày 25/11", body_vi="Còn 7 ngày (25/11): hãy lên tiếng.")

    assert send(reminder_id) == {"sent": 3}

    (first,) = push_service.received_by(discreet_vi)
    assert first.payload == {"title": "Bạn có một nhắc nhở mới", "body": "Mở Bình An để xem.",
                             "url": "/#/campaigns", "tag": f"r{reminder_id}"}
    assert push_service.received_by(discreet_en)[0].payload["title"] == "You have a new reminder"
    assert push_service.received_by(open_vi)[0].payload["title"] == "Ngày 25/11"
    assert push_service.received_by(open_vi)[0].payload["body"] == "Còn 7 ngày (25/11): hãy lên tiếng."
    assert first.headers["urgency"] == "normal"
    assert first.headers["topic"] == f"binhan-r{reminder_id}"
    assert 0 < int(first.headers["ttl"]) <= 3 * 24 * 3600
    assert first.vapid_claims["sub"].startswith("mailto:")
    assert push_service.rejected == []
    # Sending again sends nothing: the reminder is done and every phone has its ledger line.
    assert send(reminder_id) is None
    assert len(push_service.received) == 3
    assert [r.state for r in rows(app, Reminder)] == ["done"]
    assert sorted(d.state for d in rows(app, Delivery)) == ["sent"] * 3


def test_the_audience_decides_who_receives(app, push_service, subscribe_browser, make_reminder, send, make_user):
    officer = make_user(role="ward_officer", ward=WARD)
    other_officer = make_user(role="ward_officer", ward=OTHER_WARD)
    collaborator = make_user(role="collaborator", ward=WARD)
    gone_officer = make_user(role="ward_officer", ward=WARD)
    resident_here = subscribe_browser(ward_code=WARD)
    resident_nowhere = subscribe_browser()
    officer_phone = subscribe_browser(user=officer, topics=["campaigns", "work"])
    other_officer_phone = subscribe_browser(user=other_officer, topics=["campaigns"])
    collaborator_phone = subscribe_browser(user=collaborator, topics=["work"])
    subscribe_browser(user=gone_officer, topics=["campaigns"])
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == gone_officer.id).execute()  # the account was disabled

    send(make_reminder(residents=False, roles=["ward_officer"], wards=[WARD]))
    assert {r.token for r in push_service.received} == {officer_phone.token}

    push_service.received.clear()
    send(make_reminder(residents=True, roles=["ward_officer"]))
    assert {r.token for r in push_service.received} == {
        resident_here.token, resident_nowhere.token, officer_phone.token, other_officer_phone.token}

    push_service.received.clear()
    send(make_reminder(residents=False, users=[collaborator.id, officer.id], topic="work"))
    assert {r.token for r in push_service.received} == {officer_phone.token, collaborator_phone.token}


def test_a_subscription_the_push_service_says_is_gone_is_deleted_and_only_that_one(
        app, push_service, subscribe_browser, make_reminder, send):
    gone = subscribe_browser(answers=[(410, {})])
    not_found = subscribe_browser(answers=[(404, {})])
    refused = subscribe_browser(answers=[(400, {})])
    fine = subscribe_browser()

    assert send(make_reminder()) == {"sent": 1, "gone": 2, "failed": 1}

    kept = {s.endpoint for s in rows(app, Subscription)}
    assert kept == {refused.endpoint, fine.endpoint}  # a 400 is our fault, not the browser's: kept
    assert sorted(d.state for d in rows(app, Delivery)) == ["failed", "gone", "gone", "sent"]
    assert [r.state for r in rows(app, Reminder)] == ["done"]
    assert [r.token for r in push_service.received] == [fine.token]
    assert not_found.token and gone.token


def test_a_410_does_not_delete_a_subscription_renewed_meanwhile(app, push_service, subscribe_browser,
                                                                make_reminder):
    browser = subscribe_browser()
    reminder_id = make_reminder()
    with app.app_context(), database.connection_context():
        (claimed,) = ledger.claim_page(Reminder.get_by_id(reminder_id), "run-a", now_utc(), 10)
        # While the message was on its way, the browser renewed its subscription with a new endpoint.
        Subscription.update(endpoint_hash=endpoint_hash("https://push.example/new")).execute()
        outcome = Outcome(claimed.delivery_id, claimed.subscription_id, claimed.endpoint, "gone", 410)
        ledger.record([outcome], {claimed.delivery_id: 0}, {claimed.delivery_id: endpoint_hash(browser.endpoint)},
                      now_utc(), now_utc() + timedelta(days=1), 5)
        assert Subscription.select().count() == 1


def test_too_many_requests_is_retried_after_the_time_the_push_service_asked(
        app, push_service, subscribe_browser, make_reminder, send):
    browser = subscribe_browser(answers=[(429, {"Retry-After": "600"})])
    reminder_id = make_reminder()
    start = now_utc()

    with at(start):
        assert send(reminder_id) == {"retry": 1}
    (delivery,) = rows(app, Delivery)
    assert (delivery.state, delivery.status_code, delivery.attempts) == ("retry", 429, 1)
    assert delivery.next_attempt_at >= start + timedelta(seconds=600)
    assert rows(app, Reminder)[0].state == "sending"

    with at(start + timedelta(seconds=300)):
        assert send(reminder_id) == {}  # not yet: the push service asked for ten minutes
    assert push_service.received == []

    with at(start + timedelta(seconds=601)):
        assert send(reminder_id) == {"sent": 1}
    assert len(push_service.received_by(browser)) == 1
    assert rows(app, Reminder)[0].state == "done"
    assert rows(app, Delivery)[0].attempts == 2


def test_a_push_service_that_asks_to_slow_down_is_not_asked_again_in_the_same_run(
        app, push_service, subscribe_browser, make_reminder, send):
    app.config["PUSH_CONCURRENCY"] = 1  # one message at a time: the order is the order of the page
    slow_down = subscribe_browser(answers=[(429, {"Retry-After": "120"})])
    for _ in range(3):
        subscribe_browser()
    with app.app_context(), database.connection_context():  # first in the page (pages go by id)
        Subscription.update(id="00000000-0000-4000-8000-000000000000").where(
            Subscription.endpoint_hash == endpoint_hash(slow_down.endpoint)).execute()

    counts = send(make_reminder())

    assert counts == {"retry": 4}  # same origin: the three others wait too, untried
    assert push_service.received == []
    assert sorted(d.status_code or 0 for d in rows(app, Delivery)) == [0, 0, 0, 429]


def test_server_errors_are_retried_with_backoff_then_given_up(app, push_service, subscribe_browser,
                                                              make_reminder, send):
    app.config["PUSH_MAX_ATTEMPTS"] = 2
    subscribe_browser(answers=[(503, {}), (503, {})])
    reminder_id = make_reminder()
    start = now_utc()
    with at(start):
        assert send(reminder_id) == {"retry": 1}
    (delivery,) = rows(app, Delivery)
    assert delivery.next_attempt_at >= start + timedelta(seconds=60)  # no Retry-After: our own backoff
    with at(start + timedelta(minutes=2)):
        assert send(reminder_id) == {"retry": 1}
    assert rows(app, Delivery)[0].state == "failed"
    assert rows(app, Reminder)[0].state == "done"
    assert len(rows(app, Subscription)) == 1  # a server error says nothing about the subscription


def test_two_senders_at_once_send_each_message_once(app, push_service, subscribe_browser, make_reminder, send):
    push_service.delay_seconds = 0.01
    browsers = [subscribe_browser() for _ in range(30)]
    reminder_id = make_reminder()

    results = race(lambda: send(reminder_id, page_size=7), lambda: send(reminder_id, page_size=7))

    assert sorted(r.token for r in push_service.received) == sorted(b.token for b in browsers)
    assert sum((r or {}).get("sent", 0) for r in results) == 30
    assert rows(app, Reminder)[0].state == "done"


def test_a_run_that_died_mid_send_is_finished_by_the_next_without_duplicates(
        app, push_service, subscribe_browser, make_reminder, send):
    browsers = [subscribe_browser() for _ in range(12)]
    reminder_id = make_reminder()
    start = now_utc()
    # A scheduler claims the reminder and a page of five, then dies before sending anything.
    with app.app_context(), database.connection_context():
        assert ledger.claim_reminder(reminder_id, "dead-run", start)
        assert len(ledger.claim_page(Reminder.get_by_id(reminder_id), "dead-run", start, 5)) == 5

    with at(start + timedelta(minutes=1)):
        assert send(reminder_id) is None  # its lease still holds: nobody else sends
    with at(start + ledger.LEASE + timedelta(seconds=1)):
        assert send(reminder_id) == {"sent": 12}

    assert sorted(r.token for r in push_service.received) == sorted(b.token for b in browsers)


def test_a_reminder_nobody_sent_before_it_expired_is_marked_missed(app, push_service, subscribe_browser,
                                                                   make_reminder):
    from server.push.fanout import deliver_due, sender_from_config

    subscribe_browser()
    reminder_id = make_reminder(expires_in=timedelta(hours=1))
    with at(now_utc() + timedelta(hours=2)):
        with app.app_context(), database.connection_context():
            assert deliver_due(sender_from_config(app)) == {}
    assert rows(app, Reminder, Reminder.id == reminder_id)[0].state == "missed"
    assert push_service.received == []


def test_the_payload_stays_under_one_kilobyte_whatever_the_campaign_says(
        app, push_service, subscribe_browser, make_reminder, send):
    subscribe_browser(discreet=False)
    long_vietnamese = "Bạo lực giới: hãy gọi ngay, đừng im lặng \"ở nhà\" \\ " * 40
    send(make_reminder(title_vi="Tháng hành động vì bình đẳng giới " * 5, body_vi=long_vietnamese))

    (received,) = push_service.received
    plaintext = json.dumps(received.payload, ensure_ascii=False).encode()
    assert len(plaintext) <= MAX_PAYLOAD_BYTES
    assert received.payload["body"].endswith("…")
    assert received.payload["url"] == "/#/campaigns"
