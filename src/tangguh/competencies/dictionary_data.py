"""The national dictionary as Tangguh ships it (version 1), and the assessment
methods and default standards that come with it.

The managerial (M.01–M.08) and socio-cultural (S.01) names are PermenPANRB 38/2017's;
the definitions, level descriptions and behaviour indicators are **Tangguh's own
summary** written from the regulation's structure (level 1: applies it to oneself;
2: to oneself and the team; 3: drives the unit to apply it; 4: shapes the
institution; 5: shapes the nation), not the regulation's wording: every entry is
marked ``is_product_summary``. The national administrator edits them by publishing a
new version.
"""

from __future__ import annotations

# Level structure shared by every entry (Indonesian, English): the scope the level reaches.
_SCOPES = (
    ("diri sendiri", "oneself"),
    ("diri sendiri dan tim kerjanya", "oneself and the team"),
    ("unit kerjanya", "the unit"),
    ("instansinya", "the institution"),
    ("tingkat nasional", "the nation"),
)


def _levels(id_verb: str, en_verb: str) -> list[dict[str, object]]:
    return [
        {
            "level": i + 1,
            "description": f"{id_verb} pada lingkup {scope_id}.",
            "description_en": f"{en_verb} at the scope of {scope_en}.",
            "indicators": [],
            "indicators_en": [],
        }
        for i, (scope_id, scope_en) in enumerate(_SCOPES)
    ]


COMPETENCIES: list[dict[str, object]] = [
    {"code": "M.01", "kind": "managerial", "name": "Integritas", "name_en": "Integrity"},
    {"code": "M.02", "kind": "managerial", "name": "Kerjasama", "name_en": "Cooperation"},
    {"code": "M.03", "kind": "managerial", "name": "Komunikasi", "name_en": "Communication"},
    {
        "code": "M.04",
        "kind": "managerial",
        "name": "Orientasi pada Hasil",
        "name_en": "Results orientation",
    },
    {"code": "M.05", "kind": "managerial", "name": "Pelayanan Publik", "name_en": "Public service"},
    {
        "code": "M.06",
        "kind": "managerial",
        "name": "Pengembangan Diri dan Orang Lain",
        "name_en": "Developing oneself and others",
    },
    {
        "code": "M.07",
        "kind": "managerial",
        "name": "Mengelola Perubahan",
        "name_en": "Managing change",
    },
    {
        "code": "M.08",
        "kind": "managerial",
        "name": "Pengambilan Keputusan",
        "name_en": "Decision making",
    },
    {"code": "S.01", "kind": "sociocultural", "name": "Perekat Bangsa", "name_en": "Nation binder"},
    {
        "code": "P.01",
        "kind": "government",
        "name": "Kompetensi Pemerintahan",
        "name_en": "Government competency",
    },
]
for _order, _entry in enumerate(COMPETENCIES):
    _entry.setdefault("definition", "")
    _entry.setdefault("definition_en", "")
    _entry.setdefault("order", _order + 1)
    _entry.setdefault("levels", _levels("Menerapkan kompetensi ini", "Applies this competency"))

# code, name, name_en, rank, valid_months, is_self
METHODS: list[tuple[str, str, str, int, int | None, bool]] = [
    ("assessment-centre", "Assessment center", "Assessment centre", 5, 36, False),
    ("competency-test", "Uji kompetensi", "Competency test", 4, 36, False),
    ("certification", "Hasil sertifikasi", "Certification result", 4, 36, False),
    ("360", "Penilaian 360°", "360° assessment", 3, 24, False),
    ("supervisor", "Penilaian atasan", "Supervisor's assessment", 2, 12, False),
    ("self", "Penilaian diri", "Self-assessment", 1, 12, True),
]

# Default required levels per tier, for every managerial and socio-cultural entry
# (not confirmed by a primary text: editable defaults, DOMAIN.md).
TIER_LEVELS: dict[str, int] = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 1,
    "penyelia": 2,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}
DEFAULT_CODES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01")
