"""Building work-unit files in tests (the columns of people.units_import_spec.UNITS)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tangguh.people.models import WorkUnit

HEADER = ("Kode Unit", "Nama Unit", "Kode Unit Induk")

Row = Sequence[Any]


def units_csv_bytes(rows: Sequence[Row], header: Sequence[str] = HEADER) -> bytes:
    lines = [",".join(header)]
    lines += [",".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def units_csv(tmp_path: Path, rows: Sequence[Row], name: str = "unit.csv", **kw: Any) -> Path:
    path = tmp_path / name
    path.write_bytes(units_csv_bytes(rows, **kw))
    return path


def units_xlsx(tmp_path: Path, rows: Sequence[Row], name: str = "unit.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path


def units_upload(rows: Sequence[Row], name: str = "unit.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, units_csv_bytes(rows), content_type="text/csv")


def tree_of(institution: Any) -> dict[str, tuple[str, str | None, str]]:
    """code (or "#pk" without one) -> (name, parent's code, path)."""
    found = {}
    for unit in WorkUnit.objects.filter(institution=institution).select_related("parent"):
        parent = unit.parent.code or f"#{unit.parent.pk}" if unit.parent else None
        found[unit.code or f"#{unit.pk}"] = (unit.name, parent, unit.path)
    return found
