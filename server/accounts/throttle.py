"""Login throttling per account and per client, counted in the database.

Counting in the database (not in process memory) is what makes the limits hold when gunicorn runs several
workers: every worker sees every attempt. An attempt is written *before* the password is checked and counts
as a failure until it succeeds, so a burst of parallel guesses is counted in full, not one at a time.
Accounts and clients are stored as HMACs under the secret key: the table can count, but holds neither the
usernames people typed (sometimes a password typed in the wrong box) nor anyone's IP address.
"""
from datetime import timedelta

from flask import current_app

from server.accounts.models import LoginAttempt
from server.client_key import client_key, keyed
from server.clock import now_utc


def register(username):
    """Record an attempt for ``username`` from this client; returns it (a failure until marked otherwise)."""
    window_start = now_utc() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    # Attempts older than the window count for nothing; dropping them here keeps the table small.
    LoginAttempt.delete().where(LoginAttempt.at < window_start).execute()
    return LoginAttempt.create(
        account_key=keyed("account", username.strip().lower()),
        client_key=client_key("client"),
    )


def is_throttled(attempt):
    """True when this attempt goes past the account's or the client's limit in the current window."""
    config = current_app.config
    window_start = now_utc() - timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    failures = LoginAttempt.select().where(LoginAttempt.at >= window_start, LoginAttempt.succeeded == False)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    account_failures = failures.where(LoginAttempt.account_key == attempt.account_key).count()
    client_failures = failures.where(LoginAttempt.client_key == attempt.client_key).count()
    return (
        account_failures > config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or client_failures > config["LOGIN_MAX_FAILURES_PER_CLIENT"]
    )


def succeeded(attempt):
    """The account's earlier failures are forgiven; the client's failures on other accounts still count."""
    LoginAttempt.update(succeeded=True).where(LoginAttempt.id == attempt.id).execute()
    LoginAttempt.delete().where(
        LoginAttempt.account_key == attempt.account_key, LoginAttempt.succeeded == False  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    ).execute()
