"""The outbox's harder paths: an operation the server refuses waits for the person (retry or discard), never
retried forever nor dropped unseen; and Background Sync only wakes the page, which does the sending."""
import pytest

from case_work import create_case, refer_to_health_station, sync_now, wait_for_first_sync
from conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def set_consent(client, case_id, version, share):
    answer = client.patch(f"/api/v1/cases/{case_id}", json={
        "base_version": version, "consent": {"share_with_services": share, "statistics": True}})
    assert answer.status_code == 200, answer.json
    return answer.json["version"]


def test_a_refused_operation_waits_for_the_person_to_send_it_again(
        page, context, live_server, log_in, set_pin, api_as, wait_for_service_worker):
    collaborator = api_as("demo-collaborator")
    officer = api_as("demo-ward_officer")
    case = create_case(collaborator, name="Mai Thị Từ Chối")
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    # Offline only once the worker holds the whole shell: the edit screen's script is part of it.
    wait_for_service_worker(page)

    context.set_offline(True)
    page.goto(f"{live_server}/#/case?id={case['id']}")
    refer_to_health_station(page)
    # Meanwhile the survivor withdrew consent, recorded at the ward office.
    version = set_consent(officer, case["id"], 1, share=False)

    context.set_offline(False)
    page.goto(f"{live_server}/#/home")
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").click()
    page.get_by_text("chưa đồng ý chia sẻ thông tin").first.wait_for()
    # Not retried on its own: another sync leaves it where it is.
    page.goto(f"{live_server}/#/home")
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").wait_for()
    assert collaborator.get(f"/api/v1/cases/{case['id']}").json["referrals"] == []

    set_consent(officer, case["id"], version, share=True)
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").click()
    page.get_by_role("button", name="Gửi lại").click()
    page.get_by_text("Không có gì cần xem lại.").wait_for()
    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    assert len(collaborator.get(f"/api/v1/cases/{case['id']}").json["referrals"]) == 1


def test_a_discarded_operation_is_gone_and_only_it(
        page, context, live_server, log_in, set_pin, api_as, wait_for_service_worker):
    collaborator = api_as("demo-collaborator")
    case = create_case(collaborator, name="Mai Thị Bỏ")
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    # Offline only once the worker holds the whole shell: the edit screen's script is part of it.
    wait_for_service_worker(page)

    context.set_offline(True)
    page.goto(f"{live_server}/#/case?id={case['id']}")
    refer_to_health_station(page)
    page.get_by_label("Ghi chú mới").fill("Ghi chú vẫn phải tới nơi.")
    page.get_by_role("button", name="Thêm ghi chú").click()
    page.locator(".note-item", has_text="Ghi chú vẫn phải tới nơi.").wait_for()
    set_consent(api_as("demo-ward_officer"), case["id"], 1, share=False)

    context.set_offline(False)
    page.goto(f"{live_server}/#/home")
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Bỏ thao tác này").click()
    page.get_by_text("Không có gì cần xem lại.").wait_for()
    stored = collaborator.get(f"/api/v1/cases/{case['id']}").json
    assert stored["referrals"] == []
    assert [note["note"] for note in stored["follow_ups"]] == ["Ghi chú vẫn phải tới nơi."]


def test_background_sync_wakes_the_page_which_sends_the_outbox(
        page, context, live_server, log_in, set_pin, wait_for_service_worker, api_as):
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    wait_for_service_worker(page)
    assert page.evaluate("async () => 'sync' in (await navigator.serviceWorker.ready)")

    # The server unreachable while the note is saved, without the browser going offline: when it is back,
    # no "online" event tells the page, and only the worker's sync event can wake it.
    page.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    page.get_by_role("link", name="Trường hợp của tôi").click()
    page.locator(".case-item").first.click()
    case_id = page.evaluate("() => new URLSearchParams(location.hash.split('?')[1]).get('id')")
    page.get_by_label("Ghi chú mới").fill("Gửi nhờ Background Sync.")
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/api/v1/sync")):
        page.get_by_role("button", name="Thêm ghi chú").click()
    # Every send asked for meanwhile has failed too (a note saved during a sync gets one more after it).
    wait_until(page, "async () => !(await (await import('/js/cases/case-sync.js')).syncStatus()).syncing")
    page.unroute("**/api/v1/sync")
    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 1 thao tác").wait_for()

    registrations = []
    cdp = context.new_cdp_session(page)
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("() => true")
    [registration] = [item for item in registrations if not item["isDeleted"]]
    cdp.send("ServiceWorker.dispatchSyncEvent", {
        "origin": live_server, "registrationId": registration["registrationId"], "tag": "binhan-outbox",
        "lastChance": False})
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    notes = api_as("demo-collaborator").get(f"/api/v1/cases/{case_id}").json["follow_ups"]
    assert [note["note"] for note in notes].count("Gửi nhờ Background Sync.") == 1


def test_a_case_closed_at_the_office_leaves_the_phone(page, live_server, log_in, set_pin, api_as, read_indexeddb):
    case = create_case(api_as("demo-collaborator"), name="Trương Thị Đã Xong")
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    kept = len(read_indexeddb(page)["records"])
    page.goto(f"{live_server}/#/case?id={case['id']}")
    page.get_by_text("Trương Thị Đã Xong").wait_for()

    closed = api_as("demo-ward_officer").post(f"/api/v1/cases/{case['id']}/close",
                                              json={"base_version": 1, "closure_reason": "needs_met"})
    assert closed.status_code == 200, closed.json
    sync_now(page)
    assert len(read_indexeddb(page)["records"]) == kept - 1
    page.goto(f"{live_server}/#/cases")
    page.get_by_role("heading", name="Trường hợp của tôi").wait_for()
    assert page.locator(f"a[data-code='{case['code']}']").count() == 0


SYNC_URL = "**/api/v1/sync"
REFUSED_NOTE = "Ghi chú bị từ chối (refuse-me)."
BATCH_REFUSAL = {"error": {"code": "validation_failed", "message": "Máy chủ không nhận lô này (thử nghiệm).",
                           "fields": {"operations": ["Tối đa 200 thao tác trong một lần gửi."]}}}
OUTAGE = {"error": {"code": "database_unavailable", "message": "Máy chủ tạm thời chưa truy cập được dữ liệu.",
                    "fields": {}}}


def add_note(page, text):
    page.get_by_label("Ghi chú mới").fill(text)
    page.get_by_role("button", name="Thêm ghi chú").click()
    page.locator(".note-item", has_text=text).wait_for()


def test_a_batch_refused_whole_for_its_content_is_not_sent_again_for_ever(page, live_server, log_in, set_pin, api_as):
    """A 422 for the batch itself (not per operation) used to leave it pending: sent again on every trigger,
    refused every time, with everything behind it stuck."""
    collaborator = api_as("demo-collaborator")
    case = create_case(collaborator, name="Mai Thị Lô")
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    posts = []
    mode = {"now": "no network"}

    def server(route):
        posts.append(route.request.post_data)
        if mode["now"] == "no network":
            route.abort("internetdisconnected")
        elif "refuse-me" in route.request.post_data:
            route.fulfill(status=422, json=BATCH_REFUSAL)
        else:
            route.continue_()

    page.route(SYNC_URL, server)
    page.goto(f"{live_server}/#/case?id={case['id']}")
    add_note(page, "Ghi chú đến nơi.")
    add_note(page, REFUSED_NOTE)
    mode["now"] = "refusing the batch that holds one note"
    before = len(posts)
    sync_now(page)
    # The batch of two, then each alone: the good note goes, the refused one waits for the person.
    assert len(posts) - before == 3
    notes = [note["note"] for note in collaborator.get(f"/api/v1/cases/{case['id']}").json["follow_ups"]]
    assert notes == ["Ghi chú đến nơi."]

    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    before = len(posts)
    sync_now(page)
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").click()
    page.get_by_text("Máy chủ không nhận lô này (thử nghiệm).").first.wait_for()
    assert len(posts) == before  # not sent again on its own

    page.unroute(SYNC_URL)
    page.get_by_role("button", name="Gửi lại").click()  # the person's choice, once the server takes it
    page.get_by_text("Không có gì cần xem lại.").wait_for()
    sync_now(page)  # returns once the sync the retry started is over
    assert len(collaborator.get(f"/api/v1/cases/{case['id']}").json["follow_ups"]) == 2


def test_a_server_without_its_database_is_like_no_network(page, live_server, log_in, set_pin, api_as):
    """503 database_unavailable: the work waits on the phone, the status says "no network", not an error."""
    collaborator = api_as("demo-collaborator")
    case = create_case(collaborator, name="Mai Thị Chờ")
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    page.route(SYNC_URL, lambda route: route.fulfill(status=503, json=OUTAGE, headers={"Retry-After": "30"}))
    page.goto(f"{live_server}/#/case?id={case['id']}")
    add_note(page, "Ghi chú lúc máy chủ gặp sự cố.")
    sync_now(page)

    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 1 thao tác").wait_for()
    page.get_by_text("Chưa có mạng. Dữ liệu vẫn an toàn trên máy").wait_for()
    assert page.get_by_role("link", name="thao tác cần bạn xem lại").count() == 0

    page.unroute(SYNC_URL)
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    notes = [note["note"] for note in collaborator.get(f"/api/v1/cases/{case['id']}").json["follow_ups"]]
    assert notes == ["Ghi chú lúc máy chủ gặp sự cố."]
