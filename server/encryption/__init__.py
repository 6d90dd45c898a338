"""Encryption at rest of survivor-identifying fields (names, phone numbers, addresses, stories, notes)."""
from server.encryption.keyring import init_app

__all__ = ["init_app"]
