"""A position's kind told from its name, where the name leaves no doubt.

A register file without a ``Jenis Jabatan`` column (or with the cell blank) names a
position but not its kind. The kind is then taken from the name where the name
alone decides it, and left empty otherwise (the import says so on the row); it is
never carried over from the person's previous position.

The table is small on purpose: a name is listed only when every institution uses
it for one kind. Left out because the kind depends on the institution: "Sekretaris
Daerah" without its level (JPT madya in a province, JPT pratama in a regency or
city), "Kepala Badan" and "Staf Ahli" (JPT madya in a ministry, JPT pratama in a
regional government), "Kepala Sekolah" and "Kepala UPT".

Each rule is a pattern over the lower-cased name (``%``: any text, as SQL's LIKE),
tried in order: the structural heads first, so that "Kepala Bidang ... Ahli" is not
taken for a functional position. The same table is rendered as a CASE expression
for the merge's SQL (:func:`kind_sql`) and matched in Python (:func:`kind_from_name`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .models import PositionKind as K

RULES: tuple[tuple[str, str], ...] = (
    # Heads of a regional government's units and the level-named secretaries.
    ("sekretaris daerah provinsi%", K.JPT_MADYA),
    ("sekretaris daerah kabupaten%", K.JPT_PRATAMA),
    ("sekretaris daerah kota%", K.JPT_PRATAMA),
    ("kepala dinas %", K.JPT_PRATAMA),
    # Administrators (eselon III).
    ("kepala bidang %", K.ADMINISTRATOR),
    ("kepala bagian %", K.ADMINISTRATOR),
    ("sekretaris dinas%", K.ADMINISTRATOR),
    ("sekretaris badan%", K.ADMINISTRATOR),
    ("sekretaris kecamatan%", K.ADMINISTRATOR),
    ("camat %", K.ADMINISTRATOR),
    # Supervisors (eselon IV).
    ("kepala seksi %", K.PENGAWAS),
    ("kepala subbagian %", K.PENGAWAS),
    ("kepala sub bagian %", K.PENGAWAS),
    ("kepala subbidang %", K.PENGAWAS),
    ("kepala sub bidang %", K.PENGAWAS),
    ("lurah %", K.PENGAWAS),
    # Functional positions: the level ends the name (Analis ... Ahli Muda, Pranata
    # Komputer Terampil, Guru Ahli Pertama, Dokter Ahli Madya, Penyuluh ... Penyelia).
    ("% ahli pertama", K.FUNGSIONAL),
    ("% ahli muda", K.FUNGSIONAL),
    ("% ahli madya", K.FUNGSIONAL),
    ("% ahli utama", K.FUNGSIONAL),
    ("% pemula", K.FUNGSIONAL),
    ("% terampil", K.FUNGSIONAL),
    ("% mahir", K.FUNGSIONAL),
    ("% penyelia", K.FUNGSIONAL),
    # Executors, by the names of the 2022 simplification (PermenPAN-RB 45/2022).
    ("penata layanan operasional%", K.PELAKSANA),
    ("pengelola layanan operasional%", K.PELAKSANA),
    ("operator layanan operasional%", K.PELAKSANA),
    ("pengadministrasi perkantoran%", K.PELAKSANA),
)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile("".join(".*" if p == "%" else re.escape(p) for p in re.split("(%)", pattern))),
         str(kind))
        for pattern, kind in RULES
    )  # fmt: skip


def kind_from_name(name: str | None) -> str:
    """The kind the name decides, or ``""`` when it does not."""
    text = " ".join((name or "").lower().split())
    for pattern, kind in _compiled():
        if pattern.fullmatch(text):
            return kind
    return ""


def kind_sql(column: str) -> str:
    """The same rules as an SQL expression over ``column``: the kind, or NULL.

    For a statement run with parameters (the import's dialects always pass them): the
    wildcard is written ``%%``, as both database drivers then read it."""
    whens = " ".join(
        f"WHEN LOWER({column}) LIKE '{pattern.replace('%', '%%')}' THEN '{kind}'"
        for pattern, kind in RULES
    )
    return f"(CASE {whens} END)"
