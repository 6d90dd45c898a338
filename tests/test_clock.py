"""The one clock: Cần Thơ's today at the edges of a day and a year, the tests' clock, and no server module
that reads the machine's time any other way."""
import ast
import pathlib
from datetime import UTC, date, datetime, timedelta

import server.clock
from server.clock import city_date, city_now, city_today, now_utc, unix_time
from tests.clock import TEST_NOW, TEST_TODAY, TEST_YEAR, at

SERVER = pathlib.Path(server.clock.__file__).parent


def test_today_in_can_tho_begins_at_17_00_utc():
    assert city_date(datetime(2027, 11, 30, 16, 59, 59)) == date(2027, 11, 30)
    assert city_date(datetime(2027, 11, 30, 17, 0)) == date(2027, 12, 1)  # 00:00 on 01/12 in Cần Thơ
    assert city_date(datetime(2030, 12, 31, 23, 30)) == date(2031, 1, 1)  # New Year there, not yet in UTC


def test_every_reading_comes_from_the_same_clock(clock):
    with at(datetime(2030, 12, 31, 23, 30)):
        assert city_today() == date(2031, 1, 1)
        assert city_now().year == 2031 and city_now().utcoffset() == timedelta(hours=7)
        assert now_utc().year == 2030
        assert 0 <= unix_time() - datetime(2030, 12, 31, 23, 30, tzinfo=UTC).timestamp() < 60


def test_each_test_starts_at_the_test_date_and_its_clock_runs(clock):
    assert (city_today(), city_today().year) == (TEST_TODAY, TEST_YEAR)
    assert timedelta(0) <= now_utc() - TEST_NOW < timedelta(minutes=1)
    clock.advance(timedelta(days=200))
    assert city_today() == TEST_TODAY + timedelta(days=200)
    first = now_utc()
    assert now_utc() >= first  # it runs forward, it does not stand still


def _reads_the_machine_clock(node):
    """datetime.now(), datetime.utcnow(), date.today(), time.time() and the like, called anywhere."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
    return (name, node.func.attr) in {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                                      ("date", "today"), ("time", "time"), ("time", "time_ns"),
                                      ("time", "localtime"), ("time", "gmtime")}


def test_no_server_module_reads_the_time_but_the_clock():
    readers = [f"{path.relative_to(SERVER.parent)}:{node.lineno}"
               for path in sorted(SERVER.rglob("*.py")) if path.name != "clock.py"
               for node in ast.walk(ast.parse(path.read_text())) if _reads_the_machine_clock(node)]
    assert readers == []
