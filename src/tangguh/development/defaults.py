"""The reference data Tangguh ships for development (loaded by migration 0002).

The forms of development are the list of Perlan LAN 10/2018; the JP credited per
form is the national column of its conversion table as agencies circulate it
(DOMAIN.md): a default the national administrator edits, not a constant. Forms the
table does not name are credited their actual lesson hours until a rule says
otherwise. The duty: PNS at least 20 JP a year (PP 11/2017 Pasal 203(4), as amended
by PP 17/2020); PPPK up to 24 JP a year of contract.
"""

from __future__ import annotations

from datetime import date

SOURCE = "Perlan LAN 10/2018 (kolom nasional, nilai bawaan Tangguh)"
VALID_FROM = date(2018, 1, 1)

# (code, name, English name, category) in the order of the regulation's list.
FORMS: tuple[tuple[str, str, str, str], ...] = (
    ("tugas-belajar", "Pendidikan (tugas belajar/izin belajar)", "Degree study", "pendidikan"),
    (
        "pelatihan-kepemimpinan",
        "Pelatihan struktural kepemimpinan",
        "Leadership training",
        "klasikal",
    ),
    ("pelatihan-manajerial", "Pelatihan manajerial", "Managerial training", "klasikal"),
    ("pelatihan-teknis", "Pelatihan teknis", "Technical training", "klasikal"),
    ("pelatihan-fungsional", "Pelatihan fungsional", "Functional training", "klasikal"),
    (
        "pelatihan-sosial-kultural",
        "Pelatihan sosial kultural",
        "Socio-cultural training",
        "klasikal",
    ),
    ("seminar", "Seminar/konferensi/sarasehan", "Seminar", "klasikal"),
    ("workshop", "Workshop/lokakarya", "Workshop", "klasikal"),
    ("kursus", "Kursus", "Course", "klasikal"),
    ("penataran", "Penataran", "Upgrading (penataran)", "klasikal"),
    ("bimtek", "Bimbingan teknis", "Technical guidance (bimtek)", "klasikal"),
    ("sosialisasi", "Sosialisasi", "Dissemination (sosialisasi)", "klasikal"),
    ("coaching", "Coaching", "Coaching", "nonklasikal"),
    ("mentoring", "Mentoring", "Mentoring", "nonklasikal"),
    ("e-learning", "E-learning", "E-learning", "nonklasikal"),
    ("pelatihan-jarak-jauh", "Pelatihan jarak jauh", "Distance training", "nonklasikal"),
    ("detasering", "Detasering (secondment)", "Secondment (detasering)", "nonklasikal"),
    ("outbound", "Pembelajaran alam terbuka (outbound)", "Outbound learning", "nonklasikal"),
    ("patok-banding", "Patok banding (benchmarking)", "Benchmarking", "nonklasikal"),
    (
        "pertukaran",
        "Pertukaran PNS dengan pegawai swasta/BUMN/BUMD",
        "Exchange with private or state-owned enterprise staff",
        "nonklasikal",
    ),
    ("belajar-mandiri", "Belajar mandiri (self development)", "Self-study", "nonklasikal"),
    (
        "komunitas-belajar",
        "Komunitas belajar (community of practice)",
        "Community of practice",
        "nonklasikal",
    ),
    (
        "bimbingan-di-tempat-kerja",
        "Bimbingan di tempat kerja",
        "On-the-job guidance",
        "nonklasikal",
    ),
    ("magang", "Magang/praktik kerja", "Internship (magang)", "nonklasikal"),
)

# code -> (basis, jp_per_unit, is_maximum, max_units_per_month); forms not named here
# are credited their actual lesson hours.
RULES: dict[str, tuple[str, str | None, bool, int | None]] = {
    "tugas-belajar": ("per_semester", "20", False, None),
    "seminar": ("per_day", "4", False, None),
    "workshop": ("per_day", "5", False, None),
    "coaching": ("per_session", "2", False, 2),
    "mentoring": ("per_session", "2", False, 2),
    "e-learning": ("per_day", "3", True, None),
    "detasering": ("per_occurrence", "20", False, None),
    "magang": ("per_occurrence", "20", False, None),
    "patok-banding": ("per_occurrence", "10", False, None),
    "belajar-mandiri": ("per_day", "2", True, None),
}

# (employee kind, from year, JP a year, source)
DUTIES: tuple[tuple[str, int, str, str], ...] = (
    ("PNS", 2017, "20", "PP 11/2017 Pasal 203(4), diubah PP 17/2020"),
    ("CPNS", 2017, "20", "Nilai bawaan Tangguh (seperti PNS)"),
    ("PPPK", 2018, "24", "PP 49/2018: paling banyak 24 JP setahun masa kontrak"),
)
