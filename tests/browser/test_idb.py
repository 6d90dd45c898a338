"""The phone's database across an update: what an older release left unsent is still there, in its order, and
an upgrade held up by a tab that still has the old database open says so calmly and carries on once it may."""
import pytest

from conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

# The database as the release before the one Queue left it (version 3): a kept help request, a count waiting
# and a count the server refused, in their shapes of then.
OLDER_RELEASE = """async () => {
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('binhan', 3);
        request.onupgradeneeded = () => {
            const db = request.result;
            db.createObjectStore('vault');
            db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('createdAt', 'createdAt', { unique: true });
            db.createObjectStore('records', { keyPath: 'id' });
            db.createObjectStore('meta');
            db.createObjectStore('bedCounts', { keyPath: 'key' });
            db.createObjectStore('helpRequests', { keyPath: 'id' });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    await new Promise((resolve, reject) => {
        const transaction = db.transaction(['bedCounts', 'helpRequests'], 'readwrite');
        transaction.objectStore('helpRequests').put({
            id: crypto.randomUUID(), contact_method: 'none', situation: 'kept by the release before', language: 'vi',
        });
        const counts = transaction.objectStore('bedCounts');
        counts.put({ key: 'later', owner: 'host', shelter_id: 's', free_beds: 2, observed_at: '2027-06-15T02:00:00Z',
                     state: 'pending' });
        counts.put({ key: 'earlier', owner: 'host', shelter_id: 's', free_beds: 1, observed_at: '2027-06-15T01:00:00Z',
                     state: 'refused', message: 'Không nhận.' });
        transaction.oncomplete = resolve;
        transaction.onerror = () => reject(transaction.error);
    });
    db.close();
}"""

COUNTS_NOW = """async () => {
    const idb = await import('/js/core/idb.js');
    return (await idb.readAll('bedCounts')).sort((a, b) => a.createdAt - b.createdAt)
        .map((item) => [item.key, item.state, item.error ? item.error.message : null, item.free_beds]);
}"""

# An old tab's connection, which (unlike the app's) does not let go on "versionchange".
HOLD_OLD_VERSION = """async () => {
    window.held = await new Promise((resolve, reject) => {
        const request = indexedDB.open('binhan', 3);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
}"""


def test_work_an_older_release_left_unsent_survives_the_update_in_its_order(page, live_server):
    page.goto(f"{live_server}/api/v1/health")
    page.evaluate(OLDER_RELEASE)

    page.goto(f"{live_server}/")
    # The kept request leaves as the app starts, as it did before the update.
    page.get_by_role("status").filter(has_text="Yêu cầu hỗ trợ của bạn đã được gửi.").wait_for()
    wait_until(page, "async () => !(await (await import('/js/core/idb.js')).readAll('helpRequests')).length")
    assert page.evaluate(COUNTS_NOW) == [["earlier", "attention", "Không nhận.", 1], ["later", "pending", None, 2]]
    assert page.evaluate("async () => (await import('/js/shelters/availability.js')).unsentCount()") == 2


def test_an_upgrade_behind_an_old_tab_says_so_and_carries_on_once_it_closes(page, context, live_server):
    page.goto(f"{live_server}/api/v1/health")
    page.evaluate(OLDER_RELEASE)
    old_tab = context.new_page()
    old_tab.goto(f"{live_server}/api/v1/health")
    old_tab.evaluate(HOLD_OLD_VERSION)

    page.goto(f"{live_server}/")
    notice = page.locator(".storage-blocked[role='status']")
    notice.get_by_text("Hãy đóng các thẻ Bình An khác đang mở").wait_for()

    old_tab.evaluate("() => window.held.close()")
    notice.wait_for(state="detached")
    page.get_by_role("status").filter(has_text="Yêu cầu hỗ trợ của bạn đã được gửi.").wait_for()
