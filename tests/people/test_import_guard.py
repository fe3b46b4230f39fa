"""The checks a workbook passes before any reader opens it (people/importing/guard.py).

Each limit is lowered here (the settings) so that small files prove it; the defaults are
what test_import_hostile.py runs against, and real files pass them.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from tangguh.core.importing.guard import XlsxLimits, check_xlsx, column_letters
from tangguh.people.importing import ImportFileError, open_table

from . import hostile_files as hostile

pytestmark = pytest.mark.usefixtures("english")


def _refusal(data: bytes, **limits: int) -> str:
    with pytest.raises(ImportFileError) as info:
        check_xlsx(io.BytesIO(data), "pegawai.xlsx", XlsxLimits(**limits))
    message = str(info.value.message)
    assert "pegawai.xlsx" in message and len(message) < 600
    return message


def _register(rows: int, *, shared: bool) -> bytes:
    """A register as openpyxl writes it: shared texts (as Excel), or inline ones."""
    workbook = Workbook(write_only=not shared)
    sheet = workbook.create_sheet("Data") if not shared else workbook.active
    sheet.append(["NIP", "Nama", "Jabatan", "Unit Kerja"])
    for i in range(rows):
        sheet.append([f"19800304200501{i:04d}", f"Pegawai {i}", "Guru", f"SD Negeri {i % 40}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("shared", [True, False])
def test_a_real_register_passes_and_is_read(shared):  # type: ignore[no-untyped-def]
    data = _register(3000, shared=shared)
    check_xlsx(io.BytesIO(data), "pegawai.xlsx")
    with open_table(io.BytesIO(data), "pegawai.xlsx") as table:
        assert sum(1 for _ in table.rows) == 3000


def test_the_farthest_cell_is_named():  # type: ignore[no-untyped-def]
    message = _refusal(hostile.cell_at_xfd1048576())
    assert "from cell A1 to cell XFD1048576" in message
    assert "17,179,869,184 cells" in message and "20,000,000" in message


def test_a_wide_but_short_sheet_passes():  # type: ignore[no-untyped-def]
    # 2 rows x 16,384 columns is 32,768 cells: no reason to refuse.
    workbook = Workbook()
    workbook.active.append(["NIP", "Nama"])
    workbook.active.cell(row=2, column=16_384, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_xlsx(io.BytesIO(buffer.getvalue()), "pegawai.xlsx")


def test_cells_without_references_are_placed_as_the_reader_places_them():  # type: ignore[no-untyped-def]
    data = hostile.cells_without_references(300, 300)
    check_xlsx(io.BytesIO(data), "pegawai.xlsx")  # 300 x 300: fine
    message = _refusal(data, max_cells=80_000)
    # The 300 cells of row 300 reach column 300 (KN): 300 x 300 cells.
    assert "to cell" in message and "80,000" in message


def test_a_reference_beyond_the_last_row_is_refused():  # type: ignore[no-untyped-def]
    rows = hostile.HEADER_ROWS + '<row r="3"><c r="A99999999999"><v>1</v></c></row>'
    message = _refusal(hostile.workbook_with({hostile.SHEET: hostile.sheet(rows)}))
    assert "beyond the last row" in message


def test_a_zip_bomb_is_refused_by_its_ratio_before_unpacking():  # type: ignore[no-untyped-def]
    message = _refusal(hostile.zip_bomb())
    assert "unpacks to 199 MB" in message and "times its packed size" in message


def test_a_directory_that_lies_about_sizes_is_caught_while_unpacking():  # type: ignore[no-untyped-def]
    assert "damaged" in _refusal(hostile.lying_directory())


def test_a_part_too_large_unpacked_is_refused():  # type: ignore[no-untyped-def]
    data = _register(8000, shared=False)  # a 1.6 MB sheet
    assert "unpacks to more than 1 MB" in _refusal(data, max_part_bytes=1 << 20)


def test_a_workbook_too_large_unpacked_in_all_is_refused():  # type: ignore[no-untyped-def]
    data = _register(8000, shared=False)
    message = _refusal(data, max_total_bytes=1 << 20, max_part_bytes=1 << 30)
    assert "it unpacks to more than 1 MB" in message


def test_too_many_parts_are_refused():  # type: ignore[no-untyped-def]
    assert "holds 39 parts, more than the 20" in _refusal(hostile.many_parts(30), max_parts=20)


def test_deep_nesting_is_refused():  # type: ignore[no-untyped-def]
    assert "more than 100 levels deep" in _refusal(hostile.deep_xml(150))
    check_xlsx(io.BytesIO(hostile.deep_xml(50)), "pegawai.xlsx")  # 50 levels: allowed


def test_a_dtd_is_refused():  # type: ignore[no-untyped-def]
    rows = hostile.HEADER_ROWS
    xml = hostile.sheet(rows).replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaa">]><worksheet', 1
    )
    assert "declares a DTD" in _refusal(hostile.workbook_with({hostile.SHEET: xml}))


def test_shared_strings_declaring_billions_are_refused():  # type: ignore[no-untyped-def]
    message = _refusal(hostile.shared_strings_declaring(4_000_000_000))
    assert "4,000,000,000 different texts" in message


def test_a_huge_shared_strings_part_is_refused():  # type: ignore[no-untyped-def]
    data = hostile.shared_strings_of_size(3)
    check_xlsx(io.BytesIO(data), "pegawai.xlsx")  # 3 MB: within the default
    message = _refusal(data, max_shared_strings_bytes=2 << 20)
    assert "shared-strings part) unpack to more than 2 MB" in message


def test_too_many_merged_ranges_are_refused():  # type: ignore[no-untyped-def]
    assert "has 20 merged ranges" in _refusal(hostile.merged_ranges(20), max_merged_ranges=10)


def test_an_encrypted_part_is_a_password_sentence():  # type: ignore[no-untyped-def]
    data = bytearray(_register(10, shared=True))
    position = data.find(b"PK\x01\x02")
    data[position + 8] |= 0x1  # the central directory's "encrypted" flag
    assert "password" in _refusal(bytes(data))


def test_the_limits_come_from_the_settings(settings):  # type: ignore[no-untyped-def]
    settings.TANGGUH_IMPORT_XLSX_LIMITS = {"max_cells": 10, "unknown": 1}
    assert XlsxLimits.from_settings().max_cells == 10
    with pytest.raises(ImportFileError, match="more than the 10 a file may hold"):
        check_xlsx(io.BytesIO(_register(20, shared=True)), "pegawai.xlsx")


def test_column_letters():  # type: ignore[no-untyped-def]
    assert [column_letters(i) for i in (0, 25, 26, 701, 702, 16_383)] == [
        "A", "Z", "AA", "ZZ", "AAA", "XFD",
    ]  # fmt: skip


def test_merged_cells_are_filled_without_looking_at_every_range_per_row():  # type: ignore[no-untyped-def]
    """20,000 rows under 10,000 merged ranges: one pass (the reader used to look at every
    range for every row: 200 million steps)."""
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Nama</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>Unit Kerja</t></is></c></row>']  # fmt: skip
    for i in range(2, 20_002):
        unit = f'<c r="C{i}" t="inlineStr"><is><t>Dinas</t></is></c>' if i % 2 == 0 else ""
        rows.append(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}"><v>1</v></c>{unit}</row>')
    merges = "".join(f'<mergeCell ref="C{i}:C{i + 1}"/>' for i in range(2, 20_002, 2))
    xml = hostile.sheet("".join(rows), after=f'<mergeCells count="10000">{merges}</mergeCells>')
    data = hostile.workbook_with({hostile.SHEET: xml})
    started = time.perf_counter()
    with open_table(io.BytesIO(data), "pegawai.xlsx") as table:
        units = [cells[2] for _n, cells in table.rows]
    assert units.count("Dinas") == 20_000
    assert time.perf_counter() - started < 5


def test_a_guard_refusal_rewinds_the_file():  # type: ignore[no-untyped-def]
    fh = io.BytesIO(hostile.cell_at_xfd1048576())
    with pytest.raises(ImportFileError):
        check_xlsx(fh, "a.xlsx")
    assert fh.tell() == 0
    assert zipfile.is_zipfile(fh)
