"""Files for people: the import template, register exports, the error report of an import.

Exports use the template's layout, so an exported file re-imports as "all unchanged".
Every text cell of every file, headers included, goes through
``core.spreadsheet_safety.neutralise_cell`` (OWASP: a leading quote before = + - @ tab
CR LF, no exceptions); the import takes that quote off again.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tangguh.core.messages import render as render_message
from tangguh.core.spreadsheet_safety import neutralise_cell
from tangguh.people.import_spec import REGISTER
from tangguh.people.parsing import TEMPLATE_HEADERS

from .importing import open_table
from .models import ImportJob

PROBLEM_HEADER = "Keterangan / Problem"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"

# Register fields in the order of TEMPLATE_HEADERS, widths and the template's example:
# from the register's import spec.
_EXPORT_FIELDS = tuple(path for c in REGISTER.template_columns for path in c.export_paths)
_WIDTHS = tuple(c.width for c in REGISTER.template_columns)
_EXAMPLE_ROW = REGISTER.example_row()
# The columns written as Text (the NIP: 18 digits, never a number).
_TEXT_INDEX = next(i for i, c in enumerate(REGISTER.template_columns) if c.text)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _row(values: tuple[Any, ...]) -> list[Any]:
    """Register values -> the cells of one template row (dates stay dates)."""
    return REGISTER.export_row(values)


def _values(queryset: QuerySet) -> Iterator[tuple[Any, ...]]:
    return queryset.order_by().values_list(*_EXPORT_FIELDS).iterator(chunk_size=5000)


# Excel's limit on the characters of a cell; openpyxl refuses control characters.
_CELL_LIMIT = 32_767
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def employees_export_csv(queryset: QuerySet) -> Iterator[str]:
    """Stream ``queryset`` as CSV text chunks (UTF-8 with BOM when encoded, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralise_cell(h) for h in TEMPLATE_HEADERS])
    for count, values in enumerate(_values(queryset), start=1):
        cells = [c.strftime("%d-%m-%Y") if isinstance(c, date) else c for c in _row(values)]
        writer.writerow([neutralise_cell(c) for c in cells])
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def employees_export_xlsx(queryset: QuerySet, path_or_buffer: Any) -> int:
    """Write ``queryset`` as an XLSX workbook (openpyxl write-only mode); returns the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Civil servants"))
    _prepare_sheet(sheet, TEMPLATE_HEADERS)
    count = 0
    for values in _values(queryset):
        sheet.append(_cells(sheet, _row(values)))
        count += 1
    workbook.save(path_or_buffer)
    return count


def _prepare_sheet(
    sheet: Any, headers: tuple[str, ...] | list[str], widths: tuple[int, ...] = _WIDTHS
) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[get_column_letter(_TEXT_INDEX + 1)].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    header_cells = []
    for text in headers:
        # An error report repeats the uploaded file's headers: text like any other cell.
        cell = _text_cell(sheet, _as_text(text))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)


def _cells(sheet: Any, values: list[Any], *, nip_index: int = _TEXT_INDEX) -> list[Any]:
    cells: list[Any] = []
    for index, value in enumerate(values):
        if index == nip_index:
            cell = _text_cell(sheet, _as_text(value))
            cell.number_format = TEXT_FORMAT
        elif isinstance(value, date | datetime):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            cell = _text_cell(sheet, value)
        else:
            cells.append(value)
            continue
        cells.append(cell)
    return cells


def text_row(sheet: Any, values: Any) -> list[Any]:
    """``values`` as cells of a write-only ``sheet``: every text through :func:`_text_cell`
    (neutralised, without the control characters a workbook refuses); the rest as is."""
    return [_text_cell(sheet, v) if isinstance(v, str) else v for v in values]


def _text_cell(sheet: Any, value: str) -> Any:
    """A cell holding ``value`` as text: never a formula ("=1+1" is stored as the text
    "'=1+1", which stays inert when the sheet is saved again as CSV), never an error
    ("#N/A"), without the control characters a workbook may not hold, within Excel's
    cell limit. Every text cell of the files below is made here."""
    if not value.isprintable():
        value = value.translate(_ILLEGAL)
    value = neutralise_cell(value)  # after the clean-up: "\x01=1" would start with "="
    cell = WriteOnlyCell(sheet, value=None)
    cell._value = value[:_CELL_LIMIT]
    cell.data_type = "s"
    return cell


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def import_template_xlsx() -> bytes:
    """The downloadable template: headers, one example row, the NIP column formatted as Text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    _prepare_sheet(sheet, TEMPLATE_HEADERS)
    sheet.append(_cells(sheet, list(_EXAMPLE_ROW)))
    # Empty cells already formatted as Text, so a NIP typed in keeps its 18 digits.
    for _i in range(1000):
        cell = WriteOnlyCell(sheet, value=None)
        cell.number_format = TEXT_FORMAT
        sheet.append([cell])
    notes = workbook.create_sheet("Petunjuk")
    for line in (
        "Satu baris per ASN. Wajib: NIP dan Nama. / One row per civil servant. Required: NIP and Nama.",
        "Kolom NIP berformat Teks: ketik 18 digit, tanpa spasi. / The NIP column is Text: type the 18 digits.",
        "Tanggal: DD-MM-YYYY, mis. 15-07-1985. / Dates: DD-MM-YYYY.",
        "Jenis Kelamin: L atau P. Status Kepegawaian: PNS, CPNS atau PPPK (+ Aktif/Pensiun/Pindah/Meninggal).",
        "Golongan: III/a untuk PNS, IX untuk PPPK. Kolom tambahan diabaikan. / Extra columns are ignored.",
        "Kolom TMT (opsional) memberi tanggal mulai riwayat. / An optional TMT column dates the history period.",
    ):
        notes.append([_text_cell(notes, line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_error_report_xlsx(*, job: ImportJob) -> bytes:
    """The rejected rows of ``job`` as uploaded, plus a column explaining each problem (in
    the active language)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return import_error_reports_xlsx(job=job, languages=[language])[language]


def import_error_reports_xlsx(*, job: ImportJob, languages: list[str]) -> dict[str, bytes]:
    """:func:`import_error_report_xlsx` in each of ``languages``, reading the upload once."""
    issues = list(job.issues.order_by("row", "id").values_list("row", "column", "message"))
    problems: dict[str, dict[int, list[str]]] = {}
    sheets: dict[str, tuple[Workbook, Any]] = {}
    for language in languages:
        with translation.override(language):
            found: dict[int, list[str]] = defaultdict(list)
            for row, column, message in issues:
                text = render_message(message)
                found[row].append(f"{column}: {text}" if column else text)
            problems[language] = found
            workbook = Workbook(write_only=True)
            sheets[language] = (workbook, workbook.create_sheet(_("Rejected rows")))
    if not issues:
        for language, (_book, sheet) in sheets.items():
            _prepare_sheet(sheet, [PROBLEM_HEADER], widths=(100,))
            if job.message:
                with translation.override(language):
                    sheet.append([_text_cell(sheet, render_message(job.message))])
        return {language: _save(workbook) for language, (workbook, _s) in sheets.items()}
    with job.file.open("rb") as fh, open_table(fh, job.original_name) as table:
        headers = list(table.header.headers)
        nip_index = table.header.columns["nip"]
        widths = (*(24 if i == nip_index else 18 for i in range(len(headers))), 80)
        wrap = Alignment(wrap_text=True, vertical="top")
        intros: dict[str, str] = {}
        for language, (_w, sheet) in sheets.items():
            _prepare_sheet(sheet, [*headers, PROBLEM_HEADER], widths=widths)
            with translation.override(language):
                intros[language] = str(_("Row %(row)s of the uploaded file."))
        first = languages[0]
        for row_no, cells in table.rows:
            if row_no not in problems[first]:
                continue
            values = list(cells[: len(headers)]) + [None] * (len(headers) - len(cells))
            for language, (_w, sheet) in sheets.items():
                explanation = _text_cell(
                    sheet,
                    intros[language] % {"row": row_no}
                    + "\n"
                    + "\n".join(problems[language][row_no]),
                )
                explanation.alignment = wrap
                sheet.append([*_cells(sheet, values, nip_index=nip_index), explanation])
    return {language: _save(workbook) for language, (workbook, _s) in sheets.items()}


def _save(workbook: Workbook) -> bytes:
    buffer: IO[bytes] = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()  # type: ignore[attr-defined]
