"""Building register files in tests."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tangguh.people.services import employee_import

from .factories import make_nip

HEADERS = [
    "NIP",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Jabatan",
    "Golongan",
    "Unit Kerja",
    "Status Kepegawaian",
]


def person(n: int = 1, **overrides: Any) -> dict[str, str]:
    birth = date(1970 + n % 20, 1 + n % 12, 1 + n % 28)
    sex = "M" if n % 2 else "F"
    row = {
        "NIP": make_nip(birth, sex, sequence=n % 999 + 1),
        "Nama": f"Pegawai Nomor {n}",
        "Jenis Kelamin": "L" if sex == "M" else "P",
        "Tanggal Lahir": birth.strftime("%d-%m-%Y"),
        "Jabatan": "Analis Kebijakan",
        "Golongan": "III/a",
        "Unit Kerja": "Badan Kepegawaian Daerah",
        "Status Kepegawaian": "PNS",
    }
    row.update(overrides)
    return row


def csv_bytes(
    rows: list[dict[str, Any]] | list[list[Any]],
    headers: list[str] | None = None,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\r\n",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    headers = headers or (list(rows[0].keys()) if rows and isinstance(rows[0], dict) else HEADERS)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def write_csv(tmp_path: Path, rows: Any, name: str = "pegawai.csv", **kwargs: Any) -> Path:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, **kwargs))
    return path


def xlsx_bytes(rows: list[list[Any]], headers: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(path_or_file: Any, institution: Any, filename: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    name = filename or getattr(path_or_file, "name", "pegawai.csv")
    return employee_import(
        source=path_or_file,
        filename=str(Path(name).name),
        institution=institution,
        actor=None,
        **kwargs,
    )


def periods(employee: Any, *fields: str) -> list[tuple[Any, ...]]:
    """Every period of ``employee``, oldest first: the closed history rows, then the current one."""
    rows = [*employee.history.order_by("valid_from", "id"), employee.current_period()]
    fields = fields or ("valid_from", "valid_to")
    return [tuple(getattr(p, f) for f in fields) for p in rows]
