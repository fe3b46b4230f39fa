"""Files for work units: the import template, derived from the units' import spec."""

from __future__ import annotations

from tangguh.core.importing.template import template_xlsx
from tangguh.people.units_import_spec import UNITS

# Bilingual like the register's template: the file travels between people.
NOTES = (
    "Satu baris per unit kerja. Wajib: Kode Unit dan Nama Unit. / One row per work unit. "
    "Required: Kode Unit and Nama Unit.",
    "Kode Unit Induk: kode unit tempat unit ini berada; kosong untuk unit teratas. / "
    "Kode Unit Induk: the code of the unit this one belongs to; empty for a top-level unit.",
    "Unit induk boleh ada di berkas ini atau sudah terdaftar. / The parent may be a row of "
    "this file or a unit already registered.",
    "Kode yang sudah terdaftar memperbarui unitnya (nama, induk). / A code already "
    "registered updates its unit (name, parent).",
    "Kolom kode berformat Teks: nol di depan tetap ada. Kolom tambahan diabaikan. / The code "
    "columns are Text: leading zeros stay. Extra columns are ignored.",
)


def units_template_xlsx() -> bytes:
    """The downloadable template of work units: headers, one example row, notes."""
    return template_xlsx(UNITS, sheet_title="Unit Kerja", notes=NOTES, notes_title="Petunjuk")
