"""The column-wise path (polars) stages exactly what the per-row path stages, with the same errors.

Both paths run over the same file into a capturing stand-in for the staging
table; every staged value, every error (row, column, value, message), the
rejected/skipped/total counts must agree. Only the fingerprint differs by design
(see fastpath.raw_fingerprint).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangguh.core.importing import fastpath
from tangguh.core.importing.results import ImportFileError, ImportResult
from tangguh.core.importing.sources import institution_column
from tangguh.core.importing.spec import all_specs
from tangguh.core.importing.staging import Dialect
from tangguh.people.import_spec import BIDI_SAMPLES, REGISTER
from tangguh.people.importing import Importer, open_table

from .helpers import csv_bytes, person

pytestmark = pytest.mark.usefixtures("english")

TODAY = date(2026, 6, 30)
STAGE_COLUMNS = REGISTER.stage_columns
FP = STAGE_COLUMNS.index("fp")
INSTITUTION = SimpleNamespace(pk=7, code="35.78")


class Capture(Dialect):
    """Keeps what would be staged; no database."""

    vendor = "capture"

    def __init__(self) -> None:
        self.stage = "stage"
        self.spec = REGISTER
        self.columns = REGISTER.stage_columns
        self.rows: list[tuple[Any, ...]] = []
        self.frames = 0

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows.extend(tuple(r) for r in rows)

    def load_frame(self, frame: Any) -> None:
        self.frames += 1
        super().load_frame(frame)

    def execute(self, sql: str, params: Any = ()) -> int:
        return 0

    def fetch(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        return []


def stage(path: Any, *, fast: bool, institution: Any = INSTITUTION) -> tuple[Any, ...]:
    importer = Importer(
        institution=institution,
        actor=None,
        dry_run=True,
        strict=False,
        progress=None,
        job=None,
        today=TODAY,
    )
    importer.fast_min_rows = 0 if fast else 10**12
    importer.source = path
    capture = Capture()
    result = ImportResult()
    with open_table(path) as table:
        assert fastpath.eligible(table, path, importer.fast_min_rows) == fast
        importer._stage(table, capture, result, institution_column(table.header, institution))
    rows = sorted((*r[:FP], *r[FP + 1 :]) for r in capture.rows)
    errors = sorted((e.row, e.column, e.value, e.message) for e in result.errors)
    return rows, errors, (result.rejected, result.skipped, result.total_rows), capture.frames


def assert_same(path: Any, **kwargs: Any) -> tuple[Any, ...]:
    fast = stage(path, fast=True, **kwargs)
    slow = stage(path, fast=False, **kwargs)
    assert fast[:3] == slow[:3]
    return fast


# Every column of the register's spec, the key (NIP) first and the optional TMT last.
HEADERS = [c.header for c in REGISTER.columns]
KEY_HEADER = REGISTER.key.header


def test_clean_rows_are_decided_column_wise(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "clean.csv"
    path.write_bytes(csv_bytes([person(n) for n in range(1, 200)]))
    _rows, errors, counts, frames = assert_same(path)
    assert frames == 1 and errors == [] and counts == (0, 0, 199)


def test_odd_rows_get_the_per_row_verdict(tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        person(1),
        person(2, **{"Tanggal Lahir": "1 Agustus 1966"}),  # a date the expressions do not read
        person(3, Golongan="Penata Muda"),  # a pangkat name
        person(4, Golongan="III/z"),
        person(5, NIP="1.96608E+17"),
        person(6, Nama="Dr. Ir. Budi  Santoso, M.Si."),  # titles and a double space
        person(7, Nama=" "),
        person(8, **{"Status Kepegawaian": "PPPK"}, Golongan="IX"),
        person(9, **{"Jenis Kelamin": "P"}),  # disagrees with the NIP
        person(10, NIP=person(10)["NIP"][:12] + "13" + person(10)["NIP"][14:]),
        {k: "" for k in person(1)},  # a blank row in the middle: skipped
        person(11, **{"Unit Kerja": "Dinas\u00a0Pendidikan"}),
        person(12, **{"Status Kepegawaian": "PNS Aktif"}, Jabatan="x" * 300),
        person(13),
        {k: "" for k in person(1)},  # a trailing blank row: the end, not skipped
    ]
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_bytes(rows))
    _rows, errors, counts, _frames = assert_same(path)
    assert counts[1] == 1
    assert {e[0] for e in errors} >= {5, 6, 8, 10, 11}  # spreadsheet rows: header is 1


def test_institution_code_column_agrees(tmp_path, db):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    rows = [{"Kode Instansi": code, **person(n)} for n, code in enumerate(
        ["35.78", "34.04", "99.99", "", " 35.78", "K.09"], start=1
    )]  # fmt: skip
    path = tmp_path / "national.csv"
    path.write_bytes(csv_bytes(rows))
    assert_same(path, institution=None)
    assert_same(path, institution=Institution.objects.get(code="35.78"))


def test_files_polars_would_read_differently_take_the_per_row_path(tmp_path):  # type: ignore[no-untyped-def]
    body = csv_bytes([person(1), person(2)])
    for name, data in {
        "blank-line.csv": body.replace(b"\r\n", b"\r\n\r\n", 2),
        "cr.csv": body.replace(b"\r\n", b"\r"),
        "cp1252.csv": body.replace(b"Pegawai", b"Pegaw\xe9i"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        with open_table(path) as table:
            assert not fastpath.eligible(table, path, 0)


def test_a_ragged_file_falls_back_to_the_per_row_path(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ragged.csv"
    body = csv_bytes([person(1), person(2), person(3)]).decode()
    lines = body.split("\r\n")
    lines[2] += ",extra,cells"
    path.write_text("\r\n".join(lines))
    fast = stage(path, fast=True)
    assert fast[:3] == stage(path, fast=False)[:3]


# --- property: any mix of good and bad values -------------------------------------------

# The alphabets are the spec's own samples: a column added to the spec is drawn from here
# without anyone editing this test.
_NIPS = list(REGISTER.key.samples)
_TEXT = st.sampled_from
_BIDI = list(BIDI_SAMPLES)
_PAYLOAD = "-2+3+cmd|' /C calc'!A0"  # issue 8, finding 4
_CELLS = {c.header: _TEXT(c.samples) for c in REGISTER.columns if not c.is_key}


@st.composite
def _row(draw: Any) -> list[str]:
    if draw(st.integers(0, 30)) == 0:
        return [draw(_TEXT(["", " ", "\t"]))] * len(HEADERS)
    return [draw(st.sampled_from(_NIPS)) if h == KEY_HEADER else draw(_CELLS[h]) for h in HEADERS]


def test_the_property_covers_every_column_of_every_spec():  # type: ignore[no-untyped-def]
    """Every column of every import spec declares its samples (good and bad values), which
    the property tests draw from; the register's rows are made of all of its columns."""
    assert HEADERS[0] == KEY_HEADER
    assert set(_CELLS) == set(HEADERS) - {KEY_HEADER}
    specs = all_specs()
    assert REGISTER in specs
    for spec in specs:
        for column in spec.columns:
            assert len(column.samples) >= 2, (spec.target, column.key)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_row(), min_size=1, max_size=40))
def test_both_paths_agree_on_any_rows(tmp_path_factory, rows):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("prop") / "rows.csv"
    path.write_bytes(csv_bytes(rows, HEADERS))
    assert_same(path)


def test_small_blocks_and_cells_across_lines(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fastpath, "BLOCK_BYTES", 150)
    rows = [person(n) for n in range(1, 40)]
    rows[5]["Unit Kerja"] = "Dinas\nPendidikan"  # a quoted cell across two lines
    rows[9]["Jabatan"] = 'Analis "Senior"'
    rows[12]["Nama"] = "Budi, S.H.\r\nM.H."
    path = tmp_path / "blocks.csv"
    path.write_bytes(csv_bytes(rows))
    _rows, _errors, counts, frames = assert_same(path)
    assert frames > 5 and counts == (0, 0, 39)


def test_an_unclosed_quote_in_an_ignored_column_stops_both_paths(tmp_path):  # type: ignore[no-untyped-def]
    """Rows 6 to 10 would be one cell of row 6 (a later quotation mark closes it): neither
    path may import row 6 and lose the rows inside it; both say where it was left open."""
    lines = ["NIP,Nama,Keterangan"]
    for n in range(1, 30):
        note = {5: '"belum lengkap', 9: 'selesai"'}.get(n, "lengkap")
        lines.append(f"{person(n)['NIP']},Pegawai {n},{note}")
    path = tmp_path / "quote.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    messages = []
    for fast in (True, False):
        with pytest.raises(ImportFileError) as info:
            stage(path, fast=fast)
        messages.append(str(info.value.message))
    assert messages[0] == messages[1]
    assert "quotation mark" in messages[0] and "6" in messages[0]


def test_spreadsheet_formulas_and_errors_get_the_per_row_verdict(tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        person(1),
        person(2, Nama="=A1"),
        person(3, Jabatan="#N/A"),
        person(4, Golongan=" =SUM(B2:B9)"),
        person(5, **{"Unit Kerja": "#REF!"}),
        person(6),
    ]
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes(rows))
    _rows, errors, counts, _frames = assert_same(path)
    assert {row for row, *_ in errors} == {3, 4, 5, 6}
    assert counts == (4, 0, 6)


def test_bidirectional_controls_and_quoted_formulas_get_the_per_row_verdict(tmp_path):  # type: ignore[no-untyped-def]
    """Each control is refused in every text column by both paths with the same sentence;
    a quote our exports put before a formula character comes off in both."""
    rows = [person(1)]
    columns = ("Nama", "Gelar Depan", "Gelar Belakang", "Jabatan", "Unit Kerja")
    for n, char in enumerate(_BIDI, start=2):
        column = columns[n % len(columns)]
        rows.append(person(n, **{column: f"Budi{char}Santoso"}))
    quoted = len(rows) + 1
    rows.append(person(quoted, Nama="'" + _PAYLOAD, Jabatan="'-", **{"Unit Kerja": "''=1"}))
    path = tmp_path / "bidi.csv"
    path.write_bytes(csv_bytes(rows, [*HEADERS[:-1]]))
    staged, errors, counts, _frames = assert_same(path)
    assert counts == (len(_BIDI), 0, len(rows))
    assert len(errors) == len(_BIDI)
    for (_row_no, _column, _value, message), char in zip(errors, _BIDI, strict=True):
        code = f"U+{ord(char):04X}"
        assert f"invisible character that changes reading direction ({code})" in message
    by_nip = {r[1]: r for r in staged}
    values = by_nip[person(quoted)["NIP"]]
    names = STAGE_COLUMNS
    assert values[names.index("full_name")] == _PAYLOAD
    assert values[names.index("position")] == "-"
    assert values[names.index("work_unit")] == "'=1"
