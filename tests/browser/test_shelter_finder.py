"""Staff looking for a bed: the counts, kept fresh while the screen is open; a bed request sent from a case's
shelter referral and accepted by the host; and the city's coverage against its 2030 targets."""
import uuid

import pytest

from case_work import create_case, wait_for_first_sync
from conftest import PHONE
from shelter_work import CITY_SHELTER, NINH_KIEU, NINH_KIEU_ADDRESS, report_count, staff_shelter

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

# The finder asks again every 10 s (pwa/js/shelters/shelter-finder.js): a change shows at the next round.
REFRESH_MS = 10_000


def card(page, name):
    return page.locator("li[data-shelter]", has_text=name)


def test_staff_see_counts_and_a_hosts_change_within_seconds(page, log_in, api_as):
    host = api_as("demo-shelter_host")
    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Tìm nơi tạm lánh").click()
    beds = card(page, NINH_KIEU).locator(".free-beds")
    beds.wait_for()
    shelter = staff_shelter(api_as("demo-ward_officer"), NINH_KIEU)
    assert beds.inner_text() == f"Còn {shelter['free_beds']}/4 chỗ trống"
    card(page, NINH_KIEU).get_by_text("Phụ nữ có con nhỏ đi cùng").wait_for()
    assert NINH_KIEU_ADDRESS not in page.content()

    changed = 1 if shelter["free_beds"] != 1 else 3
    report_count(host, shelter["id"], changed)
    # The phone's clock jumps to the finder's next round instead of the test waiting ten seconds for it.
    page.clock.fast_forward(REFRESH_MS)
    card(page, NINH_KIEU).locator(f".free-beds[data-count='{changed}']").wait_for()
    card(page, NINH_KIEU).get_by_text("Vừa cập nhật").wait_for()

    # Whom a shelter takes narrows the list: only the city shelter takes boys.
    page.get_by_label("Tiếp nhận").select_option(label="Trẻ em trai dưới 16 tuổi")
    card(page, NINH_KIEU).wait_for(state="detached")
    assert card(page, CITY_SHELTER).is_visible()


def shelter_referral(collaborator, case_id):
    """A shelter referral of the case to the Ninh Kiều shelter's organisation, made through the API."""
    organizations = collaborator.get("/api/v1/organizations").json["items"]
    [organization] = [item for item in organizations if item["name"] == NINH_KIEU]
    answer = collaborator.post(f"/api/v1/cases/{case_id}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "shelter", "organization_id": organization["id"],
        "note": "Cần chỗ ở ngay tối nay."})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_a_collaborator_asks_for_a_bed_and_the_host_accepts_it(
        page, browser, live_server, log_in, set_pin, unlock, api_as):
    collaborator = api_as("demo-collaborator")
    officer = api_as("demo-ward_officer")
    case = create_case(collaborator, name="Phạm Thị Cần Chỗ")
    shelter_referral(collaborator, case["id"])
    shelter = staff_shelter(officer, NINH_KIEU)
    report_count(api_as("demo-shelter_host"), shelter["id"], 2)

    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    page.goto(f"{live_server}/#/case?id={case['id']}")
    page.get_by_role("link", name="Gửi yêu cầu chỗ ở").click()
    page.get_by_role("heading", name="Chọn nơi tạm lánh").wait_for()
    # Only the shelters of the organisation the survivor agreed to be referred to.
    assert card(page, CITY_SHELTER).count() == 0
    chosen = card(page, NINH_KIEU)
    chosen.get_by_text("Chọn nơi này").click()
    chosen.get_by_label("Số chỗ cần").select_option("1")
    chosen.get_by_label("Ghi chú cho nơi tạm lánh (không bắt buộc)").fill("Có một bé 4 tuổi đi cùng.")
    chosen.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url(f"**/#/case?id={case['id']}")
    request = page.locator(".bed-request", has_text=NINH_KIEU)
    request.get_by_text("Đang chờ trả lời").wait_for()
    assert NINH_KIEU_ADDRESS not in page.content()

    host_page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN").new_page()
    try:
        log_in(host_page, "demo-shelter_host")
        host_page.get_by_role("link", name="Cập nhật số chỗ trống").click()
        counter = host_page.locator(".shelter-counter", has_text=NINH_KIEU)
        counter.locator(".bed-count[data-count='2']").wait_for()
        asked = host_page.locator("li[data-request]", has_text=case["code"])
        asked.get_by_text("Có một bé 4 tuổi đi cùng.").wait_for()
        assert "Phạm Thị Cần Chỗ" not in host_page.content()
        asked.get_by_role("button", name="Nhận", exact=True).tap()
        asked.get_by_text("Đã nhận").wait_for()
        counter.locator(".bed-count[data-count='1']").wait_for()
    finally:
        host_page.context.close()
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == 1

    # The person who asked now learns where to take the survivor.
    page.reload()
    unlock(page)
    page.locator(".bed-request", has_text=NINH_KIEU).get_by_text("Đã nhận").wait_for()
    page.get_by_text(NINH_KIEU_ADDRESS).wait_for()


def test_a_host_declines_a_request_with_a_reason(page, live_server, log_in, api_as):
    collaborator = api_as("demo-collaborator")
    case = create_case(collaborator, name="Lý Thị Từ Chối Chỗ")
    referral = shelter_referral(collaborator, case["id"])
    shelter = staff_shelter(api_as("demo-ward_officer"), NINH_KIEU)
    asked = collaborator.post(f"/api/v1/referrals/{referral['id']}/bed-requests", json={
        "id": str(uuid.uuid4()), "shelter_id": shelter["id"], "beds": 1})
    assert asked.status_code == 201, asked.json

    log_in(page, "demo-shelter_host")
    page.get_by_role("link", name="Cập nhật số chỗ trống").click()
    request = page.locator("li[data-request]", has_text=case["code"])
    request.get_by_text("Từ chối…").click()
    request.get_by_role("button", name="Từ chối yêu cầu").click()
    request.get_by_text("Hãy trả lời câu này.").wait_for()
    request.get_by_label("Lý do từ chối").select_option(label="Người cần hỗ trợ không muốn đến nữa")
    request.get_by_role("button", name="Từ chối yêu cầu").click()
    page.locator("li[data-request]", has_text=case["code"]).get_by_text("Bị từ chối").wait_for()
    [stored] = [item for item in collaborator.get("/api/v1/bed-requests").json["items"]
                if item["id"] == asked.json["id"]]
    assert stored["status"] == "declined" and stored["decline_reason"] == "survivor_declined"
    assert stored["address"] is None


def test_the_city_admin_sees_coverage_against_the_2030_targets(page, log_in, api_as):
    coverage = api_as("demo-city_admin").get("/api/v1/shelters/coverage").json
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Độ phủ nơi tạm lánh").click()
    page.get_by_text(f"{coverage['wards_with_shelter']}/103").wait_for()
    page.get_by_text(f"{coverage['city_shelters_standardised']}/5").wait_for()
    missing = page.locator(".ward-list li")
    assert missing.count() == len(coverage["wards_without_shelter"]) == 103 - coverage["wards_with_shelter"]
    assert page.locator(".ward-list li[data-ward='31147']").inner_text() == "Phường Tân An"
