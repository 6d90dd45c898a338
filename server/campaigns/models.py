"""The campaign calendar: campaigns a city admin keeps, and each campaign's dated occurrences.

A yearly campaign (8/3, 20/10, 25/11, the action month 15/11–15/12, June) has one occurrence a year; a
one-off campaign has one. Reminders are planned per occurrence, so moving next year's date never touches
the record of what was sent this year.
"""
from peewee import AutoField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from server.clock import now_utc
from server.db import BaseModel


class Campaign(BaseModel):
    id = AutoField()
    # The five dates of the plan are seeded under a fixed key, so seeding again changes nothing.
    seed_key = CharField(max_length=40, unique=True, null=True)
    title_vi = CharField(max_length=120)
    title_en = CharField(max_length=120)
    message_vi = CharField(max_length=300)
    message_en = CharField(max_length=300)
    starts_on = DateField()  # for a yearly campaign, the first year's dates; other years shift them
    ends_on = DateField()
    yearly = BooleanField(default=True)
    audience_residents = BooleanField(default=True)
    audience_roles = CharField(max_length=200, default="")  # comma-separated role names
    audience_wards = CharField(max_length=2000, default="")  # comma-separated ward codes; empty: every ward
    reminder_offsets = CharField(max_length=40, default="7,1,0")  # days before the start, comma-separated
    active = BooleanField(default=True)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=now_utc)
    updated_at = DateTimeField(default=now_utc)

    @staticmethod
    def _split(text):
        return [item for item in text.split(",") if item]

    def roles(self):
        return self._split(self.audience_roles)

    def wards(self):
        return self._split(self.audience_wards)

    def offsets(self):
        return [int(days) for days in self._split(self.reminder_offsets)]


class CampaignOccurrence(BaseModel):
    id = AutoField()
    campaign = ForeignKeyField(Campaign, backref="occurrences", on_delete="CASCADE")
    year = IntegerField()
    starts_on = DateField(index=True)
    ends_on = DateField()

    class Meta:
        indexes = ((("campaign", "year"), True),)
