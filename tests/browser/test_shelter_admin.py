"""The city admin keeps the shelter register: a shelter's facts corrected from the screen reach the server,
and a capacity the server refuses is explained beside its field."""
import pytest

from shelter_work import NINH_KIEU, staff_shelter

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def open_ninh_kieu(page, log_in):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Độ phủ nơi tạm lánh").click()
    page.get_by_role("link", name="Quản lý nơi tạm lánh").click()
    page.get_by_role("link", name="Thêm nơi tạm lánh").wait_for()
    page.locator("li[data-shelter]", has_text=NINH_KIEU).get_by_role("link", name="Sửa").click()
    page.get_by_role("heading", name="Sửa thông tin nơi tạm lánh").wait_for()


def test_the_city_admin_corrects_a_shelters_capacity_and_address(page, log_in, api_as):
    admin = api_as("demo-city_admin")
    shelter_id = staff_shelter(admin, NINH_KIEU)["id"]
    before = admin.get(f"/api/v1/shelters/{shelter_id}").json
    open_ninh_kieu(page, log_in)
    capacity = page.get_by_label("Sức chứa (số chỗ ở)")
    assert capacity.input_value() == str(before["capacity"])

    capacity.fill("0")
    page.get_by_role("button", name="Lưu").click()
    page.locator(".field.has-error", has_text="Sức chứa").get_by_text("Phải từ 1 đến 500.").wait_for()
    assert admin.get(f"/api/v1/shelters/{shelter_id}").json["capacity"] == before["capacity"]

    try:
        capacity.fill("6")
        page.get_by_label("Địa chỉ (không bắt buộc)").fill("Số 34, đường minh hoạ mới")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url("**/#/shelter-admin")
        page.locator("li[data-shelter]", has_text=NINH_KIEU).get_by_text("Sức chứa: 6 chỗ").wait_for()
        after = admin.get(f"/api/v1/shelters/{shelter_id}").json
        assert (after["capacity"], after["address"]) == (6, "Số 34, đường minh hoạ mới")
        assert {key: after[key] for key in ("name", "accepts", "public_line", "organization_id", "active")} == {
            key: before[key] for key in ("name", "accepts", "public_line", "organization_id", "active")}
    finally:
        # Other browser tests share this server and expect the demo shelter as seeded.
        restored = admin.patch(f"/api/v1/shelters/{shelter_id}", json={
            "capacity": before["capacity"], "address": before["address"]})
        assert restored.status_code == 200, restored.json
