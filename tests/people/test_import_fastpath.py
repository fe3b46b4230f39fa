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

from tangguh.people.import_spec import REGISTER
from tangguh.people.importing import fastpath
from tangguh.people.importing.engine import Importer
from tangguh.people.importing.readers import open_table
from tangguh.people.importing.results import ImportFileError, ImportResult
from tangguh.people.importing.sources import institution_column
from tangguh.people.importing.staging import Dialect

from .factories import make_nip
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

_BIRTHS = [date(1966, 8, 1), date(1980, 2, 29), date(1999, 12, 31), date(1975, 5, 17)]
_NIPS = [make_nip(b, s, n) for b in _BIRTHS for s in "MF" for n in (1, 7)] + [
    "19660801 198803 1 001", "'196608011988031001", "1.96608E+17", "19660801198803100",
    "19660801198813100a", "196608011988131001", "199912312030011001", "196608011980011001",
    "196608011988033001", "196608011988031000", "197505172021211001", "000001011988031001", "",
]  # fmt: skip
_TEXT = st.sampled_from
# Every bidirectional control the register refuses (core.text_safety), one per value.
_BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
         "\u2066", "\u2067", "\u2068", "\u2069"]  # fmt: skip
_PAYLOAD = "-2+3+cmd|' /C calc'!A0"  # issue 8, finding 4
_CELLS = {
    "Gelar Depan": _TEXT(["", "Dr.", "Ir. H.", "x" * 61, "Dr.\u202e", "@x", "'@x"]),
    "Nama": _TEXT(["Budi Santoso", "Siti  Aminah", "Dr. Budi, M.Si.", "Dr.", " ", "", "A" * 201, "Ni Luh Putu",
                   "=A1", " =SUM(A1)", "#N/A", "\u00a0#REF!", "Budi\nSantoso", _PAYLOAD, "'" + _PAYLOAD,
                   "'=A1", "''=A1", "'Budi", "-", "Dr. Budi\u202eognaS, M.Si.",
                   *(f"Budi{c}Santoso" for c in _BIDI)]),
    "Gelar Belakang": _TEXT(["", "S.H., M.E.", "A.Md.", "y" * 101, "S.H.\u2066", "+1"]),
    "Jenis Kelamin": _TEXT(["", "L", "P", "laki-laki", "Wanita", "X", "l ", "L\u200f"]),
    "Tanggal Lahir": _TEXT(["", "01-08-1966", "29-02-1980", "31-12-1999", "17-05-1975", "1966-08-01",
                            "1 Agustus 1966", "31-02-1970", "01/08/66", "29.02.1980"]),
    "Status Kepegawaian": _TEXT(["", "PNS", "PPPK", "CPNS", "PNS Aktif", "Pensiun", "P3K", "bogus", "PNS PPPK"]),
    "Jabatan": _TEXT(["", "Analis Kebijakan", "Guru  Ahli", "z" * 256, 'Analis "Senior"', "#VALUE!",
                      _PAYLOAD, "'" + _PAYLOAD, "Guru\u061c", "Guru\u2069 Ahli"]),
    "Jenis Jabatan": _TEXT(["", "Pelaksana", "JPT Pratama", "Eselon II", "nope"]),
    "Golongan": _TEXT(["", "III/a", "IV/e", "IX", "III", "Penata Muda", "I/e", "XVII", "3a"]),
    "Unit Kerja": _TEXT(["", "Dinas Pendidikan", "Badan\tKepegawaian", "w" * 1001, _PAYLOAD,
                         "Dinas\u202aPendidikan", "'-"]),
    "TMT": _TEXT(["", "01-04-2025", "2025-04-01", "April 1, 2025", "32-01-2025"]),
}  # fmt: skip


@st.composite
def _row(draw: Any) -> list[str]:
    if draw(st.integers(0, 30)) == 0:
        return [draw(_TEXT(["", " ", "\t"]))] * len(HEADERS)
    return [draw(st.sampled_from(_NIPS)) if h == KEY_HEADER else draw(_CELLS[h]) for h in HEADERS]


def test_the_property_covers_every_column_of_the_spec():  # type: ignore[no-untyped-def]
    """A column added to the register's spec needs its alphabet here (good and bad values)."""
    assert HEADERS[0] == KEY_HEADER
    assert set(_CELLS) == set(HEADERS) - {KEY_HEADER}


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
        messages.append(info.value.message)
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
