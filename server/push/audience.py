"""Who a reminder is for, kept on the reminder as JSON and turned into a query over subscriptions.

``{"residents": bool, "roles": [role, ...], "users": [user id, ...], "wards": [ward code, ...]}``: residents
are subscriptions without an account; roles and users reach staff whose account is still active; a
non-empty ``wards`` keeps only subscriptions of those wards. The reminder's topic must be one the subscriber
chose.
"""
import json
from functools import reduce
from operator import or_

from peewee import JOIN

from server.accounts.models import User
from server.push.models import Subscription


def encode(residents=False, roles=(), users=(), wards=()):
    return json.dumps({"residents": residents, "roles": sorted(roles), "users": sorted(users),
                       "wards": sorted(wards)})


def recipients(reminder):
    """The subscriptions a reminder goes to (a query; the fan-out pages through it)."""
    audience = json.loads(reminder.audience)
    reached = []
    if audience["residents"]:
        reached.append(Subscription.user.is_null())
    if audience["roles"]:
        reached.append(User.role.in_(audience["roles"]) & (User.active == True))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if audience["users"]:
        reached.append(User.id.in_(audience["users"]) & (User.active == True))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    query = Subscription.select().join(User, join_type=JOIN.LEFT_OUTER, on=(Subscription.user == User.id))
    wants_topic = getattr(Subscription, f"wants_{reminder.topic}") == True  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if not reached:
        return query.where(Subscription.id.is_null())  # nobody
    query = query.where(wants_topic, reduce(or_, reached))
    if audience["wards"]:
        query = query.where(Subscription.ward.in_(audience["wards"]))
    return query
