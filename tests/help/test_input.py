"""Bad input to the public help form: a 4xx naming what is wrong, in Vietnamese unless the phone asks for
English; never a 500; and nothing stored by a refused request (no request, no audit event, no reminder)."""
import io
import json

import pytest

from tests.conftest import WARD
from tests.escaped import escaped_json
from tests.help.conftest import HELP_REQUESTS, MISSING, help_body

REQUIRED = ("Missing data for required field.", "Bắt buộc phải nhập.")
NOT_NULL = ("Field may not be null.", "Không được để trống.")
UNKNOWN_FIELD = ("Unknown field.", "Trường này không được chấp nhận.")
NOT_A_STRING = ("Not a valid string.", "Phải là chuỗi ký tự.")
NOT_A_UUID = ("Not a valid UUID.", "Mã định danh (UUID) không hợp lệ.")
NUL = ("Contains a character that is not allowed.", "Có ký tự không được phép.")
BAD_PHONE = ("Not a valid phone number.", "Số điện thoại không hợp lệ.")
PHONE_NEEDED = ("A phone number is needed for this way of contact.", "Cần số điện thoại để liên hệ theo cách này.")
NO_WARD = ("No ward has this code.", "Không có xã/phường nào mang mã này.")
WARD_FORMAT = ("String does not match expected pattern.", "Không đúng định dạng.")
METHODS = ("Must be one of: phone, sms, zalo, none.", "Phải là một trong các giá trị: phone, sms, zalo, none.")
LANGUAGES = ("Must be one of: vi, en.", "Phải là một trong các giá trị: vi, en.")


def too_long(limit):
    return (f"Longer than maximum length {limit}.", f"Không được dài quá {limit} ký tự.")


# name: (overrides of a valid form, {field: (English, Vietnamese), or a list of them})
BAD_FORMS = {
    "no id": ({"id": MISSING}, {"id": REQUIRED}),
    "id not a UUID": ({"id": "help-0001"}, {"id": NOT_A_UUID}),
    "id a number": ({"id": 12345}, {"id": NOT_A_UUID}),
    "id null": ({"id": None}, {"id": NOT_NULL}),
    "no contact method": ({"contact_method": MISSING}, {"contact_method": REQUIRED}),
    "unknown contact method": ({"contact_method": "email"}, {"contact_method": METHODS}),
    "contact method a list": ({"contact_method": ["phone"]}, {"contact_method": NOT_A_STRING}),
    "a call back without a number": ({"contact_phone": MISSING}, {"contact_phone": PHONE_NEEDED}),
    "an sms without a number": ({"contact_method": "sms", "contact_phone": None}, {"contact_phone": PHONE_NEEDED}),
    "zalo with a blank number": ({"contact_method": "zalo", "contact_phone": "   "}, {"contact_phone": PHONE_NEEDED}),
    "a phone number in words": ({"contact_phone": "không chín không chín"}, {"contact_phone": BAD_PHONE}),
    "a phone number too long": ({"contact_phone": "0909 123 456 789 012 345"}, {"contact_phone": BAD_PHONE}),
    "a phone number with a script": ({"contact_phone": "0909<script>"}, {"contact_phone": BAD_PHONE}),
    "a phone number a number": ({"contact_phone": 909123456}, {"contact_phone": NOT_A_STRING}),
    "ward code of 4 digits": ({"ward_code": "3113"}, {"ward_code": [("Length must be 5.", "Độ dài phải đúng 5 ký tự."),
                                                                   WARD_FORMAT]}),
    "ward code with a letter": ({"ward_code": "3113a"}, {"ward_code": WARD_FORMAT}),
    "ward code a number": ({"ward_code": 31135}, {"ward_code": NOT_A_STRING}),
    "ward code no ward has": ({"ward_code": "99999"}, {"ward_code": NO_WARD}),
    "situation too long": ({"situation": "ệ" * 2001}, {"situation": too_long(2000)}),
    "name too long": ({"name": "x" * 101}, {"name": too_long(100)}),
    "place too long": ({"place_hint": "x" * 201}, {"place_hint": too_long(200)}),
    "safe times too long": ({"safe_times": "x" * 201}, {"safe_times": too_long(200)}),
    "situation an object": ({"situation": {"text": "help"}}, {"situation": NOT_A_STRING}),
    "name a list": ({"name": ["Thu"]}, {"name": NOT_A_STRING}),
    "unknown language": ({"language": "fr"}, {"language": LANGUAGES}),
    "honeypot a number": ({"website": 1}, {"website": NOT_A_STRING}),
    "unknown field": ({"address": "Hẻm 5"}, {"address": UNKNOWN_FIELD}),
    "status set by the resident": ({"status": "closed"}, {"status": UNKNOWN_FIELD}),
    "NUL in the situation": ({"situation": "he\x00lp"}, {"situation": NUL}),
    "NUL in the phone number": ({"contact_phone": "0909\x00123"}, {"contact_phone": NUL}),
    "NUL in the id": ({"id": "\x00"}, {"id": NUL}),
    "NUL in a key": ({"name\x00": "Thu"}, {"name\x00": NUL}),
    # Half an emoji (JSON.stringify of a cut string) used to reach the cipher: a 500 on the public form.
    "half an emoji in the situation": ({"situation": "Cứu tôi \ud83d"}, {"situation": NUL}),
    "half an emoji in the name": ({"name": "\udc00Thu"}, {"name": NUL}),
    "half an emoji in a key": ({"name\ud83d": "Thu"}, {"name\ufffd": NUL}),
    "a noncharacter in the safe times": ({"safe_times": "sáng \ufffe"}, {"safe_times": NUL}),
    "an escape sequence in the place": ({"place_hint": "\x1b[2J"}, {"place_hint": NUL}),
    "a right-to-left override in the name": ({"name": "Thu\u202e"}, {"name": NUL}),
}


def messages(expected, language):
    index = 0 if language == "en" else 1
    return {field: [pair[index] for pair in (pairs if isinstance(pairs, list) else [pairs])]
            for field, pairs in expected.items()}


@pytest.mark.parametrize("overrides, expected", BAD_FORMS.values(), ids=BAD_FORMS)
def test_a_bad_form_is_refused_field_by_field_and_nothing_is_stored(client, officer, stored_requests,
                                                                    audit_events, reminders, overrides, expected):
    body = help_body(**overrides)
    vietnamese = client.post(HELP_REQUESTS, **escaped_json(body))
    english = client.post(HELP_REQUESTS, headers={"Accept-Language": "en"}, **escaped_json(body))
    assert (vietnamese.status_code, english.status_code) == (422, 422), vietnamese.json
    assert vietnamese.json["error"] == {"code": "validation_failed", "fields": messages(expected, "vi"),
                                        "message": "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại."}
    assert english.json["error"] == {"code": "validation_failed", "fields": messages(expected, "en"),
                                     "message": "Some fields are not valid."}
    assert "Set-Cookie" not in vietnamese.headers
    assert (stored_requests(), audit_events(), reminders()) == ([], [], [])


def test_an_empty_form_names_what_is_missing(client, stored_requests):
    vietnamese = client.post(HELP_REQUESTS, json={})
    english = client.post(HELP_REQUESTS, json={}, headers={"Accept-Language": "en"})
    assert (vietnamese.status_code, english.status_code) == (422, 422)
    assert vietnamese.json["error"]["fields"] == {"id": [REQUIRED[1]], "contact_method": [REQUIRED[1]]}
    assert english.json["error"]["fields"] == {"id": [REQUIRED[0]], "contact_method": [REQUIRED[0]]}
    assert stored_requests() == []


def test_a_form_missing_its_id_still_names_the_missing_phone_number(client, stored_requests):
    response = client.post(HELP_REQUESTS, json={"contact_method": "phone"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"id": [REQUIRED[1]], "contact_phone": [PHONE_NEEDED[1]]}
    assert stored_requests() == []


@pytest.mark.parametrize("phone", ["0909123456", "0909 123 456", "0909.123.456", "1900 969 680", "113"])
def test_phone_numbers_as_people_write_them_are_accepted(send_help, stored_requests, phone):
    assert send_help(contact_phone=phone).status_code == 201
    assert stored_requests()[0].contact_phone == phone


def test_the_longest_form_fits_the_size_limit_even_escaped(client, stored_requests):
    # Every field at its longest, in Vietnamese, with every character escaped (six bytes each).
    body = help_body(situation="ệ" * 2000, name="ữ" * 100, place_hint="ờ" * 200, safe_times="ộ" * 200)
    data = json.dumps(body, ensure_ascii=True)
    assert len(data) > 15_000
    response = client.post(HELP_REQUESTS, data=data, content_type="application/json")
    assert response.status_code == 201, response.json
    assert stored_requests()[0].situation == "ệ" * 2000


def oversized_body():
    """Valid JSON over 16 KB: the refusal must come from its size, not from a field's length."""
    return json.dumps(help_body()) + " " * (16 * 1024)


def test_a_body_over_16_kb_is_refused_with_413(client, stored_requests):
    response = client.post(HELP_REQUESTS, data=oversized_body(), content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    assert response.json["error"]["message"] == "Dữ liệu gửi lên quá lớn."
    assert stored_requests() == []


def test_a_body_over_16_kb_without_a_length_is_refused_too(client, stored_requests):
    # A chunked upload has no Content-Length: the limit holds while reading (a server such as gunicorn
    # says it terminates the stream with wsgi.input_terminated).
    response = client.post(HELP_REQUESTS, input_stream=io.BytesIO(oversized_body().encode()),
                           content_type="application/json",
                           environ_overrides={"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})
    assert response.status_code == 413
    assert stored_requests() == []


def test_a_small_body_without_a_length_is_read(client, stored_requests):
    response = client.post(HELP_REQUESTS, input_stream=io.BytesIO(json.dumps(help_body()).encode()),
                           content_type="application/json",
                           environ_overrides={"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"})
    assert response.status_code == 201, response.json
    assert len(stored_requests()) == 1


MALFORMED = {
    "not JSON": (dict(data="contact_method=none", content_type="application/x-www-form-urlencoded"), 415,
                 "unsupported_media_type"),
    "no content type": (dict(data=json.dumps(help_body())), 415, "unsupported_media_type"),
    "broken JSON": (dict(data='{"id": ', content_type="application/json"), 400, "invalid_json"),
    "no body": (dict(data="", content_type="application/json"), 400, "invalid_json"),
    "not UTF-8": (dict(data=b"\xff\xfe\x00", content_type="application/json"), 400, "invalid_json"),
    "a JSON list": (dict(json=[help_body()]), 400, "json_object_expected"),
    "a JSON string": (dict(json="help"), 400, "json_object_expected"),
}


@pytest.mark.parametrize("send, status, code", MALFORMED.values(), ids=MALFORMED)
def test_a_malformed_body_is_a_clear_4xx_and_nothing_is_stored(client, stored_requests, audit_events, send,
                                                               status, code):
    response = client.post(HELP_REQUESTS, **send)
    assert (response.status_code, response.json["error"]["code"]) == (status, code)
    assert (stored_requests(), audit_events()) == ([], [])


def test_a_refused_resend_leaves_the_stored_request_as_it_was(client, stored_requests):
    body = help_body()
    assert client.post(HELP_REQUESTS, json=body).status_code == 201
    refused = client.post(HELP_REQUESTS, json=dict(body, situation="x" * 2001))
    assert refused.status_code == 422
    (row,) = stored_requests()
    assert (row.ward_id, row.situation, row.version) == (WARD, body["situation"], 1)
