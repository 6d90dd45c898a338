"""What the push tests share: a browser subscription that needs no push service, pushes delivered to the
installed worker through the DevTools protocol, and reading what the server holds for an endpoint.

Headless Chromium cannot reach a real push service (and these tests must reach nothing but the app), so
PushManager's subscribe/getSubscription are replaced in the page by a fake that answers with a real-looking
subscription: a push-service address under .test, and a real P-256 public key with a 16-byte auth secret,
which the server checks as it would a browser's.
"""
import base64
import json
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.db import database
from server.push.fanout import endpoint_hash
from server.push.models import Subscription

FAKE_PUSH_SERVICE = "https://push.example.test"
DISCREET_TITLE = "Bạn có một nhắc nhở mới"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys():
    """{p256dh, auth} as a browser's PushSubscription.toJSON() gives them."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(point), "auth": b64url(b"sixteen byte key")}


# Run in every page before the app: counts permission prompts, and stands in for the push service. The fake
# subscription lives in localStorage so that it outlasts a reload, as a browser's does (and goes with
# Clear-Site-Data, as a browser's does). `answer`, when set, is what the permission prompt "chooses".
FAKE_PUSH = """((config) => {
  window.__permissionAsks = 0;
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => {
    window.__permissionAsks += 1;
    return config.answer ? Promise.resolve(config.answer) : ask(...args);
  };
  const KEY = 'test.fakePushSubscription';
  const fake = (serverKey) => ({
    endpoint: config.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(serverKey).buffer },
    toJSON: () => ({ endpoint: config.endpoint, expirationTime: null, keys: config.keys }),
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      return true;
    },
  });
  PushManager.prototype.subscribe = async function subscribe(options) {
    if (!options.userVisibleOnly) throw new DOMException('userVisibleOnly is required', 'NotAllowedError');
    const serverKey = Array.from(new Uint8Array(options.applicationServerKey));
    localStorage.setItem(KEY, JSON.stringify(serverKey));
    return fake(serverKey);
  };
  PushManager.prototype.getSubscription = async function getSubscription() {
    const serverKey = localStorage.getItem(KEY);
    return serverKey ? fake(JSON.parse(serverKey)) : null;
  };
})(%s);"""


def fake_push(context, endpoint, keys, answer=None):
    """Installs the fake push service in every page of the context."""
    context.add_init_script(FAKE_PUSH % json.dumps({"endpoint": endpoint, "keys": keys, "answer": answer}))


def permission_asks(page):
    return page.evaluate("() => window.__permissionAsks")


def held_subscription(live_app, endpoint):
    """The server's row for this endpoint, or None."""
    app, _ = live_app
    with app.app_context(), database.connection_context():
        return Subscription.get_or_none(Subscription.endpoint_hash == endpoint_hash(endpoint))


def registration_id(context, page):
    """The DevTools id of the page's service worker registration, and the session that found it."""
    registrations = {}
    cdp = context.new_cdp_session(page)
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.update(
        (item["registrationId"], item) for item in event["registrations"]))
    cdp.send("ServiceWorker.enable")
    # The events arrive after enable() answers, on a busy machine some time after.
    deadline = time.monotonic() + 5
    while True:
        live = [key for key, item in registrations.items() if not item["isDeleted"]]
        if live or time.monotonic() > deadline:
            break
        page.wait_for_timeout(50)
    assert len(live) == 1, registrations
    return cdp, live[0]


def deliver_push(context, page, origin, data):
    """Runs the worker's push handler with data (a text, JSON or not) as the push service would."""
    cdp, registration = registration_id(context, page)
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration, "data": data})


READ_NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((notice) => ({
    title: notice.title, body: notice.body, tag: notice.tag, data: notice.data, icon: notice.icon,
  }));
}"""


def shown_notifications(page, count=1, timeout_s=10):
    """The notifications the worker shows, once there are `count` of them."""
    deadline = time.monotonic() + timeout_s
    while True:
        shown = page.evaluate(READ_NOTIFICATIONS)
        if len(shown) >= count or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(100)


def close_notifications(page):
    page.evaluate("""async () => {
      const registration = await navigator.serviceWorker.ready;
      (await registration.getNotifications()).forEach((notice) => notice.close());
    }""")
