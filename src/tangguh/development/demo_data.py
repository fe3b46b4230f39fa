"""What the development demo holds: the catalogue, the sessions' calendar and the budget
figures (data, read by ``demo.py`` and its ``demo_*`` modules).

Budget figures are believable, not real: each government's total budget (APBD) for
2022 in trillions of Rupiah, in the order of the published figures, grown or shrunk by
year (2020: the pandemic's refocusing), with the allocation to competency development
between 0.1 % and 0.5 % of the total. The four Papua provinces created in 2022 carry
figures for every year so that the budget award can rank all 38 provinces for 2022.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_YEAR = 2020
LAST_BUDGET_YEAR = 2025
DEMO_SOURCE = "demo"  # Activity.source and BudgetRevision.source of the demo's rows


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    organiser: str  # institution code; "" is the national coordinator
    title: str
    form: str
    jp: str
    mode: str
    cost: int  # Rupiah per participant
    capacity: int
    access: str
    days: int  # length of a session in days
    years: tuple[int, ...]  # years with a completed session (two entries: two sessions)
    description: str = ""
    competencies: tuple[tuple[str, int], ...] = ()
    place: str = ""
    link: str = ""
    co_hosts: tuple[tuple[str, str], ...] = ()  # (institution code, cost share %)
    quotas: tuple[tuple[str, int], ...] = ()  # (institution code, seats per session)
    guests: tuple[str, ...] = ()  # for "everyone": institutions whose people often join
    facilitators: tuple[tuple[str, str], ...] = field(default=())


BPSDM_JATIM = "Kampus BPSDM Provinsi Jawa Timur, Jl. Balongsari Tama, Surabaya"
BKPSDM_SBY = "Gedung BKPSDM Kota Surabaya, Jl. Jimerto 25-27, Surabaya"
SLEMAN = "Aula BKPP Kabupaten Sleman, Jl. Parasamya, Beran, Tridadi"
KDN = "Kampus BPSDM Kemendagri, Jl. Taman Makam Pahlawan Kalibata 17, Jakarta"

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "PKA",
        "35",
        "Pelatihan Kepemimpinan Administrator",
        "pelatihan-kepemimpinan",
        "60",
        "blended",
        18_500_000,
        30,
        "own",
        10,
        (2021, 2022, 2023, 2024, 2025),
        "Kepemimpinan kinerja bagi pejabat administrator: proyek perubahan, coaching dan "
        "mentoring oleh atasan.",
        (("M.04", 3), ("M.07", 3), ("M.08", 3)),
        BPSDM_JATIM,
        facilitators=(("Dr. Hariyanto, M.Si.", "Widyaiswara Ahli Utama"),),
    ),
    ProgrammeSpec(
        "SAKIP",
        "35",
        "Bimtek Penyusunan SAKIP dan Perjanjian Kinerja",
        "bimtek",
        "24",
        "in_person",
        1_500_000,
        30,
        "listed",
        3,
        (2020, 2021, 2022, 2023, 2023, 2024, 2025),
        "Menyusun indikator kinerja, perjanjian kinerja dan laporan kinerja instansi.",
        (("M.04", 2),),
        BPSDM_JATIM,
        quotas=(("35.15", 5), ("35.73", 3), ("35.78", 4)),
        facilitators=(("Ir. Sutrisno, M.M.", "Widyaiswara Ahli Madya"),),
    ),
    ProgrammeSpec(
        "PELAYANAN",
        "35",
        "Pelatihan Pelayanan Publik Prima",
        "pelatihan-teknis",
        "32",
        "in_person",
        2_750_000,
        35,
        "everyone",
        4,
        (2022, 2024, 2025),
        "Standar pelayanan, survei kepuasan masyarakat dan penanganan pengaduan.",
        (("M.05", 3),),
        BPSDM_JATIM,
        guests=("35.78", "35.15", "33"),
    ),
    ProgrammeSpec(
        "ASET",
        "35",
        "Pelatihan Manajemen Aset Daerah (kerja sama Jawa Timur, Surabaya dan Sidoarjo)",
        "pelatihan-teknis",
        "40",
        "in_person",
        3_200_000,
        36,
        "own",
        5,
        (2023, 2024, 2025),
        "Penatausahaan, inventarisasi dan pemanfaatan barang milik daerah.",
        (("T.ASET", 3),),
        BPSDM_JATIM,
        co_hosts=(("35.78", "40"), ("35.15", "20")),
    ),
    ProgrammeSpec(
        "SMART-PROV",
        "35",
        "Seminar Smart Province Jawa Timur",
        "seminar",
        "8",
        "online",
        0,
        200,
        "everyone",
        2,
        (2021, 2023, 2025),
        "Seminar daring tentang transformasi digital pemerintahan provinsi.",
        link="https://bpsdm.jatimprov.go.id/webinar",
        guests=("35.78", "34.04", "33", "32"),
    ),
    ProgrammeSpec(
        "SPBE",
        "35.78",
        "Pelatihan Pengelolaan Layanan Digital (SPBE)",
        "pelatihan-teknis",
        "40",
        "blended",
        2_400_000,
        30,
        "own",
        5,
        (2020, 2021, 2022, 2023, 2024, 2025),
        "Arsitektur SPBE, tata kelola data dan keamanan informasi layanan kota.",
        (("T.SPBE", 2),),
        BKPSDM_SBY,
    ),
    ProgrammeSpec(
        "ENGLISH",
        "35.78",
        "Kursus Bahasa Inggris untuk Pelayanan Publik",
        "kursus",
        "30",
        "blended",
        1_800_000,
        20,
        "own",
        10,
        (2022, 2023, 2024, 2025),
        "Percakapan pelayanan bagi petugas yang melayani wisatawan dan investor.",
        (("M.03", 2),),
        BKPSDM_SBY,
    ),
    ProgrammeSpec(
        "ANTIKORUPSI",
        "35.78",
        "E-learning Pendidikan Antikorupsi",
        "e-learning",
        "9",
        "online",
        0,
        300,
        "everyone",
        3,
        (2021, 2022, 2023, 2024, 2025),
        "Nilai integritas, gratifikasi dan benturan kepentingan (mandiri, tiga hari).",
        (("M.01", 2),),
        link="https://elearning.surabaya.go.id/antikorupsi",
        guests=("35", "35.15", "35.73"),
    ),
    ProgrammeSpec(
        "KEUDES",
        "34.04",
        "Bimtek Pengelolaan Keuangan Desa",
        "bimtek",
        "24",
        "in_person",
        1_250_000,
        40,
        "own",
        3,
        (2020, 2021, 2022, 2023, 2024, 2025),
        "Siskeudes, APBDes dan pertanggungjawaban dana desa bagi pendamping kapanewon.",
        (("T.KEUDES", 2),),
        SLEMAN,
    ),
    ProgrammeSpec(
        "MITIGASI",
        "34.04",
        "Pelatihan Mitigasi Bencana Erupsi Merapi",
        "pelatihan-teknis",
        "30",
        "in_person",
        2_100_000,
        30,
        "listed",
        4,
        (2022, 2023, 2024, 2025),
        "Kesiapsiagaan, jalur evakuasi dan pos komando bagi perangkat daerah.",
        (("T.BENCANA", 2),),
        SLEMAN,
        quotas=(("34.71", 4), ("34", 4)),
    ),
    ProgrammeSpec(
        "PAMONG",
        "",
        "Pelatihan Kepamongprajaan bagi Camat",
        "pelatihan-teknis",
        "48",
        "in_person",
        7_500_000,
        30,
        "listed",
        6,
        (2021, 2022, 2023, 2024, 2025),
        "Pemerintahan kewilayahan, koordinasi lintas perangkat dan pelayanan di kecamatan.",
        (("KP.01", 3),),
        KDN,
        quotas=(("35.78", 3), ("34.04", 3), ("33.74", 3), ("32.73", 3), ("73.71", 3)),
        facilitators=(("Dr. Bahtiar, M.Si.", "Narasumber"),),
    ),
    ProgrammeSpec(
        "INOVASI",
        "",
        "Webinar Nasional Inovasi Daerah",
        "seminar",
        "4",
        "online",
        0,
        500,
        "everyone",
        1,
        (2020, 2021, 2022, 2023, 2024, 2025),
        "Praktik baik inovasi pelayanan pemerintah daerah, pemenang Innovative Government Award.",
        link="https://bpsdm.kemendagri.go.id/webinar",
        guests=("35", "35.78", "34.04", "33", "32", "73"),
    ),
    ProgrammeSpec(
        "SOSKUL",
        "",
        "Pelatihan Sosial Kultural: Perekat Bangsa",
        "pelatihan-sosial-kultural",
        "20",
        "online",
        0,
        100,
        "everyone",
        3,
        (2022, 2024),
        "Wawasan kebangsaan, moderasi dan pelayanan dalam masyarakat majemuk.",
        (("SK.01", 2),),
        link="https://bpsdm.kemendagri.go.id/pjj",
        guests=("35", "33", "32", "34"),
    ),
    ProgrammeSpec(
        "PBJ",
        "33",
        "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar",
        "pelatihan-fungsional",
        "32",
        "in_person",
        3_000_000,
        30,
        "everyone",
        4,
        (2020, 2022, 2023, 2024, 2025),
        "Persiapan ujian sertifikasi dasar pengadaan barang/jasa (LKPP).",
        (("T.PBJ", 2),),
        "BPSDMD Provinsi Jawa Tengah, Jl. Setiabudi 201A, Semarang",
        guests=("33.74", "33.72"),
    ),
    ProgrammeSpec(
        "COACHING",
        "35.78",
        "Coaching Pengembangan Karier ASN",
        "coaching",
        "4",
        "in_person",
        0,
        10,
        "own",
        1,
        (2024, 2025),
        "Dua sesi coaching karier bersama coach bersertifikat.",
        (("M.06", 2),),
        BKPSDM_SBY,
    ),
)

# Sessions ahead, counted from the day the demo runs (programme code, days ahead,
# enrolled, waitlisted); the organiser's people unless said otherwise.
UPCOMING: tuple[tuple[str, int, int, int], ...] = (
    ("SAKIP", 24, 10, 0),  # Surabaya's and Sidoarjo's guests besides, one awaiting the host
    ("ENGLISH", 30, 20, 3),  # full: a waiting list
    ("SPBE", 20, 12, 0),  # pegawai.surabaya is enrolled
    ("PELAYANAN", 40, 6, 0),  # an application awaits Surabaya's approval
    ("INOVASI", 12, 40, 0),
    ("KEUDES", 35, 15, 0),
)

# 2022 total budget (APBD), billions of Rupiah, and its allocation to competency
# development as a per-mille of the total (1-5).
PROVINCE_BUDGETS: dict[str, tuple[int, float]] = {
    "11": (16_200, 2.1),
    "12": (13_100, 1.8),
    "13": (6_800, 2.6),
    "14": (10_300, 2.2),
    "15": (4_700, 1.6),
    "16": (10_100, 1.9),
    "17": (3_300, 1.4),
    "18": (7_600, 1.7),
    "19": (3_000, 1.3),
    "21": (4_000, 2.0),
    "31": (82_500, 1.1),
    "32": (35_300, 2.4),
    "33": (27_000, 3.1),
    "34": (6_100, 4.2),
    "35": (33_600, 4.6),
    "36": (13_000, 1.9),
    "51": (6_500, 2.8),
    "52": (5_600, 1.9),
    "53": (5_700, 1.5),
    "61": (6_200, 1.6),
    "62": (5_000, 1.5),
    "63": (7_600, 2.3),
    "64": (13_100, 2.9),
    "65": (2_900, 1.8),
    "71": (4_400, 2.0),
    "72": (4_600, 1.7),
    "73": (10_100, 2.7),
    "74": (4_300, 1.5),
    "75": (1_900, 1.6),
    "76": (2_000, 1.2),
    "81": (3_300, 1.4),
    "82": (3_200, 1.3),
    "91": (11_000, 1.2),
    "92": (7_500, 1.1),
    "93": (1_500, 1.0),
    "94": (1_800, 1.0),
    "95": (1_600, 1.0),
    "96": (1_400, 1.1),
}

# The demo's regencies and cities (and their governments' 2022 budgets, as above).
REGENCY_BUDGETS: dict[str, tuple[int, float]] = {
    "35.78": (10_300, 3.8),
    "35.15": (5_100, 2.2),
    "35.73": (2_300, 2.5),
    "34.04": (3_100, 3.4),
    "34.71": (1_800, 2.9),
    "33.74": (5_100, 2.6),
    "33.72": (2_000, 2.4),
    "32.73": (7_000, 2.1),
    "73.71": (4_600, 1.9),
}

# Each year's total against 2022 (2020: refocusing for the pandemic).
YEAR_FACTOR = {2020: 0.93, 2021: 0.96, 2022: 1.0, 2023: 1.05, 2024: 1.1, 2025: 1.08}
# The allocation's per-mille against its 2022 level (trainings moved online in 2020).
ALLOCATION_FACTOR = {2020: 0.55, 2021: 0.75, 2022: 1.0, 2023: 1.05, 2024: 1.1, 2025: 1.0}
