"""Flask commands: ``flask --app server init-db | db upgrade | demo | users create | keys rotate |
shelters load | directory export | push keys | scheduler``."""
import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from server import demo, migrations
from server.accounts import operations as accounts
from server.accounts.models import ROLES
from server.accounts.schemas import NewUserIn
from server.db import database
from server.encryption import keyring, rotation
from server.campaigns.operations import seed_campaigns
from server.campaigns.reminders import default_offsets
from server.directory.export import export_hsds
from server.directory.loader import load_hotlines
from server.push.vapid import key_file, public_key_b64url
from server.shelters import registry
from server.errors import ApiError
from server.outage import describe, is_database_outage
from server.wards.loader import load_wards

db_cli = AppGroup("db", help="Database schema.")
users_cli = AppGroup("users", help="Accounts.")
keys_cli = AppGroup("keys", help="Keys of the fields encrypted at rest.")
shelters_cli = AppGroup("shelters", help="The shelter registry.")
directory_cli = AppGroup("directory", help="Help lines and public services.")
push_cli = AppGroup("push", help="Web Push.")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply the schema migrations that this database has not had yet."""
    for line in migrations.upgrade() or ["schema is up to date"]:
        click.echo(line)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema, load the 103 wards and the help lines (safe to run again)."""
    for line in migrations.upgrade() or ["schema is up to date"]:
        click.echo(line)
    with database.connection_context():
        click.echo(f"{load_wards()} wards loaded")
        click.echo(f"{load_hotlines()} help lines added")
        click.echo(f"{seed_campaigns(default_offsets())} campaign dates of the plan added")


@click.command("demo")
@with_appcontext
def demo_data():
    """Create the demo wards' accounts and organisations (safe to run again); prints the accounts."""
    password = current_app.config["DEMO_PASSWORD"]
    try:
        with database.connection_context():
            made = demo.seed_demo(password)
    except demo.DemoRefusedError as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Demo accounts (tài khoản minh hoạ):")
    for username, role, place in made:
        click.echo(f"  {username:<22} {role:<13} {place}")
    click.echo(f"Password (mật khẩu): {password}")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--display-name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--ward", "ward_code", default=None, help="5-digit ward code, for collaborators and officers.")
@click.option("--organization-id", type=int, default=None, help="For providers and shelter hosts.")
def users_create(username, display_name, role, ward_code, organization_id):
    """Create an account (the first city admin, typically); prints a temporary password."""
    fields = {"username": username, "display_name": display_name, "role": role,
              "ward_code": ward_code, "organization_id": organization_id}
    errors = NewUserIn().validate(fields)
    if errors:
        raise click.ClickException(str(errors))
    try:
        with database.connection_context():
            user, temporary = accounts.create_user(None, **fields)
    except ApiError as error:
        raise click.ClickException(f"{error.code}: {error.fields}") from None
    click.echo(f"created {user.username} ({user.role}); temporary password: {temporary}")


@keys_cli.command("rotate")
def keys_rotate():
    """Make a new current key and re-encrypt every encrypted field with it (old keys stay, for backups)."""
    app = current_app._get_current_object()
    if app.config["FIELD_KEYS"]:
        raise click.ClickException("keys come from BINHAN_FIELD_KEYS: rotate them there, then run this again")
    rotated = keyring.current_keyring().with_new_key()
    keyring.write_keys_file(keyring.keys_file(app), rotated)
    app.extensions["binhan.keyring"] = rotated
    with database.connection_context():
        count = rotation.reencrypt(migrations.current_models())
    click.echo(f"new key {rotated.current}; {count} values re-encrypted")


@shelters_cli.command("load")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def shelters_load(directory):
    """Load or update shelters from a folder of TOML files (all or nothing; see shelters/README.md)."""
    try:
        with database.connection_context():
            created, updated, skipped = registry.load_registry(
                directory, include_fictional=current_app.config["ENV"] != "production")
    except registry.RegistryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{created} shelters created, {updated} updated"
               + (f", {skipped} fictional entries skipped (production)" if skipped else ""))


@directory_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def directory_export(directory):
    """Write the public services and verified help lines as Open Referral HSDS 3.0 CSV files into DIRECTORY."""
    try:
        with database.connection_context():
            counts = export_hsds(directory)
    except OSError as error:
        raise click.ClickException(f"{directory}: {error.strerror}") from None
    click.echo(", ".join(f"{name} {count}" for name, count in counts.items()) + f" written to {directory}")


@push_cli.command("keys")
def push_keys():
    """Print the VAPID public key browsers subscribe with (the private key stays where it is)."""
    app = current_app._get_current_object()
    source = "BINHAN_VAPID_PRIVATE_KEY" if app.config["VAPID_PRIVATE_KEY"] else key_file(app)
    click.echo(f"public key: {public_key_b64url()}")
    click.echo(f"private key in: {source}")


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run every job once now and exit (for cron, or to check).")
@with_appcontext
def scheduler(once):
    """Run the reminder scheduler in this process (one beside the web server; see README)."""
    from server.scheduler import Jobs, build_scheduler  # APScheduler is loaded only by this command

    app = current_app._get_current_object()
    # One line per reminder sent (ids and counts only); APScheduler's own line per job run is left out.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if once:
        try:
            Jobs(app, carry_on_through_outages=False).run_all_once()
        except Exception as error:
            if not is_database_outage(error):
                raise
            # One line on stderr and exit status 1, as for any refusal here; no traceback for a database
            # that is down or a file that cannot be opened.
            raise click.ClickException(f"database unavailable ({describe(error)})") from None
        return
    click.echo("scheduler running (Asia/Ho_Chi_Minh); Ctrl+C stops it")
    try:
        build_scheduler(app).start()
    except (KeyboardInterrupt, SystemExit):
        pass


def init_app(app):
    for command in (init_db, demo_data, db_cli, users_cli, keys_cli, shelters_cli, directory_cli, push_cli,
                    scheduler):
        app.cli.add_command(command)
