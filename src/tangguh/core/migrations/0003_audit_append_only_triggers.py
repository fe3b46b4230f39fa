"""The database refuses UPDATE and DELETE on the audit tables (SQLite and PostgreSQL).

The models refuse it too (``AppendOnlyModel``); these triggers hold against raw SQL
and any code path that bypasses the ORM. Both raise an integrity error.
"""

from django.db import migrations

TABLES = ("core_auditentry", "core_auditsubject")

SQLITE_CREATE = [
    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()}"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()"
        for table in TABLES
    ),
]
PG_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS core_audit_append_only()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (PG_CREATE, PG_DROP),
}


def _run(index: int):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise RuntimeError(f"No append-only triggers for the {vendor} database.")
        for sql in STATEMENTS[vendor][index]:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_subjects_and_protected_references")]

    operations = [migrations.RunPython(_run(0), _run(1), elidable=False)]
