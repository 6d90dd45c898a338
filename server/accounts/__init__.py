"""Accounts: the people who log in and everything that proves who they are.

Users and organisations, passwords (passwords.py), server-side sessions (sessions.py), login throttling
(throttle.py), every state change of them, logging in and out included (operations.py), the management API
(api.py) and the login endpoints (auth_api.py, the ``auth`` blueprint under /api/v1/auth). A second factor
belongs here too. Of the access rules (server.access) it imports only ``roles_required``, as every
domain's API does; those rules import nothing of accounts.
"""
