"""The register's snapshot: unchanged rows of a column-wise import are never staged.

Every test forces the column-wise path on small files (``fast_min_rows``) and
cuts them into several blocks. ``result.timings`` tells how many rows the
snapshot found unchanged and how many rows were staged: a broken filter shows
there even when the counts come out right (the merge would find the same rows
unchanged). Each outcome is also compared with the same import without the
snapshot: counts, errors and the register must be the same.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangguh.core.importing import fastpath
from tangguh.core.importing.snapshot import FileNips, RegisterSnapshot, fingerprint_numbers
from tangguh.core.importing.staging import dialect_for
from tangguh.people.generator import write_institution_file
from tangguh.people.import_spec import REGISTER
from tangguh.people.importing import Importer
from tangguh.people.models import Employee, EmploymentHistory, Position, TransferRequest, WorkUnit

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "column_wise")]

DUPLICATE = "also appears in row(s)"


@pytest.fixture
def column_wise(monkeypatch):  # type: ignore[no-untyped-def]
    """The column-wise path for any file, in blocks of a dozen rows, with the snapshot."""
    monkeypatch.setattr(Importer, "fast_min_rows", 1)
    monkeypatch.setattr(Importer, "use_snapshot", True)
    monkeypatch.setattr(fastpath, "BLOCK_BYTES", 1500)


def coded(n: int, code: str = "35.78", **overrides: str) -> dict[str, str]:
    return {"Kode Instansi": code, **person(n), **overrides}


def imported(path: Path, institution: Any, *, snapshot: bool = True, **kwargs: Any) -> Any:
    Importer.use_snapshot = snapshot  # the fixture's monkeypatch puts it back
    try:
        return run(path, institution, **kwargs)
    finally:
        Importer.use_snapshot = True


def outcome(result: Any) -> tuple[Any, ...]:
    errors = [(e.row, e.column, e.value, e.message) for e in result.errors]
    return result.counts(), errors


EMPLOYEE_FIELDS = (
    "nip", "full_name", "rank", "status", "institution__code", "work_unit__path",
    "position__name", "fingerprint",
)  # fmt: skip


def register() -> tuple[Any, ...]:
    """What an import may change, without ids and times."""
    return (
        sorted(Employee.objects.values_list(*EMPLOYEE_FIELDS)),
        sorted(Counter(EmploymentHistory.objects.values_list("employee__nip", flat=True)).items()),
        sorted(
            TransferRequest.objects.values_list(
                "employee__nip", "to_institution__code", "status", "payload"
            ),
            key=repr,
        ),
        sorted(WorkUnit.objects.values_list("institution__code", "path")),
        sorted(Position.objects.values_list("institution__code", "name", "kind")),
    )


def without_snapshot(path: Path, institution: Any, **kwargs: Any) -> tuple[Any, ...]:
    """The outcome and the register after importing without the snapshot; then rolled back."""
    with transaction.atomic():
        result = imported(path, institution, snapshot=False, **kwargs)
        assert "snapshot_unchanged" not in result.timings
        found = (outcome(result), register())
        transaction.set_rollback(True)
    return found


def check(path: Path, institution: Any, **kwargs: Any) -> Any:
    """Import with the snapshot; the outcome and the register must be those without it."""
    expected = without_snapshot(path, institution, **kwargs)
    result = imported(path, institution, **kwargs)
    assert (outcome(result), register()) == expected
    return result


def filtered(result: Any) -> tuple[int, int]:
    return int(result.timings["snapshot_unchanged"]), int(result.timings["staged_rows"])


def history() -> Counter[str]:
    return Counter(EmploymentHistory.objects.values_list("employee__nip", flat=True))


# --- re-imports ---------------------------------------------------------------------------


def test_a_generated_register_imported_again_stages_nothing(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_institution_file(
        tmp_path / "sby.csv", institution_code="35.78", kind="kota", count=300, seed=11
    )
    first = run(path, surabaya)
    assert (first.created, first.rejected) == (300, 0)
    assert filtered(first) == (0, 300)  # nobody registered yet
    before = register()

    again = check(path, surabaya)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 300, 0)
    assert filtered(again) == (300, 0)
    assert register() == before


def test_a_national_file_imported_again_stages_nothing(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [coded(n, "35.78" if n % 3 else "34.04") for n in range(1, 61)]
    path = write_csv(tmp_path, rows)
    assert run(path, None).created == 60
    again = check(path, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)
    assert filtered(again) == (60, 0)


def test_only_the_changed_rows_are_staged_and_updated(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 61)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    before = history()
    changed = {5: {"Golongan": "III/b"}, 30: {"Jabatan": "Analis SDM"}, 59: {"Nama": "Siti Aminah"}}
    for n, values in changed.items():
        rows[n - 1] = {**rows[n - 1], **values}

    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 3, 57, 0)
    assert filtered(result) == (57, 3)
    # A changed rank or position opens a period; a changed name alone does not.
    nips = {rows[n - 1]["NIP"] for n in (5, 30)}
    grown = history() - before
    assert set(grown) == nips and set(grown.values()) == {1}
    assert Employee.objects.get(nip=rows[4]["NIP"]).rank == "III/b"


def test_a_move_in_a_national_file_is_a_transfer_request(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [coded(n) for n in range(1, 41)]
    run(write_csv(tmp_path, rows, name="first.csv"), None)
    rows[16] = {**rows[16], "Kode Instansi": "34.04"}
    result = check(write_csv(tmp_path, rows), None)
    assert (result.transfers_pending, result.updated, result.unchanged) == (1, 0, 39)
    assert filtered(result) == (39, 1)
    transfer = TransferRequest.objects.get()
    assert (transfer.employee.nip, transfer.to_institution) == (rows[16]["NIP"], sleman)


def test_new_rows_beside_unchanged_ones(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(write_csv(tmp_path, [person(n) for n in range(1, 31)], name="first.csv"), surabaya)
    result = check(write_csv(tmp_path, [person(n) for n in range(1, 51)]), surabaya)
    assert (result.created, result.unchanged) == (20, 30)
    assert filtered(result) == (30, 20)


def test_a_reset_fingerprint_is_compared_field_by_field(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    path = write_csv(tmp_path, rows)
    run(path, surabaya)
    Employee.objects.filter(nip=rows[7]["NIP"]).update(fingerprint="")
    result = check(path, surabaya)
    assert (result.updated, result.unchanged) == (0, 30)
    assert filtered(result) == (29, 1)


def test_rows_of_the_per_row_path_are_staged_and_merged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    # Untidy cells: the per-row path cleans them; same values, another fingerprint.
    rows[3] = {**rows[3], "Nama": "Pegawai  Nomor 4"}
    rows[20] = {**rows[20], "Jabatan": " Analis Kebijakan"}
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.updated, result.unchanged, result.rejected) == (0, 30, 0)
    assert filtered(result) == (28, 2)


# --- rows known by their cells: not validated again ----------------------------------------


@pytest.fixture
def judged(monkeypatch):  # type: ignore[no-untyped-def]
    """The row numbers the column-wise validation looked at."""
    seen: list[int] = []
    call = fastpath._Decider.__call__

    def counting(self, df, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(df.get_column("row_no").to_list())
        return call(self, df, **kwargs)

    monkeypatch.setattr(fastpath._Decider, "__call__", counting)
    return seen


def test_an_unchanged_file_is_read_but_not_validated(tmp_path, surabaya, judged):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    rows[4] = {**rows[4], "Nama": "Dr. Pegawai Nomor 5, M.Si."}
    path = write_csv(tmp_path, rows)
    run(path, surabaya)
    assert len(judged) == 30
    judged.clear()
    rows[9] = {**rows[9], "Golongan": "III/b"}
    result = check(write_csv(tmp_path, rows, name="again.csv"), surabaya)
    assert (result.updated, result.unchanged) == (1, 29)
    assert filtered(result) == (29, 1)
    # The check's own import without the snapshot validated every row, this one only row 11.
    assert judged[30:] == [11]


def test_a_bad_cell_beside_unchanged_ones_is_still_reported(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [{**person(n), "TMT": "01-04-2020"} for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    rows[6] = {**rows[6], "TMT": "32-01-2025"}
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.rejected, result.unchanged) == (1, 29)
    assert [(e.row, e.column) for e in result.errors] == [(8, "TMT")]


def test_a_code_of_another_institution_in_its_file_is_still_reported(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [coded(n) for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    rows[3] = {**rows[3], "Kode Instansi": "34.04"}
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.rejected, result.unchanged) == (1, 29)
    assert [(e.row, e.column) for e in result.errors] == [(5, "Kode Instansi")]


def test_the_same_cells_in_another_column_order_are_known(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    shuffled = [dict(reversed(list(r.items()))) for r in rows]
    result = check(write_csv(tmp_path, shuffled), surabaya)
    assert filtered(result) == (30, 0)


def test_the_same_values_written_otherwise_are_compared_then_known(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    before = register()
    iso = [{**r, "Tanggal Lahir": "-".join(reversed(r["Tanggal Lahir"].split("-")))} for r in rows]
    path = write_csv(tmp_path, iso)
    result = check(path, surabaya)
    assert (result.updated, result.unchanged) == (0, 30)
    assert filtered(result) == (0, 30)  # other cells: staged, equal field by field
    again = run(path, surabaya)
    assert filtered(again) == (30, 0)  # their fingerprints were refreshed
    after = register()
    assert [e[:-1] for e in after[0]] == [e[:-1] for e in before[0]]  # only fingerprints moved
    assert after[1:] == before[1:]


# --- duplicates ---------------------------------------------------------------------------


def test_a_duplicate_across_blocks_with_an_unchanged_occurrence(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 41)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    rows.append({**person(2), "Nama": "Someone Else"})  # row 42; row 3 is unchanged
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 39, 2)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "NIP", rows[1]["NIP"]),
        (42, "NIP", rows[1]["NIP"]),
    ]
    assert result.errors[0].message == (
        f"The NIP {rows[1]['NIP']} also appears in row(s) 42 of this file. A civil servant may "
        "appear only once: keep the correct row, delete the others, and upload the file again."
    )
    assert "also appears in row(s) 3 " in result.errors[1].message
    assert filtered(result) == (40, 0)  # row 42 was staged, then taken out
    assert Employee.objects.get(nip=rows[1]["NIP"]).full_name == "Pegawai Nomor 2"


def test_an_unchanged_row_given_twice(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 41)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    rows += [person(7), person(7)]  # three times the same row, all unchanged
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.unchanged, result.rejected) == (39, 3)
    assert [e.row for e in result.errors] == [8, 42, 43]
    assert "also appears in row(s) 42, 43 " in result.errors[0].message
    assert filtered(result) == (42, 0)


def test_a_per_row_duplicate_of_a_column_wise_row(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 41)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    rows.append({**person(4), "Nama": "Pegawai  Nomor 4"})  # untidy: the per-row path
    rows.append({**person(9), "Golongan": "III/z"})  # rejected, its NIP still counts
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.unchanged, result.rejected) == (38, 4)
    by_row = {(e.row, e.column) for e in result.errors}
    assert by_row == {(5, "NIP"), (42, "NIP"), (10, "NIP"), (43, "NIP"), (43, "Golongan")}
    assert filtered(result) == (40, 0)


def test_duplicates_in_a_first_import(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 41)]
    rows.insert(20, {**person(33), "Nama": "Lain"})
    rows.append({**person(12), "Golongan": "III/z"})
    result = check(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (38, 4)
    assert sum(DUPLICATE in e.message for e in result.errors) == 4
    assert filtered(result) == (0, 38)


# --- dry runs, strict mode, what is not filtered ----------------------------------------------


def mixed_file(tmp_path: Path) -> Path:
    rows = [coded(n) for n in range(1, 51)]
    run(write_csv(tmp_path, rows, name="first.csv"), None)
    rows[2] = {**rows[2], "Golongan": "IV/a"}  # updated
    rows[10] = {**rows[10], "Kode Instansi": "34.04"}  # transfer
    rows[12] = {**rows[12], "Golongan": "III/z"}  # rejected
    rows[30] = {**rows[30], "Nama": "Pegawai  Nomor 31"}  # per-row path, unchanged
    rows += [coded(n) for n in range(51, 56)]  # created
    rows.append({**rows[40], "Nama": "Lain"})  # duplicate of an unchanged row
    return write_csv(tmp_path, rows)


def test_a_dry_run_counts_what_the_import_does(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    path = mixed_file(tmp_path)
    before = register()
    dry = check(path, None, dry_run=True)
    assert register() == before
    real = check(path, None)
    counts = {k: v for k, v in dry.counts().items() if k != "dry_run"}
    assert counts == {k: v for k, v in real.counts().items() if k != "dry_run"}
    assert (real.created, real.updated, real.transfers_pending, real.rejected) == (5, 1, 1, 3)
    assert real.unchanged == 46
    assert filtered(dry) == filtered(real) == (46, 8)


def test_strict_mode_rejects_the_file_and_writes_nothing(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    path = mixed_file(tmp_path)
    before = register()
    result = check(path, None, strict=True)
    assert result.file_rejected
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 0, 3)
    assert register() == before


def test_strict_mode_with_every_row_unchanged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(n) for n in range(1, 31)])
    run(path, surabaya)
    result = check(path, surabaya, strict=True)
    assert not result.file_rejected
    assert (result.unchanged, result.rejected) == (30, 0)


def test_a_ragged_file_falls_back_without_the_snapshot(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n) for n in range(1, 31)]
    run(write_csv(tmp_path, rows, name="first.csv"), surabaya)
    lines = write_csv(tmp_path, rows).read_bytes().decode().split("\r\n")
    lines[25] += ",extra"
    path = tmp_path / "ragged.csv"
    path.write_text("\r\n".join(lines))
    result = check(path, surabaya)
    assert result.unchanged + result.rejected == 30
    assert "snapshot_unchanged" not in result.timings


# --- when the snapshot is read ------------------------------------------------------------


def test_the_snapshot_is_read_only_for_a_file_large_next_to_the_register(
    tmp_path, surabaya, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Importer, "use_snapshot", None)
    run(write_csv(tmp_path, [person(n) for n in range(1, 101)], name="first.csv"), surabaya)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the size is the planner's estimate there
            cursor.execute(f"ANALYZE {Employee._meta.db_table}")
    size = dialect_for(connection, REGISTER).table_size(Employee._meta.db_table)
    assert size is not None and size >= 0
    small = run(write_csv(tmp_path, [person(n) for n in range(1, 11)], name="s.csv"), surabaya)
    assert "snapshot" not in small.timings and small.unchanged == 10
    monkeypatch.setattr(Importer, "SNAPSHOT_MIN_SHARE", 0)
    large = run(write_csv(tmp_path, [person(n) for n in range(1, 31)], name="l.csv"), surabaya)
    assert filtered(large) == (30, 0)


def test_the_register_size_decides(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Importer, "use_snapshot", None)
    importer = Importer(
        institution=None, actor=None, dry_run=True, strict=False, progress=None, job=None
    )
    table = SimpleNamespace(total_estimate=1000)
    result = SimpleNamespace(timings={})

    def size(n: int | None) -> Any:
        return SimpleNamespace(vendor="none", table_size=lambda _table: n)

    assert importer._snapshot(table, size(None), result) is None  # type: ignore[arg-type]
    assert importer._snapshot(table, size(4001), result) is None  # type: ignore[arg-type]
    # An empty register: nothing to read.
    assert len(importer._snapshot(table, size(0), result)) == 0  # type: ignore[arg-type]
    monkeypatch.setattr(Importer, "use_snapshot", False)
    assert importer._snapshot(table, size(0), result) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("ranges", [None, 3])
def test_the_snapshot_holds_what_it_can_compare(surabaya, monkeypatch, ranges):  # type: ignore[no-untyped-def]
    import polars as pl

    from tangguh.core.importing import snapshot as module

    from .factories import EmployeeFactory

    if ranges:  # many ranges of ids (some without anyone), many blocks of text
        monkeypatch.setattr(module, "RANGE_IDS", ranges)
        monkeypatch.setattr(module, "BLOCK_BYTES", 60)
    people = EmployeeFactory.create_batch(10, institution=surabaya)
    Employee.objects.filter(pk=people[8].pk).delete()
    fingerprints = ["h12", "", "0cc175b9c0f1b6a831c399e269772661", "h9223372036854775807",
                    "h18446744073709551615", "hx", "h12", "h5;77", None, "h7"]  # fmt: skip
    for employee, fp in zip(people, fingerprints, strict=True):
        if fp is not None:
            Employee.objects.filter(pk=employee.pk).update(fingerprint=fp)
    # A NIP no import writes, with the separators of the text the snapshot is read as.
    Employee.objects.filter(pk=people[6].pk).update(nip="1966080119880;1,01")
    snapshot = RegisterSnapshot.load(dialect_for(connection, REGISTER))
    held = dict(zip(snapshot.nip.to_list(), snapshot.key.to_list(), strict=True))
    inst = surabaya.pk
    assert held == {
        int(people[0].nip): 12 - inst,
        int(people[3].nip): 2**63 - 1 - inst,
        int(people[9].nip): 7 - inst,
    }
    assert snapshot.nip.is_sorted()
    nip = pl.Series([int(p.nip) for p in people] + [1], dtype=pl.Int64)
    fp = pl.Series([12, 0, 0, 2**63 - 1, 0, 0, 12, 5, 0, 7, 1], dtype=pl.Int64)
    same = snapshot.unchanged(nip, fp, pl.Series([surabaya.pk] * 11, dtype=pl.Int64))
    assert same.to_list() == [
        True,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
        False,
        True,
        False,
    ]
    other = snapshot.unchanged(nip, fp, pl.Series([surabaya.pk + 1] * 11, dtype=pl.Int64))
    assert not other.any()


def test_fingerprints_are_numbers_that_fit_a_bigint(monkeypatch):  # type: ignore[no-untyped-def]
    import polars as pl

    fields = fastpath.raw_fingerprint_fields(REGISTER)
    seed = fastpath.fingerprint_seed(REGISTER)
    frame = pl.DataFrame({f: ["x", "", "y"] for f in fields})
    columns = {f: f for f in fields}
    fp = frame.select(fastpath.raw_fingerprint(columns, fields, seed)).to_series()
    assert fp.dtype == pl.Int64 and fp.n_unique() == 3 and fp.min() >= 0
    text = pl.select(pl.lit("h") + pl.lit(fp).cast(pl.String)).to_series()
    numbers = pl.select(fingerprint_numbers(pl.lit(text))).to_series()
    assert numbers.to_list() == fp.to_list()
    # A column the file lacks hashes as an empty cell: both stage the same values.
    without_rank = {**columns, "rank": None}
    emptied = frame.with_columns(rank=pl.lit(""))
    assert (
        emptied.select(fastpath.raw_fingerprint(columns, fields, seed)).to_series().to_list()
        == frame.select(fastpath.raw_fingerprint(without_rank, fields, seed)).to_series().to_list()
    )
    # A new version of the rules makes every stored fingerprint stale.
    stale = frame.select(fastpath.raw_fingerprint(columns, fields, seed + 1)).to_series()
    assert set(stale).isdisjoint(fp)


def test_file_nips_finds_duplicates_among_both_paths():  # type: ignore[no-untyped-def]
    import polars as pl

    nips = FileNips()
    nips.add_frame(pl.Series(["196608011988031001", "197001012000011002"]), pl.Series([2, 3]))
    nips.add("196608011988031001", 7, True)
    nips.add("odd", 8, False)
    nips.add("odd", 9, True)
    nips.add("012345678901234567", 10, False)
    assert nips.duplicated() == [
        ("196608011988031001", 2, True),
        ("196608011988031001", 7, True),
        ("odd", 8, False),
        ("odd", 9, True),
    ]


def test_file_nips_without_duplicates_and_with_a_nip_three_times():  # type: ignore[no-untyped-def]
    import polars as pl

    nips = FileNips()
    nips.add_frame(pl.Series(["196608011988031001", "197001012000011002"]), pl.Series([2, 3]))
    nips.add("197001012000011003", 4, True)
    assert nips.duplicated() == []
    nips.add_frame(pl.Series(["197001012000011002"]), pl.Series([5]))
    nips.add("197001012000011002", 6, False)
    assert nips.duplicated() == [
        ("197001012000011002", 3, True),
        ("197001012000011002", 5, True),
        ("197001012000011002", 6, False),
    ]


# --- property: the snapshot changes nothing but the work ----------------------------------

_EDITS = st.sampled_from(
    ["keep"] * 6 + ["rank", "name", "move", "bad", "untidy", "drop", "twice", "twice-changed"]
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(_EDITS, min_size=30, max_size=30),
    new=st.integers(0, 5),
    reset=st.sets(st.integers(1, 30), max_size=3),
    mode=st.sampled_from([{}, {"dry_run": True}, {"strict": True}]),
)
def test_the_snapshot_changes_no_outcome(
    tmp_path_factory, surabaya, sleman, edits, new, reset, mode
):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("prop")
    base = [coded(n) for n in range(1, 31)]
    with transaction.atomic():
        run(write_csv(tmp, base, name="first.csv"), None)
        Employee.objects.filter(nip__in=[base[n - 1]["NIP"] for n in reset]).update(fingerprint="")
        rows: list[dict[str, str]] = []
        for n, edit in enumerate(edits, start=1):
            row = dict(base[n - 1])
            if edit == "drop":
                continue
            row.update(
                {
                    "rank": {"Golongan": "IV/b"},
                    "name": {"Nama": f"Nama Baru {n}"},
                    "move": {"Kode Instansi": "34.04"},
                    "bad": {"Tanggal Lahir": "31-02-1970"},
                    "untidy": {"Unit Kerja": "Badan  Kepegawaian Daerah"},
                }.get(edit, {})
            )
            rows.append(row)
            if edit.startswith("twice"):
                rows.append({**row, "Nama": "Lain"} if edit == "twice-changed" else row)
        rows += [coded(n) for n in range(31, 31 + new)]
        path = write_csv(tmp, rows)
        expected = without_snapshot(path, None, **mode)
        result = imported(path, None, **mode)
        assert (outcome(result), register()) == expected
        transaction.set_rollback(True)


def test_a_file_of_rows_only_partly_in_the_register(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    """Rows of the file read back: the generated file holds rows that need the per-row path."""
    path = write_institution_file(
        tmp_path / "sby.csv", institution_code="35.78", kind="kota", count=120, seed=5
    )
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    run(write_csv(tmp_path, rows[::2], name="half.csv"), surabaya)
    result = check(path, surabaya, dry_run=True)
    assert (result.created, result.unchanged) == (60, 60)
    assert 0 < filtered(result)[0] <= 60


def test_units_and_positions_come_from_the_names_gathered_while_staging(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_institution_file(
        tmp_path / "sby.csv", institution_code="35.78", kind="kota", count=300, seed=5
    )
    # First import, with the snapshot and without it: the same units, positions and kinds.
    first = check(path, surabaya)
    units, positions = first.timings["labels_units"], first.timings["labels_positions"]
    assert units == WorkUnit.objects.count() and positions == Position.objects.count() > 0
    # Some rows row by row (an untidy cell) and a new unit among them: still the same.
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    unit = header.index("Unit Kerja")
    rows[5][unit] = " Dinas  Baru "
    rows[6][header.index("Golongan")] = "III/b"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    again = check(changed, surabaya)
    assert again.timings["labels_units"] >= 1
    assert WorkUnit.objects.filter(path="Dinas Baru", institution=surabaya).exists()


def test_every_column_the_import_reads_is_part_of_the_fingerprint():  # type: ignore[no-untyped-def]
    """A column left out could change (to a bad value, say) under a known fingerprint and
    never be validated: a new field must be added to the fingerprint, or this fails."""
    from tangguh.people.parsing.headers import FIELD_SYNONYMS

    fields = fastpath.raw_fingerprint_fields(REGISTER)
    assert set(fields) == set(FIELD_SYNONYMS) - {"nip"}
    assert len(set(fields)) == len(fields)
