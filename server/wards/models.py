from peewee import CharField, TextField

from server.db import BaseModel


class Ward(BaseModel):
    """A commune-level unit (xã or phường) of Cần Thơ since 01/7/2025, by its official 5-digit code."""

    code = CharField(max_length=5, primary_key=True)
    name = CharField(max_length=100)
    type = CharField(max_length=10)  # "phường" or "xã", as the decree writes it
    # The name folded for search (see names.fold): "Phường Vĩnh Thuận" -> "phuong vinh thuan".
    name_folded = CharField(max_length=100, index=True)
    # The pre-2025 units merged into this one, as the statistics office lists them. Old codes and names are
    # reused by other new units, so this text is for people to read, never a key to join old records on.
    former_units = TextField(default="")
