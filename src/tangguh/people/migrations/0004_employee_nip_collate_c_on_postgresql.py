"""Byte-order collation ("C") for the NIP on PostgreSQL.

A NIP holds digits only, so the order of NIPs is the same in every collation; with
the database's default one (``C.UTF-8`` or a language locale) each comparison is a
``strcoll`` call, with "C" a byte comparison. The unique key's build, the NIP
joins of an import and its duplicate check sort or hash millions of NIPs. The
import's staging table declares its ``nip`` with the same collation (the two must
match to be compared). SQLite compares bytes already (BINARY): nothing to do there.

Not in the model's ``db_collation``: SQLite has no collation named "C".
"""

from django.db import migrations


def _alter(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f'ALTER TABLE people_employee ALTER COLUMN nip TYPE varchar(18) COLLATE "{collation}"'
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_importjob_language"),
    ]

    operations = [
        migrations.RunPython(_alter("C"), _alter("default"), elidable=False),
    ]
