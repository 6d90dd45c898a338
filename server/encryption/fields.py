"""A peewee field whose value is encrypted before it reaches the database (see keyring.py)."""
from peewee import TextField

from server.encryption.keyring import current_keyring


class EncryptedTextField(TextField):
    """Text encrypted at rest. It cannot be searched or compared in SQL: nothing may be looked up by a
    survivor's name or phone number, by design."""

    def context(self):
        return f"{self.model._meta.table_name}.{self.column_name}".encode()

    def db_value(self, value):
        if value is None:
            return None
        return current_keyring().encrypt(value, self.context())

    def python_value(self, value):
        if value is None:
            return None
        return current_keyring().decrypt(value, self.context())
