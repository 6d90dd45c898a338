"""Steps the case tests share: filling in the new-case wizard as a collaborator would, recording cases
straight through the API, and waiting for a sync."""
import uuid

from server.clock import city_today

HEALTH_STATION = "Trạm Y tế phường Ninh Kiều (minh hoạ)"


def group(page, legend_text):
    """The fieldset of one question, found by words of its legend."""
    return page.locator("fieldset", has=page.locator("legend", has_text=legend_text))


def fill_case(page, *, name, narrative, share=True, threats=False):
    """Goes through the four question steps and stops on the review step."""
    page.get_by_role("heading", name="Tiếp nhận và người bị bạo lực").wait_for()
    page.get_by_label("Người dân đến trực tiếp").check()
    page.get_by_label("25–59 tuổi").check()
    page.get_by_label("Nữ", exact=True).check()
    page.get_by_label("Người dân tộc thiểu số").check()
    page.get_by_label("Họ tên (không bắt buộc)").fill(name)
    page.get_by_label("Số điện thoại (không bắt buộc)").fill("0901234567")
    page.get_by_role("button", name="Tiếp tục").click()

    page.get_by_role("heading", name="Sự việc").wait_for()
    page.get_by_label("Bạo lực thể chất").check()
    page.get_by_label("Bạo lực gia đình").check()
    page.get_by_label("Vợ/chồng hoặc người yêu hiện tại").check()
    page.get_by_label("Tóm tắt sự việc (không bắt buộc)").fill(narrative)
    page.get_by_role("button", name="Tiếp tục").click()

    page.get_by_role("heading", name="Sự đồng ý").wait_for()
    group(page, "chia sẻ thông tin").get_by_label("Có, đồng ý" if share else "Không đồng ý").check()
    group(page, "số liệu thống kê").get_by_label("Có, đồng ý").check()
    page.get_by_role("button", name="Tiếp tục").click()

    page.get_by_role("heading", name="Mức độ nguy hiểm", exact=True).wait_for()
    page.get_by_label("Bạo lực ngày càng thường xuyên hoặc nặng hơn?").check()
    if threats:
        page.get_by_label("Người gây bạo lực đã từng doạ giết").check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Xem lại và lưu").wait_for()


def save_case(page):
    """Saves the reviewed case; returns its code (BA-XXXXXXXX) as the case screen shows it."""
    page.get_by_role("button", name="Lưu trường hợp").click()
    page.wait_for_url("**/#/case?id=*")
    code = page.locator("h1.case-code").inner_text()
    assert code.startswith("BA-") and len(code) == 11
    return code


def refer_to_health_station(page):
    page.get_by_label("Dịch vụ cần chuyển gửi").select_option(label="Y tế")
    page.get_by_label("Đơn vị nhận", exact=True).select_option(label=HEALTH_STATION)
    page.get_by_label("Ghi chú cho đơn vị nhận (không bắt buộc)").fill("Khám thương tích ở tay.")
    page.get_by_role("button", name="Chuyển gửi", exact=True).click()
    page.locator(".referral", has_text=HEALTH_STATION).get_by_text("Chờ gửi").wait_for()


def waiting_count(page):
    return int(page.locator(".sync-waiting").get_attribute("data-count"))


def wait_for_first_sync(page):
    """Until the home screen says a sync went through (the organisations to refer to are then cached)."""
    page.wait_for_function("() => document.querySelector('.sync-last')?.textContent.includes('lần cuối')")


def sync_now(page):
    """Runs a sync from the page and returns when it is over (the "sync now" button does the same, but a test
    cannot see when it has finished)."""
    page.evaluate("async () => (await import('/js/core/sync.js')).syncNow()")


def create_case(client, *, name, share=True):
    """Records a case through the API (as the client's account) and returns the server's answer."""
    body = {
        "id": str(uuid.uuid4()), "intake_channel": "walk_in",
        "survivor": {"name": name, "age_group": "25-59", "sex": "female"},
        "incident": {"gbv_type": "physical_assault", "report_date": city_today().isoformat(),
                     "perpetrator_relationship": "intimate_partner"},
        "narrative": "Câu chuyện riêng của người bị bạo lực.",
        "consent": {"share_with_services": share, "statistics": True},
    }
    answer = client.post("/api/v1/cases", json=body)
    assert answer.status_code == 201, answer.json
    return answer.json
