"""Work reminders: a host whose shelter count went stale, a service whose referral waits. They reach only the
staff they concern, once per episode, and never carry anything of a case."""
import json
import uuid
from datetime import timedelta


from server.clock import now_utc
from server.db import database
from server.push.fanout import deliver_due, sender_from_config
from server.push.models import Reminder
from server.scheduler import Jobs
from tests.cases.conftest import CANARY
from tests.clock import at
from tests.conftest import WARD
from tests.shelters.conftest import set_count


def run_jobs(app, moment=None):
    with at(moment or now_utc()):
        Jobs(app).run_all_once()


def test_a_stale_count_reminds_the_shelters_hosts_once_per_episode(app, push_service, subscribe_browser,
                                                                    make_shelter, host_of, make_user):
    shelter = make_shelter(free_beds=3)
    host = host_of(shelter)
    host_phone = subscribe_browser(user=host, topics=["work"], discreet=False)
    other_host_phone = subscribe_browser(user=host_of(make_shelter(free_beds=2)), topics=["work"])
    campaigns_only = subscribe_browser(user=host_of(shelter), topics=["campaigns"])

    run_jobs(app)  # fresh counts: nothing to say
    assert push_service.received == []

    stale_at = now_utc() + timedelta(hours=25)
    set_count(app, shelter.id, 3, observed_at=now_utc())
    run_jobs(app, stale_at)
    run_jobs(app, stale_at + timedelta(minutes=15))  # still the same stale count: no second reminder
    (message,) = push_service.received_by(host_phone)
    assert message.payload["title"] == "Cập nhật số chỗ trống"
    assert message.payload["url"] == "/#/my-shelter"
    assert push_service.received_by(campaigns_only) == []
    # The other shelter is stale too, and its own host hears of it (discreetly, as they chose by default).
    assert [m.payload["title"] for m in push_service.received_by(other_host_phone)] == ["Bạn có một nhắc nhở mới"]

    set_count(app, shelter.id, 2, observed_at=stale_at)  # the host taps a new count...
    run_jobs(app, stale_at + timedelta(hours=25))  # ... which goes stale in its turn: a new episode
    assert len(push_service.received_by(host_phone)) == 2


def test_a_waiting_referral_reminds_the_service_without_a_word_of_the_case(
        app, push_service, subscribe_browser, make_user, make_organization, make_case, log_in):
    health = make_organization(kind="health", ward=WARD)
    provider = make_user(role="provider", organization=health)
    provider_phone = subscribe_browser(user=provider, topics=["work"], discreet=False)
    unrelated_provider = subscribe_browser(user=make_user(role="provider"), topics=["work"], discreet=False)
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author)
    referral = log_in(author).post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": health.id,
        "note": "Canary referral note"}).json

    run_jobs(app, now_utc() + timedelta(hours=47))
    assert push_service.received == []
    run_jobs(app, now_utc() + timedelta(hours=49))
    run_jobs(app, now_utc() + timedelta(hours=50))

    (message,) = push_service.received_by(provider_phone)
    assert message.payload["url"] == "/#/referrals"
    assert push_service.received_by(unrelated_provider) == []
    sent = json.dumps(message.payload, ensure_ascii=False)
    for secret in [*CANARY.values(), "Canary referral note", case["id"], case["code"], referral["id"]]:
        assert secret not in sent
    with app.app_context(), database.connection_context():
        stored = Reminder.get(Reminder.source == "referral")
    for secret in [*CANARY.values(), case["id"], case["code"]]:
        assert secret not in stored.title_vi + stored.body_vi + stored.title_en + stored.body_en


def test_an_answered_referral_is_not_reminded(app, push_service, subscribe_browser, make_user, make_organization,
                                              make_case, log_in):
    health = make_organization(kind="health", ward=WARD)
    provider = make_user(role="provider", organization=health)
    subscribe_browser(user=provider, topics=["work"])
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author)
    referral = log_in(author).post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": health.id}).json
    answer = log_in(provider).post(f"/api/v1/referrals/{referral['id']}/accept", json={"version": 1})
    assert answer.status_code == 200, answer.json

    run_jobs(app, now_utc() + timedelta(hours=49))
    assert push_service.received == []
    with app.app_context(), database.connection_context():
        assert deliver_due(sender_from_config(app)) == {}
