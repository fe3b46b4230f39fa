"""The database refuses UPDATE and DELETE on the audit tables (SQLite and PostgreSQL).

The models refuse it too (``AppendOnlyModel``); these triggers hold against raw SQL
and any code path that bypasses the ORM. Both raise an integrity error.
"""

from django.db import migrations

from ._append_only import create_sql, drop_sql, runner

TABLES = ("core_auditentry", "core_auditsubject")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_subjects_and_protected_references")]

    operations = [
        migrations.RunPython(
            runner(lambda vendor: create_sql(vendor, TABLES)),
            runner(lambda vendor: drop_sql(vendor, TABLES, function=True)),
            elidable=False,
        )
    ]
