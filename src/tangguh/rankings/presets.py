"""The award categories that ship with Tangguh: the three Rakornas BPSDM 2022 awards.

Loaded by migration 0002 (and again by the demo step, which a test's flush may have
emptied); the national administrator may add categories, never needs to type these.
"""

from __future__ import annotations

from typing import Any

PRESETS: list[dict[str, Any]] = [
    {
        "code": "rakornas-2022-anggaran",
        "name_id": "Pengalokasian Anggaran Pengembangan Kompetensi Terbesar TA 2022",
        "name_en": "Largest budget allocated to competency development, fiscal year 2022",
        "description_id": (
            "Penghargaan Rakornas BPSDM 2022 bagi pemerintah provinsi dengan alokasi "
            "anggaran pengembangan kompetensi terbesar pada tahun anggaran 2022."
        ),
        "description_en": (
            "Rakornas BPSDM 2022 award to the provincial government that allocated the "
            "largest budget to competency development in fiscal year 2022."
        ),
        "metric": "budget_allocation",
        "first_year": 2022,
        "last_year": 2022,
        "competitor_kinds": ["provinsi"],
        "direction": "desc",
        "places": 3,
        "tie_rule": "shared",
    },
    {
        "code": "rakornas-2022-jenis-sertifikasi",
        "name_id": (
            "Kepala Daerah dengan Pelaksanaan Sertifikasi Kompetensi Pemerintahan, "
            "Kategori Jenis Sertifikasi Terbanyak, Periode 2020–2022"
        ),
        "name_en": (
            "Regional head whose government ran the most government-competency "
            "certification schemes, 2020–2022"
        ),
        "description_id": (
            "Penghargaan Rakornas BPSDM 2022 bagi kepala daerah provinsi yang aparaturnya "
            "mengikuti jenis sertifikasi kompetensi pemerintahan terbanyak pada 2020–2022."
        ),
        "description_en": (
            "Rakornas BPSDM 2022 award to the provincial head whose civil servants took "
            "the most distinct government-competency certification schemes in 2020–2022."
        ),
        "metric": "certification_schemes",
        "first_year": 2020,
        "last_year": 2022,
        "competitor_kinds": ["provinsi"],
        "direction": "desc",
        "places": 3,
        "tie_rule": "shared",
    },
    {
        "code": "rakornas-2022-peserta-sertifikasi",
        "name_id": (
            "Sertifikasi Kompetensi Pemerintahan, Kategori Jumlah Peserta Terbanyak, "
            "Periode 2020–2022"
        ),
        "name_en": "Government competency certification: most participants, 2020–2022",
        "description_id": (
            "Penghargaan Rakornas BPSDM 2022 bagi pemerintah provinsi dengan jumlah "
            "aparatur peserta sertifikasi kompetensi pemerintahan terbanyak pada 2020–2022."
        ),
        "description_en": (
            "Rakornas BPSDM 2022 award to the provincial government with the most civil "
            "servants examined for government-competency certification in 2020–2022."
        ),
        "metric": "certification_participants",
        "first_year": 2020,
        "last_year": 2022,
        "competitor_kinds": ["provinsi"],
        "direction": "desc",
        "places": 3,
        "tie_rule": "shared",
    },
]


def load_presets(category_model: Any) -> int:
    """Create the presets that are missing (an edited preset is left as it is)."""
    created = 0
    for preset in PRESETS:
        _obj, was_created = category_model.objects.get_or_create(
            code=preset["code"], defaults={**preset, "is_preset": True}
        )
        created += int(was_created)
    return created
