"""Bình An: the Flask application. ``create_app`` is the one place where everything is wired, in order."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from server import cli, db, demo, errors, logs, web
from server import encryption
from server.config import check_production, load
from server.accounts import sessions
from server.accounts.api import bp as accounts_bp
from server.accounts.auth_api import bp as auth_bp
from server import access
from server.campaigns.api import bp as campaigns_bp
from server.cases.api import bp as cases_bp
from server.directory.api import bp as directory_bp
from server.help.api import bp as help_bp
from server.reports.api import bp as reports_bp
from server.meta import bp as meta_bp
from server.push import vapid
from server.push.api import bp as push_bp
from server.reports.records_api import bp as report_records_bp
from server.shelters.api import bp as shelters_bp
from server.sync.api import bp as sync_bp
from server.wards.api import bp as wards_bp

# Every route of the API, on one screen. The web blueprint comes last: its catch-all serves PWA files.
BLUEPRINTS = [
    (meta_bp, "/api"),
    (auth_bp, "/api/v1/auth"),
    (accounts_bp, "/api/v1"),
    (wards_bp, "/api/v1/wards"),
    (cases_bp, "/api/v1"),
    (shelters_bp, "/api/v1"),
    (sync_bp, "/api/v1/sync"),
    (campaigns_bp, "/api/v1"),
    (push_bp, "/api/v1/push"),
    (directory_bp, "/api/v1"),
    (help_bp, "/api/v1"),
    (reports_bp, "/api/v1"),
    (report_records_bp, "/api/v1"),
    (web.bp, ""),
]


def create_app(config=None):
    """The application; ``config`` is a mapping of settings that wins over the environment (tests)."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    # Werkzeug redirected "/api/v1//cases" to "/api/v1/cases" with an absolute URL built from the Host
    # header, so a forged Host made our answer point elsewhere. No URL of ours has an empty segment: a
    # doubled slash is a 404. (Set before any route is added: each rule takes it when it is bound. Any
    # redirect Werkzeug still makes is turned into a path by server.web.)
    app.url_map.merge_slashes = False
    app.config.update(load(config))
    check_production(app.config)
    if not app.config["PWA_DIR"]:
        app.config["PWA_DIR"] = str(Path(__file__).resolve().parent.parent / "pwa")
    # Vietnamese stays readable (and shorter) in JSON; key order follows the schemas.
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    logs.init_app(app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    db.init_app(app)
    encryption.init_app(app)
    vapid.init_app(app)
    errors.init_app(app)
    access.init_app(app, sessions)
    for blueprint, prefix in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix=prefix)
    web.init_app(app)
    cli.init_app(app)
    demo.refuse_in_production(app)
    return app
