"""Hostile register files, built in the tests (small on disk, whatever they unpack to).

Each builder returns the file's bytes; the costly ones are cached for the session.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from collections.abc import Callable, Iterable
from datetime import date

from openpyxl import Workbook

from .factories import make_nip

NIP1 = make_nip(date(1980, 3, 4), "M", 1)
NIP2 = make_nip(date(1981, 4, 5), "F", 2)

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROWS = (
    '<row r="1">' + _text("A1", "NIP") + _text("B1", "Nama") + "</row>"
    '<row r="2">' + _text("A2", NIP1) + _text("B2", "Andi Wijaya") + "</row>"
)


def _base() -> bytes:
    """A workbook as a spreadsheet program writes it (openpyxl), to take parts from."""
    workbook = Workbook()
    workbook.active.append(["NIP", "Nama"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_with(
    parts: dict[str, bytes | Callable[[], Iterable[bytes]]], *, level: int = 6
) -> bytes:
    """The base workbook with ``parts`` replaced or added; a part may be a generator of
    chunks (written as a stream, never whole in memory)."""
    source = zipfile.ZipFile(io.BytesIO(_base()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item.filename, source.read(item.filename))
        for name, content in parts.items():
            if isinstance(content, bytes):
                target.writestr(name, content)
                continue
            with target.open(name, "w", force_zip64=True) as fh:
                for chunk in content():
                    fh.write(chunk)
    if SHARED in parts:
        out = io.BytesIO(_with_shared_strings_relation(out.getvalue()))
    return out.getvalue()


def _with_shared_strings_relation(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    rels = "xl/_rels/workbook.xml.rels"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == rels and b"sharedStrings" not in content:
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item, content)
    return out.getvalue()


def sheet(rows: str, *, before: str = "", after: str = "") -> bytes:
    return (
        _HEAD + before + "<sheetData>" + rows + "</sheetData>" + after + "</worksheet>"
    ).encode()


def cell_at_xfd1048576() -> bytes:
    """The issue's 1.6 KB file: a header, a row, and one cell at the sheet's last cell."""
    workbook = Workbook()
    ws = workbook.active
    ws.append(["NIP", "Nama"])
    ws.append([NIP1, "Andi Wijaya"])
    ws.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def zip_bomb(megabytes: int = 200) -> bytes:
    """A small file whose sheet unpacks to ``megabytes`` MB of XML (rows of one cell)."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000

    def chunks() -> Iterable[bytes]:
        yield _HEAD.encode() + b"<sheetData>" + HEADER_ROWS.encode()
        for _ in range(megabytes * 1024 * 1024 // len(row)):
            yield row
        yield b"</sheetData></worksheet>"

    return workbook_with({SHEET: chunks}, level=1)


def deep_xml(levels: int = 5_000) -> bytes:
    """A sheet nesting ``levels`` elements inside a row; random names keep it from
    packing well (so that its depth, not its ratio, refuses it)."""
    rng = random.Random(8)
    names = [f"e{rng.getrandbits(40):010x}" for _ in range(levels)]
    inner = "".join(f"<{n}>" for n in names) + "".join(f"</{n}>" for n in reversed(names))
    rows = HEADER_ROWS + f'<row r="3">{inner}</row>'
    return workbook_with({SHEET: sheet(rows)})


def shared_strings_declaring(count: int) -> bytes:
    """A shared-strings part that declares ``count`` texts (the reader reserves them)."""
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{count}" '
        f'uniqueCount="{count}"><si><t>NIP</t></si><si><t>Nama</t></si></sst>'
    ).encode()
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    return workbook_with({SHEET: sheet(rows), SHARED: sst})


def shared_strings_of_size(megabytes: int) -> bytes:
    """A shared-strings part of about ``megabytes`` MB of distinct texts (packs ~2 times)."""
    rng = random.Random(9)

    def chunks() -> Iterable[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'.encode()
        yield b"<si><t>NIP</t></si><si><t>Nama</t></si>"
        for _ in range(megabytes * 1024):
            yield b"".join(
                b"<si><t>%s</t></si>" % rng.randbytes(12).hex().encode() for _ in range(28)
            )
        yield b"</sst>"

    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    return workbook_with({SHEET: sheet(rows), SHARED: chunks})


def cells_without_references(count: int, row: int) -> bytes:
    """Row ``row`` with ``count`` cells that have no reference: the reader places them one
    after the other, so the table spans ``count`` columns."""
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * count
    return workbook_with({SHEET: sheet(HEADER_ROWS + f'<row r="{row}">{cells}</row>')})


def merged_ranges(count: int) -> bytes:
    merges = "".join(f'<mergeCell ref="C{i}:C{i + 1}"/>' for i in range(3, 3 + 2 * count, 2))
    return workbook_with(
        {SHEET: sheet(HEADER_ROWS, after=f'<mergeCells count="{count}">{merges}</mergeCells>')}
    )


def many_parts(count: int) -> bytes:
    return workbook_with(
        {f"xl/media/image{i}.bin": b"x" for i in range(count)} | {SHEET: sheet(HEADER_ROWS)}
    )


def lying_directory() -> bytes:
    """A sheet that unpacks to 20 MB while the zip directory says 2 KB."""
    rows = HEADER_ROWS + '<row r="3">' + _text("C3", "x" * (20 << 20)) + "</row>"
    data = bytearray(workbook_with({SHEET: sheet(rows)}))
    position = data.find(b"PK\x01\x02")  # each entry of the central directory
    while position >= 0:
        name_len = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_len] == SHEET.encode():
            data[position + 24 : position + 28] = (2048).to_bytes(4, "little")
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def enormous_line_csv(megabytes: int = 3) -> bytes:
    return (
        b"NIP,Nama\r\n" + NIP1.encode() + b",Andi Wijaya\r\n" + b"A" * (megabytes << 20) + b"\r\n"
    )
