"""Word lists and weights for the register generator (names, units, positions, ranks).

Approximations chosen to look right and to stress the importer; not data.
"""

# --- people -------------------------------------------------------------------

MALE_NAMES = (
    "Agus", "Ahmad", "Andi", "Ari", "Arif", "Bagus", "Bambang", "Bayu", "Budi", "Dedi",
    "Dimas", "Dodi", "Dwi", "Eko", "Fajar", "Fikri", "Galih", "Hadi", "Hari", "Hasan",
    "Hendra", "Heru", "Ilham", "Imam", "Irfan", "Iwan", "Joko", "Muhammad", "Nur", "Rahmat",
    "Reza", "Ridwan", "Rizki", "Rudi", "Sigit", "Slamet", "Sugeng", "Suparman", "Taufik",
    "Teguh", "Tri", "Wahyu", "Wawan", "Yoga", "Yudi", "Yusuf", "Zainal", "Made", "Wayan",
    "Ketut", "Putu", "Anton", "Aris", "Darmawan", "Edi", "Firman", "Gilang", "Hasbi", "Lukman",
)  # fmt: skip
FEMALE_NAMES = (
    "Siti", "Sri", "Dewi", "Rina", "Ratna", "Nur", "Yuni", "Endang", "Wulan", "Indah",
    "Fitri", "Ani", "Ayu", "Dian", "Eka", "Lina", "Maya", "Nurul", "Putri", "Ratih", "Rini",
    "Rika", "Sari", "Tri", "Yanti", "Yulia", "Novi", "Mega", "Kartika", "Desi", "Annisa",
    "Dina", "Ika", "Nia", "Evi", "Susi", "Tuti", "Retno", "Umi", "Fatimah", "Aisyah",
    "Nadia", "Intan", "Laila", "Wahyu", "Ni Made", "Ni Luh", "Erna", "Heni", "Lilis",
)  # fmt: skip
MALE_FAMILY = (
    "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Nugroho", "Setiawan", "Kurniawan",
    "Susanto", "Gunawan", "Hartono", "Prasetyo", "Wibowo", "Firmansyah", "Ramadhan", "Hakim",
    "Syahputra", "Wahyudi", "Purnomo", "Hermawan", "Suryadi", "Sutrisno", "Irawan", "Permana",
    "Suryana", "Sulistyo", "Hasibuan", "Rahman", "Fauzi", "Maulana",
)  # fmt: skip
FEMALE_FAMILY = (
    "Lestari", "Wahyuni", "Rahayu", "Handayani", "Susanti", "Rahmawati", "Kusumawati",
    "Puspitasari", "Permatasari", "Anggraini", "Safitri", "Maharani", "Pertiwi", "Utami",
    "Astuti", "Wulandari", "Oktaviani", "Novitasari", "Fitriani", "Yulianti", "Kurniasih",
    "Purwanti", "Suryani", "Setyaningsih", "Hapsari", "Nurhayati", "Marlina", "Agustina",
)  # fmt: skip
# Marga and other family names used by men and women alike.
SHARED_FAMILY = (
    "Siregar", "Nasution", "Lubis", "Harahap", "Simanjuntak", "Sinaga", "Manurung", "Tarigan",
    "Ginting", "Sembiring", "Pangaribuan", "Hutagalung", "Panjaitan", "Wenas", "Tumbelaka",
    "Latuconsina", "Pattinasarany", "Rumbiak", "Mandagi", "Sitorus",
)  # fmt: skip
S1_TITLES = {
    "school": ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Si.", "S.Kom."),
    "health": ("S.Kep.", "S.K.M.", "S.Farm.", "S.Tr.Keb.", "S.Gz.", "S.Kep."),
    "general": (
        "S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "S.T.", "S.Ak.", "S.AP.", "S.P.", "S.Si.",
        "S.Ag.", "S.Psi.", "S.STP.", "S.I.Kom.",
    ),
}  # fmt: skip
S2_TITLES = {
    "school": ("M.Pd.",),
    "health": ("M.Kes.", "M.Kep.", "M.K.M."),
    "general": ("M.Si.", "M.M.", "M.H.", "M.A.P.", "M.T.", "M.Ak.", "M.E."),
}
D3_TITLES = {
    "school": ("A.Md.",),
    "health": ("A.Md.Kep.", "A.Md.Keb.", "A.Md.Kes.", "A.Md.Farm."),
    "general": ("A.Md.", "A.Md.Kom.", "A.Md.Ak."),
}
SEX_TEXT = ("L", "P")
KIND_TEXT = ("PNS", "PPPK", "CPNS")
KIND_WEIGHTS = (0.85, 0.12, 0.03)

# Age weights per employment kind, as (from_age, to_age, weight per year of age).
AGE_BANDS = {
    "PNS": ((21, 29, 1.0), (30, 39, 2.3), (40, 49, 3.2), (50, 56, 3.9), (57, 58, 2.0)),
    "PPPK": ((22, 29, 2.0), (30, 39, 4.0), (40, 49, 3.5), (50, 58, 1.5)),
    "CPNS": ((20, 24, 2.0), (25, 30, 4.0), (31, 35, 1.0)),
}
# Age at first appointment (PNS/CPNS): weight per year from 19 to 35.
APPT_AGE_WEIGHTS = (1, 2, 3, 5, 8, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1.5, 1)
PPPK_YEAR_WEIGHTS = {2019: 2, 2020: 1, 2021: 6, 2022: 7, 2023: 8, 2024: 9, 2025: 5, 2026: 1}

RANKS = (
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)  # fmt: skip
_II_A, _II_C, _III_A, _III_B, _III_C, _III_D, _IV_A, _IV_B = 4, 6, 8, 9, 10, 11, 12, 13
# Starting rank (education on entry): SMA II/a, D3 II/c, S1 III/a, S2 III/b.
START_RANKS = ((_II_A, 0.18), (_II_C, 0.17), (_III_A, 0.60), (_III_B, 0.05))
# PPPK grades (index into PPPK_GRADES) and weights: mostly V (SMA), VII (D3), IX (S1).
PPPK_GRADES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PPPK_GRADE_WEIGHTS = ((4, 0.18), (5, 0.02), (6, 0.20), (7, 0.01), (8, 0.50), (9, 0.05), (10, 0.04))

POSITION_KINDS = (
    "pelaksana", "fungsional", "pengawas", "administrator", "jpt_pratama", "jpt_madya",
    "jpt_utama",
)  # fmt: skip
POSITION_KIND_TEXT = (
    "Pelaksana", "Fungsional", "Pengawas", "Administrator", "JPT Pratama", "JPT Madya",
    "JPT Utama",
)  # fmt: skip
_PELAKSANA, _FUNGSIONAL, _PENGAWAS, _ADMINISTRATOR, _JPT_PRATAMA, _JPT_MADYA, _JPT_UTAMA = range(7)
POSITION_KIND_WEIGHTS = {
    "PNS": (0.59, 0.23, 0.095, 0.047, 0.0125, 0.0012, 0.0001),
    "PPPK": (0.18, 0.82, 0, 0, 0, 0, 0),
    "CPNS": (0.55, 0.45, 0, 0, 0, 0, 0),
}
# Rank bounds (index into RANKS) that holders of structural positions have.
STRUCTURAL_RANKS = {
    _PENGAWAS: (_III_B, _IV_A),
    _ADMINISTRATOR: (_III_D, _IV_B),
    _JPT_PRATAMA: (_IV_A, 15),
    _JPT_MADYA: (14, 16),
    _JPT_UTAMA: (15, 16),
}
AHLI_LEVELS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama")
TERAMPIL_LEVELS = ("Terampil", "Mahir", "Penyelia")
PELAKSANA = {
    "low": ("Pengadministrasi Perkantoran", "Operator Layanan Operasional"),
    "mid": (
        "Pengolah Data dan Informasi",
        "Penata Layanan Operasional",
        "Pengelola Umum Operasional",
    ),
    "high": ("Penelaah Teknis Kebijakan", "Pengelola Layanan Operasional"),
}
HEALTH_PELAKSANA = {
    "low": ("Operator Layanan Kesehatan", "Pengadministrasi Perkantoran"),
    "mid": ("Pengelola Layanan Kesehatan", "Pengolah Data dan Informasi"),
    "high": ("Penata Layanan Kesehatan", "Penelaah Teknis Kebijakan"),
}
GENERAL_AHLI = (
    "Analis Kebijakan", "Perencana", "Analis Sumber Daya Manusia Aparatur", "Pranata Komputer",
    "Analis Keuangan Pusat dan Daerah", "Pengelola Pengadaan Barang/Jasa", "Arsiparis",
    "Pranata Hubungan Masyarakat", "Analis Hukum", "Penata Kelola Sistem dan Teknologi Informasi",
    "Analis Pengelolaan Keuangan APBN", "Auditor",
)  # fmt: skip
GENERAL_TERAMPIL = ("Pranata Komputer", "Arsiparis", "Pranata Keuangan APBD", "Analis Kepegawaian")
HEALTH_AHLI = ("Perawat", "Perawat", "Bidan", "Dokter", "Dokter", "Dokter Gigi", "Apoteker",
               "Nutrisionis", "Epidemiolog Kesehatan", "Administrator Kesehatan")  # fmt: skip
HEALTH_TERAMPIL = ("Perawat", "Perawat", "Perawat", "Bidan", "Bidan", "Pranata Laboratorium Kesehatan",
                   "Asisten Apoteker", "Perekam Medis", "Sanitarian", "Radiografer")  # fmt: skip
SCHOOL_AHLI = ("Guru",)
SCHOOL_TERAMPIL = ("Pustakawan", "Pranata Laboratorium Pendidikan")

# --- work units -----------------------------------------------------------------
# (name, weight, family, specialist functional positions). Weights are shares of staff.

_OPD = (
    ("Sekretariat Daerah", 3.0, "general", ("Analis Kebijakan", "Analis Hukum")),
    ("Sekretariat DPRD", 1.0, "general", ("Analis Kebijakan",)),
    ("Inspektorat Daerah", 1.0, "general", ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah")),
    ("Badan Perencanaan Pembangunan Daerah", 0.8, "general", ("Perencana",)),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 1.0, "general",
     ("Analis Sumber Daya Manusia Aparatur", "Asesor Sumber Daya Manusia Aparatur", "Widyaiswara")),
    ("Badan Pengelola Keuangan dan Aset Daerah", 1.2, "general", ("Analis Keuangan Pusat dan Daerah", "Pranata Keuangan APBD")),
    ("Badan Pendapatan Daerah", 1.0, "general", ("Analis Keuangan Pusat dan Daerah",)),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", 1.6, "general", ("Teknik Jalan dan Jembatan", "Teknik Pengairan", "Penata Ruang")),
    ("Dinas Perhubungan", 1.2, "general", ("Penguji Kendaraan Bermotor",)),
    ("Dinas Sosial", 0.8, "general", ("Pekerja Sosial", "Penyuluh Sosial")),
    ("Dinas Pertanian dan Ketahanan Pangan", 2.0, "general", ("Penyuluh Pertanian", "Pengendali Organisme Pengganggu Tumbuhan")),
    ("Dinas Lingkungan Hidup", 1.2, "general", ("Pengendali Dampak Lingkungan",)),
    ("Dinas Komunikasi dan Informatika", 0.6, "general", ("Pranata Komputer", "Pranata Hubungan Masyarakat", "Sandiman")),
    ("Dinas Kependudukan dan Pencatatan Sipil", 0.7, "general", ("Administrator Database Kependudukan",)),
    ("Dinas Perpustakaan dan Kearsipan", 0.4, "general", ("Pustakawan", "Arsiparis")),
    ("Dinas Tenaga Kerja", 0.5, "general", ("Mediator Hubungan Industrial", "Pengantar Kerja")),
    ("Dinas Koperasi dan Usaha Mikro", 0.4, "general", ("Penyuluh Koperasi",)),
    ("Dinas Perindustrian dan Perdagangan", 0.6, "general", ("Pengawas Perdagangan",)),
    ("Dinas Pariwisata dan Kebudayaan", 0.5, "general", ("Pamong Budaya",)),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 0.5, "general", ("Analis Kebijakan",)),
    ("Satuan Polisi Pamong Praja", 1.5, "general", ("Polisi Pamong Praja",)),
    ("Badan Penanggulangan Bencana Daerah", 0.5, "general", ("Analis Bencana",)),
    ("Badan Kesatuan Bangsa dan Politik", 0.3, "general", ()),
    ("Dinas Pendidikan", 2.5, "general", ("Pengawas Sekolah", "Penilik", "Pamong Belajar")),
    ("Dinas Kesehatan", 1.8, "health", ("Epidemiolog Kesehatan", "Administrator Kesehatan")),
)  # fmt: skip
_REGENCY_ONLY = (
    ("Dinas Pemberdayaan Masyarakat dan Desa", 0.6, "general", ("Penggerak Swadaya Masyarakat",)),
    ("Dinas Pemadam Kebakaran dan Penyelamatan", 0.6, "general", ("Analis Kebakaran",)),
    ("Dinas Perumahan dan Kawasan Permukiman", 0.5, "general", ()),
)  # fmt: skip
_PROVINCE_ONLY = (
    ("Badan Pengembangan Sumber Daya Manusia", 0.6, "general", ("Widyaiswara", "Analis Sumber Daya Manusia Aparatur")),
    ("Dinas Kehutanan", 1.5, "general", ("Polisi Kehutanan", "Penyuluh Kehutanan")),
    ("Dinas Kelautan dan Perikanan", 0.8, "general", ("Penyuluh Perikanan",)),
    ("Dinas Energi dan Sumber Daya Mineral", 0.5, "general", ("Inspektur Tambang",)),
)  # fmt: skip
_PLACE_STEMS = ("Suka", "Sido", "Karang", "Sumber", "Kali", "Wono", "Mekar", "Jati", "Banjar",
                "Tegal", "Kebon", "Bojong", "Purwo", "Margo", "Tirto")  # fmt: skip
_PLACE_ENDS = ("maju", "mulyo", "jaya", "sari", "rejo", "agung", "harjo", "asri", "makmur",
               "raya", "mukti", "sentosa", "wangi")  # fmt: skip
_PLACE_WORDS = ("Tanjung", "Muara", "Sungai", "Teluk", "Bukit", "Lubuk", "Pasir", "Padang")
_PLACE_TAILS = ("Baru", "Jaya", "Indah", "Raya", "Permai", "Tengah", "Lama", "Harapan")
_DIRECTIONS = ("Kota", "Utara", "Selatan", "Timur", "Barat", "Tengah")
_FIELDS = ("Pelayanan", "Pembinaan", "Pengendalian", "Perencanaan", "Pengembangan", "Pengawasan",
           "Data dan Informasi", "Evaluasi dan Pelaporan", "Sarana dan Prasarana")  # fmt: skip

# Ministries with regional offices: unit name patterns ({r}: a regency, {p}: a province).
_MINISTRY_FIELD_UNITS = {
    "K.12": ("Kantor Kementerian Agama {r}", "Madrasah Aliyah Negeri 1 {rs}", "Madrasah Tsanawiyah Negeri 2 {rs}",
             "Madrasah Ibtidaiyah Negeri 1 {rs}", "Kantor Wilayah Kementerian Agama Provinsi {p}"),
    "K.16": ("Kantor Pelayanan Pajak Pratama {rs}", "Kantor Pelayanan Perbendaharaan Negara {rs}",
             "Kantor Pengawasan dan Pelayanan Bea dan Cukai {rs}", "Kantor Wilayah Direktorat Jenderal Pajak {p}"),
    "K.15": ("Lembaga Pemasyarakatan Kelas IIA {rs}", "Rumah Tahanan Negara Kelas IIB {rs}", "Kantor Imigrasi Kelas II {rs}"),
    "K.13": ("Kantor Wilayah Kementerian Hukum {p}",),
    "K.18": ("Universitas Negeri {rs}", "Politeknik Negeri {rs}"),
    "K.20": ("Politeknik Kesehatan {rs}", "Balai Besar Kekarantinaan Kesehatan {rs}", "Rumah Sakit Umum Pusat {rs}"),
    "K.31": ("Kantor Unit Penyelenggara Bandar Udara {rs}", "Kantor Kesyahbandaran dan Otoritas Pelabuhan {rs}"),
    "K.36": ("Kantor Pertanahan {r}", "Kantor Wilayah Badan Pertanahan Nasional Provinsi {p}"),
    "K.27": ("Balai Besar Pelaksanaan Jalan Nasional {p}", "Balai Wilayah Sungai {p}"),
    "K.33": ("Balai Pengkajian Teknologi Pertanian {p}",),
    "K.34": ("Balai Pengelolaan Daerah Aliran Sungai {p}", "Balai Konservasi Sumber Daya Alam {p}"),
    "K.11": ("Kantor Urusan Pertahanan {p}",),
    "K.40": ("Perwakilan BKKBN Provinsi {p}", "Penyuluh Keluarga Berencana {r}"),
    "L.03": ("Badan Pusat Statistik {r}",),
    "L.14": ("Perwakilan BPKP Provinsi {p}",),
    "L.04": ("Stasiun Meteorologi {rs}", "Stasiun Geofisika {rs}"),
    "L.06": ("Balai Pengawas Obat dan Makanan {rs}",),
    "L.10": ("Badan Narkotika Nasional {r}",),
    "L.13": ("Kantor Pencarian dan Pertolongan {rs}",),
    "L.24": ("Balai Karantina Hewan, Ikan, dan Tumbuhan {p}",),
}  # fmt: skip
# The ministry's own directorates general, where the generic ones would read wrong.
_MINISTRY_DG = {
    "K.09": ("Politik dan Pemerintahan Umum", "Bina Administrasi Kewilayahan", "Otonomi Daerah",
             "Bina Pembangunan Daerah", "Bina Keuangan Daerah", "Kependudukan dan Pencatatan Sipil",
             "Bina Pemerintahan Desa"),
    "K.12": ("Pendidikan Islam", "Bimbingan Masyarakat Islam", "Penyelenggaraan Haji dan Umrah"),
    "K.16": ("Pajak", "Bea dan Cukai", "Perbendaharaan", "Anggaran", "Kekayaan Negara"),
    "K.20": ("Kesehatan Lanjutan", "Kesehatan Primer dan Komunitas", "Farmasi dan Alat Kesehatan"),
}  # fmt: skip
# Approximate staff of central institutions, in thousands (the rest get 0.4-2.5).
CENTRAL_WEIGHTS = {
    "K.12": 230, "K.16": 80, "K.18": 60, "K.15": 55, "K.20": 50, "K.11": 30, "K.31": 25,
    "K.36": 20, "K.27": 20, "K.33": 18, "K.13": 15, "K.17": 15, "K.34": 12, "K.35": 10,
    "K.40": 10, "K.21": 6, "K.09": 5, "K.26": 5, "K.24": 5, "K.10": 4.5, "K.22": 4.5,
    "K.25": 4, "K.41": 4, "K.08": 3, "L.03": 16, "L.07": 12, "L.14": 6, "L.24": 6, "L.04": 5,
    "L.06": 5, "L.09": 5, "L.10": 4.5, "L.13": 3.5, "L.01": 3, "L.22": 2, "L.02": 1,
}  # fmt: skip
REGIONAL_SIZE_RANGES = {"provinsi": (8, 20), "kabupaten": (4, 10), "kota": (3, 9)}  # thousands
_REGIONAL_HEADS = {
    "Sekretariat DPRD": (_JPT_PRATAMA, "Sekretaris DPRD"),
    "Inspektorat Daerah": (_JPT_PRATAMA, "Inspektur Daerah"),
}
_ASSISTANTS = (
    "Asisten Pemerintahan dan Kesejahteraan Rakyat",
    "Asisten Perekonomian dan Pembangunan",
    "Asisten Administrasi Umum",
)
REGENCY_KINDS = ("kabupaten", "kota")
_BIG_PROVINCES = {"31": 3.0, "32": 1.6, "33": 1.5, "35": 1.6}  # DKI has no autonomous regencies
