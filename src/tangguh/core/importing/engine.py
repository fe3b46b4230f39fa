"""Run one import: read and validate the file in a stream, stage it, merge it.

Memory stays flat whatever the file size: rows are validated one at a time and
staged in chunks; only the distinct work-unit and position names and the
reported errors (capped at :data:`MAX_ERRORS`) stay in Python.

The column-wise path of a file that is large next to the register (see
:meth:`Importer._snapshot`) also holds, in polars, the register's snapshot
(~16 bytes per registered person) and the NIP and row number of every row of
the file (~12 bytes per row): rows registered in the same institution under the
fingerprint of the same cells are counted as unchanged, neither validated nor
staged (:mod:`.snapshot`), and the duplicates are found among all rows of the
file in memory.

Concurrency: the snapshot is read before the merge's transaction, without a
lock. A row found unchanged at that moment is left alone; if someone changes
that person between the snapshot and the merge, their change stands -- the
outcome of this import having run first and theirs after it. Every other row
goes through the merge as always. A NIP appears once in a file (or is rejected
as a duplicate), so for each person the result is one of the two serial orders.
"""

# ruff: noqa: S608 - table names in the SQL are generated identifiers, values are parameters

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db import connection
from django.utils import timezone

from tangguh.core.audit import SubjectsSQL
from tangguh.core.importing.cells import is_blank_row, shown
from tangguh.core.importing.rows import key_of_bad_row, make_normalizer
from tangguh.core.importing.spec import ImportSpec

from . import fastpath
from .readers import Table, open_table, swallowed_rows, unclosed_quote_message
from .results import ImportFileError, ImportResult, RowError
from .snapshot import FileNips, RegisterSnapshot
from .sources import InstitutionColumn, institution_column
from .staging import Dialect, dialect_for


@dataclass
class MergeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    transfers_pending: int = 0


class MergePolicy(Protocol):
    """What the engine asks of a target's merge (see ``people/importing/merge.py``).

    Constructed with the staged rows' facts; ``run`` merges them in one transaction
    (a dry run rolls back) and calls ``after_merge`` inside it; ``touched`` names the
    records written, for the audit; ``transfer_rows`` are the rows that became a
    request to another institution, each told ``transfer_message``.
    """

    table: str  # the records' table (its size decides whether a snapshot pays)
    Labels: Callable[[], Any]  # gathers what the merge looks up (names), while staging
    labels: Any
    timings: dict[str, float]
    notice_limit: int
    transfer_rows: list[tuple[int, str]]
    transfer_message: Any
    # A dry run's row-by-row preview (JSON-ready), computed when ``with_preview``.
    with_preview: bool
    preview: dict[str, Any] | None

    def __init__(self, **facts: Any) -> None: ...

    def run(self, *, dry_run: bool) -> MergeCounts: ...

    def touched(self, counts: MergeCounts) -> SubjectsSQL: ...

    def after_merge(self, counts: MergeCounts) -> None: ...


@dataclass(slots=True)
class PreviewedResult(ImportResult):
    """The result of a run, with the merge's preview of a dry run (None otherwise)."""

    preview: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """With the preview of a dry run (the command's ``--json``)."""
        data = ImportResult.as_dict(self)
        if self.preview is not None:
            data["preview"] = self.preview
        return data


CHUNK_ROWS = 20_000
# Errors kept in memory and reported; the count of all of them is always exact.
MAX_ERRORS = 200_000

Progress = Callable[[int, int], None]


class Importer:
    """One import of one file. Use :func:`run_import`.

    Into ``institution``; or, with ``institution=None``, each row into the
    institution its ``Kode Instansi`` column names (a national file).
    """

    # The target (set by the domain's subclass): its spec and its merge policy.
    spec: ImportSpec
    merge_class: type[MergePolicy]

    def __init__(
        self,
        *,
        institution: Any,
        actor: Any,
        dry_run: bool,
        strict: bool,
        progress: Progress | None,
        job: Any,
        today: date | None = None,
        on_merged: Callable[[ImportResult, SubjectsSQL], None] | None = None,
    ) -> None:
        self.institution = institution
        self.actor = actor
        self.dry_run = dry_run
        self.strict = strict
        self.progress = progress
        self.job = job
        self.today = today or timezone.localdate()
        self.on_merged = on_merged

    # Files with at least this many rows are validated column-wise (see fastpath);
    # None: fastpath.FAST_MIN_ROWS.
    fast_min_rows: int | None = None
    # Skip unchanged rows with the register's snapshot in the column-wise path: None
    # when the file has at least SNAPSHOT_MIN_SHARE times the register's rows (reading
    # the whole register for a small file costs more than staging it); True always,
    # False never.
    use_snapshot: bool | None = None
    SNAPSHOT_MIN_SHARE = 0.25

    # Rows in the staging table once the duplicates are out; None: every row not
    # rejected (the per-row path stages them all).
    _staged: int | None = None
    # The column-wise path with a snapshot: every row's NIP, for the duplicates.
    _nips: FileNips | None = None
    # ... and the distinct work units and positions of the staged rows, for the merge.
    _labels: Any = None

    def run(self, source: Any, filename: str) -> ImportResult:
        self.source = source
        with open_table(source, filename, spec=self.spec) as table:
            codes = institution_column(table.header, self.institution)
            result = PreviewedResult(
                headers=list(table.header.headers),
                ignored_columns=[h for i, h in table.header.ignored if i != codes.index],
                dry_run=self.dry_run,
                strict=self.strict,
                sheet=table.sheet,
            )
            dialect = dialect_for(connection, self.spec)
            dialect.tune()
            dialect.create_stage()
            try:
                started = time.perf_counter()
                self._stage(table, dialect, result, codes)
                if result.total_rows == 0:
                    raise ImportFileError(
                        self.spec.message("no_rows") % {"name": filename, "row": table.header_row}
                    )
                staged = time.perf_counter()
                result.timings["read_and_stage"] = staged - started
                self._merge(table, dialect, result)
                result.timings["merge"] = time.perf_counter() - staged
            finally:
                dialect.drop()
        result.errors.sort(key=lambda e: e.row)
        if self.progress:
            self.progress(result.total_rows, result.total_rows)
        return result

    # --- reading and staging -----------------------------------------------------
    def _stage(
        self, table: Table, dialect: Dialect, result: ImportResult, codes: InstitutionColumn
    ) -> None:
        path = fastpath.source_path(self.source)
        done = False
        # The column-wise path and the snapshot hold keys as numbers.
        if self.spec.numeric_key and fastpath.eligible(table, path, self.fast_min_rows):
            try:
                self._stage_columns(table, dialect, result, codes, path)  # type: ignore[arg-type]
                done = True
            except fastpath.Ragged:
                # A row with more cells than the header: start again, row by row.
                dialect.execute(f"DELETE FROM {dialect.stage}")
                result.rejected = result.skipped = result.errors_total = 0
                result.errors.clear()
                self._staged = self._nips = self._labels = None
                for key in ("snapshot", "snapshot_unchanged"):
                    result.timings.pop(key, None)
        if not done:
            self._stage_rows(table, dialect, result, codes)
        started = time.perf_counter()
        nip_header = table.header.headers[table.header.columns[self.spec.key.key]]
        if self._nips is not None:
            self._duplicates_in_memory(dialect, result, nip_header, self._nips)
            self._nips = None
            if result.rejected:
                # Rejected rows named some of the labels: the merge reads them from the stage.
                self._labels = None
        else:
            self._duplicates(dialect, result, nip_header)
        result.timings["duplicates"] = time.perf_counter() - started
        if self._staged is not None:
            result.timings["staged_rows"] = self._staged

    def _snapshot(
        self, table: Table, dialect: Dialect, result: ImportResult
    ) -> RegisterSnapshot | None:
        """The register's snapshot when it pays (see :attr:`use_snapshot`), else None."""
        if self.use_snapshot is False:
            return None
        size = dialect.table_size(self.merge_class.table)
        if self.use_snapshot is None and (
            size is None or table.total_estimate < self.SNAPSHOT_MIN_SHARE * size
        ):
            return None
        started = time.perf_counter()
        snapshot = RegisterSnapshot.load(dialect) if size != 0 else RegisterSnapshot.empty()
        result.timings["snapshot"] = time.perf_counter() - started
        return snapshot

    def _row_stager(
        self, table: Table, dialect: Dialect, result: ImportResult, codes: InstitutionColumn
    ) -> tuple[Callable[[int, list[Any]], None], Callable[[], None]]:
        """``(stage_row, flush)``: the per-row path, the reference for every verdict and message."""
        columns = {**table.header.columns, **codes.columns}
        normalize = make_normalizer(self.spec, table.header.columns, today=self.today)
        bad_row_tail = (None,) * (len(self.spec.stage_columns) - 3)
        institution_of = codes.resolver()
        headers = table.header.headers
        buffer: list[tuple[Any, ...]] = []
        nips = self._nips
        labels = self._labels

        def stage_row(row_no: int, cells: list[Any]) -> None:
            staged: Any = normalize(row_no, cells)
            inst: Any = institution_of(cells)
            if type(inst) is not int:
                staged = inst if type(staged) is tuple else [*staged, *inst]
            if type(staged) is tuple:
                buffer.append((*staged, inst))
                if nips is not None:
                    nips.add(staged[1], row_no, True)
                if labels is not None:
                    labels.add(staged, inst)
            else:
                result.rejected += 1
                for field, value, message in staged:
                    self._error(result, row_no, headers[columns[field]], value, message)
                nip = key_of_bad_row(self.spec, table.header.columns, cells)
                if nip is not None:
                    buffer.append((row_no, nip, False, *bad_row_tail))
                    if nips is not None:
                        nips.add(nip, row_no, False)
            if len(buffer) >= CHUNK_ROWS:
                flush()

        def flush() -> None:
            if buffer:
                dialect.load(buffer)
                if self._staged is not None:
                    self._staged += len(buffer)
                buffer.clear()

        return stage_row, flush

    def _stage_rows(
        self, table: Table, dialect: Dialect, result: ImportResult, codes: InstitutionColumn
    ) -> None:
        stage_row, flush = self._row_stager(table, dialect, result, codes)
        total_estimate = table.total_estimate
        step = max(total_estimate // 100, 1000)
        next_report = step
        pending_blank = 0
        rows = 0
        for row_no, cells in table.rows:
            if is_blank_row(cells):
                pending_blank += 1  # trailing blank rows are not "skipped", just the end
                continue
            if pending_blank:
                result.skipped += pending_blank
                pending_blank = 0
            rows += 1
            stage_row(row_no, cells)
            if self.progress and rows >= next_report:
                self.progress(rows, max(total_estimate, rows))
                next_report += step
        flush()
        dialect.finish_load()
        result.total_rows = rows

    def _stage_columns(
        self,
        table: Table,
        dialect: Dialect,
        result: ImportResult,
        codes: InstitutionColumn,
        path: Any,
    ) -> None:
        """Batches validated column-wise; the rows that need a closer look go row by row.

        With the register's snapshot, rows it holds as they are (same NIP, institution
        and raw fingerprint) are counted unchanged, neither validated nor staged; every
        row's NIP is kept for the duplicates step.
        """
        import polars as pl  # fastpath.eligible checked that it is there

        snapshot = self._snapshot(table, dialect, result)
        if snapshot is not None:
            self._nips, self._staged, self._labels = FileNips(), 0, self.merge_class.Labels()
        nips = self._nips
        unchanged = 0
        stage_row, flush = self._row_stager(table, dialect, result, codes)
        total_estimate = table.total_estimate
        blank_rows: list[int] = []
        last_filled = 0
        rows = 0
        # Rows the register holds as they are, recognised by their cells before any
        # validation (fastpath.batches): an unchanged national file is read, not judged.
        known = snapshot.unchanged if snapshot is not None and len(snapshot) else None
        for batch in fastpath.batches(self.spec, path, table, codes, today=self.today, known=known):
            if batch.known is not None and nips is not None:
                found = batch.known.height
                rows += found
                unchanged += found
                last_filled = max(last_filled, int(batch.known.get_column("row_no").max()))
                nips.add_frame(batch.known.get_column("nip"), batch.known.get_column("row_no"))
            decided = batch.decided
            if decided.height:
                rows += decided.height
                last_filled = max(last_filled, int(decided.get_column("row_no").max()))
                if nips is not None:
                    # Decided NIPs are 18 digits: they fit an Int64.
                    nips.add_frame(
                        decided.get_column(self.spec.key.key).cast(pl.Int64),
                        decided.get_column("row_no"),
                    )
                    self._staged = (self._staged or 0) + decided.height
                dialect.load_frame(decided)
                if self._labels is not None:
                    self._labels.add_frame(decided)
            for row_no, cells in batch.undecided:
                if swallowed_rows(cells, table.delimiter):
                    raise ImportFileError(unclosed_quote_message(row_no))
                if is_blank_row(cells):
                    blank_rows.append(row_no)
                    continue
                rows += 1
                last_filled = max(last_filled, row_no)
                stage_row(row_no, cells)
            if self.progress:
                self.progress(rows, max(total_estimate, rows))
        flush()
        dialect.finish_load()
        # Blank rows count as skipped when a filled row follows; trailing ones are the end.
        result.skipped = sum(1 for r in blank_rows if r < last_filled)
        result.total_rows = rows
        if snapshot is not None:
            # A count, not seconds: rows found unchanged and never staged.
            result.timings["snapshot_unchanged"] = unchanged

    def _error(self, result: ImportResult, row: int, column: str, value: Any, message: Any) -> None:
        result.errors_total += 1
        if len(result.errors) < MAX_ERRORS:
            result.errors.append(RowError(row, column, shown(value), message))

    def _duplicates(self, dialect: Dialect, result: ImportResult, nip_header: str) -> None:
        stage = dialect.stage
        key = self.spec.key.key
        rows = dialect.fetch(
            f"""
            SELECT s.{key}, s.row_no, s.ok FROM {stage} s
            WHERE s.{key} IN (SELECT {key} FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1)
            ORDER BY s.{key}, s.row_no
            """
        )
        self._report_duplicates(result, nip_header, rows)
        if result.rejected:
            dialect.execute(
                f"""
                DELETE FROM {stage} WHERE NOT ok
                   OR {key} IN (SELECT {key} FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1)
                """
            )

    def _duplicates_in_memory(
        self, dialect: Dialect, result: ImportResult, nip_header: str, nips: FileNips
    ) -> None:
        """The duplicates step over every row of the file, staged or found unchanged."""
        rows = nips.duplicated()
        self._report_duplicates(result, nip_header, rows)
        if result.rejected:
            deleted = dialect.delete_staged([row_no for _nip, row_no, _ok in rows])
            self._staged = (self._staged or 0) - deleted

    def _report_duplicates(
        self, result: ImportResult, nip_header: str, rows: list[tuple[Any, ...]]
    ) -> None:
        """A message on each row of a NIP given more than once; ``rows`` by NIP, then row."""
        by_nip: dict[str, list[tuple[int, bool]]] = {}
        for nip, row_no, ok in rows:
            by_nip.setdefault(nip, []).append((row_no, bool(ok)))
        for nip, found in by_nip.items():
            numbers = [r for r, _ok in found]
            for row_no, ok in found:
                others = ", ".join(str(n) for n in numbers if n != row_no)
                self._error(
                    result,
                    row_no,
                    nip_header,
                    nip,
                    self.spec.message("duplicate") % {"nip": nip, "rows": others},
                )
                if ok:
                    result.rejected += 1

    # --- merging -------------------------------------------------------------
    def _merge(
        self,
        table: Table,
        dialect: Dialect,
        result: ImportResult,
    ) -> None:
        staged = result.total_rows - result.rejected if self._staged is None else self._staged
        if self.strict and result.rejected:
            result.file_rejected = True
            return
        if staged == 0:
            # Nothing to merge (every row unchanged, or rejected): the counts as they are.
            _apply(result, MergeCounts())
            return
        merge = self.merge_class(
            dialect=dialect,
            institution_id=getattr(self.institution, "pk", None),
            staged=staged,
            has_tmt="tmt" in table.header.columns,
            today=self.today,
            now=timezone.now(),
            actor_id=getattr(self.actor, "pk", None)
            if getattr(self.actor, "is_authenticated", False)
            else None,
            job_id=getattr(self.job, "pk", None),
            source=f"import:{self.job.pk}" if self.job is not None else "import",
        )
        on_merged = self.on_merged

        def after_merge(counts: MergeCounts) -> None:
            _apply(result, counts)
            if on_merged is not None:
                on_merged(result, merge.touched(counts))

        merge.after_merge = after_merge  # type: ignore[method-assign]
        if self._labels is not None:
            merge.labels = self._labels.frames()
            # Counts, not seconds: the distinct names handed to the merge.
            result.timings["labels_units"] = merge.labels[0].height
            result.timings["labels_positions"] = merge.labels[1].height
        merge.notice_limit = MAX_ERRORS - len(result.errors)
        # The preview costs the dry run a few capped queries, the real import nothing.
        merge.with_preview = self.dry_run and isinstance(result, PreviewedResult)
        counts = merge.run(dry_run=self.dry_run)
        _apply(result, counts)
        if merge.with_preview and isinstance(result, PreviewedResult):
            result.preview = getattr(merge, "preview", None)
        # Each row that became a transfer request says so (and nothing about the person).
        nip_header = table.header.headers[table.header.columns[self.spec.key.key]]
        for row_no, nip in merge.transfer_rows:
            # A lazy msgid: stored as such, rendered in the reader's language.
            self._error(result, row_no, nip_header, nip, merge.transfer_message)
        result.errors_total += counts.transfers_pending - len(merge.transfer_rows)
        # Notes on merged rows (the register: a new position whose kind is unknown).
        for row_no, key, value, message in getattr(merge, "notices", ()):
            column = table.header.columns.get(key)
            header = table.header.headers[column] if column is not None else key
            self._error(result, row_no, header, value, message)
        result.timings.update({f"merge_{k}": v for k, v in merge.timings.items()})


def _apply(result: ImportResult, counts: MergeCounts) -> None:
    result.created = counts.created
    result.updated = counts.updated
    result.transfers_pending = counts.transfers_pending
    result.unchanged = (
        result.total_rows
        - result.rejected
        - counts.created
        - counts.updated
        - counts.transfers_pending
    )
