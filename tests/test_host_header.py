"""The Host header is the client's to write: no answer may point at a host the operator did not configure.

Werkzeug used to redirect "/api/v1//cases" to ``http://<Host header>/api/v1/cases``; an attacker who can get
a page (or a cache) to send a forged Host could send a phone anywhere. Doubled slashes are now a 404, and
with ``BINHAN_TRUSTED_HOSTS`` set any other host is refused outright.
"""
import pytest

from server import create_app
from server.config import load

from tests.conftest import app_settings

FORGED = "evil.example"
# Paths as a real request line carries them (the test client would read "//x" as a host named x).
DOUBLED_SLASHES = ["/api/v1//cases", "/api//v1/health", "//api/v1/wards", "/api/v1/wards//31135",
                   "/api/v1//help-requests", "//app.js", "//"]


def request_line(caller, method, path, host, script_name=""):
    return getattr(caller, method)("/", headers={"Host": host},
                                   environ_overrides={"PATH_INFO": path, "SCRIPT_NAME": script_name})


@pytest.mark.parametrize("path", DOUBLED_SLASHES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_doubled_slashes_are_never_redirected(client, make_user, log_in, path, method):
    for caller in (client, log_in(make_user(role="ward_officer"))):
        response = request_line(caller, method, path, FORGED)
        assert response.status_code < 300 or response.status_code >= 400  # answered or refused: not sent on
        assert "Location" not in response.headers
        assert FORGED not in response.get_data(as_text=True)


def test_a_redirect_of_werkzeugs_own_is_a_path(client):
    """Mounted under /binhan, a request for /binhan gets the slash of "/" added: on our host, by path."""
    response = request_line(client, "get", "", FORGED, script_name="/binhan")
    assert response.status_code == 308
    assert response.headers["Location"] == "/binhan/"


@pytest.fixture
def site(database_url):
    return create_app({**app_settings(database_url), "TRUSTED_HOSTS": ("binhan.example", ".cantho.example")})


@pytest.mark.parametrize("host", ["binhan.example", "binhan.example:8443", "so-noi-vu.cantho.example"])
def test_a_configured_host_is_answered(site, host):
    assert site.test_client().get("/api/v1/wards", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", [FORGED, "binhan.example.evil.example", "cantho.example.evil.example"])
@pytest.mark.parametrize("path", ["/api/v1/wards", "/api/v1//cases", "/"])
def test_any_other_host_is_refused_in_the_envelope(site, host, path):
    response = site.test_client().get(path, headers={"Host": host})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert "Location" not in response.headers


def test_trusted_hosts_come_from_the_environment_as_a_comma_list():
    settings = load(environ={"BINHAN_TRUSTED_HOSTS": "binhan.cantho.gov.vn, .cantho.gov.vn,"})
    assert settings["TRUSTED_HOSTS"] == ("binhan.cantho.gov.vn", ".cantho.gov.vn")
    assert load(environ={})["TRUSTED_HOSTS"] == ()
