"""`tangguh flush`: Django's flush, which on SQLite lifts the audit's triggers meanwhile.

Emptying the whole database (what the test runner does between transactional
tests) is not an edit of the audit: on PostgreSQL it is a TRUNCATE, which the
append-only triggers do not see; SQLite has no TRUNCATE and deletes row by row,
so the triggers on the audit tables are dropped for the flush and put back
exactly as they were, in the same transaction.
"""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

AUDIT_TABLES = ("core_auditentry", "core_auditsubject")


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN (%s, %s)",
                    AUDIT_TABLES,
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
        return None
