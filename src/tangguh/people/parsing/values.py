"""Normalise free-text cell values: sex, employment status, rank, position kind, titles.

Each ``parse_*`` function returns a canonical value, ``None`` when the cell is
empty ("not given"; whether that is allowed is the caller's business), or
raises :class:`ValueParseError` (a :class:`~tangguh.people.parsing.ParseError`)
whose message names the value and the accepted forms.

Canonical values:

* sex: ``"M"`` / ``"F"``;
* employment status: :class:`EmploymentStatus` ``(kind, state)``, kind in
  ``CPNS``/``PNS``/``PPPK``, state in ``active``/``retired``/``moved_out``/
  ``deceased``, either may be ``None`` when the text does not say;
* rank: PNS golongan/ruang ``"III/a"`` (always with a slash) or PPPK grade
  ``"IX"`` (never with a slash) -- :func:`rank_kind` tells them apart;
* position kind: ``jpt_utama``, ``jpt_madya``, ``jpt_pratama``,
  ``administrator``, ``pengawas``, ``pelaksana``, ``fungsional``.

All mapping tables are module-level dicts: regulations change, and the
tables are data.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import BIDI_CODE, BIDI_MESSAGE, bidi_control_in

from . import ParseError


class ValueParseError(ParseError):
    """A cell value is not one of the accepted forms."""


_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def _text(value: object) -> str:
    """The cell as text; integral numbers lose their ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _key(text: str) -> str:
    """Matching key: casefolded words separated by single spaces, punctuation dropped."""
    return _NOT_ALNUM_RE.sub(" ", text.casefold()).strip()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- sex -------------------------------------------------------------------

SEX_VALUES: dict[str, str] = {
    "l": "M", "lk": "M", "laki laki": "M", "lakilaki": "M", "laki": "M", "pria": "M",
    "m": "M", "male": "M", "man": "M", "1": "M",
    "p": "F", "pr": "F", "perempuan": "F", "wanita": "F",
    "f": "F", "female": "F", "woman": "F", "2": "F",
}  # fmt: skip


def parse_sex(value: object) -> str | None:
    """``"M"`` or ``"F"`` from L/P, Laki-laki/Perempuan, Pria/Wanita, M/F, 1/2, ..."""
    if _is_blank(value):
        return None
    text = _text(value)
    sex = SEX_VALUES.get(_key(text))
    if sex is None:
        raise ValueParseError(
            _(
                "“%(value)s” is not a sex we recognise. Write L (laki-laki) or P (perempuan); "
                "M or F is also accepted."
            ),
            "sex_unrecognised",
            {"value": text},
        )
    return sex


# --- employment status -------------------------------------------------------

EMPLOYMENT_KINDS: dict[str, str] = {
    "pns": "PNS",
    "pegawai negeri sipil": "PNS",
    "civil servant": "PNS",
    "cpns": "CPNS",
    "calon pns": "CPNS",
    "calon pegawai negeri sipil": "CPNS",
    "candidate civil servant": "CPNS",
    "pppk": "PPPK",
    "p3k": "PPPK",
    "pegawai pemerintah dengan perjanjian kerja": "PPPK",
}

EMPLOYMENT_STATES: dict[str, str] = {
    "aktif": "active",
    "active": "active",
    "pensiun": "retired",
    "pensiunan": "retired",
    "purna tugas": "retired",
    "purnatugas": "retired",
    "purna bakti": "retired",
    "purnabakti": "retired",
    "retired": "retired",
    "pindah": "moved_out",
    "pindah keluar": "moved_out",
    "pindah instansi": "moved_out",
    "mutasi keluar": "moved_out",
    "moved out": "moved_out",
    "moved": "moved_out",
    "transferred": "moved_out",
    "transferred out": "moved_out",
    "meninggal": "deceased",
    "meninggal dunia": "deceased",
    "wafat": "deceased",
    "deceased": "deceased",
    "died": "deceased",
    "dead": "deceased",
}

# Words that add nothing ("Status: PNS", "Masih Aktif").
EMPLOYMENT_FILLER_WORDS: frozenset[str] = frozenset(
    {"status", "asn", "pegawai", "kepegawaian", "masih", "sudah", "telah", "employee"}
)

_STATUS_PHRASE_MAX = max(len(k.split()) for k in (*EMPLOYMENT_KINDS, *EMPLOYMENT_STATES))


class EmploymentStatus(NamedTuple):
    """Employment kind and state; ``None`` where the text does not say."""

    kind: str | None
    state: str | None


def parse_employment_status(value: object) -> EmploymentStatus | None:
    """Read "PNS", "PPPK Aktif", "PNS - Pensiun", "Meninggal Dunia", "retired", ..."""
    if _is_blank(value):
        return None
    text = _text(value)
    words = _key(text).split()
    kinds: list[str] = []
    states: list[str] = []
    i = 0
    while i < len(words):
        # Longest phrase first, so "meninggal dunia" wins over "meninggal".
        for size in range(min(_STATUS_PHRASE_MAX, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in EMPLOYMENT_KINDS:
                kinds.append(EMPLOYMENT_KINDS[phrase])
            elif phrase in EMPLOYMENT_STATES:
                states.append(EMPLOYMENT_STATES[phrase])
            elif size == 1 and phrase in EMPLOYMENT_FILLER_WORDS:
                pass
            else:
                continue
            i += size
            break
        else:
            raise _status_unrecognised(text)
    kind_set, state_set = sorted(set(kinds)), sorted(set(states))
    if len(kind_set) > 1:
        raise ValueParseError(
            _(
                "“%(value)s” names more than one employment kind (%(kinds)s). "
                "Keep only the one that applies."
            ),
            "status_conflicting_kinds",
            {"value": text, "kinds": ", ".join(kind_set)},
        )
    if len(state_set) > 1:
        raise ValueParseError(
            _("“%(value)s” names more than one employment state. Keep only the one that applies."),
            "status_conflicting_states",
            {"value": text},
        )
    if not kind_set and not state_set:
        raise _status_unrecognised(text)
    return EmploymentStatus(kind_set[0] if kind_set else None, state_set[0] if state_set else None)


def _status_unrecognised(text: str) -> ValueParseError:
    return ValueParseError(
        _(
            "“%(value)s” is not an employment status we recognise. Write PNS, CPNS or PPPK, "
            "optionally followed by Aktif, Pensiun, Pindah or Meninggal (for example "
            "“PNS Aktif”)."
        ),
        "status_unrecognised",
        {"value": text},
    )


# --- rank ------------------------------------------------------------------

# PNS golongan -> ruang letters it has (PP 99/2000: only golongan IV has ruang e).
PNS_GOLONGAN_RUANG: dict[str, str] = {"I": "abcd", "II": "abcd", "III": "abcd", "IV": "abcde"}
PNS_GOLONGAN_ALIASES: dict[str, str] = {
    "i": "I", "ii": "II", "iii": "III", "iv": "IV", "1": "I", "2": "II", "3": "III", "4": "IV",
}  # fmt: skip

# Pangkat names (PP 99/2000), keyed by their matching key ("Tk. I" becomes "tingkat i").
PNS_PANGKAT: dict[str, str] = {
    "juru muda": "I/a",
    "juru muda tingkat i": "I/b",
    "juru": "I/c",
    "juru tingkat i": "I/d",
    "pengatur muda": "II/a",
    "pengatur muda tingkat i": "II/b",
    "pengatur": "II/c",
    "pengatur tingkat i": "II/d",
    "penata muda": "III/a",
    "penata muda tingkat i": "III/b",
    "penata": "III/c",
    "penata tingkat i": "III/d",
    "pembina": "IV/a",
    "pembina tingkat i": "IV/b",
    "pembina utama muda": "IV/c",
    "pembina utama madya": "IV/d",
    "pembina utama": "IV/e",
}

# PPPK grades (Perpres 98/2020: golongan I to XVII).
PPPK_GRADES: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip
_PPPK_BY_KEY: dict[str, str] = {
    **{g.casefold(): g for g in PPPK_GRADES},
    **{str(n): g for n, g in enumerate(PPPK_GRADES, start=1)},
}

# Words around a rank that carry no information ("Golongan IX", "Gol. III/a").
RANK_FILLER_WORDS: frozenset[str] = frozenset(
    {"golongan", "gol", "ruang", "pangkat", "grade", "rank", "pppk", "p3k", "pns"}
)
# Abbreviations inside pangkat names.
_RANK_WORD_ALIASES: dict[str, str] = {"tk": "tingkat", "tkt": "tingkat", "1": "i"}

# Golongan (roman or 1-4) and a ruang letter, as a standalone group: "III/a", "3a", "iii - a".
# The letter is limited to a-e so that PPPK grades such as "IX" never look like "I/x".
_PNS_RANK_RE = re.compile(r"(?<![a-z0-9])(iv|iii|ii|i|[1-4])\s*[/\-.]?\s*([a-e])(?![a-z0-9])")

EMPLOYEE_KINDS = (None, "PNS", "CPNS", "PPPK")


def rank_kind(rank: str) -> str:
    """``"PNS"`` for a canonical golongan/ruang (``"III/a"``), ``"PPPK"`` for a grade (``"IX"``)."""
    return "PNS" if "/" in rank else "PPPK"


def parse_rank(value: object, *, employee_kind: str | None) -> str | None:
    """Canonical rank: ``"III/a"`` for PNS and CPNS, ``"IX"`` for PPPK.

    ``employee_kind`` decides how a bare grade is read: "I" alone is PPPK
    grade I, or an incomplete PNS golongan. With ``employee_kind=None`` a
    golongan/ruang is PNS, a grade above IV is PPPK, and I-IV alone are refused
    as ambiguous.
    """
    if employee_kind not in EMPLOYEE_KINDS:
        raise ValueError(f"employee_kind must be one of {EMPLOYEE_KINDS}, not {employee_kind!r}")
    if _is_blank(value):
        return None
    text = _text(value)
    low = text.casefold()
    if employee_kind == "PPPK":
        grade = _pppk_grade(low)
        if grade is not None:
            return grade
        try:
            looks_pns = _parse_pns_rank(text, low) is not None
        except ValueParseError:
            looks_pns = False
        raise _rank_error("rank_pns_for_pppk" if looks_pns else "rank_pppk_invalid", text)
    pns = _parse_pns_rank(text, low)
    if pns is not None:
        return pns
    grade = _pppk_grade(low)
    if grade is None:
        raise _rank_error("rank_unrecognised", text)
    if grade in PNS_GOLONGAN_RUANG:
        code = "rank_ruang_missing" if employee_kind else "rank_ambiguous"
        raise _rank_error(code, text)
    if employee_kind is None:
        return grade
    raise _rank_error("rank_pppk_for_pns", text)


def _parse_pns_rank(text: str, low: str) -> str | None:
    match = _PNS_RANK_RE.search(low)
    name = _pangkat_key(low[: match.start()] + " " + low[match.end() :] if match else low)
    from_name = PNS_PANGKAT.get(name)
    if match is None:
        return from_name
    golongan = PNS_GOLONGAN_ALIASES[match[1]]
    ruang = match[2]
    if ruang not in PNS_GOLONGAN_RUANG[golongan]:
        raise ValueParseError(
            _(
                "“%(value)s” is not a PNS rank: golongan %(golongan)s has no ruang %(ruang)s. "
                "Ruang goes from a to d (to e for golongan IV)."
            ),
            "rank_ruang_invalid",
            {"value": text, "golongan": golongan, "ruang": ruang},
        )
    rank = f"{golongan}/{ruang}"
    if from_name is not None and from_name != rank:
        raise ValueParseError(
            _(
                "In “%(value)s” the pangkat name belongs to %(name_rank)s but the "
                "golongan/ruang is %(rank)s. Correct whichever of the two is wrong."
            ),
            "rank_name_mismatch",
            {"value": text, "name_rank": from_name, "rank": rank},
        )
    return rank


def _pangkat_key(low: str) -> str:
    words = [_RANK_WORD_ALIASES.get(w, w) for w in _key(low).split()]
    return " ".join(w for w in words if w not in RANK_FILLER_WORDS)


def _pppk_grade(low: str) -> str | None:
    words = [w for w in _key(low).split() if w not in RANK_FILLER_WORDS]
    if len(words) != 1:
        return None
    return _PPPK_BY_KEY.get(words[0])


_RANK_MESSAGES: dict[str, Any] = {
    "rank_unrecognised": _(
        "“%(value)s” is not a rank we recognise. For PNS write the golongan/ruang, for "
        "example III/a; for PPPK write the grade from I to XVII, for example IX."
    ),
    "rank_ruang_missing": _(
        "The rank “%(value)s” gives the golongan but not the ruang. Write it as "
        "golongan/ruang, for example III/a."
    ),
    "rank_ambiguous": _(
        "The rank “%(value)s” could be a PNS golongan without ruang or a PPPK grade. Write "
        "the golongan/ruang for PNS (for example III/a), or give the employment status."
    ),
    "rank_pppk_for_pns": _(
        "“%(value)s” is a PPPK grade, but this employee is not PPPK. Write the golongan/ruang "
        "(for example III/a), or correct the employment status."
    ),
    "rank_pns_for_pppk": _(
        "“%(value)s” is a PNS golongan/ruang, but this employee is PPPK. Write the PPPK grade "
        "from I to XVII (for example IX), or correct the employment status."
    ),
    "rank_pppk_invalid": _(
        "“%(value)s” is not a PPPK grade. Write a grade from I to XVII, for example IX."
    ),
}


def _rank_error(code: str, text: str) -> ValueParseError:
    return ValueParseError(_RANK_MESSAGES[code], code, {"value": text})


# --- position kind -----------------------------------------------------------

POSITION_KINDS: dict[str, str] = {
    "jpt utama": "jpt_utama",
    "pimpinan tinggi utama": "jpt_utama",
    "main high leadership": "jpt_utama",
    "high leadership main": "jpt_utama",
    "jpt madya": "jpt_madya",
    "pimpinan tinggi madya": "jpt_madya",
    "middle high leadership": "jpt_madya",
    "high leadership middle": "jpt_madya",
    "jpt pratama": "jpt_pratama",
    "pimpinan tinggi pratama": "jpt_pratama",
    "primary high leadership": "jpt_pratama",
    "high leadership primary": "jpt_pratama",
    "administrator": "administrator",
    "administrator position": "administrator",
    "pengawas": "pengawas",
    "supervisor": "pengawas",
    "supervisory": "pengawas",
    "pelaksana": "pelaksana",
    "fungsional umum": "pelaksana",
    "jfu": "pelaksana",
    "executor": "pelaksana",
    "implementer": "pelaksana",
    "staf": "pelaksana",
    "staff": "pelaksana",
    "fungsional": "fungsional",
    "fungsional tertentu": "fungsional",
    "jf": "fungsional",
    "jft": "fungsional",
    "functional": "fungsional",
}

# Old structural echelons and the position kinds that replaced them (UU ASN).
ESELON_POSITION_KINDS: dict[str, str] = {
    "I": "jpt_madya",
    "II": "jpt_pratama",
    "III": "administrator",
    "IV": "pengawas",
}
_ESELON_RE = re.compile(r"^eselon (iv|iii|ii|i|[1-4]) ?[ab]?$")

POSITION_FILLER_WORDS: frozenset[str] = frozenset({"jabatan", "position", "posisi"})

POSITION_KIND_CODES: tuple[str, ...] = (
    "jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "pelaksana",
    "fungsional",
)  # fmt: skip


def parse_position_kind(value: object) -> str | None:
    """Canonical position kind from "JPT Pratama", "Eselon II", "JFU", "Fungsional Tertentu", ..."""
    if _is_blank(value):
        return None
    text = _text(value)
    key = " ".join(w for w in _key(text).split() if w not in POSITION_FILLER_WORDS)
    kind = POSITION_KINDS.get(key)
    if kind is None and (m := _ESELON_RE.match(key)):
        kind = ESELON_POSITION_KINDS[PNS_GOLONGAN_ALIASES[m[1]]]
    if kind is None:
        raise ValueParseError(
            _(
                "“%(value)s” is not a position kind we recognise. Write one of: JPT Utama, "
                "JPT Madya, JPT Pratama, Administrator, Pengawas, Pelaksana, Fungsional."
            ),
            "position_kind_unrecognised",
            {"value": text},
        )
    return kind


# --- highest education (pendidikan terakhir) -------------------------------------

# Each level by the spellings people use, compared without case, spaces or punctuation
# ("D-III", "D.3", "Diploma III" and "diii" are all D3).
_EDUCATION_SPELLINGS: dict[str, tuple[str, ...]] = {
    "SD": ("sd", "mi", "sekolah dasar", "madrasah ibtidaiyah", "elementary school", "primary school"),
    "SMP": ("smp", "mts", "sltp", "sekolah menengah pertama", "madrasah tsanawiyah",
            "junior high school", "lower secondary school"),
    "SMA": ("sma", "smk", "sma smk", "smu", "slta", "ma", "mak", "stm", "smea", "spg", "spk",
            "sekolah menengah atas", "sekolah menengah kejuruan", "madrasah aliyah",
            "senior high school", "high school", "upper secondary school"),
    "D1": ("d1", "di", "diploma 1", "diploma i", "ahli pratama"),
    "D2": ("d2", "dii", "diploma 2", "diploma ii", "ahli muda"),
    "D3": ("d3", "diii", "diploma 3", "diploma iii", "ahli madya"),
    "D4": ("d4", "div", "diploma 4", "diploma iv", "sarjana terapan", "sst", "applied bachelor"),
    "S1": ("s1", "strata 1", "strata i", "sarjana", "bachelor", "bachelors", "bachelor degree"),
    "S2": ("s2", "strata 2", "strata ii", "magister", "master", "masters", "master degree"),
    "S3": ("s3", "strata 3", "strata iii", "doktor", "doctor", "doctorate", "phd"),
}  # fmt: skip
EDUCATION_LEVELS: dict[str, str] = {
    spelling.replace(" ", ""): level
    for level, spellings in _EDUCATION_SPELLINGS.items()
    for spelling in spellings
}


def parse_education(value: object) -> str | None:
    """Canonical level of education ("SD" … "S3") from "SMA/SMK", "D-III", "Sarjana", ..."""
    if _is_blank(value):
        return None
    text = _text(value)
    level = EDUCATION_LEVELS.get(_key(text).replace(" ", ""))
    if level is None:
        raise ValueParseError(
            _(
                "“%(value)s” is not a level of education we recognise. Write one of: SD, SMP, "
                "SMA/SMK, D1, D2, D3, D4, S1, S2, S3."
            ),
            "education_unrecognised",
            {"value": text},
        )
    return level


# --- free text ---------------------------------------------------------------

# The text fields a person types, by the names the import and the API give them.
TEXT_FIELD_LABELS: dict[str, Any] = {
    "full_name": _("Name"),
    "title_front": _("Front title"),
    "title_back": _("Back title"),
    "position": _("Position"),
    "work_unit": _("Work unit"),
}


def check_text(text: str, field: str) -> None:
    """Refuse a text holding a bidirectional control character (see core.text_safety).

    ``field``: a key of :data:`TEXT_FIELD_LABELS`, named in the message.
    """
    character = bidi_control_in(text)
    if character is not None:
        raise ValueParseError(
            BIDI_MESSAGE,
            BIDI_CODE,
            {"field": TEXT_FIELD_LABELS.get(field, field), "character": character},
        )


# --- names and titles --------------------------------------------------------

# Academic, religious and noble titles written before the name. Matched without
# regard to case but kept as written ("dr." is a physician, "Dr." a doctorate).
# "Raden" and other unabbreviated words are left alone: they can be names.
FRONT_TITLES: tuple[str, ...] = (
    "Prof.", "Dr.", "dr.", "drg.", "drh.", "Drs.", "Dra.", "Ir.", "Ns.", "apt.", "Bd.",
    "H.", "Hj.", "KH.", "K.H.", "R.", "Rr.", "R.A.", "R.M.", "R.Ay.",
)  # fmt: skip

_FRONT_TITLE_RE = re.compile(
    "|".join(
        re.escape(t) for t in sorted({t.casefold() for t in FRONT_TITLES}, key=len, reverse=True)
    ),
    re.IGNORECASE,
)


def split_name(raw_name: object) -> tuple[str, str, str]:
    """Split "Dr. Ir. H. Budi Santoso, M.Si." into ("Dr. Ir. H.", "Budi Santoso", "M.Si.").

    Front titles are the known abbreviations in :data:`FRONT_TITLES` at the
    start; back titles are everything after the first comma. Whitespace is
    collapsed, capitalisation kept. A back title written without a comma
    ("Budi Santoso SH") stays in the name: it cannot be told from a name.
    """
    text = "" if raw_name is None else _text(raw_name)
    if not text:
        raise ValueParseError(
            _("The name is empty. Type the employee's full name."), "name_blank", {}
        )
    head, _comma, tail = text.partition(",")
    back = ", ".join(part.strip() for part in tail.split(",") if part.strip())
    fronts: list[str] = []
    rest = head.strip()
    while match := _FRONT_TITLE_RE.match(rest):
        fronts.append(match[0])
        rest = rest[match.end() :].lstrip()
    if not rest:
        raise ValueParseError(
            _(
                "“%(value)s” has titles but no name. Type the employee's name after the "
                "titles, for example “Dr. Budi Santoso, M.Si.”."
            ),
            "name_only_titles",
            {"value": text},
        )
    return " ".join(fronts), rest, back
