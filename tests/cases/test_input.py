"""Bad input to the cases API: a 422 naming each bad field where marshmallow puts it (nested sections nest:
{"survivor": {"age_group": [...]}}), in Vietnamese unless the browser asks for English; never a 500; and
nothing stored, not even an audit event, by a request that failed."""
from datetime import timedelta

import pytest

from server.audit.models import AuditEvent
from server.cases import vocabulary
from server.cases.models import Case, FollowUp, Referral
from server.cases.risk import QUESTIONS

from tests.cases.conftest import MISSING, build_case_body
from tests.clock import TEST_TODAY
from tests.conftest import WARD
from tests.escaped import escaped_json

REQUIRED = ("Missing data for required field.", "Bắt buộc phải nhập.")
NOT_NULL = ("Field may not be null.", "Không được để trống.")
UNKNOWN_FIELD = ("Unknown field.", "Trường này không được chấp nhận.")
NOT_A_STRING = ("Not a valid string.", "Phải là chuỗi ký tự.")
NOT_A_BOOLEAN = ("Not a valid boolean.", "Phải là đúng hoặc sai.")
NOT_AN_INTEGER = ("Not a valid integer.", "Phải là số nguyên.")
NOT_A_UUID = ("Not a valid UUID.", "Mã định danh (UUID) không hợp lệ.")
NOT_A_DATE = ("Not a valid date.", "Ngày không hợp lệ.")
NOT_A_LIST = ("Not a valid list.", "Phải là một danh sách.")
NOT_A_MAPPING = ("Not a valid mapping type.", "Phải là một đối tượng.")
INVALID_TYPE = ("Invalid input type.", "Kiểu dữ liệu không hợp lệ.")
INVALID_VALUE = ("Invalid value.", "Giá trị không hợp lệ.")
NUL = ("Contains a character that is not allowed.", "Có ký tự không được phép.")
FUTURE = ("The date cannot be in the future.", "Ngày không được ở tương lai.")
TOO_EARLY = ("The date is too far in the past.", "Ngày quá xa trong quá khứ.")
AFTER_REPORT = ("The incident cannot come after the report.", "Ngày xảy ra không được sau ngày tiếp nhận.")
NOT_AWARE = ("Not a valid aware datetime.", "Ngày giờ phải kèm múi giờ.")
AN_ID = ("Must be greater than or equal to 1 and less than or equal to 2147483647.", "Phải từ 1 đến 2147483647.")
A_PAGE = ("Must be greater than or equal to 1 and less than or equal to 100000.", "Phải từ 1 đến 100000.")
ONE_TO_A_HUNDRED = ("Must be greater than or equal to 1 and less than or equal to 100.", "Phải từ 1 đến 100.")


def one_of(choices):
    listed = ", ".join(choices)
    return (f"Must be one of: {listed}.", f"Phải là một trong các giá trị: {listed}.")


def too_long(limit):
    return (f"Longer than maximum length {limit}.", f"Không được dài quá {limit} ký tự.")


IN_THREE_DAYS = (TEST_TODAY + timedelta(days=3)).isoformat()

# name: (overrides of a valid body as build_case_body takes them, path of the bad field, its message)
BAD_CASES = {
    "no id": ({"id": MISSING}, ("id",), REQUIRED),
    "id not a UUID": ({"id": "case-0001"}, ("id",), NOT_A_UUID),
    "id a number": ({"id": 12345}, ("id",), NOT_A_UUID),
    "no intake channel": ({"intake_channel": MISSING}, ("intake_channel",), REQUIRED),
    "no survivor section": ({"survivor": MISSING}, ("survivor",), REQUIRED),
    "no incident section": ({"incident": MISSING}, ("incident",), REQUIRED),
    "no consent section": ({"consent": MISSING}, ("consent",), REQUIRED),
    "null survivor section": ({"survivor": None}, ("survivor",), NOT_NULL),
    "survivor section a string": ({"survivor": "Lan, 30, female"}, ("survivor", "_schema"), INVALID_TYPE),
    "no age group": ({"survivor": {"age_group": MISSING}}, ("survivor", "age_group"), REQUIRED),
    "no sex": ({"survivor": {"sex": MISSING}}, ("survivor", "sex"), REQUIRED),
    "no report date": ({"incident": {"report_date": MISSING}}, ("incident", "report_date"), REQUIRED),
    "no type of violence": ({"incident": {"gbv_type": MISSING}}, ("incident", "gbv_type"), REQUIRED),
    "consent to statistics unanswered": ({"consent": {"statistics": MISSING}}, ("consent", "statistics"), REQUIRED),
    "unknown intake channel": ({"intake_channel": "sms"}, ("intake_channel",), one_of(vocabulary.INTAKE_CHANNELS)),
    "unknown age group": ({"survivor": {"age_group": "18-59"}}, ("survivor", "age_group"),
                          one_of(vocabulary.AGE_GROUPS)),
    "unknown sex": ({"survivor": {"sex": "f"}}, ("survivor", "sex"), one_of(vocabulary.SEXES)),
    "a context given as the type": ({"incident": {"gbv_type": "domestic"}}, ("incident", "gbv_type"),
                                    one_of(vocabulary.GBV_TYPES)),
    "unknown context": ({"incident": {"contexts": ["domestic", "school"]}}, ("incident", "contexts", "1"),
                        one_of(vocabulary.CONTEXTS)),
    "unknown relationship": ({"incident": {"perpetrator_relationship": "husband"}},
                             ("incident", "perpetrator_relationship"), one_of(vocabulary.PERPETRATOR_RELATIONSHIPS)),
    "unknown risk question": ({"risk": {"answers": {"curfew": True}}}, ("risk", "answers", "curfew", "key"),
                              one_of(QUESTIONS)),
    "contexts a string": ({"incident": {"contexts": "domestic"}}, ("incident", "contexts"), NOT_A_LIST),
    "contexts an object": ({"incident": {"contexts": {"domestic": True}}}, ("incident", "contexts"), NOT_A_LIST),
    "a context a number": ({"incident": {"contexts": [3]}}, ("incident", "contexts", "0"), NOT_A_STRING),
    "disability a word": ({"survivor": {"disability": "sometimes"}}, ("survivor", "disability"), NOT_A_BOOLEAN),
    "consent null": ({"consent": {"share_with_services": None}}, ("consent", "share_with_services"), NOT_NULL),
    "consent a word": ({"consent": {"share_with_services": "maybe"}}, ("consent", "share_with_services"),
                       NOT_A_BOOLEAN),
    "risk answer a word": ({"risk": {"answers": {"weapon": "knife"}}}, ("risk", "answers", "weapon", "value"),
                           NOT_A_BOOLEAN),
    "risk answers a list": ({"risk": {"answers": ["weapon"]}}, ("risk", "answers"), NOT_A_MAPPING),
    "narrative a number": ({"narrative": 42}, ("narrative",), NOT_A_STRING),
    "name a list": ({"survivor": {"name": ["Lan"]}}, ("survivor", "name"), NOT_A_STRING),
    "date in day-first form": ({"incident": {"incident_date": "01/03/2026"}}, ("incident", "incident_date"),
                               NOT_A_DATE),
    "a day that does not exist": ({"incident": {"report_date": "2026-02-30"}}, ("incident", "report_date"),
                                  NOT_A_DATE),
    "incident after the report": ({"incident": {"incident_date": "2026-03-05", "report_date": "2026-03-04"}},
                                  ("incident", "incident_date"), AFTER_REPORT),
    "report date in the future": ({"incident": {"incident_date": None, "report_date": IN_THREE_DAYS}},
                                  ("incident", "report_date"), FUTURE),
    "report date at the end of time": ({"incident": {"report_date": "9999-12-31"}}, ("incident", "report_date"),
                                       FUTURE),
    "report date before 2000": ({"incident": {"incident_date": None, "report_date": "1999-12-31"}},
                                ("incident", "report_date"), TOO_EARLY),
    "incident date before 1900": ({"incident": {"incident_date": "1899-12-31"}}, ("incident", "incident_date"),
                                  TOO_EARLY),
    "incident date in year 1": ({"incident": {"incident_date": "0001-01-01"}}, ("incident", "incident_date"),
                                TOO_EARLY),
    "unknown field in survivor": ({"survivor": {"religion": "none"}}, ("survivor", "religion"), UNKNOWN_FIELD),
    "unknown field in incident": ({"incident": {"location": "market"}}, ("incident", "location"), UNKNOWN_FIELD),
    "unknown field in consent": ({"consent": {"police": True}}, ("consent", "police"), UNKNOWN_FIELD),
    "unknown field in risk": ({"risk": {"score": 9}}, ("risk", "score"), UNKNOWN_FIELD),
    "status set by the client": ({"status": "closed"}, ("status",), UNKNOWN_FIELD),
    "ward set by the client": ({"ward_code": "31150"}, ("ward_code",), UNKNOWN_FIELD),
    "author set by the client": ({"created_by": 1}, ("created_by",), UNKNOWN_FIELD),
    "narrative too long": ({"narrative": "x" * 20001}, ("narrative",), too_long(20000)),
    "name too long": ({"survivor": {"name": "x" * 201}}, ("survivor", "name"), too_long(200)),
    "safety plan too long": ({"risk": {"safety_plan": "x" * 5001}}, ("risk", "safety_plan"), too_long(5000)),
    "NUL in the narrative": ({"narrative": "She said\x00"}, ("narrative",), NUL),
    "NUL in the survivor's name": ({"survivor": {"name": "Lan\x00"}}, ("survivor", "name"), NUL),
    "NUL in a context": ({"incident": {"contexts": ["domestic\x00"]}}, ("incident", "contexts", "0"), NUL),
    # Half an emoji (JSON.stringify of a cut string) used to reach the cipher: a 500.
    "half an emoji in the narrative": ({"narrative": "Chị kể \ud83d"}, ("narrative",), NUL),
    "half an emoji in the address": ({"survivor": {"address": "\udc00 Hẻm 5"}}, ("survivor", "address"), NUL),
    "a noncharacter in the safety plan": ({"risk": {"safety_plan": "\uffff"}}, ("risk", "safety_plan"), NUL),
    "an escape sequence in the narrative": ({"narrative": "\x1b[2J"}, ("narrative",), NUL),
    # A name shown in lists must not reverse the text after it.
    "a right-to-left override in the name": ({"survivor": {"name": "Lan\u202e"}}, ("survivor", "name"), NUL),
    "a bidi isolate in the name": ({"survivor": {"name": "\u2066Lan\u2069"}}, ("survivor", "name"), NUL),
}


def nested(path, message):
    """{"survivor": {"age_group": [message]}} from ("survivor", "age_group")."""
    tree = [message]
    for key in reversed(path):
        tree = {key: tree}
    return tree


@pytest.fixture
def collaborator(log_in, make_user):
    return log_in(make_user(role="collaborator", ward=WARD))


@pytest.mark.parametrize("overrides, path, messages", BAD_CASES.values(), ids=BAD_CASES)
def test_a_bad_new_case_is_refused_field_by_field(collaborator, count, overrides, path, messages):
    body = build_case_body(**overrides)
    events_before = count(AuditEvent)
    english, vietnamese = messages
    for headers, expected in [({}, vietnamese), ({"Accept-Language": "en"}, english)]:
        response = collaborator.post("/api/v1/cases", headers=headers, **escaped_json(body))
        assert response.status_code == 422, response.json
        assert response.json["error"]["code"] == "validation_failed"
        assert response.json["error"]["fields"] == nested(path, expected)
    assert (count(Case), count(AuditEvent)) == (0, events_before)


def test_an_empty_body_names_every_required_section(collaborator, count):
    response = collaborator.post("/api/v1/cases", json={})
    assert response.json["error"]["message"] == "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại."
    assert response.json["error"]["fields"] == {
        name: [REQUIRED[1]] for name in ("id", "intake_channel", "survivor", "incident", "consent")}
    assert count(Case) == 0


BAD_UPDATES = {
    "no base version": ({"narrative": "x"}, ("base_version",), REQUIRED),
    "base version as text": ({"base_version": "1"}, ("base_version",), NOT_AN_INTEGER),
    "base version zero": ({"base_version": 0}, ("base_version",), AN_ID),
    "status set by the client": ({"base_version": 1, "status": "closed"}, ("status",), UNKNOWN_FIELD),
    "half a survivor section": ({"base_version": 1, "survivor": {"name": "Lan", "sex": "female"}},
                                ("survivor", "age_group"), REQUIRED),
    "incident after the report": ({"base_version": 1, "incident": {
        "gbv_type": "rape", "incident_date": "2026-03-09", "report_date": "2026-03-04",
        "perpetrator_relationship": "stranger"}}, ("incident", "incident_date"), AFTER_REPORT),
    "another case's id": ({"base_version": 1, "id": "00000000-0000-4000-8000-000000000000"}, ("id",),
                          INVALID_VALUE),
    "NUL in the narrative": ({"base_version": 1, "narrative": "\x00"}, ("narrative",), NUL),
}


@pytest.mark.parametrize("body, path, messages", BAD_UPDATES.values(), ids=BAD_UPDATES)
def test_a_bad_update_is_refused_and_changes_nothing(collaborator, stored_case, body, path, messages):
    case = collaborator.post("/api/v1/cases", json=build_case_body()).json
    response = collaborator.patch(f"/api/v1/cases/{case['id']}", json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["fields"] == nested(path, messages[1])
    stored = stored_case(case["id"])
    assert (stored.version, stored.narrative, stored.survivor_name) == (1, case["narrative"],
                                                                        case["survivor"]["name"])


BAD_QUERIES = {
    "unknown status": ("status=pending", ("status",), one_of(vocabulary.STATUSES)),
    "page zero": ("page=0", ("page",), A_PAGE),
    "page a word": ("page=first", ("page",), NOT_AN_INTEGER),
    "no rows a page": ("per_page=0", ("per_page",), ONE_TO_A_HUNDRED),
    "too many rows a page": ("per_page=101", ("per_page",), ONE_TO_A_HUNDRED),
    "NUL in the status": ("status=new%00", ("status",), NUL),
}


@pytest.mark.parametrize("query, path, messages", BAD_QUERIES.values(), ids=BAD_QUERIES)
def test_a_bad_list_query_is_refused(collaborator, query, path, messages):
    response = collaborator.get(f"/api/v1/cases?{query}")
    assert response.status_code == 422
    assert response.json["error"]["fields"] == nested(path, messages[1])


BAD_FOLLOW_UPS = {
    "no note": ({"note": MISSING}, ("note",), REQUIRED),
    "an empty note": ({"note": ""}, ("note",), ("Length must be between 1 and 10000.",
                                                 "Độ dài phải từ 1 đến 10000 ký tự.")),
    "a note too long": ({"note": "x" * 10001}, ("note",), ("Length must be between 1 and 10000.",
                                                           "Độ dài phải từ 1 đến 10000 ký tự.")),
    "a time without its zone": ({"occurred_at": "2026-03-05T10:00:00"}, ("occurred_at",), NOT_AWARE),
    "id not a UUID": ({"id": "note-1"}, ("id",), NOT_A_UUID),
    "half an emoji in the note": ({"note": "Đã gặp \ud83d"}, ("note",), NUL),
    "a time before 2000": ({"occurred_at": "1999-12-31T23:00:00+07:00"}, ("occurred_at",), TOO_EARLY),
    "a time in year 1": ({"occurred_at": "0001-01-01T00:00:00+00:00"}, ("occurred_at",), TOO_EARLY),
    "a time three days ahead": ({"occurred_at": f"{IN_THREE_DAYS}T10:00:00+07:00"}, ("occurred_at",), FUTURE),
}


@pytest.mark.parametrize("changes, path, messages", BAD_FOLLOW_UPS.values(), ids=BAD_FOLLOW_UPS)
def test_a_bad_follow_up_is_refused(collaborator, count, changes, path, messages):
    case = collaborator.post("/api/v1/cases", json=build_case_body()).json
    body = {"id": "5b3f1f8e-0a4b-4c55-9a8e-2d1c3b4a5f60", "note": "Visited.",
            "occurred_at": "2026-03-05T10:00:00+07:00", **changes}
    body = {key: value for key, value in body.items() if value != MISSING}
    response = collaborator.post(f"/api/v1/cases/{case['id']}/follow-ups", **escaped_json(body))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == nested(path, messages[1])
    assert count(FollowUp) == 0


# Numbers and dates no phone would send, but a careless or hostile client might: never a 500.
EXTREMES = {
    "a base version beyond 64 bits": ("patch", "", {"base_version": 2 ** 63, "narrative": "x"}, (409, 422)),
    "an assignee id beyond 64 bits": ("post", "/assign", {"base_version": 1, "collaborator_id": 2 ** 63}, (422,)),
    "an organisation id beyond 64 bits": ("post", "/referrals", {
        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "service_type": "health", "organization_id": 2 ** 63},
        (422,)),
    "a follow-up at the end of time": ("post", "/follow-ups", {
        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "note": "x", "occurred_at": "9999-12-31T23:00:00-07:00"},
        (422,)),
}


@pytest.mark.parametrize("method, path, body, statuses", EXTREMES.values(), ids=EXTREMES)
def test_extreme_values_are_a_client_error_not_a_crash(log_in, make_user, count, method, path, body, statuses):
    author = make_user(role="collaborator", ward=WARD)
    case = log_in(author).post("/api/v1/cases", json=build_case_body()).json
    caller = log_in(make_user(role="ward_officer", ward=WARD))
    response = getattr(caller, method)(f"/api/v1/cases/{case['id']}{path}", json=body)
    assert response.status_code in statuses, response.json
    assert (count(FollowUp), count(Referral)) == (0, 0)


@pytest.mark.parametrize("page", ["1000000000000000000", "100000000000000000000"])
def test_a_page_far_beyond_the_last_is_not_a_crash(collaborator, page):
    response = collaborator.get(f"/api/v1/cases?page={page}")
    assert response.status_code in (200, 422), response.json
    if response.status_code == 200:
        assert response.json["items"] == []
