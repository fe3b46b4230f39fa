"""Believable, deterministic civil-servant registers as CSV, for the demo and the benchmarks.

The files have the layout the import engine reads (:data:`TEMPLATE_HEADERS`;
the national file adds a first column ``Kode Instansi``). Everything comes
from one seeded :class:`random.Random` per institution, so the same seed gives
the same bytes, whether the national register is written as one file or split
per institution. Rows are streamed: memory does not grow with the row count
(the NIP sequence counters are fixed-size arrays, ~40 MB).

Distributions are approximations of BKN's published statistics (77 % regional,
85 % PNS / 12 % PPPK / 3 % CPNS, ages 19-58, golongan III the bulk), chosen to
look right in the demo and to stress the importer the way a real national
register would (hundreds of thousands of distinct work units and positions,
NIP prefixes that repeat). They are not data.
"""

from __future__ import annotations

import csv
import os
from array import array
from bisect import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random

from .generator_data import (
    _ADMINISTRATOR,
    _ASSISTANTS,
    _BIG_PROVINCES,
    _DIRECTIONS,
    _FIELDS,
    _FUNGSIONAL,
    _II_A,
    _II_C,
    _III_A,
    _III_B,
    _III_C,
    _III_D,
    _IV_A,
    _IV_B,
    _JPT_MADYA,
    _JPT_PRATAMA,
    _JPT_UTAMA,
    _MINISTRY_DG,
    _MINISTRY_FIELD_UNITS,
    _OPD,
    _PELAKSANA,
    _PENGAWAS,
    _PLACE_ENDS,
    _PLACE_STEMS,
    _PLACE_TAILS,
    _PLACE_WORDS,
    _PROVINCE_ONLY,
    _REGENCY_ONLY,
    _REGIONAL_HEADS,
    AGE_BANDS,
    AHLI_LEVELS,
    APPT_AGE_WEIGHTS,
    CENTRAL_WEIGHTS,
    D3_TITLES,
    FEMALE_FAMILY,
    FEMALE_NAMES,
    GENERAL_AHLI,
    GENERAL_TERAMPIL,
    HEALTH_AHLI,
    HEALTH_PELAKSANA,
    HEALTH_TERAMPIL,
    KIND_TEXT,
    KIND_WEIGHTS,
    MALE_FAMILY,
    MALE_NAMES,
    PELAKSANA,
    POSITION_KIND_TEXT,
    POSITION_KIND_WEIGHTS,
    PPPK_GRADE_WEIGHTS,
    PPPK_GRADES,
    PPPK_YEAR_WEIGHTS,
    RANKS,
    REGENCY_KINDS,
    REGIONAL_SIZE_RANGES,
    S1_TITLES,
    S2_TITLES,
    SCHOOL_AHLI,
    SCHOOL_TERAMPIL,
    SEX_TEXT,
    SHARED_FAMILY,
    START_RANKS,
    STRUCTURAL_RANKS,
    TERAMPIL_LEVELS,
)
from .parsing.headers import TEMPLATE_HEADER_BY_FIELD

# The columns the generator fills, in file order (a register column added later is
# left out of generated files: every column but the NIP and the name is optional).
TEMPLATE_FIELDS: tuple[str, ...] = (
    "nip", "title_front", "full_name", "title_back", "sex", "birth_date", "employment_status",
    "position", "position_kind", "rank", "work_unit",
)  # fmt: skip
TEMPLATE_HEADERS: tuple[str, ...] = tuple(TEMPLATE_HEADER_BY_FIELD[f] for f in TEMPLATE_FIELDS)

# A fixed "today", so that ages and appointment dates do not change with the clock.
AS_OF = date(2026, 6, 30)
DEFAULT_TOTAL = 4_300_000
INSTITUTION_CODE_HEADER = "Kode Instansi"
NATIONAL_FILE_NAME = "asn-nasional.csv"
REGIONAL_SHARE = 0.77
MIN_AGE, MAX_AGE = 19, 58
APPT_MIN_AGE, APPT_MAX_AGE = 19, 35
_APPT_SPAN = (APPT_MAX_AGE - APPT_MIN_AGE + 1) * 12  # months of possible first appointment
PPPK_FIRST_YEAR = 2019  # the first PPPK intake
PPPK_NI_MARKER = "21"  # digits 13-14 of an NI PPPK: never a month, so never a NIP

_DATA_DIR = Path(__file__).resolve().parent.parent / "institutions" / "data"


@dataclass(frozen=True, slots=True)
class InstitutionRef:
    code: str
    kind: str
    name: str
    short_name: str = ""
    parent_code: str = ""


@dataclass(frozen=True, slots=True)
class InstitutionFile:
    code: str
    count: int
    path: Path


@cache
def reference_institutions() -> tuple[InstitutionRef, ...]:
    """The 627 institutions, read from the shipped reference files (no database needed)."""
    refs = [
        InstitutionRef(r["code"], "provinsi", r["name"]) for r in _read(_DATA_DIR / "provinces.csv")
    ]
    for r in _read(_DATA_DIR / "regencies.csv"):
        kind = "kota" if int(r["code"].split(".")[1]) >= 71 else "kabupaten"
        refs.append(InstitutionRef(r["code"], kind, r["name"], parent_code=r["province_code"]))
    refs += [
        InstitutionRef(r["code"], r["kind"], r["name"], r["short_name"])
        for r in _read(_DATA_DIR / "central.csv")
    ]
    return tuple(refs)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` that sum to exactly ``total`` (largest remainder)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def national_sizes(total: int, seed: int) -> list[tuple[InstitutionRef, int]]:
    """Every institution with its head count; 77 % regional, summing to ``total`` exactly."""
    rng = Random(f"{seed}:sizes")
    refs = reference_institutions()
    regional = [r for r in refs if r.kind in REGIONAL_SIZE_RANGES]
    central = [r for r in refs if r.kind not in REGIONAL_SIZE_RANGES]
    reg_weights = [
        rng.uniform(*REGIONAL_SIZE_RANGES[r.kind]) * _BIG_PROVINCES.get(r.code, 1) for r in regional
    ]
    cen_weights = [CENTRAL_WEIGHTS.get(r.code) or rng.uniform(0.4, 2.5) for r in central]
    reg_total = round(total * REGIONAL_SHARE)
    counts = apportion(reg_total, reg_weights) + apportion(total - reg_total, cen_weights)
    return list(zip(regional + central, counts, strict=True))


# --- NIP allocation -------------------------------------------------------------


class NipAllocator:
    """Hands out NIP / NI PPPK sequence numbers so that no identifier is issued twice.

    The sequence (digits 16-18) counts 001-999 among identifiers with the same
    first 15 digits. Counters live in fixed-size arrays indexed by birth day,
    appointment and sex, so memory stays constant however many rows are written.
    """

    def __init__(self, as_of: date = AS_OF) -> None:
        self.as_of = as_of
        self.first_birth = date(as_of.year - MAX_AGE - 2, 1, 1).toordinal()
        self.days = as_of.toordinal() - self.first_birth + 1
        self.pppk_years = as_of.year - PPPK_FIRST_YEAR + 1
        self._pns = array("H", bytes(2 * self.days * _APPT_SPAN * 2))
        self._pppk = array("H", bytes(2 * self.days * self.pppk_years * 2))
        self._outside: dict[str, int] = {}

    def next_pns(self, day: int, offset: int, female: int) -> int:
        """Next sequence for birth day index ``day``, appointment ``offset`` months after age 19."""
        i = (day * _APPT_SPAN + offset) * 2 + female
        seq = self._pns[i] + 1
        if seq <= 999:
            self._pns[i] = seq
        return seq

    def next_pppk(self, day: int, year: int, female: int) -> int:
        i = (day * self.pppk_years + year - PPPK_FIRST_YEAR) * 2 + female
        seq = self._pppk[i] + 1
        if seq <= 999:
            self._pppk[i] = seq
        return seq

    def reserve(self, nip: str) -> None:
        """Mark ``nip`` (and the sequence numbers below it) as taken."""
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        day, female, seq = born.toordinal() - self.first_birth, int(nip[14] == "2"), int(nip[15:18])
        if nip[12:14] == PPPK_NI_MARKER:
            year = int(nip[8:12])
            if 0 <= day < self.days and 0 <= year - PPPK_FIRST_YEAR < self.pppk_years:
                i = (day * self.pppk_years + year - PPPK_FIRST_YEAR) * 2 + female
                self._pppk[i] = max(self._pppk[i], seq)
                return
        else:
            offset = (
                int(nip[8:12]) * 12
                + int(nip[12:14])
                - 1
                - (born.year * 12 + born.month - 1)
                - APPT_MIN_AGE * 12
            )
            if 0 <= day < self.days and 0 <= offset < _APPT_SPAN:
                i = (day * _APPT_SPAN + offset) * 2 + female
                self._pns[i] = max(self._pns[i], seq)
                return
        self._outside[nip] = seq  # outside the generated range: can never collide


# --- rows -------------------------------------------------------------------------


def _cum(weights: Iterable[float]) -> list[float]:
    """Cumulative weights normalised to 1, for ``bisect(cum, random())``."""
    values = list(accumulate(weights))
    return [v / values[-1] for v in values]


def _age_table(kind: str) -> tuple[list[int], list[float]]:
    ages, weights = [], []
    for low, high, weight in AGE_BANDS[kind]:
        for age in range(low, high + 1):
            ages.append(age)
            weights.append(weight)
    return ages, _cum(weights)


@dataclass(frozen=True, slots=True)
class _Unit:
    name: str
    family: str  # "general", "health", "school"
    ahli: tuple[tuple[str, ...], tuple[str, ...]]  # (for men, for women): no male midwives
    terampil: tuple[tuple[str, ...], tuple[str, ...]]


def _by_sex(pool: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(p for p in pool if not p.startswith("Bidan")), pool


def _place_names(rng: Random, count: int, region: str) -> list[str]:
    names = {f"{region} {d}" for d in _DIRECTIONS[: min(count, 3)]}
    while len(names) < count:
        if rng.random() < 0.6:
            names.add(rng.choice(_PLACE_STEMS) + rng.choice(_PLACE_ENDS))
        else:
            names.add(f"{rng.choice(_PLACE_WORDS)} {rng.choice(_PLACE_TAILS)}")
    return sorted(names)


def _short(name: str) -> str:
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


class _Institution:
    """Work units and structural positions of one institution, built from its own seed."""

    def __init__(self, ref: InstitutionRef, count: int, rng: Random) -> None:
        self.ref = ref
        self.units: list[_Unit] = []
        weights: list[float] = []
        self.structural: dict[int, list[tuple[str, str]]] = {
            k: [] for k in range(_PENGAWAS, _JPT_UTAMA + 1)
        }
        if ref.kind in REGIONAL_SIZE_RANGES:
            self._regional(ref, count, rng, weights)
        else:
            self._central(ref, count, rng, weights)
        self.unit_cum = _cum(weights)

    def _add(
        self,
        weights: list[float],
        name: str,
        weight: float,
        family: str,
        special: Sequence[str] = (),
        *,
        head: tuple[int, str] | None = None,
        middle: str = "Bidang",
    ) -> None:
        """A work unit, its functional pools and its structural positions.

        ``head`` is the position kind and title of the unit's head (``None``: the
        caller adds it); ``middle`` names the administrator tier (Bidang in a
        dinas, Bagian in a secretariat).
        """
        base_ahli = {"school": SCHOOL_AHLI, "health": HEALTH_AHLI}.get(family, GENERAL_AHLI)
        base_terampil = {"school": SCHOOL_TERAMPIL, "health": HEALTH_TERAMPIL}.get(
            family, GENERAL_TERAMPIL
        )
        # Specialists three times as likely as the generic functional positions.
        ahli = tuple(special) * 3 + base_ahli if family == "general" else base_ahli
        self.units.append(_Unit(name, family, _by_sex(ahli), _by_sex(base_terampil)))
        weights.append(weight)
        structural = self.structural
        if family == "school":
            structural[_PENGAWAS].append((name, f"Kepala Subbagian Tata Usaha {name}"))
            return
        structural[_PENGAWAS].append((name, f"Kepala Subbagian Umum dan Kepegawaian {name}"))
        structural[_PENGAWAS].append((name, f"Kepala Seksi {_FIELDS[len(name) % 9]} {name}"))
        if middle:
            structural[_ADMINISTRATOR] += [
                (name, f"Kepala {middle} {f} {name}") for f in _FIELDS[:3]
            ]
        if middle == "Bidang":
            structural[_ADMINISTRATOR].append((name, "Sekretaris " + name))
        if head:
            structural[head[0]].append((name, head[1]))

    def _regional(self, ref: InstitutionRef, count: int, rng: Random, weights: list[float]) -> None:
        region = _short(ref.name)
        opd = _OPD + (_PROVINCE_ONLY if ref.kind == "provinsi" else _REGENCY_ONLY)
        for name, weight, family, special in opd:
            if name.startswith(("Sekretariat", "Inspektorat")):
                head = _REGIONAL_HEADS.get(name)
                self._add(weights, name, weight, family, special, head=head, middle="Bagian")
            else:
                self._add(
                    weights, name, weight, family, special, head=(_JPT_PRATAMA, "Kepala " + name)
                )
        secretariat = "Sekretariat Daerah"
        self.structural[_JPT_PRATAMA] += [(secretariat, title) for title in _ASSISTANTS]
        if ref.kind == "provinsi":
            self.structural[_JPT_MADYA].append(
                (secretariat, f"Sekretaris Daerah Provinsi {region}")
            )
            cities = [_short(r.name) for r in reference_institutions() if r.parent_code == ref.code]
            cities = cities or [region]
            schools = max(4, count // 80)
            for n in range(schools):
                kind = "SMA Negeri" if n % 3 else "SMK Negeri"
                name = f"{kind} {n // len(cities) + 1} {cities[n % len(cities)]}"
                self._add(weights, name, 45 / schools, "school")
            hospitals = cities[: max(2, count // 3000)]
            for city in hospitals:
                name = f"Rumah Sakit Umum Daerah Provinsi di {city}"
                self._add(
                    weights,
                    name,
                    8 / len(hospitals),
                    "health",
                    head=(_JPT_PRATAMA, "Direktur " + name),
                )
            return
        self.structural[_JPT_PRATAMA].append((secretariat, f"Sekretaris Daerah {ref.name}"))
        places = _place_names(rng, 12 if ref.kind == "kota" else 22, region)
        schools = max(6, count // 45)
        for n in range(schools):
            kind = "SMP Negeri" if n % 4 == 0 else "SD Negeri"
            self._add(
                weights,
                f"{kind} {n // len(places) + 1} {places[n % len(places)]}",
                45 / schools,
                "school",
            )
        for place in places:
            unit = f"Kecamatan {place}"
            self._add(weights, unit, 7 / len(places), "general", ("Analis Kebijakan",), middle="")
            self.structural[_ADMINISTRATOR] += [
                (unit, f"Camat {place}"),
                (unit, f"Sekretaris Kecamatan {place}"),
            ]
            if ref.kind == "kota":
                self.structural[_PENGAWAS].append(
                    (unit, f"Lurah {place} {_DIRECTIONS[len(place) % 6]}")
                )
            self._add(weights, f"Puskesmas {place}", 9 / len(places), "health", middle="")
        hospitals = 1 + count // 6000
        for n in range(hospitals):
            name = f"Rumah Sakit Umum Daerah {region}" + (f" {places[n]}" if n else "")
            self._add(
                weights, name, 7 / hospitals, "health", head=(_JPT_PRATAMA, "Direktur " + name)
            )

    def _central(self, ref: InstitutionRef, count: int, rng: Random, weights: list[float]) -> None:
        ministry = ref.kind == "kementerian"
        top, audit, dg, dg_head = (
            (
                "Sekretariat Jenderal",
                "Inspektorat Jenderal",
                "Direktorat Jenderal",
                "Direktur Jenderal",
            )
            if ministry
            else ("Sekretariat Utama", "Inspektorat Utama", "Deputi Bidang", "Deputi Bidang")
        )
        jpt_madya = (_JPT_MADYA, "Sekretaris Jenderal" if ministry else "Sekretaris Utama")
        self._add(weights, top, 5, "general", head=jpt_madya, middle="Bagian")
        for f in _FIELDS[:4]:
            self.structural[_JPT_PRATAMA].append((top, f"Kepala Biro {f}"))
        audit_head = (_JPT_MADYA, "Inspektur Jenderal" if ministry else "Inspektur Utama")
        self._add(weights, audit, 1.5, "general", ("Auditor",), head=audit_head, middle="Bagian")
        self._add(weights, "Pusat Data dan Informasi", 1, "general", ("Pranata Komputer",),
                  head=(_JPT_PRATAMA, "Kepala Pusat Data dan Informasi"), middle="Bagian")  # fmt: skip
        training = (
            "Badan Pengembangan Sumber Daya Manusia"
            if ministry
            else "Pusat Pendidikan dan Pelatihan"
        )
        self._add(
            weights,
            training,
            1.5,
            "general",
            ("Widyaiswara",),
            head=(_JPT_PRATAMA, "Kepala " + training),
        )
        domain = ref.name.split("/")[0].removeprefix("Kementerian ").removeprefix("Badan ")
        topics = _MINISTRY_DG.get(ref.code) or (
            f"Kebijakan {domain}",
            f"Pembinaan {domain}",
            f"Pengawasan {domain}",
        )
        for topic in topics:
            unit = f"{dg} {topic}"
            self._add(
                weights,
                unit,
                4,
                "general",
                ("Analis Kebijakan",),
                head=(_JPT_MADYA, f"{dg_head} {topic}"),
                middle="",
            )
            self.structural[_JPT_PRATAMA] += [(unit, f"Direktur {f} {topic}") for f in _FIELDS[:3]]
            self.structural[_ADMINISTRATOR] += [(unit, f"Kepala Bagian Umum {unit}")]
        if not ministry:
            self.structural[_JPT_UTAMA].append((top, f"Kepala {ref.short_name or ref.name}"))
        patterns = _MINISTRY_FIELD_UNITS.get(ref.code)
        if not patterns:
            return
        refs = reference_institutions()
        provinces = [r.name.removeprefix("Provinsi ") for r in refs if r.kind == "provinsi"]
        regencies = [r.name for r in refs if r.kind in REGENCY_KINDS]
        offices = min(len(regencies) * len(patterns), max(3, count // 250))
        seen: set[str] = set()
        for n in range(offices):
            cycle = n // len(patterns)
            regency = regencies[(cycle * 37) % len(regencies)]
            name = patterns[n % len(patterns)].format(
                r=regency, rs=_short(regency), p=provinces[cycle % len(provinces)]
            )
            if name in seen:
                continue
            seen.add(name)
            family = (
                "school"
                if name.startswith(("Madrasah", "Universitas", "Politeknik"))
                else "general"
            )
            family = "health" if name.startswith("Rumah Sakit") else family
            head_kind = (
                _JPT_PRATAMA
                if name.startswith(("Kantor Wilayah", "Perwakilan", "Rumah Sakit"))
                else _ADMINISTRATOR
            )
            self._add(
                weights, name, 60 / offices, family, head=(head_kind, "Kepala " + name), middle=""
            )


def _levels(rank: int) -> tuple[str, str]:
    """The functional level for a PNS rank index: (ahli level, terampil level)."""
    if rank >= 15:
        return AHLI_LEVELS[3], TERAMPIL_LEVELS[2]
    if rank >= _IV_A:
        return AHLI_LEVELS[2], TERAMPIL_LEVELS[2]
    if rank >= _III_C:
        return AHLI_LEVELS[1], TERAMPIL_LEVELS[2]
    if rank >= _III_A:
        return AHLI_LEVELS[0], TERAMPIL_LEVELS[1]
    return AHLI_LEVELS[0], TERAMPIL_LEVELS[0 if rank < _II_C + 1 else 1]


_RANK_LEVELS = [_levels(r) for r in range(len(RANKS))]
# PPPK grade index -> (education tier, rank-equivalent index for levels and titles)
_PPPK_EQUIV = {4: _II_A, 5: _II_A, 6: _II_C, 7: _II_C, 8: _III_A, 9: _III_B, 10: _III_C}


@cache
def _day_tables(first: int, days: int) -> tuple[list[str], list[str], list[int]]:
    """Per birth day (from ordinal ``first``): DD-MM-YYYY, YYYYMMDD and the month number."""
    dmy, ymd, month = [], [], []
    for i in range(days):
        d = date.fromordinal(first + i)
        dmy.append(f"{d.day:02d}-{d.month:02d}-{d.year}")
        ymd.append(f"{d.year}{d.month:02d}{d.day:02d}")
        month.append(d.year * 12 + d.month - 1)
    return dmy, ymd, month


def generate_rows(
    ref: InstitutionRef, count: int, *, seed: int, allocator: NipAllocator
) -> Iterator[tuple[str, ...]]:
    """``count`` rows (in ``TEMPLATE_FIELDS`` order) for one institution."""
    rng = Random(f"{seed}:{ref.code}")
    inst = _Institution(ref, count, rng)
    rnd = rng.random
    as_of = allocator.as_of
    first = allocator.first_birth
    today_index = as_of.toordinal() - first
    as_of_month = as_of.year * 12 + as_of.month - 1
    day_dmy, day_ymd, day_month = _day_tables(first, allocator.days)
    month_text = {m: f"{m // 12}{m % 12 + 1:02d}" for m in range(day_month[0], as_of_month + 1)}
    seq_text = [f"{i:03d}" for i in range(1000)]
    kind_cum = _cum(KIND_WEIGHTS)
    age_tables = [_age_table(k) for k in KIND_TEXT]
    pk_cums = [_cum(POSITION_KIND_WEIGHTS[k]) for k in KIND_TEXT]
    appt_cum = _cum(w for w in APPT_AGE_WEIGHTS for _ in range(12))
    start_cum = _cum(w for _, w in START_RANKS)
    grade_cum = _cum(w for _, w in PPPK_GRADE_WEIGHTS)
    pppk_years = list(range(PPPK_FIRST_YEAR, as_of.year + 1))
    pppk_cum = _cum(PPPK_YEAR_WEIGHTS.get(y, 1) for y in pppk_years)
    female_p = [0.0] * 100
    for age in range(100):
        female_p[age] = 0.56 if age < 35 else 0.52 if age < 45 else 0.47
    units, unit_cum, structural = inst.units, inst.unit_cum, inst.structural
    given = (MALE_NAMES, FEMALE_NAMES)
    family_names = (MALE_FAMILY * 2 + SHARED_FAMILY, FEMALE_FAMILY * 2 + SHARED_FAMILY)
    pilgrim = ("H.", "Hj.")
    limit_pns = as_of_month - 12  # a PNS finished the one-year CPNS period

    for _ in range(count):
        kind = bisect(kind_cum, rnd())
        ages, age_cum = age_tables[kind]
        age = ages[bisect(age_cum, rnd())]
        day = today_index - int((age + rnd()) * 365.2425)
        female = 1 if rnd() < female_p[age] else 0
        born = day_month[day]
        # Identifier: retry in the (practically never reached) case of 999 taken.
        while True:
            if kind == 1:  # PPPK: NI PPPK = birth date + year + "21" + sex + sequence
                year = max(pppk_years[bisect(pppk_cum, rnd())], born // 12 + 20)
                seq = allocator.next_pppk(day, year, female)
                nip = f"{day_ymd[day]}{year}{PPPK_NI_MARKER}{female + 1}"
            else:
                if kind == 0:
                    month = min(born + 228 + bisect(appt_cum, rnd()), limit_pns)
                else:  # CPNS: appointed in the last twelve months
                    month = min(
                        max(as_of_month - int(rnd() * 12), born + 228), born + 228 + _APPT_SPAN - 1
                    )
                seq = allocator.next_pns(day, month - born - 228, female)
                nip = f"{day_ymd[day]}{month_text[month]}{female + 1}"
            if seq <= 999:
                break
        nip += seq_text[seq]
        # Rank (PNS/CPNS: index into RANKS; PPPK: grade), then the position kind.
        if kind == 1:
            grade = PPPK_GRADE_WEIGHTS[bisect(grade_cum, rnd())][0]
            rank = _PPPK_EQUIV[grade]
            rank_text = PPPK_GRADES[grade]
        else:
            rank = START_RANKS[bisect(start_cum, rnd())][0]
            if kind == 0:
                served = (as_of_month - month) // 12
                cap = _III_D if rank < _III_A else _IV_B if rnd() < 0.12 else _IV_A
                rank = min(rank + int(served / (4 + 2 * rnd())), cap)
        pk = bisect(pk_cums[kind], rnd())
        if pk >= _PENGAWAS and (age < 30 or not structural[pk]):
            pk = _PELAKSANA
        if pk >= _PENGAWAS:
            unit_name, position = structural[pk][int(rnd() * len(structural[pk]))]
            low, high = STRUCTURAL_RANKS[pk]
            rank = min(max(rank, low), high)
            family = "general"
        else:
            unit = units[bisect(unit_cum, rnd())]
            unit_name, family = unit.name, unit.family
            # Teachers and health workers are mostly functionals; offices mostly staff.
            if family == "general":
                if pk == _FUNGSIONAL and rnd() < 0.2:
                    pk = _PELAKSANA
            elif pk == _PELAKSANA and rank >= _III_A and rnd() < 0.6:
                pk = _FUNGSIONAL
            if pk == _FUNGSIONAL and kind == 1 and rank < _II_C:
                pk = _PELAKSANA  # a PPPK on grade V is staff, not a functional
            if pk == _FUNGSIONAL:
                ahli_level, terampil_level = _RANK_LEVELS[rank]
                if rank >= _III_A and (family == "school" or rnd() < 0.88):
                    pool, level = unit.ahli[female], ahli_level
                else:
                    pool, level = unit.terampil[female], terampil_level
                position = f"{pool[int(rnd() * len(pool))]} {level}"
            else:
                tier = "low" if rank < _III_A else "mid" if rank < _III_C else "high"
                pool = (HEALTH_PELAKSANA if family == "health" else PELAKSANA)[tier]
                position = pool[int(rnd() * len(pool))]
        if kind != 1:
            rank_text = RANKS[rank]
        # Name and titles.
        names = given[female]
        r = rnd()
        full_name = names[int(r * 1000) % len(names)]
        if r < 0.9:
            full_name += " " + family_names[female][int(rnd() * len(family_names[female]))]
        if r < 0.3:
            second = names[int(rnd() * len(names))]
            if second != full_name[: len(second)]:
                full_name = full_name.replace(" ", f" {second} ", 1)
        front = ""
        r = rnd()
        if position.startswith("Dokter"):
            front = "drg." if position.startswith("Dokter Gigi") else "dr."
        elif r < 0.06 and age >= 40:
            front = pilgrim[female]
        elif r < 0.075 and rank >= _IV_A:
            front = "Dr."
        elif r < 0.085 and age >= 45 and not female:
            front = "Ir."
        fam = family if family in S1_TITLES else "general"
        r = rnd()
        if rank < _II_C or (rank < _III_A and r < 0.3):
            back = ""
        elif rank < _III_A:
            back = D3_TITLES[fam][int(r * 100) % len(D3_TITLES[fam])]
        else:
            back = S1_TITLES[fam][int(r * 1000) % len(S1_TITLES[fam])]
            if r < (0.45 if rank >= _IV_A else 0.15 if rank >= _III_C else 0.05):
                back += ", " + S2_TITLES[fam][int(rnd() * len(S2_TITLES[fam]))]
        yield (
            nip, front, full_name, back, SEX_TEXT[female], day_dmy[day], KIND_TEXT[kind],
            position, POSITION_KIND_TEXT[pk], rank_text, unit_name,
        )  # fmt: skip


# --- files ---------------------------------------------------------------------------


def row_from_fields(
    values: Mapping[str, str], fields: Sequence[str] = TEMPLATE_FIELDS
) -> tuple[str, ...]:
    """A row in file order from a ``{field: text}`` mapping (missing fields blank)."""
    return tuple(values.get(f, "") for f in fields)


def _lookup(code: str) -> InstitutionRef | None:
    return next((r for r in reference_institutions() if r.code == code), None)


def write_institution_file(
    path: str | os.PathLike[str],
    *,
    institution_code: str,
    kind: str,
    count: int,
    seed: int,
    allocator: NipAllocator | None = None,
    extra_rows: Sequence[Mapping[str, str]] = (),
    with_tmt: bool = False,
) -> Path:
    """Write ``count`` rows for one institution (``extra_rows`` first, then generated ones).

    Pass one ``allocator`` to several calls to keep NIPs unique across the files.
    ``with_tmt`` adds the optional TMT column (the start of the period), filled
    only where an extra row gives ``tmt``.
    """
    if count < len(extra_rows):
        raise ValueError("count must include the extra rows")
    ref = _lookup(institution_code) or InstitutionRef(institution_code, kind, institution_code)
    if ref.kind != kind:
        ref = InstitutionRef(ref.code, kind, ref.name, ref.short_name, ref.parent_code)
    allocator = allocator or NipAllocator()
    for values in extra_rows:
        allocator.reserve(values["nip"])
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        fields = (*TEMPLATE_FIELDS, "tmt") if with_tmt else TEMPLATE_FIELDS
        writer.writerow(TEMPLATE_HEADER_BY_FIELD[f] for f in fields)
        writer.writerows(row_from_fields(v, fields) for v in extra_rows)
        rows = generate_rows(ref, count - len(extra_rows), seed=seed, allocator=allocator)
        writer.writerows(((*row, "") for row in rows) if with_tmt else rows)
    return target


def write_national_files(
    out_dir: str | os.PathLike[str], *, total: int = DEFAULT_TOTAL, seed: int, split: bool
) -> list[InstitutionFile]:
    """The national register: one CSV with ``Kode Instansi`` (``split=False``) or one per institution.

    Both forms hold the same rows. Returns the files written with their row counts
    (the national file is reported once per institution, all with the same path).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    allocator = NipAllocator()
    sizes = [(ref, n) for ref, n in national_sizes(total, seed) if n]
    written: list[InstitutionFile] = []
    if split:
        for ref, n in sizes:
            path = out / f"{ref.code}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(TEMPLATE_HEADERS)
                writer.writerows(generate_rows(ref, n, seed=seed, allocator=allocator))
            written.append(InstitutionFile(ref.code, n, path))
        return written
    path = out / NATIONAL_FILE_NAME
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow((INSTITUTION_CODE_HEADER, *TEMPLATE_HEADERS))
        for ref, n in sizes:
            code = (ref.code,)
            writer.writerows(
                code + row for row in generate_rows(ref, n, seed=seed, allocator=allocator)
            )
            written.append(InstitutionFile(ref.code, n, path))
    return written
