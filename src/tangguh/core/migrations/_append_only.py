"""The SQL of the audit's append-only triggers, shared by the migrations that need it.

(A module whose name starts with "_" is not a migration: Django's loader skips it.)
"""

from collections.abc import Callable, Iterable
from typing import Any

OPERATIONS = ("UPDATE", "DELETE")
PG_FUNCTION = """
    CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$
"""


def create_sql(vendor: str, tables: Iterable[str]) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} "
            f"BEGIN SELECT RAISE(ABORT, '{t} is append-only: {op} refused'); END"
            for t in tables
            for op in OPERATIONS
        ]
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            *(
                f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
                "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()"
                for t in tables
            ),
        ]
    raise RuntimeError(f"No append-only triggers for the {vendor} database.")


def drop_sql(vendor: str, tables: Iterable[str], *, function: bool) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_no_{op.lower()}" for t in tables for op in OPERATIONS]
    drops = [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in tables]
    return [*drops, "DROP FUNCTION IF EXISTS core_audit_append_only()"] if function else drops


def runner(statements: Callable[[str], list[str]]) -> Callable[[Any, Any], None]:
    """A RunPython function executing ``statements(vendor)``."""

    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    return run
