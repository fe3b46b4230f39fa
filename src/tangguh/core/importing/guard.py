"""Checks an uploaded workbook before any reader opens it: what cannot hurt the service.

An XLSX file is a zip of XML parts. The reader (python-calamine) trusts them: a
single cell at ``XFD1048576`` makes it allocate a table of 16,384 × 1,048,576
cells (549,755,813,888 bytes), a shared-strings part declaring four billion texts
makes it reserve 96 GB, and a few hundred kilobytes can unpack to gigabytes of
XML. So before the reader sees the file, :func:`check_xlsx`

- counts the parts and reads each one's declared size from the zip directory,
  refusing too many parts, a part or a whole too large once unpacked, or a part
  that unpacks to more than ``max_ratio`` times its packed size (a zip bomb);
- unpacks the XML parts itself, counting what really comes out (a directory can
  lie), refusing a DTD (no workbook part has one), and nesting deeper than a
  workbook ever needs;
- finds, in each worksheet, the first and last row and column that hold a cell:
  the table the reader will allocate. More than ``max_cells`` cells is refused,
  with the farthest cell named so the uploader can find and delete it;
- reads the declared counts of the shared-strings part and refuses a part, or a
  count, larger than a register can need.

Every refusal is an :class:`ImportFileError` whose sentence, in the uploader's
language, says what is wrong and what to do. The limits are settings
(``TANGGUH_IMPORT_XLSX_LIMITS``; docs/operations.md, "Hostile files") with
defaults that a real register of a million rows passes with room to spare.

Nothing here is the last line: the import also runs in a child process with a
memory and time budget (``people/job_runner.py``).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

from .guard_refusals import Refusals, grouped, megabytes
from .guard_xml import NeedsExact, XmlScan, column_letters  # noqa: F401 (part of the API)
from .results import ImportFileError

_MB = 1024 * 1024


@dataclass(frozen=True)
class XlsxLimits:
    """What a workbook may hold once unpacked. Defaults measured on real files
    (docs/operations.md, "Hostile files")."""

    # Parts in the zip: a workbook has ten to a few dozen (sheets, styles, images...).
    max_parts: int = 1_000
    # Unpacked size of one part, and of all parts together. A million rows of text
    # written with inline strings is a 718 MB sheet.
    max_part_bytes: int = 1536 * _MB
    max_total_bytes: int = 2048 * _MB
    # Unpacked size over packed size of a part, for parts from ``ratio_min_bytes`` up
    # (small parts such as an empty style sheet compress far better). Real sheets
    # pack 9-20 times; zip bombs 200-1,000 times.
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * _MB
    # Cells in the table the reader allocates for a sheet: (last row - first row + 1)
    # x (last column - first column + 1). The reader needs ~100 bytes per cell:
    # 20 million cells is about 2 GB (a million rows of 20 columns).
    max_cells: int = 20_000_000
    # Shared strings: the part's unpacked size and the number of texts it declares.
    max_shared_strings_bytes: int = 512 * _MB
    max_shared_strings: int = 20_000_000
    # Nesting of XML elements; a worksheet needs seven levels.
    max_depth: int = 100
    # Merged ranges in a sheet.
    max_merged_ranges: int = 100_000

    @classmethod
    def from_settings(cls) -> XlsxLimits:
        """The defaults, overridden by ``settings.TANGGUH_IMPORT_XLSX_LIMITS``."""
        overrides = getattr(settings, "TANGGUH_IMPORT_XLSX_LIMITS", None) or {}
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: int(v) for k, v in overrides.items() if k in known})


def check_xlsx(fh: IO[bytes], filename: str, limits: XlsxLimits | None = None) -> None:
    """Refuse, with a sentence, a workbook that could hurt the reader. Rewinds ``fh``."""
    limits = limits or XlsxLimits.from_settings()
    try:
        _Check(fh, filename, limits).run()
    finally:
        fh.seek(0)


# --- the zip ---------------------------------------------------------------------------

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_READ = 1024 * 1024


class _Check(Refusals):
    def __init__(self, fh: IO[bytes], filename: str, limits: XlsxLimits) -> None:
        self.fh = fh
        self.filename = filename
        self.limits = limits

    def run(self) -> None:
        limits = self.limits
        self.fh.seek(0)
        entries = _entry_count(self.fh)
        if entries is not None and entries > limits.max_parts:
            raise self.too_many_parts(entries)
        try:
            archive = zipfile.ZipFile(self.fh)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.damaged() from None
        with archive:
            infos = archive.infolist()
            if len(infos) > limits.max_parts:
                raise self.too_many_parts(len(infos))
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                raise self.damaged()  # two parts of one name: readers would disagree on which
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise ImportFileError(_password_message(self.filename))
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise self.damaged()
                self._check_sizes(info.filename, info.file_size, info.compress_size)
                total += info.file_size
                if total > limits.max_total_bytes:
                    raise self.too_large_total(total)
            kinds = _part_kinds(archive, infos)
            unpacked = 0
            for info in infos:
                kind = kinds.get(info.filename)
                if kind is None and not info.filename.lower().endswith((".xml", ".rels")):
                    continue  # images and other binary parts: no reader of ours opens them
                unpacked += self._scan_part(info, kind or "xml")
                if unpacked > limits.max_total_bytes:
                    raise self.too_large_total(unpacked)

    def _check_sizes(self, name: str, size: int, packed: int) -> None:
        limits = self.limits
        if size > limits.max_part_bytes:
            raise self.too_large_part(name, size)
        if size >= limits.ratio_min_bytes and size > limits.max_ratio * max(packed, 1):
            raise ImportFileError(
                Message(
                    _(
                        "“%(name)s” is refused: its part “%(part)s” unpacks to %(size)s MB from "
                        "%(packed)s KB, %(ratio)s times its packed size (a spreadsheet program "
                        "packs at most about 20 times). Such a file is built to exhaust the "
                        "server, not saved by a spreadsheet program. Save the register again "
                        "from your spreadsheet program, as .xlsx or CSV, then upload it again."
                    ),
                    {
                        "name": self.filename,
                        "part": name,
                        "size": megabytes(size),
                        "packed": grouped(max(packed // 1024, 1)),
                        "ratio": grouped(size // max(packed, 1)),
                    },
                )
            )

    # --- one part ---------------------------------------------------------------------

    def _scan_part(self, info: zipfile.ZipInfo, kind: str) -> int:
        """Unpack one XML part, checking it as it comes out; the bytes it unpacked to."""
        limit = self.limits.max_part_bytes
        if kind == "shared_strings":
            limit = min(limit, self.limits.max_shared_strings_bytes)
        try:
            return self._scan_once(info, kind, limit, exact=False)
        except NeedsExact:
            return self._scan_once(info, kind, limit, exact=True)

    def _scan_once(self, info: zipfile.ZipInfo, kind: str, limit: int, *, exact: bool) -> int:
        xml = XmlScan(self, info.filename, kind, exact=exact)
        size = 0
        for chunk in self._unpack(info):
            size += len(chunk)
            if size > info.file_size:
                raise self.damaged()  # more than the directory said: a lie
            if size > limit:
                if kind == "shared_strings":
                    raise self.too_many_strings(bytes_=size)
                raise self.too_large_part(info.filename, size)
            if size >= self.limits.ratio_min_bytes:
                self._check_sizes(info.filename, size, info.compress_size)
            xml.feed(chunk)
        if size != info.file_size:
            raise self.damaged()
        xml.close()
        return size

    def _unpack(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes as they really unpack (not trusting the declared size)."""
        fh = self.fh
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            raise self.damaged()
        fields_ = _LOCAL_HEADER.unpack(header)
        if fields_[0] != _LOCAL_MAGIC:
            raise self.damaged()
        fh.seek(fields_[10] + fields_[11], 1)  # the name and extra field
        left = info.compress_size
        inflate = (
            zlib.decompressobj(-zlib.MAX_WBITS)
            if info.compress_type == zipfile.ZIP_DEFLATED
            else None
        )
        try:
            while left > 0:
                data = fh.read(min(_READ, left))
                if not data:
                    raise self.damaged()
                left -= len(data)
                if inflate is None:
                    yield data
                    continue
                # Bounded output per step: a bomb never sits in memory whole.
                out = inflate.decompress(data, _READ)
                while out:
                    yield out
                    out = inflate.decompress(inflate.unconsumed_tail, _READ)
            if inflate is not None:
                rest = inflate.flush()
                if rest:
                    yield rest
        except zlib.error:
            raise self.damaged() from None


def _password_message(filename: str) -> Message:
    from .readers import _encrypted_message

    return _encrypted_message(filename)


def _entry_count(fh: IO[bytes]) -> int | None:
    """The number of parts from the zip's end record, before zipfile reads the directory
    (which costs memory per entry)."""
    try:
        record = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except Exception:
        return None
    finally:
        fh.seek(0)
    if not record:
        return None
    return int(record[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _part_kinds(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, str]:
    """``{part name: "sheet" | "shared_strings"}`` from the workbook's relationships;
    parts under ``xl/worksheets/`` count as sheets whatever the relationships say."""
    kinds = {i.filename: "sheet" for i in infos if i.filename.startswith("xl/worksheets/")}
    kinds = {k: v for k, v in kinds.items() if k.endswith(".xml")}
    rels_name = "xl/_rels/workbook.xml.rels"
    info = next((i for i in infos if i.filename == rels_name), None)
    if info is not None and info.file_size <= 4 * _MB:
        from xml.etree import ElementTree as ET

        try:
            data = archive.read(rels_name)
            if b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
                for rel in ET.fromstring(data).iter(f"{_NS_PKG}Relationship"):  # noqa: S314 - no DTD
                    kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                    target = rel.get("Target") or ""
                    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                    if kind in ("worksheet", "dialogsheet", "macrosheet"):
                        kinds[path] = "sheet"
                    elif kind == "sharedStrings":
                        kinds[path] = "shared_strings"
        except Exception:  # noqa: S110 - the part's own scan refuses what is wrong with it
            pass
    kinds.setdefault("xl/sharedStrings.xml", "shared_strings")
    return kinds


def csv_max_line_bytes() -> int:
    """The longest line a CSV file may have (``TANGGUH_IMPORT_CSV_MAX_LINE_BYTES``)."""
    return int(getattr(settings, "TANGGUH_IMPORT_CSV_MAX_LINE_BYTES", _MB))


def upload_limit(filename: str) -> int:
    """The largest upload accepted for a file of this name (by its extension), in bytes."""
    from .readers import XLSX_EXTENSIONS

    if filename.lower().endswith(XLSX_EXTENSIONS):
        return int(getattr(settings, "TANGGUH_IMPORT_MAX_XLSX_BYTES", 128 * _MB))
    return int(getattr(settings, "TANGGUH_IMPORT_MAX_CSV_BYTES", 1024 * _MB))


def upload_limits() -> dict[str, int]:
    """``{"csv": bytes, "xlsx": bytes}``: what the upload form tells the user."""
    return {"csv": upload_limit("a.csv"), "xlsx": upload_limit("a.xlsx")}
