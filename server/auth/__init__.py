"""Who may call what: the access rules every API obeys (access.py), and nothing else.

The default-deny allowlist, the session check, CSRF and ``roles_required`` sit beneath the domains: every
domain's API imports them, and they import no domain (the sessions they check are handed to them by
``create_app``). The accounts, their sessions, and the login endpoints (blueprint ``auth``) are
``server.accounts``'s. The rules would read better as a ground-floor ``server/access.py``; they stay here
only until every API's import of them can change at once.
"""
