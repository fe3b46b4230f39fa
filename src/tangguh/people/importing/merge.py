"""Merge the staged rows into the register with set-based SQL, in one transaction.

Order inside the transaction (see :meth:`Merge.run`):

1. the *plan*: every staged NIP already registered that needs something done,
   ``T`` (registered in another institution: a transfer request) or ``U`` (update;
   ``opens`` when a period field changes, not for the record's other fields or a
   TMT that dates the current period); a registered NIP whose fingerprint matches
   is unchanged and not planned; one whose given values all equal the stored ones
   under another fingerprint is unchanged too, planned ``F`` so that only its
   fingerprint is refreshed;
2. new work units and positions (distinct names, a few thousand at most);
3. transfer requests (pending, payload = the staged values);
4. updates of changed employees: when the update opens a period, the current one is
   closed into a history row first (the employee row holds the open period), then
   the row changes;
5. new employees (their first period is the row itself: no history row).

A value not given in the file (``NULL`` in staging) keeps what the register holds.

Dates of periods (docs/history.md): a period starts at the row's TMT, else its start
is unknown (NULL), never the day of the import; a closed period ends where the next
one starts (unknown too without a TMT). A new position named without a kind gets the
kind its name decides (:mod:`tangguh.people.position_kinds`), never the person's
previous kind; when nothing tells the kind, it is left empty and the row says so.

Write scope (docs/permissions.md, "Write scope and transfers"): an import into one
institution never changes a person registered in another, whatever their status
(active, retired, moved out, deceased): the row becomes a transfer request that the
holding institution decides, and the row's message says only that. Its answer is then
the same for every registered NIP outside the importer's institution, so a dry run
tells an outsider nothing about that person's state. Only a national file
(``institution_id=None``: each row names its institution) moves people directly,
as it always did: an active person elsewhere is still a transfer request there.
"""

# ruff: noqa: S608 - table names in the SQL are generated identifiers, values are parameters

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import SubjectsSQL
from tangguh.core.importing import Merge as Policy
from tangguh.core.importing.engine import MergeCounts
from tangguh.core.importing.staging import Dialect
from tangguh.core.messages import Message
from tangguh.people.import_spec import PLAIN_FIELDS, REGISTER
from tangguh.people.importing.preview import build_preview
from tangguh.people.models import (
    PERIOD_FIELDS,
    Employee,
    EmploymentHistory,
    Position,
    TransferRequest,
    WorkUnit,
)
from tangguh.people.position_kinds import kind_sql

E = Employee._meta.db_table
H = EmploymentHistory._meta.db_table
W = WorkUnit._meta.db_table
P = Position._meta.db_table
T = TransferRequest._meta.db_table

# From the register's merge policy (people/import_spec.py): the columns written as they
# are (a staging column of the employee column's name), and those that name a related
# row (position, work unit: staged as its name or path, looked up by the merge).
_PLAIN = PLAIN_FIELDS
_RELATED = tuple(
    c.key for c in REGISTER.columns if Policy.WRITTEN in c.merge and "__" in (c.model_field or "")
)
_DATES = tuple(c for c in _PLAIN if Employee._meta.get_field(c).get_internal_type() == "DateField")
# Fields where a given value replaces the stored one (staging column = employee column):
# the plain columns, and the identifier and employment kinds the NIP and status give.
_COPIED = ("id_kind", *_PLAIN, "employee_kind")
# The plain columns that are fields of a period: a change of one of them opens a new period.
_PERIOD_PLAIN = tuple(c for c in _PLAIN if c in PERIOD_FIELDS)


# The message of each row that became a transfer request: the same for every such NIP,
# naming neither the person, nor their institution, nor their status.
TRANSFER_REQUESTED = _(
    "This NIP is already registered in another institution; a transfer request goes to "
    "that institution for its decision."
)
# The note on a row whose person takes a position whose kind neither the file, nor the
# position, nor its name tells.
KIND_UNKNOWN = _(
    "The file gives no kind for the new position “%(position)s” and its name does not tell "
    "it, so the position kind is left empty (the previous position's kind is not kept). "
    "Give it in a Jenis Jabatan column to set it."
)


class _Labels:
    """The distinct work units and positions of the staged rows, gathered while staging.

    The merge creates the ones an institution lacks; from these few hundred thousand
    names rather than from the millions of staged rows (measured on the national file,
    PostgreSQL: 17 s for the two statements over the stage).
    """

    _UNIT = REGISTER.stage_columns.index("work_unit")
    _POSITION = REGISTER.stage_columns.index("position")
    _KIND = REGISTER.stage_columns.index("position_kind")

    def __init__(self) -> None:
        self._units: list[Any] = []
        self._positions: list[Any] = []
        self._rows: list[tuple[Any, Any, Any, Any]] = []

    # Blocks between two compactions: the same names recur in every block, so the
    # blocks' own distinct sets add up to millions of rows (measured on the national
    # file: ~600 MB) unless they are merged now and then.
    COMPACT_EVERY = 8

    def add_frame(self, frame: Any) -> None:
        import polars as pl

        # Copied strings: a polars string column is views into its block's buffers, and
        # a kept selection of it would keep every block's buffers alive (measured: the
        # national import peaked at 846 MB with views, see docs/performance.md).
        def copied(*names: str) -> list[Any]:
            return [pl.concat_str([pl.col(n), pl.lit("")]).alias(n) for n in names]

        self._units.append(
            frame.select("inst", "work_unit")
            .drop_nulls()
            .unique()
            .with_columns(copied("work_unit"))
        )
        self._positions.append(
            frame.select("inst", "position", "position_kind")
            .filter(pl.col("position").is_not_null())
            .unique()
            .with_columns(copied("position", "position_kind"))
        )
        if len(self._units) > self.COMPACT_EVERY:
            # Copied again: the distinct rows of a concatenation are views into the
            # buffers of every frame concatenated, duplicates included.
            self._units = [pl.concat(self._units).unique().with_columns(copied("work_unit"))]
            self._positions = [
                pl.concat(self._positions)
                .unique()
                .with_columns(copied("position", "position_kind"))
            ]

    def add(self, staged: tuple[Any, ...], inst: int) -> None:
        self._rows.append((inst, staged[self._UNIT], staged[self._POSITION], staged[self._KIND]))

    def frames(self) -> tuple[Any, Any]:
        """``(units, positions)``: ``inst, unit`` and ``inst, name, kind`` (kind: the
        largest given, else empty, as the merge's SQL over the stage has it)."""
        import polars as pl

        rows = pl.DataFrame(
            self._rows,
            schema={"inst": pl.Int64, "work_unit": pl.String, "position": pl.String,
                    "position_kind": pl.String},
            orient="row",
        )  # fmt: skip
        units = pl.concat(
            [
                *(f.with_columns(pl.col("inst").cast(pl.Int64)) for f in self._units),
                rows.select("inst", "work_unit").drop_nulls(),
            ]
        ).unique()
        positions = (
            pl.concat(
                [
                    *(f.with_columns(pl.col("inst").cast(pl.Int64)) for f in self._positions),
                    rows.select("inst", "position", "position_kind"),
                ],
            )
            .filter(pl.col("position").is_not_null())
            .group_by("inst", "position")
            .agg(pl.col("position_kind").max())
            .with_columns(pl.col("position_kind").fill_null(""))
        )
        return units.rename({"work_unit": "unit"}), positions.rename(
            {"position": "name", "position_kind": "kind"}
        )


class Merge:
    """One merge of a filled staging table into the register.

    Each staged row carries its institution (``inst``): the one the import is for,
    or the one its ``Kode Instansi`` names in a national file.
    """

    # The table of the target's records; the collector of the labels it names.
    table = E
    Labels = _Labels
    # What each row that became a transfer request is told.
    transfer_message = TRANSFER_REQUESTED

    def __init__(
        self,
        *,
        dialect: Dialect,
        institution_id: int | None,
        staged: int,
        has_tmt: bool,
        today: date,
        now: datetime,
        actor_id: int | None,
        job_id: int | None,
        source: str,
    ) -> None:
        self.d = dialect
        self.inst = institution_id
        self.staged = staged
        self.has_tmt = has_tmt
        self.today = dialect.date(today)
        self.now = dialect.timestamp(now)
        self.actor_id = actor_id
        self.job_id = job_id
        self.source = source[:64]
        # The distinct units and positions, when the engine gathered them while staging
        # (polars frames); else they are read from the staged rows.
        self.labels: tuple[Any, Any] | None = None
        self.timings: dict[str, float] = {}
        # The (row, NIP) of the rows planned as transfers, at most ``notice_limit`` of them,
        # for the per-row message (read before a dry run rolls back).
        self.notice_limit = 0
        self.transfer_rows: list[tuple[int, str]] = []
        # A dry run's row-by-row preview (see .preview), when asked for.
        self.with_preview = False
        self.preview: dict[str, Any] | None = None
        # Notes on rows that were merged (row, column key, value, message): a new
        # position whose kind is unknown.
        self.notices: list[tuple[int, str, str, Message]] = []

    # --- the steps -------------------------------------------------------------
    def run(self, *, dry_run: bool) -> MergeCounts:
        """Everything in one transaction; a dry run computes the counts and rolls back."""
        counts = MergeCounts()
        with transaction.atomic():
            self.d.lock()
            # A Unit Kerja cell names a unit by its path, or by its code (a unit tree
            # imported with codes); without any coded unit the statements stay simple.
            self.unit_codes = bool(self.d.fetch(f"SELECT 1 FROM {W} WHERE {_CODED} LIMIT 1"))
            self.d.create_plan()
            started = time.perf_counter()
            self.plan()
            self.timings["plan"] = time.perf_counter() - started
            planned = dict(
                self.d.fetch(f"SELECT action, COUNT(*) FROM {self.d.plan} GROUP BY action")
            )
            counts.transfers_pending = planned.get("T", 0)
            counts.updated = planned.get("U", 0)
            refresh = planned.get("F", 0)
            if counts.transfers_pending and self.notice_limit > 0:
                self.transfer_rows = [
                    (int(row), str(nip))
                    for row, nip in self.d.fetch(
                        f"""SELECT s.row_no, s.nip FROM {self.d.plan} pl
                            JOIN {self.d.stage} s ON s.row_no = pl.row_no
                            WHERE pl.action = 'T' ORDER BY s.row_no LIMIT %s""",
                        [self.notice_limit],
                    )
                ]
            self.unknown_kinds()
            if dry_run:
                counts.created = self.staged - self._matched()
                if self.with_preview:
                    started = time.perf_counter()
                    self.preview = build_preview(self, counts)
                    self.timings["preview"] = time.perf_counter() - started
                transaction.set_rollback(True)
            else:
                self.units_and_positions()
                if counts.transfers_pending:
                    self.transfers()
                if counts.updated:
                    self.updates()
                if refresh:
                    self.refresh_fingerprints()
                # Every staged NIP registered (a re-import): nothing to look for.
                if self.matched != self.staged:
                    started = time.perf_counter()
                    counts.created = self.inserts()
                    self.timings["inserts"] = time.perf_counter() - started
                self.after_merge(counts)
            counts.unchanged = (
                self.staged - counts.created - counts.updated - counts.transfers_pending
            )
        return counts

    # Staged NIPs already registered, when the plan step counted them (PostgreSQL).
    matched: int | None = None

    def _matched(self) -> int:
        """How many staged NIPs are registered already."""
        if self.matched is not None:
            return self.matched
        return self.d.fetch(f"SELECT COUNT(*) FROM {self.d.stage} s JOIN {E} e ON e.nip = s.nip")[
            0
        ][0]

    def touched(self, counts: MergeCounts | None = None) -> SubjectsSQL:
        """For the audit entry: see :func:`touched_people`."""
        return touched_people(self, counts)

    def after_merge(self, counts: MergeCounts) -> None:
        """Hook for the caller's audit entry, inside the same transaction."""

    def plan(self) -> None:
        s_e = lambda c: f"(s.{c} IS NOT NULL AND s.{c} <> e.{c})"  # noqa: E731
        # The fields of a period (a change opens a new one), then the record's others.
        period = " OR ".join(
            [
                "e.institution_id <> s.inst",
                *(s_e(c) for c in _PERIOD_PLAIN),
                s_e("employee_kind"),
                "(s.state IS NOT NULL AND s.state <> e.status)",
                (
                    "(s.work_unit IS NOT NULL AND (w.path IS NULL OR (w.path <> s.work_unit"
                    " AND w.code <> s.work_unit)))"
                    if self.unit_codes
                    else "(s.work_unit IS NOT NULL AND (w.path IS NULL OR w.path <> s.work_unit))"
                ),
                "(s.position IS NOT NULL AND (p.name IS NULL OR p.name <> s.position))",
            ]
        )
        differs = " OR ".join(
            [
                f"({period})",
                "s.id_kind <> e.id_kind",
                # A required column is always given; an optional one only when not NULL.
                *(
                    f"s.{c} <> e.{c}" if c in REGISTER.required else s_e(c)
                    for c in _PLAIN
                    if c not in _PERIOD_PLAIN
                ),
            ]
        )
        # A TMT that dates the current period otherwise (a first file had none).
        dated = (
            "(s.tmt IS NOT NULL AND (e.period_start IS NULL OR s.tmt <> e.period_start))"
            if self.has_tmt
            else "(1 = 0)"
        )
        # 'T': registered in another institution. Into one institution, whatever the
        # person's status (the holder decides); a national file moves people who are
        # no longer active elsewhere directly, as it always did.
        elsewhere = "e.institution_id <> s.inst"
        if self.inst is None:
            elsewhere += " AND e.status = 'active'"
        # 'F': equal field by field under another fingerprint (a per-row md5, a reset
        # one, an older format): only the fingerprint is refreshed, so the next
        # re-import finds the row unchanged without staging it.
        joined = f"""
            SELECT s.row_no, e.id AS emp_id,
                   CASE WHEN {elsewhere} THEN 'T'
                        WHEN e.institution_id = s.inst AND NOT ({differs}) AND NOT {dated}
                        THEN 'F'
                        ELSE 'U' END AS action,
                   s.tmt AS valid_from, ({period}) AS opens,
                   e.institution_id <> s.inst OR e.fingerprint <> s.fp OR {dated} AS todo
            FROM {self.d.stage} s
            JOIN {E} e ON e.nip = s.nip
            LEFT JOIN {W} w ON w.id = e.work_unit_id
            LEFT JOIN {P} p ON p.id = e.position_id
        """
        insert = f"INSERT INTO {self.d.plan} (row_no, emp_id, action, valid_from, opens)"
        if self.d.vendor == "postgresql":
            # One pass over the join also counts the registered NIPs: when every staged NIP
            # is registered (a re-import), the insert step has nothing to look for.
            self.matched = self.d.fetch(
                f"""
                WITH j AS MATERIALIZED ({joined}),
                     planned AS ({insert} SELECT row_no, emp_id, action, valid_from, opens
                                 FROM j WHERE todo)
                SELECT COUNT(*) FROM j
                """,
            )[0][0]
        else:
            self.d.execute(
                f"""{insert} SELECT row_no, emp_id, action, valid_from, opens
                    FROM ({joined}) j WHERE todo""",
            )

    def unknown_kinds(self) -> None:
        """A note on each updated row whose person takes a position of unknown kind: the
        file gives none, the position has none (or, new, its name decides none), while
        the person had one. Read before the positions are created."""
        if self.notice_limit <= 0:
            return
        rows = self.d.fetch(
            f"""
            SELECT s.row_no, s.position FROM {self.d.plan} pl
            JOIN {self.d.stage} s ON s.row_no = pl.row_no
            JOIN {E} e ON e.id = pl.emp_id
            LEFT JOIN {P} p ON p.institution_id = s.inst AND p.name = s.position
            WHERE pl.action = 'U' AND s.position IS NOT NULL AND s.position_kind IS NULL
              AND e.position_kind <> '' AND (p.id IS NULL OR e.position_id IS NULL
                                             OR p.id <> e.position_id)
              AND COALESCE(p.kind, {kind_sql("s.position")}, '') = ''
              AND NOT EXISTS (SELECT 1 FROM {self.d.stage} k WHERE k.inst = s.inst
                              AND k.position = s.position AND k.position_kind IS NOT NULL)
            ORDER BY s.row_no LIMIT %s
            """,
            [self.notice_limit],
        )
        self.notices = [
            (int(row), "position", str(name), Message(KIND_UNKNOWN, {"position": str(name)}))
            for row, name in rows
        ]

    def units_and_positions(self) -> None:
        """Insert the work units and positions the file names that the institution lacks;
        a position named without a kind gets the one its name decides, if any."""
        if self.labels is not None:
            # A few hundred thousand distinct names instead of millions of staged rows.
            self.d.load_labels(*self.labels)
            units = f"(SELECT inst, unit FROM {self.d.units})"
            positions = f"(SELECT inst, name, kind FROM {self.d.positions})"
        else:
            units = f"""(SELECT DISTINCT inst, work_unit AS unit FROM {self.d.stage}
                         WHERE work_unit IS NOT NULL)"""
            positions = f"""(SELECT inst, position AS name, COALESCE(MAX(position_kind), '') AS kind
                             FROM {self.d.stage} WHERE position IS NOT NULL
                             GROUP BY inst, position)"""
        coded = (
            f"""AND NOT EXISTS (SELECT 1 FROM {W} w WHERE w.institution_id = d.inst
                                AND w.code = d.unit AND {_CODED.replace("code", "w.code")})"""
            if self.unit_codes
            else ""
        )
        self.d.execute(
            f"""
            INSERT INTO {W} (institution_id, parent_id, name, path)
            SELECT d.inst, NULL, SUBSTR(d.unit, 1, 255), d.unit
            FROM {units} d
            WHERE NOT EXISTS (SELECT 1 FROM {W} w WHERE w.institution_id = d.inst AND w.path = d.unit)
            {coded}
            """,
        )
        self.d.execute(
            f"""
            INSERT INTO {P} (institution_id, name, kind)
            SELECT d.inst, d.name, COALESCE(NULLIF(d.kind, ''), {kind_sql("d.name")}, '')
            FROM {positions} d
            WHERE NOT EXISTS (SELECT 1 FROM {P} p WHERE p.institution_id = d.inst AND p.name = d.name)
            """,
        )
        self.d.analyze(W, P)

    def _payload(self) -> str:
        fields = (
            REGISTER.key.key, "id_kind", *(c for c in _PLAIN if c not in _DATES),
            "employee_kind", *_RELATED,
        )  # fmt: skip
        pairs = [(f, f"s.{f}") for f in fields]
        pairs += [(c, self._date_text(f"s.{c}")) for c in _DATES]
        pairs += [("status", "s.state")]
        pairs += [("valid_from", self._date_text("pl.valid_from")), ("row", "s.row_no")]
        return self.d.json_object(pairs)

    def _date_text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)" if self.d.vendor == "postgresql" else expr

    def transfers(self) -> None:
        payload = self._payload()
        # A transfer already waiting for this person and this institution gets the new values.
        self.d.execute(
            f"""
            UPDATE {T} SET payload = {payload}, requested_by_id = %s, import_job_id = %s
            FROM {self.d.plan} pl JOIN {self.d.stage} s ON s.row_no = pl.row_no
            WHERE pl.action = 'T' AND {T}.employee_id = pl.emp_id
              AND {T}.to_institution_id = s.inst AND {T}.status = 'pending'
            """,
            [self.actor_id, self.job_id],
        )
        self.d.execute(
            f"""
            INSERT INTO {T} (employee_id, from_institution_id, to_institution_id, payload, status,
                             requested_by_id, requested_at, import_job_id)
            SELECT pl.emp_id, e.institution_id, s.inst, {payload}, 'pending', %s, %s, %s
            FROM {self.d.plan} pl
            JOIN {self.d.stage} s ON s.row_no = pl.row_no
            JOIN {E} e ON e.id = pl.emp_id
            WHERE pl.action = 'T' AND NOT EXISTS (
                SELECT 1 FROM {T} t WHERE t.employee_id = pl.emp_id
                AND t.to_institution_id = s.inst AND t.status = 'pending')
            """,
            [self.actor_id, self.now, self.job_id],
        )

    def updates(self) -> None:
        # The period a person with a changed period is in ends where the new one starts
        # (its TMT; unknown without one), never before it began.
        self.d.execute(
            f"""
            INSERT INTO {H} ({_HISTORY_COLUMNS})
            SELECT {_history_values("e", "e.period_start")},
                   CASE WHEN pl.valid_from IS NOT NULL THEN
                        {self.d.greatest}(COALESCE(e.period_start, pl.valid_from), pl.valid_from)
                   END, e.period_source, %s
            FROM {self.d.plan} pl JOIN {E} e ON e.id = pl.emp_id
            WHERE pl.action = 'U' AND pl.opens
            """,
            [self.now],
        )
        copied = ", ".join(f"{c} = COALESCE(s.{c}, e.{c})" for c in _COPIED if c != "position_kind")
        same = "e.institution_id = s.inst"
        # A new position without a kind in the file takes the position's own kind (the one
        # its name decided when it was created), not the person's previous one. An update
        # that opens no period keeps it; a TMT, if any, dates it.
        self.d.execute(
            f"""
            UPDATE {E} AS e SET {copied},
                position_kind = CASE WHEN s.position_kind IS NOT NULL THEN s.position_kind
                                     WHEN s.position IS NOT NULL THEN
                                          CASE WHEN p.id = e.position_id THEN e.position_kind
                                               ELSE p.kind END
                                     WHEN {same} THEN e.position_kind ELSE '' END,
                status = COALESCE(s.state, CASE WHEN {same} THEN e.status ELSE 'active' END),
                work_unit_id = CASE WHEN s.work_unit IS NOT NULL THEN {self._unit_id()}
                                    WHEN {same} THEN e.work_unit_id END,
                position_id = CASE WHEN s.position IS NOT NULL THEN p.id
                                   WHEN {same} THEN e.position_id END,
                institution_id = s.inst, fingerprint = s.fp, updated_at = %s,
                period_start = CASE WHEN pl.opens THEN pl.valid_from
                                    ELSE COALESCE(pl.valid_from, e.period_start) END,
                period_source = CASE WHEN pl.opens THEN %s ELSE e.period_source END
            FROM {self.d.plan} pl
            JOIN {self.d.stage} s ON s.row_no = pl.row_no
            {self._unit_join()}
            LEFT JOIN {P} p ON p.institution_id = s.inst AND p.name = s.position
            WHERE e.id = pl.emp_id AND pl.action = 'U'
            """,
            [self.now, self.source],
        )

    # Whether any work unit has a code (see run); True for a merge used step by step.
    unit_codes = True

    def _unit_join(self) -> str:
        """The staged Unit Kerja's unit: ``w`` by path, ``wc`` by code (when any has one)."""
        by_path = f"LEFT JOIN {W} w ON w.institution_id = s.inst AND w.path = s.work_unit"
        if not self.unit_codes:
            return by_path
        return (
            f"{by_path} LEFT JOIN {W} wc ON wc.institution_id = s.inst "
            f"AND wc.code = s.work_unit AND {_CODED.replace('code', 'wc.code')}"
        )

    def _unit_id(self) -> str:
        return "COALESCE(wc.id, w.id)" if self.unit_codes else "w.id"

    def refresh_fingerprints(self) -> None:
        self.d.execute(
            f"""
            UPDATE {E} AS e SET fingerprint = s.fp
            FROM {self.d.plan} pl JOIN {self.d.stage} s ON s.row_no = pl.row_no
            WHERE e.id = pl.emp_id AND pl.action = 'F'
            """
        )

    def inserts(self) -> int:
        """New employees; each row is its own first period (from its TMT, else unknown).

        The NIP's appointment month (TMT CPNS) dates the person's first post, not
        necessarily the one the file gives, so it does not date the period."""
        period = "s.tmt" if self.has_tmt else "NULL"
        plain = ", ".join(_PLAIN)
        values = ", ".join(_INSERTED[c] for c in _PLAIN)
        insert = f"""
            INSERT INTO {E} (created_at, updated_at, nip, id_kind, {plain}, employee_kind, status,
                             institution_id, work_unit_id, position_id, fingerprint, period_start,
                             period_source)
            SELECT %s, %s, s.nip, s.id_kind, {values},
                   COALESCE(s.employee_kind, 'PNS'), COALESCE(s.state, 'active'), s.inst, {self._unit_id()}, p.id,
                   s.fp, {period}, %s
            FROM {self.d.stage} s
            {self._unit_join()}
            LEFT JOIN {P} p ON p.institution_id = s.inst AND p.name = s.position
            {{new}}
        """
        params = [self.now, self.now, self.source]
        # Into an empty register (a first import; read inside the merge's lock) every
        # staged NIP is new: no anti-join, and SQLite need not copy the rows aside first
        # (it does when the SELECT reads the table being inserted into).
        empty = not self.d.fetch(f"SELECT 1 FROM {E} LIMIT 1")
        insert = insert.replace(
            "{new}", "" if empty else f"WHERE NOT EXISTS (SELECT 1 FROM {E} x WHERE x.nip = s.nip)"
        )
        # SQLite's bulk path asks for an empty register instead of counting new rows.
        new = self.staged if self.d.vendor == "sqlite" else self.staged - self._matched()
        with self.d.bulk_insert((E,), new):
            return self.d.execute(insert, params)


def _inserted(column: str) -> str:
    """The value a new employee gets for a plain column: as staged, or (not given) the
    empty text a blank optional field holds."""
    field = Employee._meta.get_field(column)
    return f"s.{column}" if field.null else f"COALESCE(s.{column}, '')"


_INSERTED = {c: _inserted(c) for c in _PLAIN}
# A new person's kind: the file's, else their position's (see units_and_positions).
_INSERTED["position_kind"] = "COALESCE(s.position_kind, p.kind, '')"
# A unit with a code, spelled as the partial unique index on (institution, code) is, so
# that both engines use it (migration 0008).
_CODED = "NOT (code = '')"


_HISTORY_COLUMNS = (
    "employee_id, institution_id, work_unit_id, position_id, position_kind, rank, employee_kind, "
    "status, valid_from, valid_to, source, recorded_at"
)


def _history_values(e: str, valid_from: str) -> str:
    """The period columns of ``e`` up to ``valid_from``; valid_to, source, recorded_at follow."""
    return (
        f"{e}.id, {e}.institution_id, {e}.work_unit_id, {e}.position_id, {e}.position_kind, "
        f"{e}.rank, {e}.employee_kind, {e}.status, {valid_from}"
    )


def touched_people(merge: Merge, counts: MergeCounts | None = None) -> SubjectsSQL:
    """The NIPs a merge created (C), updated (U) or sent to a transfer request (T), as SQL.

    For the audit entry written inside the merge's transaction, after its writes: the
    plan names the updates and transfers; a new person is a staged NIP whose register
    row this merge inserted (its ``created_at`` is the merge's timestamp). When every
    staged row was created (a first import), the stage alone lists them: no join with
    the register (1 M rows, PostgreSQL: 4 s of the audit's 11 s).
    """
    d = merge.d
    if counts is not None and counts.created == merge.staged:
        return SubjectsSQL(f"SELECT s.nip AS nip, 'C' AS change FROM {d.stage} s")
    return SubjectsSQL(
        f"""SELECT s.nip AS nip, pl.action AS change
            FROM {d.plan} pl JOIN {d.stage} s ON s.row_no = pl.row_no
            WHERE pl.action IN ('U', 'T')
            UNION ALL
            SELECT s.nip, 'C' FROM {d.stage} s JOIN {E} e ON e.nip = s.nip
            WHERE e.created_at = %s""",
        [merge.now],
    )
