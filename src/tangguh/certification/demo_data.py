"""What the certification demo is made of: the issuing body, the schemes and their units,
the assessors, the officials who sit the camat and lurah schemes, and the plan of batches
from 2020 to 2025 per province.

The plan is written so that the Rakornas award categories over 2020-2022 give a
believable ranking among the demo provinces (counted by province, the province's own
government and its regencies and cities together): Jawa Tengah examines the most people
and Jawa Timur is second, as at Rakornas 2022; Jawa Timur runs the most distinct
schemes. None of it is data: schemes, units and validity periods are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ISSUING_BODY = {
    "code": "lsp-pdn",
    "name": "LSP Pemerintahan Dalam Negeri",
    "name_en": "Home Affairs Government Certification Body",
    "url": "https://bpsdm.kemendagri.go.id/",
    "email": "lsp@bpsdm.kemendagri.go.id",
}

# The first day the demo's licences are valid, and the last.
LICENCE_FROM, LICENCE_UNTIL = date(2019, 1, 1), date(2027, 12, 31)
# The one expired licence: a retired assessor who examined camat in 2020-2022.
EXPIRED_LICENCE_UNTIL = date(2023, 6, 30)


@dataclass(frozen=True)
class SchemeSpec:
    code: str
    name: str
    name_en: str
    description: str
    validity_years: int
    units: tuple[tuple[str, str], ...]
    target_positions: tuple[str, ...] = ()
    target_position_kinds: tuple[str, ...] = ()
    requirements: str = ""
    # A second version (published later: batches from ``v2_from`` on run it).
    v2_units: tuple[tuple[str, str], ...] = ()
    v2_note: str = ""


_REQ = (
    "Surat usulan dari instansi; SK jabatan terakhir; ijazah terakhir; "
    "portofolio pelaksanaan tugas dua tahun terakhir."
)

SCHEMES: tuple[SchemeSpec, ...] = (
    SchemeSpec(
        "camat",
        "Sertifikasi Kompetensi Pemerintahan Camat",
        "Government competency certification: camat",
        "Kompetensi teknis pemerintahan seorang camat (UU 23/2014 Pasal 224).",
        3,
        (
            ("CMT.01", "Mengoordinasikan penyelenggaraan pemerintahan di kecamatan"),
            ("CMT.02", "Membina dan mengawasi penyelenggaraan pemerintahan desa/kelurahan"),
            ("CMT.03", "Mengoordinasikan ketenteraman dan ketertiban umum"),
            ("CMT.04", "Mengoordinasikan pemberdayaan masyarakat"),
        ),
        target_positions=("Camat",),
        requirements=_REQ,
        v2_units=(
            ("CMT.05", "Menyelenggarakan pelayanan publik berbasis elektronik di kecamatan"),
        ),
        v2_note="Unit CMT.05 (pelayanan publik berbasis elektronik) ditambahkan.",
    ),
    SchemeSpec(
        "lurah",
        "Sertifikasi Kompetensi Pemerintahan Lurah",
        "Government competency certification: lurah",
        "Kompetensi teknis pemerintahan seorang lurah.",
        3,
        (
            ("LRH.01", "Melaksanakan kegiatan pemerintahan kelurahan"),
            ("LRH.02", "Melakukan pemberdayaan masyarakat kelurahan"),
            ("LRH.03", "Melaksanakan pelayanan masyarakat"),
            ("LRH.04", "Memelihara ketenteraman dan ketertiban umum"),
        ),
        target_positions=("Lurah",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "jpt-pratama",
        "Sertifikasi Kepemimpinan Pemerintahan JPT Pratama",
        "Government leadership certification: senior executive (JPT pratama)",
        "Kepemimpinan strategis pemerintahan bagi pejabat pimpinan tinggi pratama.",
        5,
        (
            ("JPT.01", "Merumuskan kebijakan strategis perangkat daerah"),
            ("JPT.02", "Memimpin perubahan organisasi"),
            ("JPT.03", "Membangun jejaring kerja antarpemerintahan"),
        ),
        target_position_kinds=("jpt_pratama",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "administrator",
        "Sertifikasi Kompetensi Pemerintahan Jabatan Administrator",
        "Government competency certification: administrator",
        "Kompetensi teknis pemerintahan bagi pejabat administrator.",
        3,
        (
            ("ADM.01", "Menyusun rencana kerja unit berbasis kinerja"),
            ("ADM.02", "Mengendalikan pelaksanaan urusan pemerintahan"),
            ("ADM.03", "Mengevaluasi dan melaporkan kinerja unit"),
        ),
        target_position_kinds=("administrator",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "pengawas",
        "Sertifikasi Kompetensi Pemerintahan Jabatan Pengawas",
        "Government competency certification: supervisor (pengawas)",
        "Kompetensi teknis pemerintahan bagi pejabat pengawas.",
        3,
        (
            ("PGW.01", "Menyusun rencana operasional kegiatan"),
            ("PGW.02", "Mengawasi pelaksanaan tugas pelaksana"),
            ("PGW.03", "Menyusun laporan pelaksanaan kegiatan"),
        ),
        target_position_kinds=("pengawas",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "widyaiswara",
        "Sertifikasi Kompetensi Widyaiswara Pemerintahan Dalam Negeri",
        "Competency certification: government lecturer (widyaiswara)",
        "Kompetensi mengajar, melatih dan mengembangkan kurikulum pelatihan pemerintahan.",
        5,
        (
            ("WI.01", "Merancang pembelajaran pelatihan pemerintahan"),
            ("WI.02", "Memfasilitasi pembelajaran orang dewasa"),
            ("WI.03", "Mengevaluasi hasil pelatihan"),
        ),
        target_positions=("Widyaiswara",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "analis-kebijakan",
        "Sertifikasi Kompetensi Analis Kebijakan Pemerintahan",
        "Competency certification: government policy analyst",
        "Analisis kebijakan urusan pemerintahan daerah.",
        3,
        (
            ("AK.01", "Mengidentifikasi masalah kebijakan"),
            ("AK.02", "Menyusun alternatif kebijakan"),
            ("AK.03", "Menyusun rekomendasi kebijakan"),
        ),
        target_positions=("Analis Kebijakan",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "satpol-pp",
        "Sertifikasi Kompetensi Kepala Satuan Polisi Pamong Praja",
        "Competency certification: head of the civil service police unit",
        "Penegakan peraturan daerah dan penyelenggaraan ketertiban umum.",
        3,
        (
            ("SPP.01", "Menegakkan peraturan daerah dan peraturan kepala daerah"),
            ("SPP.02", "Menyelenggarakan ketertiban umum dan ketenteraman masyarakat"),
            ("SPP.03", "Menyelenggarakan pelindungan masyarakat"),
        ),
        target_positions=("Kepala Satuan Polisi Pamong Praja",),
        requirements=_REQ,
    ),
    SchemeSpec(
        "sdm-aparatur",
        "Sertifikasi Kompetensi Pengelolaan SDM Aparatur Pemerintahan Daerah",
        "Competency certification: regional civil-service management",
        "Pengelolaan kepegawaian dan pengembangan kompetensi ASN daerah.",
        3,
        (
            ("SDM.01", "Menyusun analisis kebutuhan pengembangan kompetensi (AKPK)"),
            ("SDM.02", "Mengelola data dan informasi kepegawaian"),
            ("SDM.03", "Mengevaluasi pengembangan kompetensi"),
        ),
        target_positions=("Analis Sumber Daya Manusia Aparatur",),
        requirements=_REQ,
    ),
)

# Batches from this year on run a scheme's second version (when it has one).
V2_FROM = 2023


@dataclass(frozen=True)
class AssessorSpec:
    username: str
    institution: str  # code; "" is the national coordinator
    first_name: str
    last_name: str
    schemes: tuple[str, ...]  # licensed for these
    expired: bool = False


ALL = tuple(s.code for s in SCHEMES)
ASSESSORS: tuple[AssessorSpec, ...] = (
    # asesor.jatim is one of the demo accounts (accounts/demo.py): licensed here.
    AssessorSpec("asesor.jatim", "35", "Dewi", "Lestari", ALL),
    AssessorSpec("asesor.jatim2", "35", "Rahmat", "Hidayat", ALL),
    AssessorSpec("asesor.purna", "35", "Soekarno", "Hadiwijoyo", ("camat",), expired=True),
    AssessorSpec("asesor.jateng", "33", "Wulan", "Sari", ALL),
    AssessorSpec("asesor.jabar", "32", "Asep", "Sunandar", ALL),
    AssessorSpec("asesor.diy", "34", "Galih", "Pamungkas", ALL),
    AssessorSpec("asesor.sulsel", "73", "Andi", "Makkasau", ALL),
    AssessorSpec("asesor.nasional", "", "Ratna", "Dewanti", ALL),
)

# Who each province sends to each scheme's batches, 2020..2025 (participants per year;
# 0 is no batch that year). The province's BPSDM organises; its own people and those of
# its regencies and cities are nominated by their own institutions.
PROVINCE_PLAN: dict[str, dict[str, tuple[int, ...]]] = {
    # Jawa Timur: the most distinct schemes (8 in 2020-2022), second in participants.
    "35": {
        "camat": (6, 5, 5, 6, 4, 4),
        "lurah": (8, 7, 7, 7, 6, 6),
        "jpt-pratama": (0, 5, 0, 4, 0, 3),
        "administrator": (9, 0, 9, 7, 0, 7),
        "pengawas": (0, 11, 10, 0, 9, 8),
        "widyaiswara": (0, 4, 0, 0, 3, 0),
        "satpol-pp": (0, 0, 2, 0, 0, 0),
        "sdm-aparatur": (0, 0, 7, 0, 6, 0),
    },
    # Jawa Tengah: the most participants (6 schemes).
    "33": {
        "camat": (7, 6, 6, 5, 5, 4),
        "lurah": (13, 13, 13, 8, 8, 6),
        "administrator": (12, 12, 0, 8, 0, 6),
        "pengawas": (0, 20, 20, 0, 10, 8),
        "analis-kebijakan": (0, 4, 5, 0, 3, 0),
        "widyaiswara": (4, 0, 0, 3, 0, 0),
    },
    # Jawa Barat: 7 schemes, third in participants.
    "32": {
        "camat": (5, 5, 0, 5, 4, 0),
        "lurah": (7, 7, 7, 6, 0, 6),
        "administrator": (7, 0, 7, 0, 6, 0),
        "pengawas": (0, 9, 0, 8, 0, 7),
        "analis-kebijakan": (0, 3, 0, 0, 0, 3),
        "widyaiswara": (0, 0, 3, 0, 0, 0),
        "jpt-pratama": (0, 0, 3, 0, 3, 0),
    },
    # Daerah Istimewa Yogyakarta: 5 schemes.
    "34": {
        "camat": (4, 0, 4, 0, 4, 0),
        "lurah": (0, 5, 5, 0, 4, 0),
        "administrator": (5, 0, 0, 5, 0, 0),
        "pengawas": (0, 7, 7, 0, 6, 6),
        "analis-kebijakan": (0, 0, 3, 0, 0, 0),
    },
    # Sulawesi Selatan: 4 schemes.
    "73": {
        "camat": (0, 4, 4, 0, 4, 0),
        "lurah": (5, 5, 0, 5, 0, 4),
        "pengawas": (0, 0, 7, 0, 6, 0),
        "administrator": (0, 5, 0, 0, 0, 5),
    },
}
# Batches the national coordinator runs, for anyone (participants per year).
NATIONAL_PLAN: dict[str, tuple[int, ...]] = {
    "jpt-pratama": (5, 5, 5, 5, 5, 5),
    "widyaiswara": (0, 5, 0, 4, 0, 4),
    "analis-kebijakan": (4, 0, 4, 0, 4, 0),
}
FIRST_YEAR = 2020

# Officials the demo register lacks: camat and lurah of the demo regencies and cities,
# widyaiswara of the BPSDMs: (institution code, camat, lurah, widyaiswara).
OFFICIALS: tuple[tuple[str, int, int, int], ...] = (
    ("35.78", 14, 22, 0),  # Kota Surabaya
    ("35.15", 8, 4, 0),  # Kabupaten Sidoarjo
    ("35.73", 5, 9, 0),  # Kota Malang
    ("35", 0, 0, 8),  # Jawa Timur
    ("33.74", 12, 26, 0),  # Kota Semarang
    ("33.72", 6, 16, 0),  # Kota Surakarta
    ("33", 0, 0, 8),  # Jawa Tengah
    ("32.73", 12, 22, 0),  # Kota Bandung
    ("32", 0, 0, 6),  # Jawa Barat
    ("34.04", 8, 6, 0),  # Kabupaten Sleman
    ("34.71", 6, 10, 0),  # Kota Yogyakarta
    ("73.71", 9, 16, 0),  # Kota Makassar
    ("", 0, 0, 8),  # Kementerian Dalam Negeri (the national coordinator)
)

# The demo civil servant (pegawai.surabaya) holds a certificate: she sits this scheme
# in Jawa Timur's batch of this year.
DEMO_HOLDER_SCHEME, DEMO_HOLDER_YEAR = "sdm-aparatur", 2024

# The one revoked certificate: the first certified in this scheme and year.
REVOKED = ("camat", 2022)
REVOCATION_REASON = (
    "Dokumen persyaratan (SK jabatan) yang diajukan terbukti tidak sah berdasarkan "
    "hasil pemeriksaan Inspektorat."
)
