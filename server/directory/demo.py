"""Demo public services for the two demo wards, so that "Tìm trợ giúp" shows something after ``make run``.

Every name is marked "(minh hoạ)" and every number is of the demo series 0900 000 xxx (the demo shelters use
it too): nobody may mistake them for a real office. Running it twice adds nothing.
"""
from server.accounts.models import Organization
from server.db import database
from server.directory.models import PublicService

OFFICE_HOURS = "7:00–11:30, 13:30–17:00, thứ Hai – thứ Sáu"
# ward code -> [(kind, name, phone, address, hours, note_vi, note_en)]. A name that is also a demo organisation
# (server/demo.py) is linked to it, as a real health station with staff accounts would be.
DEMO_SERVICES = {
    "31135": [
        ("ward_committee", "UBND phường Ninh Kiều (minh hoạ)", "0900 000 101", "Số 2, đường minh hoạ, phường Ninh Kiều",
         OFFICE_HOURS, "Tiếp nhận tin báo về bạo lực gia đình, bạo lực trên cơ sở giới.",
         "Takes reports of domestic and gender-based violence."),
        ("health", "Trạm Y tế phường Ninh Kiều (minh hoạ)", "0900 000 102", "Số 8, đường minh hoạ, phường Ninh Kiều",
         "24/7", "Khám, sơ cứu và cấp giấy chứng nhận thương tích.", "Examination, first aid and injury certificates."),
        ("police", "Công an phường Ninh Kiều (minh hoạ)", "0900 000 103", "Số 10, đường minh hoạ, phường Ninh Kiều",
         "24/7", "Khi đang nguy hiểm, hãy gọi 113.", "In immediate danger, call 113."),
        ("womens_union", "Hội Liên hiệp Phụ nữ phường Ninh Kiều (minh hoạ)", "0900 000 104", None, OFFICE_HOURS,
         "Tư vấn, đồng hành cùng phụ nữ và trẻ em.", "Counselling and support for women and children."),
    ],
    "31150": [
        ("ward_committee", "UBND phường An Bình (minh hoạ)", "0900 000 111", "Số 3, đường minh hoạ, phường An Bình",
         OFFICE_HOURS, "Tiếp nhận tin báo về bạo lực gia đình, bạo lực trên cơ sở giới.",
         "Takes reports of domestic and gender-based violence."),
        ("health", "Trạm Y tế phường An Bình (minh hoạ)", "0900 000 112", "Số 6, hẻm minh hoạ, phường An Bình",
         "24/7", "Khám, sơ cứu và cấp giấy chứng nhận thương tích.", "Examination, first aid and injury certificates."),
        ("legal_aid", "Điểm trợ giúp pháp lý phường An Bình (minh hoạ)", "0900 000 113", None,
         "8:00–11:00, thứ Năm", "Trợ giúp pháp lý miễn phí cho người bị bạo lực gia đình.",
         "Free legal aid for survivors of domestic violence."),
    ],
}


def seed_demo_services():
    """Add the demo services a demo ward lacks (by name); returns how many were added."""
    added = 0
    with database.atomic():
        for ward_code, services in DEMO_SERVICES.items():
            for kind, name, phone, address, hours, note_vi, note_en in services:
                if PublicService.select().where(PublicService.ward == ward_code, PublicService.name == name).exists():
                    continue
                PublicService.create(ward=ward_code, kind=kind, name=name,
                                     organization=Organization.get_or_none(Organization.name == name), phone=phone,
                                     address=address, hours=hours, note_vi=note_vi, note_en=note_en)
                added += 1
    return added
