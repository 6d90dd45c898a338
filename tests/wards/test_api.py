"""The wards: the 103 units of Cần Thơ since 01/7/2025, public, searchable the way people type their names.

Also the loader that puts them in the database and ``fold``, the comparison behind the search.
"""
import unicodedata

import pytest

from server.db import database
from server.wards import loader
from server.wards.models import Ward
from server.wards.names import fold

from tests.conftest import WARD


def codes(response):
    assert response.status_code == 200, response.json
    return [item["code"] for item in response.json["items"]]


def test_everyone_gets_the_103_wards_without_logging_in(client):
    response = client.get("/api/v1/wards")
    assert response.status_code == 200
    items = response.json["items"]
    assert len(items) == 103
    assert len({item["code"] for item in items}) == 103
    assert sum(item["type"] == "phường" for item in items) == 31
    assert sum(item["type"] == "xã" for item in items) == 72
    assert all(set(item) == {"code", "name", "type"} for item in items)
    assert all(len(item["code"]) == 5 and item["code"].isdigit() for item in items)
    assert {"code": WARD, "name": "Phường Ninh Kiều", "type": "phường"} in items


@pytest.mark.parametrize("spellings", [
    ["vinh thuan", "Vĩnh Thuận", "VĨNH THUẬN", "  vĩnh   thuận ", "vInH tHuAn"],
    ["hoa", "Hoà", "Hòa", "HOÀ", "HÒA"],
    ["binh thuy", "Bình Thuỷ", "Bình Thủy", "BÌNH THUỶ"],
    ["dong", "Đông", "đông", "ĐÔNG"],
    [unicodedata.normalize("NFC", "Cờ Đỏ"), unicodedata.normalize("NFD", "Cờ Đỏ"), "co do"],
], ids=["vinh thuan", "hoa", "binh thuy", "dong", "nfc-nfd"])
def test_search_ignores_diacritics_case_and_tone_mark_placement(client, spellings):
    results = [codes(client.get("/api/v1/wards", query_string={"q": spelling})) for spelling in spellings]
    assert results[0], "the search should find something"
    assert len(results[0]) < 103
    assert all(result == results[0] for result in results), dict(zip(spellings, results, strict=True))


@pytest.mark.parametrize("q, expected", [
    ("ninh kieu", "31135"),
    ("Phường Ninh Kiều", "31135"),
    ("vị thủy", "31441"),
    ("cờ đỏ", "31261"),
    ("hoa an", "31393"),
])
def test_search_finds_a_ward_by_part_of_its_name(client, q, expected):
    assert expected in codes(client.get("/api/v1/wards", query_string={"q": q}))


def test_search_for_a_name_that_does_not_exist_finds_nothing(client):
    assert codes(client.get("/api/v1/wards", query_string={"q": "hà nội"})) == []


@pytest.mark.parametrize("q", ["%", "_", "%%", "_%_", "%'%", "\\", "*", "東京"])
def test_wildcards_and_symbols_do_not_match_every_ward(client, q):
    assert codes(client.get("/api/v1/wards", query_string={"q": q})) == []


@pytest.mark.parametrize("q", ["ninh%kieu", "ninh_kieu", "n%u"])
def test_wildcards_inside_a_search_are_not_wildcards(client, q):
    assert "31135" not in codes(client.get("/api/v1/wards", query_string={"q": q}))


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_search_lists_every_ward(client, q):
    assert len(codes(client.get("/api/v1/wards", query_string={"q": q}))) == 103


@pytest.mark.parametrize("language, message", [
    ("vi", "Không được dài quá 100 ký tự."),
    ("en", "Longer than maximum length 100."),
])
def test_a_search_longer_than_100_characters_is_refused(client, language, message):
    response = client.get("/api/v1/wards", query_string={"q": "a" * 101}, headers={"Accept-Language": language})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"q": [message]}
    assert len(codes(client.get("/api/v1/wards", query_string={"q": "a" * 100}))) == 0


def test_one_ward_shows_the_units_it_replaced(client):
    response = client.get(f"/api/v1/wards/{WARD}")
    assert response.status_code == 200
    ward = response.json
    assert (ward["code"], ward["name"], ward["type"]) == (WARD, "Phường Ninh Kiều", "phường")
    assert "Phường Tân An (Quận Ninh Kiều, Cần Thơ)" in ward["former_units"]
    assert "Phường Xuân Khánh" in ward["former_units"]


@pytest.mark.parametrize("code", ["99999", "3113", "abcde", "311355", "3113%00", "%00"])
def test_an_unknown_ward_is_not_found(client, code):
    response = client.get(f"/api/v1/wards/{code}")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"] == "Không tìm thấy."


def test_the_public_ward_list_may_be_kept_and_revalidated_cheaply(client):
    first = client.get("/api/v1/wards")
    assert first.headers["Cache-Control"] == "public, max-age=86400"
    again = client.get("/api/v1/wards", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/api/v1/wards?q=ninh", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_wards_asked_for_with_a_session_are_never_stored(log_in, make_user):
    client = log_in(make_user(role="ward_officer"))
    assert client.get("/api/v1/wards").headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/wards/31135").headers["Cache-Control"] == "no-store"


# The loader.

def stored_wards():
    with database.connection_context():
        return {ward.code: ward for ward in Ward.select()}


def test_loading_the_wards_twice_changes_nothing(app):
    before = {code: (w.name, w.type, w.name_folded, w.former_units) for code, w in stored_wards().items()}
    with database.connection_context():
        assert loader.load_wards() == 103
        assert loader.load_wards() == 103
    after = {code: (w.name, w.type, w.name_folded, w.former_units) for code, w in stored_wards().items()}
    assert after == before
    assert len(after) == 103


@pytest.mark.rewrites_template
def test_a_renamed_unit_in_the_packaged_list_renames_the_ward_and_its_search(app, client, monkeypatch):
    units = loader.read_units()
    for unit in units:
        if unit["code"] == WARD:
            unit.update(name="Phường Ninh Kiều Mới", name_folded=fold("Phường Ninh Kiều Mới"))
    # Undone here, not at teardown: the autouse clock fixture took monkeypatch before the database did, so
    # the fixture's undo would come after PostgreSQL's template is rebuilt, which would load the new name.
    with monkeypatch.context() as patch, database.connection_context():
        patch.setattr(loader, "read_units", lambda: units)
        loader.load_wards()
    assert len(stored_wards()) == 103
    assert stored_wards()[WARD].name == "Phường Ninh Kiều Mới"
    assert codes(client.get("/api/v1/wards", query_string={"q": "kieu moi"})) == [WARD]


def test_a_ward_list_of_the_wrong_size_is_refused(app, monkeypatch):
    units = loader.read_units()[:-1]
    monkeypatch.setattr(loader, "read_units", lambda: units)
    with database.connection_context(), pytest.raises(RuntimeError, match="expected 103"):
        loader.load_wards()
    assert len(stored_wards()) == 103


# fold: how two spellings of one name become equal.

@pytest.mark.parametrize("text, folded", [
    ("Hoà", "hoa"),
    ("Hòa", "hoa"),
    ("Thuỷ", "thuy"),
    ("Thủy", "thuy"),
    ("Đông", "dong"),
    ("đông", "dong"),
    ("ĐẠI THÀNH", "dai thanh"),
    ("  Vĩnh   Thuận\tĐông ", "vinh thuan dong"),
    (unicodedata.normalize("NFC", "Phường Ninh Kiều"), "phuong ninh kieu"),
    (unicodedata.normalize("NFD", "Phường Ninh Kiều"), "phuong ninh kieu"),
    (unicodedata.normalize("NFD", "Đắc"), "dac"),
    ("Xã Vị Thanh 1", "xa vi thanh 1"),
    ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("old, new", [("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Khoẻ", "Khỏe")])
def test_fold_treats_old_and_new_tone_mark_placement_as_equal(old, new):
    assert fold(old) == fold(new)
