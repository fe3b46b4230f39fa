"""What the competencies demo writes: the data, kept apart from the loader (``demo.py``)."""

from __future__ import annotations

# Institutions whose civil servants are assessed, and the share of them assessed in the
# year before the current one (then about half of those with a gap are reassessed).
ASSESSED: tuple[tuple[str, float], ...] = (
    ("35.78", 0.6),  # Kota Surabaya
    ("35", 0.5),  # Jawa Timur
    ("34.04", 0.4),  # Kabupaten Sleman
)
# The assessors: civil servants of Jawa Timur's personnel agency (the assessment centre).
ASSESSOR_INSTITUTION = "35"
ASSESSORS = 6

# Government competency (P.01) required of positions of local government (UU 23/2014
# Pasal 224 for the camat), per institution whose positions get it: (prefix, level).
GOVERNMENT_POSITIONS: tuple[tuple[str, int], ...] = (
    ("Camat ", 3),
    ("Sekretaris Kecamatan ", 2),
    ("Lurah ", 2),
)
GOVERNMENT_INSTITUTIONS = ("35.78", "35", "34.04")
# An institution's own defaults (tier, code, level): Surabaya asks more public service
# of its administrators than the national default.
INSTITUTION_DEFAULTS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "35.78": (("administrator", "M.05", 4), ("pelaksana", "M.05", 2)),
}

# (method code, weight) of the first year's assessments; the reassessments are by the
# assessment centre (the highest rank: by the profile rule a lower-ranked result never
# replaces a higher-ranked one).
FIRST_METHODS: tuple[tuple[str, int], ...] = (
    ("assessment-centre", 6),
    ("competency-test", 2),
    ("360", 2),
    ("supervisor", 1),
)
RETEST_METHOD = "assessment-centre"
# How far below the required level a first result falls (0: meets it), and by how much
# a reassessment rises.
SHORTFALL = (0, 0, 1, 1, 1, 2)
RISE = (0, 1, 1, 1, 2)
REASSESSED_SHARE = 0.55

# The demo civil servant (pegawai.surabaya; tier ahli_muda: level 2 required): her
# first results and her reassessments this year (both by the assessment centre); S.01
# stays unassessed.
DEMO_FIRST = {
    "M.01": 2,
    "M.02": 1,
    "M.03": 2,
    "M.04": 1,
    "M.05": 1,
    "M.06": 2,
    "M.07": 1,
    "M.08": 2,
}
DEMO_RETEST = {"M.02": 2, "M.05": 2}

# Development aimed at a competency: code → (activity, form code, JP, cost in Rp).
ACTIVITIES: dict[str, tuple[str, str, int, int]] = {
    "M.01": ("Pelatihan Integritas dan Antikorupsi", "pelatihan-manajerial", 24, 1_800_000),
    "M.02": ("Workshop Kerja Sama Tim Lintas Unit", "workshop", 10, 900_000),
    "M.03": ("Pelatihan Komunikasi Efektif", "pelatihan-manajerial", 24, 1_750_000),
    "M.04": ("Coaching Orientasi pada Hasil", "coaching", 8, 0),
    "M.05": ("Pelatihan Pelayanan Publik Prima", "pelatihan-manajerial", 32, 2_500_000),
    "M.06": ("Mentoring Pengembangan Diri dan Orang Lain", "mentoring", 8, 0),
    "M.07": ("E-learning Mengelola Perubahan", "e-learning", 9, 250_000),
    "M.08": ("Pelatihan Pengambilan Keputusan", "pelatihan-manajerial", 24, 2_000_000),
    "S.01": ("Sosialisasi Wawasan Kebangsaan", "sosialisasi", 8, 400_000),
    "P.01": ("Bimtek Kepamongprajaan", "bimtek", 40, 4_500_000),
}

# Plans of the current year per institution and status (besides pegawai.surabaya's
# own draft).
PLANS: dict[str, tuple[tuple[str, int], ...]] = {
    "35.78": (("approved", 6), ("submitted", 4), ("draft", 3), ("returned", 2)),
    "35": (("approved", 4), ("submitted", 2), ("draft", 1), ("returned", 1)),
}
RETURN_NOTE = "Mohon sesuaikan target level dengan hasil asesmen terakhir."

# The needs analysis (AKPK) drafted for the coming year, per institution.
NEEDS_INSTITUTIONS = ("35.78",)
NEEDS_JP_PER_PERSON = 24
NEEDS_COST_PER_JP = 75_000
