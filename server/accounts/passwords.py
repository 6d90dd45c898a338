"""Password hashing (argon2id) and the rules a new password must meet."""
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Unambiguous characters only: a ward officer may read a temporary password aloud over the phone,
# so no 0/O, 1/l/I.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _hasher():
    config = current_app.config
    hasher = current_app.extensions.get("binhan.password_hasher")
    if hasher is None:
        hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_COST_KIB"],
            parallelism=config["ARGON2_PARALLELISM"],
            type=Type.ID,
        )
        current_app.extensions["binhan.password_hasher"] = hasher
    return hasher


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True when the password matches. A corrupt hash counts as a mismatch, never a crash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return _hasher().check_needs_rehash(password_hash)


def burn_time(password):
    """Spend the time a real verification takes, so an unknown username answers as slowly as a known one."""
    verify_password(_dummy_hash(), password)


def _dummy_hash():
    dummy = current_app.extensions.get("binhan.dummy_hash")
    if dummy is None:
        dummy = hash_password(secrets.token_urlsafe(16))
        current_app.extensions["binhan.dummy_hash"] = dummy
    return dummy


def temporary_password():
    """Twelve characters in three groups of four: about 59 bits, easy to read out and type on a phone."""
    chars = [secrets.choice(_TEMPORARY_ALPHABET) for _ in range(12)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 12, 4))
