"""Auth: the door of the API, not a domain of its own.

Who may call what (access.py: the public allowlist, the session check, CSRF, ``roles_required``) and the
endpoints through which a person gets in and out (api.py: login, logout, me, changing one's own password,
under /api/v1/auth). What is behind the door (users, passwords, sessions, throttling, and the operations
that change them) is ``server.accounts``: auth imports accounts, accounts never imports auth's operations.
"""
