"""The gap summary: how many people fall short of which competency, by how much, per
institution, work unit and tier (docs/competencies.md, "Gaps").

A count is a number of active people with a position: per (institution, work unit,
tier, competency code, gap), where ``gap`` is the required minus the current level
(0: meets the standard; ``None``: not assessed, never counted as zero), the person's
current level being their profile's (``CurrentLevel``) on the day, lapsed levels left
out — the same as :func:`tangguh.competencies.gaps.person_gaps` says person by person.

:func:`plain_counts` computes them from the raw tables. :func:`counts` reads them kept
(``GapCount``): database triggers on the tables they come from (people, positions,
standards, current levels) stamp the institutions whose rows changed (``GapStamp``); a
reading recomputes only the stamped institutions, those not kept yet, and those where
a counted level has lapsed since (``GapKept.expires_on``). A national default changing
(a stamp with no institution) recomputes everything. The stamps and marks work as in
``rankings/cache.py`` (read there why no change committed while a reading runs is
missed); ``TRUNCATE`` is not seen: call :func:`forget` after one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from tangguh.people.models import Employee, EmploymentStatus, Position

from .models import CurrentLevel, GapCount, GapKept, GapMark, GapStamp, GapTotal
from .standards import required_levels
from .tiers import tier_of

_CHUNK = 20000


@dataclass(frozen=True)
class CountKey:
    institution_id: int
    work_unit_id: int | None
    tier: str
    code: str
    gap: int | None


def plain_counts(institution_ids: Iterable[int], *, day: date | None = None) -> Counter[CountKey]:
    """The counts of these institutions, computed from the raw tables."""
    day = day or timezone.localdate()
    ids = sorted(set(institution_ids))
    result: Counter[CountKey] = Counter()
    if not ids:
        return result
    positions = list(Position.objects.filter(institution_id__in=ids))
    required = required_levels(positions)
    tiers = {p.pk: tier_of(p.kind, p.name) for p in positions}
    people = (
        Employee.objects.filter(
            institution_id__in=ids, status=EmploymentStatus.ACTIVE, position__isnull=False
        )
        .order_by()
        .values_list("pk", "institution_id", "work_unit_id", "position_id")
    )
    rows = list(people)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        levels: dict[int, dict[str, int]] = {}
        for employee_id, code, level in (
            CurrentLevel.objects.filter(employee_id__in=[r[0] for r in chunk])
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by()
            .values_list("employee_id", "code", "level")
        ):
            levels.setdefault(employee_id, {})[code] = level
        for employee_id, institution_id, unit_id, position_id in chunk:
            own = levels.get(employee_id, {})
            tier = tiers.get(position_id, "")
            for code, requirement in required.get(position_id, {}).items():
                current = own.get(code)
                gap = None if current is None else max(0, requirement.level - current)
                result[CountKey(institution_id, unit_id, tier, code, gap)] += 1
    return result


def _requirements(ids: list[int]) -> list[tuple[int, str, str, int]]:
    """(position id, tier, code, required level) for every position of these institutions."""
    positions = list(
        Position.objects.filter(institution_id__in=ids).only("pk", "kind", "name", "institution_id")
    )
    required = required_levels(positions)
    rows = []
    for position in positions:
        tier = tier_of(position.kind, position.name)
        for code, requirement in required.get(position.pk, {}).items():
            rows.append((position.pk, tier, code, requirement.level))
    return rows


_COUNT_SQL = """
INSERT INTO competencies_gapcount (institution_id, work_unit_id, tier, code, gap, people)
SELECT e.institution_id, e.work_unit_id, r.tier, r.code,
       CASE WHEN l.level IS NULL THEN NULL
            WHEN r.level > l.level THEN r.level - l.level ELSE 0 END,
       count(*)
FROM people_employee e
JOIN gaps_requirement r ON r.position_id = e.position_id
LEFT JOIN competencies_currentlevel l
  ON l.employee_id = e.id AND l.code = r.code
 AND (l.valid_until IS NULL OR l.valid_until >= %s)
WHERE e.institution_id IN ({ids}) AND e.status = %s
GROUP BY 1, 2, 3, 4, 5
"""

_TOTAL_SQL = """
INSERT INTO competencies_gaptotal (institution_id, tier, code, gap, people)
SELECT institution_id, tier, code, gap, sum(people) FROM competencies_gapcount
WHERE institution_id IN ({ids}) GROUP BY 1, 2, 3, 4
"""

_EXPIRY_SQL = """
SELECT e.institution_id, min(l.valid_until) FROM competencies_currentlevel l
JOIN people_employee e ON e.id = l.employee_id
WHERE e.institution_id IN ({ids}) AND e.status = %s AND l.valid_until >= %s
GROUP BY 1
"""


def _keep(ids: list[int], day: date) -> None:
    """Recompute and keep the counts of these institutions (the same rule as
    :func:`plain_counts`, in SQL: the tests compare the two)."""
    marks = ", ".join(["%s"] * len(ids))
    GapCount.objects.filter(institution_id__in=ids).delete()
    GapTotal.objects.filter(institution_id__in=ids).delete()
    GapKept.objects.filter(institution_id__in=ids).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS gaps_requirement (position_id bigint, "
                "tier varchar(16), code varchar(20), level smallint) ON COMMIT DELETE ROWS"
            )
        else:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS gaps_requirement (position_id bigint, "
                "tier varchar(16), code varchar(20), level smallint)"
            )
        cursor.execute("DELETE FROM gaps_requirement")
        cursor.executemany(
            "INSERT INTO gaps_requirement (position_id, tier, code, level) VALUES (%s, %s, %s, %s)",
            _requirements(ids),
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE gaps_requirement")  # a temporary table has no statistics
            # The default cost of a random read (4, a spinning disk's) makes the planner
            # scan every current level of the country to recompute one institution's
            # people; at the cost of a solid-state disk it looks up their own through
            # currentlevel_unique (one institution of 10,000 among 2.2 M levels: 1.2 s
            # → 0.5 s; docs/performance.md, "Gap summary"). For these statements only.
            cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute(_COUNT_SQL.format(ids=marks), [day, *ids, EmploymentStatus.ACTIVE])
        cursor.execute(_TOTAL_SQL.format(ids=marks), ids)
        cursor.execute(_EXPIRY_SQL.format(ids=marks), [*ids, EmploymentStatus.ACTIVE, day])
        lapses = {pk: last for pk, last in cursor.fetchall()}
        cursor.execute("DELETE FROM gaps_requirement")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL random_page_cost TO DEFAULT")
    GapKept.objects.bulk_create(
        [
            GapKept(
                institution_id=pk,
                expires_on=None
                if lapses.get(pk) is None
                else date.fromordinal(_as_date(lapses[pk]).toordinal() + 1),
            )
            for pk in ids
        ],
        batch_size=2000,
    )


def _as_date(value: object) -> date:
    # SQLite answers an aggregate of dates as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def refresh(institution_ids: Sequence[int], *, day: date | None = None) -> None:
    """Bring the kept counts of these institutions up to date (see the module)."""
    day = day or timezone.localdate()
    wanted = sorted(set(institution_ids))
    if not wanted or not watching():
        return
    with transaction.atomic():
        mark, pending = _current_mark()  # first: what changes from now on is read next time
        state, _created = GapMark.objects.select_for_update().get_or_create(
            pk=1, defaults={"mark": mark, "pending": pending}
        )
        changed = _changed(state.mark, state.pending)
        if None in changed:
            forget()
        elif changed:
            stale = [pk for pk in changed if pk is not None]
            GapKept.objects.filter(institution_id__in=stale).delete()
        GapStamp.objects.filter(stamp__lt=min([mark, *pending])).delete()
        if (state.mark, state.pending) != (mark, pending):
            GapMark.objects.filter(pk=1).update(mark=mark, pending=pending)
        fresh = set(
            GapKept.objects.filter(institution_id__in=wanted)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day))
            .values_list("institution_id", flat=True)
        )
        missing = [pk for pk in wanted if pk not in fresh]
        if missing:
            _keep(missing, day)


def counts(
    institution_ids: Iterable[int],
    *,
    group: Sequence[str] = ("code", "gap"),
    codes: Iterable[str] | None = None,
    tiers: Iterable[str] | None = None,
    work_unit_ids: Iterable[int] | None = None,
    day: date | None = None,
) -> list[dict[str, object]]:
    """The kept counts of these institutions on ``day`` (today) summed by ``group``
    (fields of ``GapCount``): a list of ``{field: value, ..., "people": n}``; filters by
    code, tier and work units. Falls back to the plain computation where nothing is
    kept."""
    ids = sorted(set(institution_ids))
    if not ids:
        return []
    units = None if work_unit_ids is None else set(work_unit_ids)
    if not watching():
        return _plain_grouped(ids, group, codes, tiers, units, day)
    refresh(ids, day=day)
    if "work_unit_id" in group or units is not None:
        rows: QuerySet[Any] = GapCount.objects.filter(institution_id__in=ids)
        if units is not None:
            rows = rows.filter(work_unit_id__in=units)
    else:
        rows = GapTotal.objects.filter(institution_id__in=ids)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    if tiers is not None:
        rows = rows.filter(tier__in=list(tiers))
    return list(rows.order_by().values(*group).annotate(people=Sum("people")))


def _plain_grouped(
    ids: list[int],
    group: Sequence[str],
    codes: Iterable[str] | None,
    tiers: Iterable[str] | None,
    units: set[int] | None,
    day: date | None = None,
) -> list[dict[str, object]]:
    code_set = None if codes is None else set(codes)
    tier_set = None if tiers is None else set(tiers)
    summed: Counter[tuple[object, ...]] = Counter()
    for key, n in plain_counts(ids, day=day).items():
        if code_set is not None and key.code not in code_set:
            continue
        if tier_set is not None and key.tier not in tier_set:
            continue
        if units is not None and key.work_unit_id not in units:
            continue
        summed[tuple(getattr(key, f) for f in group)] += n
    return [{**dict(zip(group, k, strict=True)), "people": n} for k, n in summed.items()]


def institution_counts(institution_id: int) -> dict[str, dict[int | None, int]]:
    """``{code: {gap: people}}`` for one institution's active people: ``gap`` 0 meets
    the standard, 1–4 falls short by that many levels, ``None`` not assessed."""
    result: dict[str, dict[int | None, int]] = {}
    for row in counts([institution_id]):
        gap = row["gap"]
        result.setdefault(str(row["code"]), {})[None if gap is None else int(str(gap))] = int(
            str(row["people"])
        )
    return result


def forget() -> None:
    """Drop every kept count (after a TRUNCATE, or a change to what is counted)."""
    GapCount.objects.all().delete()
    GapTotal.objects.all().delete()
    GapKept.objects.all().delete()


# --- stamps and marks (as rankings/cache.py) --------------------------------------------


def _changed(mark: int, pending: list[int]) -> set[int | None]:
    since = Q(stamp__gte=mark)
    if pending:
        since |= Q(stamp__in=pending)
    return set(GapStamp.objects.filter(since).values_list("institution_id", flat=True))


def _current_mark() -> tuple[int, list[int]]:
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
        cursor.execute("SELECT coalesce(max(stamp), 0) + 1 FROM competencies_gapstamp")
        return int(cursor.fetchone()[0]), []


# source table → how a changed row ({row}) names its institution: (column, join).
# A current level names it through its person (none once the person is deleted: the
# person's own deletion stamps the institution).
WATCHED = {
    "people_employee": ("{row}.institution_id", ""),
    "people_position": ("{row}.institution_id", ""),
    "competencies_standarditem": ("{row}.institution_id", ""),
    "competencies_currentlevel": (
        "e.institution_id",
        " JOIN people_employee e ON e.id = {row}.employee_id",
    ),
}
# The columns the counts read: an update that changes none of them stamps nothing (the
# register's import refreshes fingerprints, for one, and those never change a count).
COUNTED = {
    "people_employee": ("institution_id", "work_unit_id", "position_id", "status"),
    "people_position": ("institution_id", "kind", "name"),
    "competencies_standarditem": (
        "institution_id",
        "tier",
        "position_id",
        "code",
        "required_level",
    ),
    "competencies_currentlevel": ("employee_id", "code", "level", "valid_until"),
}
_OPS = {"ins": ("INSERT", ("NEW",)), "upd": ("UPDATE", ("OLD", "NEW")), "del": ("DELETE", ("OLD",))}
_WATCHING: set[str] = set()


def _trigger_names() -> list[str]:
    return [f"gaps_watch_{table}_{op}" for table in WATCHED for op in _OPS]


def watching() -> bool:
    """Whether every trigger is in place (else nothing is kept: see rankings/cache.py)."""
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


_PG_STAMP = "pg_current_xact_id()::text::bigint"
_SQLITE_STAMP = "(SELECT coalesce(max(stamp), 0) + 1 FROM competencies_gapstamp)"


def _pg_changed_rows(table: str, institution: str, join: str) -> str:
    """The institutions, before and after, of the updated rows whose counted columns
    changed (a statement trigger with transition tables takes no column list)."""
    columns = COUNTED[table]
    old = ", ".join(f"o.{c}" for c in columns)
    new = ", ".join(f"n.{c}" for c in columns)
    return " UNION ".join(
        f"SELECT {institution.format(row=side)} AS institution_id "  # noqa: S608
        f"FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id{join.format(row=side)} "
        f"WHERE ({old}) IS DISTINCT FROM ({new})"
        for side in ("o", "n")
    )


def install_triggers(conn: BaseDatabaseWrapper) -> None:
    """Create (or re-create) the triggers on the watched tables."""
    with conn.cursor() as cursor:
        for table, (institution, join) in WATCHED.items():
            for op, (event, rows) in _OPS.items():
                name = f"gaps_watch_{table}_{op}"
                if conn.vendor == "postgresql":
                    aliases = {"NEW": "new_rows", "OLD": "old_rows"}
                    referencing = " ".join(
                        f"{'NEW' if r == 'NEW' else 'OLD'} TABLE AS {aliases[r]}" for r in rows
                    )
                    if op == "upd":
                        union = _pg_changed_rows(table, institution, join)
                    else:
                        union = " UNION ".join(
                            f"SELECT {institution.format(row='t')} AS institution_id "  # noqa: S608
                            f"FROM {aliases[r]} AS t{join.format(row='t')}"
                            for r in rows
                        )
                    function = f"{name}_fn"
                    cursor.execute(
                        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger "  # noqa: S608
                        f"LANGUAGE plpgsql AS $$ BEGIN "
                        f"INSERT INTO competencies_gapstamp (institution_id, stamp) "
                        f"SELECT DISTINCT institution_id, {_PG_STAMP} FROM ({union}) AS s; "
                        f"RETURN NULL; END $$"
                    )
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                        f"REFERENCING {referencing} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                    )
                elif conn.vendor == "sqlite":
                    body = " ".join(
                        f"INSERT INTO competencies_gapstamp (institution_id, stamp) "  # noqa: S608
                        f"SELECT {institution.format(row=r)}, {_SQLITE_STAMP}"
                        + (f" FROM (SELECT 1){join.format(row=r)};" if join else ";")
                        for r in rows
                    )
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    when = ""
                    if op == "upd":
                        columns = COUNTED[table]
                        event = f"UPDATE OF {', '.join(columns)}"
                        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
                        when = f" WHEN {changed}"
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} "
                        f"BEGIN {body} END"
                    )
    _WATCHING.discard(conn.alias)


def drop_triggers(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for table in WATCHED:
            for op in _OPS:
                name = f"gaps_watch_{table}_{op}"
                if conn.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
                elif conn.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    _WATCHING.discard(conn.alias)
