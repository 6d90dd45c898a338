"""Accounts: the people who log in and everything that proves who they are.

Users and organisations, passwords (passwords.py), server-side sessions (sessions.py), login throttling
(throttle.py), and every state change of them, logging in and out included (operations.py). A second factor
belongs here too. This package imports nothing of ``server.auth``, except ``roles_required`` in its API,
as every domain's API does; ``server.auth`` depends on it, never the reverse.
"""
