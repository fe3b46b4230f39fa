"""The metric values the engine reads, kept so that a ranking need not aggregate the raw
tables each time (docs/rankings.md, "Performance").

Per (metric, period, institution) a value is kept (``KeptValue``). Database triggers on
the watched source tables (``WATCHED``) record, for every statement that inserts,
updates or deletes rows, the institutions of the old and the new rows and the writing
transaction (``SourceStamp``). A reading first takes its mark, then drops the kept
values of the institutions stamped since the previous mark, recomputes only those (and
any institution not kept yet) with the metric's own ``values``, and keeps them. So a
new participation recomputes one institution; a participation moved from one
institution to another recomputes both; a bulk update or a raw statement is seen like
any other write.

Exactness: the triggers see every write, however it is made (a service, ``update()``,
an import's ``COPY``, SQL by hand). On PostgreSQL the stamp is the writer's transaction
id and the mark the reading's snapshot: the transactions not visible to it (running,
its own, or later) are read again next time, so a change committed while a reading ran
is never missed. On SQLite (one writer at a time) both are a counter.

Only metrics whose every source is watched are kept; any other metric (the register,
the ledger) is computed straight from the records. ``TRUNCATE`` is not seen by the
triggers: after one (or after changing what a metric computes), call ``forget()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q

from tangguh.certification.metrics import Period

from .models import KeptPeriod, KeptValue, SourceStamp
from .registry import Metric

# source name (Metric.sources) -> the table whose rows carry ``institution_id``
WATCHED = {
    "participations": "certification_participation",
    "budgets": "development_budgetrevision",
}


def values(metric: Metric, period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    """``{institution id: value}`` for ``ids`` (absent: no records, read as zero)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted or not keeps(metric):
        return metric.values(period, wanted)
    # Nothing changed and everything kept: two plain reads, no lock, no write.
    rows = list(
        KeptValue.objects.filter(
            kept__metric=metric.code,
            kept__first_day=period.start,
            kept__last_day=period.end,
            institution_id__in=wanted,
        ).values_list("institution_id", "value", "kept__mark", "kept__pending")
    )
    if len(rows) == len(wanted):
        mark, pending = rows[0][2], rows[0][3]
        if not _changed(mark, pending, metric):
            return _decimals({pk: value for pk, value, _m, _p in rows}, wanted)
    with transaction.atomic():
        mark, pending = _current_mark()  # first: what changes from now on is read next time
        kept, created = KeptPeriod.objects.select_for_update().get_or_create(
            metric=metric.code,
            first_day=period.start,
            last_day=period.end,
            defaults={"mark": mark, "pending": pending},
        )
        if not created:
            changed = _changed(kept.mark, kept.pending, metric)
            if changed:
                KeptValue.objects.filter(kept=kept, institution_id__in=changed).delete()
            if (kept.mark, kept.pending) != (mark, pending):
                KeptPeriod.objects.filter(pk=kept.pk).update(mark=mark, pending=pending)
        found = _kept(kept, wanted)
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            computed = metric.values(period, missing)
            KeptValue.objects.bulk_create(
                [
                    KeptValue(
                        kept=kept,
                        institution_id=pk,
                        value="" if computed.get(pk) is None else str(computed[pk]),
                    )
                    for pk in missing
                ],
                batch_size=1000,
            )
            found.update({pk: "" if v is None else str(v) for pk, v in computed.items()})
            found.update({pk: "" for pk in missing if pk not in computed})
    return _decimals(found, wanted)


def _changed(mark: int, pending: list[int], metric: Metric) -> set[int]:
    """The institutions stamped in ``metric``'s sources since a reading's mark."""
    since = Q(stamp__gte=mark)
    if pending:
        since |= Q(stamp__in=pending)
    return set(
        SourceStamp.objects.filter(since, source__in=metric.sources).values_list(
            "institution_id", flat=True
        )
    )


def _kept(kept: KeptPeriod, wanted: list[int]) -> dict[int, str]:
    return dict(
        KeptValue.objects.filter(kept=kept, institution_id__in=wanted).values_list(
            "institution_id", "value"
        )
    )


def _decimals(found: dict[int, str], wanted: list[int]) -> dict[int, Decimal]:
    return {pk: Decimal(found[pk]) for pk in wanted if found.get(pk)}


def keeps(metric: Metric) -> bool:
    """Whether ``metric``'s values are kept: every source it reads is watched, and the
    triggers that watch them are in place."""
    return bool(metric.sources) and set(metric.sources) <= WATCHED.keys() and _watching()


def forget(metric_code: str | None = None) -> int:
    """Drop the kept values (of one metric, or all): the next readings recompute them."""
    periods = KeptPeriod.objects.all()
    if metric_code is not None:
        periods = periods.filter(metric=metric_code)
    KeptValue.objects.filter(kept__in=periods).delete()
    return periods.delete()[0]


def _current_mark() -> tuple[int, list[int]]:
    """The stamps a later reading must read: from ``mark`` on, and those in ``pending``.

    PostgreSQL: every transaction not yet visible now — from the snapshot's ``xmax`` on,
    those running in it (``xip``), and this reading's own transaction (its later writes
    carry its id). SQLite: the next counter value (writers are serialised).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_snapshot_xmax(s)::text::bigint, "
                "ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(s) AS x), "
                "pg_current_xact_id_if_assigned()::text::bigint "
                "FROM pg_current_snapshot() AS s"
            )
            xmax, running, own = cursor.fetchone()
            pending = sorted({*running, *([own] if own is not None else [])})
            return int(xmax), pending
        cursor.execute("SELECT coalesce(max(stamp), 0) + 1 FROM rankings_sourcestamp")
        return int(cursor.fetchone()[0]), []


# --- the triggers (installed by migration 0003_watch_sources) -------------------------


def _trigger_names() -> list[str]:
    return [f"rankings_watch_{source}_{op}" for source in WATCHED for op in ("ins", "upd", "del")]


_WATCHING: set[str] = set()  # the databases (aliases) where the triggers were found


def _watching() -> bool:
    """Whether every trigger is present (a table rebuilt on SQLite loses its triggers:
    then nothing is kept rather than something stale). Once found, believed for the
    process: tables are rebuilt by migrations, which run in a process of their own."""
    if connection.alias in _WATCHING:
        return True
    names = _trigger_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s) AND tgenabled <> 'D'",
                [names],
            )
        elif connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # noqa: S608
                names,
            )
        else:
            return False
        present = int(cursor.fetchone()[0]) == len(names)
    if present:
        _WATCHING.add(connection.alias)
    return present


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION rankings_watch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO rankings_sourcestamp (source, institution_id, stamp)
        SELECT DISTINCT TG_ARGV[0], institution_id, pg_current_xact_id()::text::bigint
        FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO rankings_sourcestamp (source, institution_id, stamp)
        SELECT TG_ARGV[0], institution_id, pg_current_xact_id()::text::bigint
        FROM (SELECT institution_id FROM new_rows UNION SELECT institution_id FROM old_rows) AS t;
    ELSE
        INSERT INTO rankings_sourcestamp (source, institution_id, stamp)
        SELECT DISTINCT TG_ARGV[0], institution_id, pg_current_xact_id()::text::bigint
        FROM old_rows;
    END IF;
    RETURN NULL;
END $$;
"""

_PG_REFERENCING = {
    "ins": ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    "upd": ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    "del": ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
}

_SQLITE_STAMP = (
    "INSERT INTO rankings_sourcestamp (source, institution_id, stamp) "
    "VALUES ('{source}', {row}.institution_id, "
    "(SELECT coalesce(max(stamp), 0) + 1 FROM rankings_sourcestamp));"
)
_SQLITE_ROWS = {
    "ins": ("INSERT", ("NEW",)),
    "upd": ("UPDATE", ("OLD", "NEW")),
    "del": ("DELETE", ("OLD",)),
}


def install_triggers(conn: BaseDatabaseWrapper) -> None:
    """Create (or re-create) the triggers on the watched tables."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for source, table in WATCHED.items():
            for op in ("ins", "upd", "del"):
                name = f"rankings_watch_{source}_{op}"
                if conn.vendor == "postgresql":
                    event, referencing = _PG_REFERENCING[op]
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION rankings_watch('{source}')"
                    )
                elif conn.vendor == "sqlite":
                    event, rows = _SQLITE_ROWS[op]
                    body = " ".join(_SQLITE_STAMP.format(source=source, row=row) for row in rows)
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
                        f"BEGIN {body} END"
                    )


def drop_triggers(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for source, table in WATCHED.items():
            for op in ("ins", "upd", "del"):
                name = f"rankings_watch_{source}_{op}"
                if conn.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                elif conn.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if conn.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS rankings_watch()")
