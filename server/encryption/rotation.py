"""Re-encrypting every encrypted field under a new key (``flask keys rotate``)."""
from peewee import Select, Value

from server.db import database
from server.encryption.fields import EncryptedTextField
from server.encryption.keyring import current_keyring

BATCH_ROWS = 500  # one transaction per batch: short write locks, and progress survives an interruption


def encrypted_columns(models):
    """(model, [fields]) for every model that has encrypted fields."""
    found = []
    for model in models:
        fields = [f for f in model._meta.sorted_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def reencrypt(models):
    """Rewrite every value not under the current key; returns the number of values rewritten."""
    keyring = current_keyring()
    rewritten = 0
    for model, fields in encrypted_columns(models):
        primary_key = model._meta.primary_key
        last = None
        while True:
            # Raw column values (no python_value): the key id is read from the stored text.
            query = Select([model._meta.table], [primary_key, *fields]).order_by(primary_key).limit(BATCH_ROWS)
            if last is not None:
                query = query.where(primary_key > last)
            rows = list(query.bind(database).tuples())
            if not rows:
                break
            with database.atomic():
                for row in rows:
                    changes = {}
                    for field, stored in zip(fields, row[1:], strict=True):
                        if stored is not None and keyring.key_id_of(stored) != keyring.current:
                            plain = keyring.decrypt(stored, field.context())
                            changes[field] = keyring.encrypt(plain, field.context())
                    if changes:
                        # Already encrypted: bypass db_value, which would encrypt the ciphertext again.
                        model.update({f: Value(v) for f, v in changes.items()}).where(
                            primary_key == row[0]).execute()
                        rewritten += len(changes)
            last = rows[-1][0]
    return rewritten
