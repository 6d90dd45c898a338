"""One application per database backend for the whole run, handed to each test as if it were new.

``create_app`` costs about a tenth of a second (blueprints, the shell's precache hash, keys), which over 2,500
tests is minutes. Between tests the kept app gets back the settings and extensions it was created with (a test
may change ``app.config`` or leave a cached answer in ``app.extensions``) and is bound to the test's own
database (on PostgreSQL the same one, emptied, whose pooled connections carry over). A test that changed the
app's shape (registered a route or a hook) cannot be undone that way, so the next test gets a newly created
app; a test that needs to register something before the first request creates its own app (Flask refuses new
hooks once an app has served a request).
"""
from server import create_app
from server.db import database, open_database


def _shape(app):
    """What a test could add to an app that restoring its settings would not take away. Counted, not
    compared: Flask's defaultdicts grow empty entries as requests look hooks up."""
    hooks = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    handlers = sum(len(by_class) for by_code in app.error_handler_spec.values() for by_class in by_code.values())
    return len(list(app.url_map.iter_rules())), tuple(sum(map(len, hook.values())) for hook in hooks), handlers


class KeptApps:
    def __init__(self, settings_for):
        self._settings_for = settings_for  # database URL -> the settings create_app gets
        self._kept = {}  # backend -> (app, config, extensions, shape, the database it was bound to)

    def app_for(self, database_url):
        backend = database_url.split(":", 1)[0]
        kept = self._kept.get(backend)
        if kept is None or _shape(kept[0]) != kept[3]:
            app = create_app(self._settings_for(database_url))
            self._kept[backend] = (app, dict(app.config), dict(app.extensions), _shape(app), database.obj)
            return app
        app, config, extensions, shape, bound = kept
        app.config.clear()
        app.config.update(config, DATABASE_URL=database_url)
        app.extensions.clear()
        app.extensions.update(extensions)
        if database_url != config["DATABASE_URL"]:  # each SQLite test has its own file
            bound = open_database(database_url, app.instance_path, config["SQLITE_BUSY_TIMEOUT_MS"])
        # PostgreSQL's URL is the same for every test: the same database object, and its pool, serve them all.
        database.initialize(bound)
        return app
