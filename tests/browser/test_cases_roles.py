"""Each role's case screens: the collaborator's consent and conflict screens, the ward officer's list and
decisions, the provider's referral inbox; a city admin has none."""
import uuid

import pytest

from case_work import HEALTH_STATION, create_case, group, wait_for_first_sync

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

CASE_LINKS = ["Ghi nhận trường hợp mới", "Trường hợp của tôi", "Trường hợp của xã/phường", "Chuyển gửi đến đơn vị"]
COLLABORATOR_NAME = "Cộng tác viên Phường Ninh Kiều (minh hoạ)"


def health_station_id(client):
    return next(item["id"] for item in client.get("/api/v1/organizations").json["items"]
                if item["name"] == HEALTH_STATION)


def refer(client, case):
    answer = client.post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": health_station_id(client),
        "note": "Cần khám thương tích."})
    assert answer.status_code == 201, answer.json
    return answer.json


@pytest.mark.parametrize(("username", "links"), [
    ("demo-collaborator", CASE_LINKS[:2]),
    ("demo-ward_officer", CASE_LINKS[2:3]),
    ("demo-provider", CASE_LINKS[3:]),
    ("demo-city_admin", []),
])
def test_each_role_gets_only_its_case_screens(page, live_server, log_in, set_pin, username, links):
    log_in(page, username)
    if username == "demo-collaborator":
        set_pin(page)
    page.get_by_role("link", name="Đổi mật khẩu").wait_for()
    assert [name for name in CASE_LINKS if page.get_by_role("link", name=name).count()] == links
    if username == "demo-city_admin":
        for path in ("/cases", "/case-new", "/ward-cases", "/referrals", "/case?id=x"):
            page.goto(f"{live_server}/#{path}")
            page.wait_for_url("**/#/home")


def test_a_referral_needs_consent_which_can_be_recorded_later(page, log_in, set_pin, api_as, live_server):
    collaborator = api_as("demo-collaborator")
    case = create_case(collaborator, name="Võ Thị Chưa Đồng Ý", share=False)
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)

    page.goto(f"{live_server}/#/case?id={case['id']}")
    page.get_by_text("Chưa thể chuyển gửi").wait_for()
    assert page.get_by_label("Dịch vụ cần chuyển gửi").count() == 0
    page.get_by_role("link", name="hãy ghi nhận sự đồng ý").click()
    group(page, "chia sẻ thông tin").get_by_label("Có, đồng ý").check()
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.get_by_label("Dịch vụ cần chuyển gửi").wait_for()

    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    stored = collaborator.get(f"/api/v1/cases/{case['id']}").json
    assert stored["consent"]["share_with_services"] is True
    assert stored["version"] == 2


def test_an_offline_change_that_meets_a_newer_server_version_asks_the_person(
        page, context, log_in, set_pin, api_as, wait_for_service_worker, live_server):
    collaborator = api_as("demo-collaborator")
    officer = api_as("demo-ward_officer")
    case = create_case(collaborator, name="Đặng Thị Xung Đột", share=False)
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    # Offline only once the worker holds the whole shell: the edit screen's script is part of it.
    wait_for_service_worker(page)

    context.set_offline(True)
    page.goto(f"{live_server}/#/case-edit?id={case['id']}&step=2")
    group(page, "chia sẻ thông tin").get_by_label("Có, đồng ý").check()
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.wait_for_url("**/#/case?id=*")

    # Meanwhile, at the ward office, the case is assigned: the server's version moves on.
    collaborators = officer.get("/api/v1/users?role=collaborator").json["items"]
    collaborator_id = next(item["id"] for item in collaborators if item["username"] == "demo-collaborator")
    assigned = officer.post(f"/api/v1/cases/{case['id']}/assign",
                            json={"base_version": 1, "collaborator_id": collaborator_id})
    assert assigned.status_code == 200, assigned.json

    context.set_offline(False)
    page.goto(f"{live_server}/#/home")
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_role("link", name="1 thao tác cần bạn xem lại").click()
    page.get_by_role("link", name="Xem hai bản và chọn").click()
    card = page.locator("section.card", has=page.get_by_role("heading", name="Sự đồng ý"))
    assert "Bản của bạn" in card.inner_text() and "Bản trên máy chủ" in card.inner_text()
    card.get_by_label("Giữ bản của tôi").check()
    page.get_by_role("button", name="Lưu lựa chọn").click()
    page.wait_for_url("**/#/case?id=*")

    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    stored = collaborator.get(f"/api/v1/cases/{case['id']}").json
    assert stored["consent"]["share_with_services"] is True
    assert stored["assigned_to"]["id"] == collaborator_id
    assert stored["version"] == 3


def test_a_ward_officer_assigns_closes_and_reopens_a_case(page, log_in, api_as):
    case = create_case(api_as("demo-collaborator"), name="Bùi Thị Điều Phối")
    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Trường hợp của xã/phường").click()
    page.get_by_role("link", name="Mới", exact=True).click()
    page.locator(f"a[data-code='{case['code']}']").click()
    page.get_by_text("Bùi Thị Điều Phối").wait_for()

    page.get_by_label("Cộng tác viên theo dõi").select_option(label=COLLABORATOR_NAME)
    page.get_by_role("button", name="Giao việc").click()
    page.get_by_text(f"Người theo dõi: {COLLABORATOR_NAME}").wait_for()
    page.locator(".case-head").get_by_text("Đang hỗ trợ").wait_for()

    page.get_by_label("Ghi chú mới").fill("Đã liên hệ trạm y tế.")
    page.get_by_role("button", name="Thêm ghi chú").click()
    page.locator(".note-item", has_text="Đã liên hệ trạm y tế.").wait_for()

    page.get_by_label("Lý do đóng").select_option(label="Đã đáp ứng nhu cầu")
    page.get_by_role("button", name="Đóng trường hợp").click()
    page.get_by_text("Đã đóng: Đã đáp ứng nhu cầu").wait_for()
    page.get_by_role("button", name="Mở lại trường hợp").click()
    page.locator(".case-head").get_by_text("Đang hỗ trợ").wait_for()


def test_a_ward_officer_acting_on_a_stale_copy_sees_the_current_case(page, log_in, api_as):
    case = create_case(api_as("demo-collaborator"), name="Lý Thị Cũ")
    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Trường hợp của xã/phường").click()
    page.locator(f"a[data-code='{case['code']}']").click()
    page.get_by_text("Lý Thị Cũ").wait_for()
    closed = api_as("demo-ward_officer").post(f"/api/v1/cases/{case['id']}/close",
                                              json={"base_version": 1, "closure_reason": "moved_away"})
    assert closed.status_code == 200, closed.json

    page.get_by_label("Lý do đóng").select_option(label="Đã đáp ứng nhu cầu")
    page.get_by_role("button", name="Đóng trường hợp").click()
    page.get_by_text("Trường hợp vừa được cập nhật ở nơi khác.").wait_for()
    page.get_by_text("Đã đóng: Đã chuyển đi nơi khác").wait_for()


def test_a_provider_answers_referrals_from_the_inbox(page, log_in, api_as):
    collaborator = api_as("demo-collaborator")
    first = create_case(collaborator, name="Hồ Thị Nhận")
    accepted = refer(collaborator, first)
    second = create_case(collaborator, name="Hồ Thị Từ Chối")
    declined = refer(collaborator, second)

    log_in(page, "demo-provider")
    page.get_by_role("link", name="Chuyển gửi đến đơn vị").click()
    card = page.locator(f"[data-referral='{accepted['id']}']")
    card.get_by_text("Hồ Thị Nhận").wait_for()
    assert "Câu chuyện riêng" not in page.content()
    card.get_by_role("button", name="Nhận hỗ trợ").click()
    card = page.locator(f"[data-referral='{accepted['id']}']")
    card.get_by_text("Đơn vị đã nhận").wait_for()
    card.get_by_label("Kết quả hỗ trợ").select_option(label="Đã cung cấp dịch vụ")
    card.get_by_label("Ghi chú (không bắt buộc)").fill("Đã khám, cấp giấy chứng nhận thương tích.")
    card.get_by_role("button", name="Ghi nhận đã hoàn thành").click()
    page.locator(f"[data-referral='{accepted['id']}']").get_by_text("Đã hoàn thành", exact=True).wait_for()

    other = page.locator(f"[data-referral='{declined['id']}']")
    other.get_by_text("Từ chối…").click()
    other.get_by_label("Lý do từ chối").select_option(label="Không liên lạc được")
    other.get_by_role("button", name="Từ chối chuyển gửi").click()
    page.locator(f"[data-referral='{declined['id']}']").get_by_text("Bị từ chối").wait_for()

    referrals = {item["id"]: item for item in collaborator.get("/api/v1/referrals").json["items"]}
    assert referrals[accepted["id"]]["status"] == "done"
    assert referrals[accepted["id"]]["outcome"] == "success"
    assert referrals[declined["id"]]["status"] == "rejected"
