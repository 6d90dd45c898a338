"""Every setting of Bình An, with its default. The README's settings table mirrors this file.

Each setting can be overridden by an environment variable of the same name with the prefix ``BINHAN_``
(``BINHAN_DATABASE_URL=...``); tests pass a mapping to ``create_app``. Values from the environment are
converted to the type of the default, so ``BINHAN_LOGIN_MAX_FAILURES_PER_ACCOUNT=3`` is an int (and a comma list
is a tuple).
"""
import os

# Production refuses to start with this key: anyone who reads the repository would know it.
DEV_SECRET_KEY = "dev-not-secret"

DEFAULTS = {
    # "development" or "production". Production refuses a default secret key and demo accounts.
    "ENV": "development",
    "SECRET_KEY": DEV_SECRET_KEY,
    # A peewee URL: sqlite:///path/file.sqlite3 or postgresql://user@host:5432/dbname.
    # Empty means a SQLite file in the instance folder.
    "DATABASE_URL": "",
    # How long a SQLite writer waits for the lock before giving up, in milliseconds.
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # Connections each web or scheduler process keeps open to PostgreSQL and reuses from request to request:
    # a new one costs a few milliseconds and a server process. A pooled connection is checked with a
    # round trip before each use, so one the server dropped (a restart) is replaced, not handed out.
    # 0 opens a connection per request. Ignored for SQLite.
    "POSTGRES_POOL_SIZE": 10,
    # The largest request body accepted; bigger ones get 413. Case records are small JSON.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Server-side sessions. Idle: a field day with the phone in a pocket; the phone's own store is
    # locked by a PIN much sooner (cases issue). Absolute: a stolen cookie dies within three days anyway.
    "SESSION_IDLE_TIMEOUT_MINUTES": 8 * 60,
    "SESSION_ABSOLUTE_TIMEOUT_MINUTES": 3 * 24 * 60,
    "SESSION_COOKIE_NAME": "binhan_session",
    # True behind HTTPS (always in production): the cookie is then never sent over plain HTTP.
    "SESSION_COOKIE_SECURE": False,
    # Login throttling, counted in the database so that every worker process sees the same numbers.
    "LOGIN_WINDOW_MINUTES": 15,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_CLIENT": 20,
    "PASSWORD_MIN_LENGTH": 10,
    # argon2id cost (RFC 9106's second recommended profile: 64 MiB, 3 passes). Lower only in tests.
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST_KIB": 64 * 1024,
    "ARGON2_PARALLELISM": 4,
    # Where "Thoát nhanh" (quick exit) sends a resident: a neutral page that explains nothing.
    "QUICK_EXIT_URL": "https://www.google.com.vn/",
    # Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted (0: none).
    "PROXY_COUNT": 0,
    # The host names this site answers to, comma separated ("binhan.cantho.gov.vn"; ".example.vn" takes its
    # subdomains too). A request naming another host in Host (or X-Forwarded-Host behind a proxy) gets 400,
    # so no answer can be made to point at a site an attacker chose. Empty accepts any (development).
    "TRUSTED_HOSTS": (),
    # Keys for survivor-identifying fields, as JSON {"current": id, "keys": {id: base64}}. Empty: read (or
    # create on first run) FIELD_KEYS_FILE, by default field-keys.json in the instance folder. Back it up
    # apart from the database: without it the encrypted fields cannot be read.
    "FIELD_KEYS": "",
    "FIELD_KEYS_FILE": "",
    # The PWA's outbox sends at most this many operations in one POST /api/v1/sync.
    "SYNC_MAX_OPERATIONS": 200,
    # A shelter's count of free beds older than this is shown as "chưa xác nhận" (unconfirmed).
    "SHELTER_STALE_HOURS": 24,
    # The shelter registry's folder (one TOML file per shelter); empty means shelters/ in this checkout.
    "SHELTERS_DIR": "",
    # The folder of the PWA's files; empty means pwa/ beside server/ in this checkout.
    "PWA_DIR": "",
    # Web Push (VAPID). The private key as PEM text; empty: read (or create on first run) VAPID_PRIVATE_KEY_FILE,
    # by default vapid-private.pem in the instance folder. Like the field keys, a secret: never in the repo or DB.
    "VAPID_PRIVATE_KEY": "",
    "VAPID_PRIVATE_KEY_FILE": "",
    # Who push services may write to about our messages: a real mailto: or https: contact of the city's
    # operator. Required in production; empty in development uses mailto:binhan-dev@localhost.
    "VAPID_CONTACT": "",
    # Fan-out: messages in flight at once, subscriptions claimed per page, seconds before a push service that
    # has not answered counts as a failure to retry, and how many tries a message gets before it is failed.
    "PUSH_CONCURRENCY": 200,
    "PUSH_PAGE_SIZE": 1000,
    "PUSH_TIMEOUT_SECONDS": 10,
    "PUSH_MAX_ATTEMPTS": 5,
    # Worker processes that encrypt push messages while the sending process keeps the network busy; 0
    # encrypts in the sending process. One suits a 2-core machine; more cores, more workers.
    "PUSH_ENCRYPTION_PROCESSES": 1,
    # Subscribing, unsubscribing: requests per client address per hour (public endpoints; counted in the
    # database). Generous, because mobile carriers put many phones behind one address: this stops a script
    # filling the table, not a campaign day's rush of residents.
    "PUSH_SUBSCRIBE_LIMIT_PER_HOUR": 120,
    # Campaign reminders go out at this hour, Cần Thơ time, this many days before an event (comma list; 0 is
    # the day itself), and are dropped, not sent late, when the scheduler was down this many hours past it.
    "CAMPAIGN_SEND_HOUR": 8,
    "CAMPAIGN_REMINDER_OFFSETS": "7,1,0",
    "REMINDER_LATE_HOURS": 12,
    # Residents' online help requests: how many tries one client address may make per hour (a resident sends
    # one, perhaps after a few corrections; carriers put many phones behind one address; this stops a
    # script, and a resident who meets it is shown the help lines), and the ward whose officers receive
    # requests from residents who did not know their ward, to pass them on. Set it to the ward the city
    # chooses for that work.
    "HELP_REQUEST_LIMIT_PER_HOUR": 20,
    "HELP_TRIAGE_WARD": "31135",
    # A referral still waiting for the service's answer after this long reminds the service's staff.
    "REFERRAL_WAITING_HOURS": 48,
    # Password given to the demo accounts by `flask demo`.
    "DEMO_PASSWORD": "binhan-demo-2026",
}


def _coerce(name, raw, default):
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"BINHAN_{name} must be true or false, not {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"BINHAN_{name} must be a whole number, not {raw!r}") from None
    return raw


def load(overrides=None, environ=None):
    """Defaults, then ``BINHAN_*`` environment variables, then the mapping a caller (a test) passes."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        raw = environ.get(f"BINHAN_{name}")
        if raw is not None:
            settings[name] = _coerce(name, raw, default)
    settings.update(overrides or {})
    return settings


class UnsafeConfigurationError(RuntimeError):
    """Raised at start-up when production settings would put survivors' data at risk."""


def check_production(settings):
    """Production must not run on a secret everybody can read in this file."""
    if settings["ENV"] != "production":
        return
    if not settings["SECRET_KEY"] or settings["SECRET_KEY"] == DEV_SECRET_KEY:
        raise UnsafeConfigurationError("BINHAN_SECRET_KEY must be set to a long random value in production.")
    if len(settings["SECRET_KEY"]) < 32:
        raise UnsafeConfigurationError("BINHAN_SECRET_KEY must be at least 32 characters in production.")
    if not settings["VAPID_CONTACT"].startswith(("mailto:", "https:")):
        # Push services write to this address before they block a sender; a made-up address reaches nobody.
        raise UnsafeConfigurationError("BINHAN_VAPID_CONTACT must be a real mailto: or https: contact in production.")
