"""The sentences of :mod:`.guard`: what is wrong with a workbook and what to do, in
the uploader's language. A mixin of the check, which holds ``filename`` and ``limits``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message

from .guard_xml import column_letters
from .results import ImportFileError

if TYPE_CHECKING:
    from .guard import XlsxLimits

_MB = 1024 * 1024


def grouped(value: int) -> int:
    """A count for a message: kept a number, grouped in the reader's format when shown."""
    return value


def megabytes(value: int) -> int:
    """Bytes as whole megabytes (at least 1), for a message."""
    return max(value // _MB, 1)


class Refusals:
    filename: str
    limits: XlsxLimits

    def damaged(self) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” cannot be read as an XLSX workbook: it is damaged or not really an "
                    "Excel file. Open it in your spreadsheet program and save it again as .xlsx "
                    "or CSV, then upload it again."
                ),
                {"name": self.filename},
            )
        )

    def too_many_parts(self, count: int) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: it holds %(count)s parts, more than the %(limit)s a "
                    "workbook may have. Save the register alone (one sheet) as .xlsx or CSV, "
                    "then upload it again."
                ),
                {
                    "name": self.filename,
                    "count": grouped(count),
                    "limit": grouped(self.limits.max_parts),
                },
            )
        )

    def too_large_part(self, part: str, size: int) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: its part “%(part)s” unpacks to more than %(limit)s MB. "
                    "Save the register as CSV (no size limit of this kind), or split it into "
                    "several files, then upload again."
                ),
                {
                    "name": self.filename,
                    "part": part,
                    "limit": megabytes(self.limits.max_part_bytes),
                },
            )
        )

    def too_large_total(self, size: int) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: it unpacks to more than %(limit)s MB. Save the "
                    "register as CSV (no size limit of this kind), or split it into several "
                    "files, then upload again."
                ),
                {"name": self.filename, "limit": megabytes(self.limits.max_total_bytes)},
            )
        )

    def too_many_cells(self, part: str, box: tuple[int, int, int, int]) -> ImportFileError:
        first_row, last_row, first_col, last_col = box
        cells = (last_row - first_row + 1) * (last_col - first_col + 1)
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: a sheet (“%(part)s”) spans from cell %(first)s to cell "
                    "%(last)s, %(cells)s cells, more than the %(limit)s a file may hold. A cell "
                    "far outside the register usually causes this: delete the rows and columns "
                    "after the register (or the stray cell at %(last)s), save, and upload again; "
                    "or save the register as CSV."
                ),
                {
                    "name": self.filename,
                    "part": part,
                    "first": f"{column_letters(first_col)}{first_row + 1}",
                    "last": f"{column_letters(last_col)}{last_row + 1}",
                    "cells": grouped(cells),
                    "limit": grouped(self.limits.max_cells),
                },
            )
        )

    def beyond_excel(self, part: str, ref: str) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: a sheet (“%(part)s”) has a cell at %(ref)s, beyond "
                    "the last row (1,048,576) and column (XFD) a workbook can have. The file was "
                    "not saved by a spreadsheet program: save the register again as .xlsx or "
                    "CSV, then upload it again."
                ),
                {"name": self.filename, "part": part, "ref": ref[:20]},
            )
        )

    def too_deep(self, part: str) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: its part “%(part)s” nests XML elements more than "
                    "%(limit)s levels deep; a workbook needs fewer than ten. The file was not "
                    "saved by a spreadsheet program: save the register again as .xlsx or CSV, "
                    "then upload it again."
                ),
                {"name": self.filename, "part": part, "limit": grouped(self.limits.max_depth)},
            )
        )

    def with_dtd(self, part: str) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: its part “%(part)s” declares a DTD (<!DOCTYPE or "
                    "<!ENTITY), which no workbook has. Save the register again from your "
                    "spreadsheet program as .xlsx or CSV, then upload it again."
                ),
                {"name": self.filename, "part": part},
            )
        )

    def too_many_strings(self, *, count: int = 0, bytes_: int = 0) -> ImportFileError:
        if count:
            return ImportFileError(
                Message(
                    _(
                        "“%(name)s” is refused: it declares %(count)s different texts, more than "
                        "the %(limit)s a file may hold. Save the register again from your "
                        "spreadsheet program, or as CSV, then upload it again."
                    ),
                    {
                        "name": self.filename,
                        "count": grouped(count),
                        "limit": grouped(self.limits.max_shared_strings),
                    },
                )
            )
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: its texts (the shared-strings part) unpack to more "
                    "than %(limit)s MB. Save the register as CSV, or split it into several "
                    "files, then upload again."
                ),
                {"name": self.filename, "limit": megabytes(self.limits.max_shared_strings_bytes)},
            )
        )

    def too_many_merges(self, part: str, count: int) -> ImportFileError:
        return ImportFileError(
            Message(
                _(
                    "“%(name)s” is refused: a sheet (“%(part)s”) has %(count)s merged ranges, "
                    "more than the %(limit)s a file may have. Unmerge the cells (Home > Merge & "
                    "Center > Unmerge Cells), save, and upload again; or save it as CSV."
                ),
                {
                    "name": self.filename,
                    "part": part,
                    "count": grouped(count),
                    "limit": grouped(self.limits.max_merged_ranges),
                },
            )
        )
