import pytest
from hypothesis import given
from hypothesis import strategies as st

from tangguh.people.parsing.values import (
    EMPLOYMENT_KINDS,
    EMPLOYMENT_STATES,
    FRONT_TITLES,
    PNS_GOLONGAN_RUANG,
    PNS_PANGKAT,
    POSITION_KIND_CODES,
    POSITION_KINDS,
    PPPK_GRADES,
    EmploymentStatus,
    ValueParseError,
    parse_employment_status,
    parse_position_kind,
    parse_rank,
    parse_sex,
    rank_kind,
    split_name,
)

# --- sex -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["L", "l", "Laki-laki", "LAKI-LAKI", "Laki Laki", "Lakilaki", "Pria", "M", "Male",
              "1", 1, 1.0, " L "],
)  # fmt: skip
def test_sex_male(value: object) -> None:
    assert parse_sex(value) == "M"


@pytest.mark.parametrize(
    "value",
    ["P", "p", "Perempuan", "PEREMPUAN", "Wanita", "F", "Female", "2", 2, 2.0],
)
def test_sex_female(value: object) -> None:
    assert parse_sex(value) == "F"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_sex_blank(value: object) -> None:
    assert parse_sex(value) is None


@pytest.mark.parametrize("value", ["X", "3", "Laki-laki/Perempuan", 0])
def test_sex_rejected(value: object) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_sex(value)
    assert info.value.code == "sex_unrecognised"
    assert f"“{value}”" in info.value.message
    assert "L (laki-laki) or P (perempuan)" in info.value.message


# --- employment status --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "state"),
    [
        ("PNS", "PNS", None),
        ("pns", "PNS", None),
        ("CPNS", "CPNS", None),
        ("Calon PNS", "CPNS", None),
        ("PPPK", "PPPK", None),
        ("P3K", "PPPK", None),
        ("Aktif", None, "active"),
        ("Pensiun", None, "retired"),
        ("Pindah", None, "moved_out"),
        ("Mutasi Keluar", None, "moved_out"),
        ("Meninggal", None, "deceased"),
        ("Meninggal Dunia", None, "deceased"),
        ("PNS Aktif", "PNS", "active"),
        ("PNS - Pensiun", "PNS", "retired"),
        ("PPPK (Aktif)", "PPPK", "active"),
        ("CPNS/Aktif", "CPNS", "active"),
        ("Status: PNS", "PNS", None),
        ("Masih Aktif", None, "active"),
        ("Aktif aktif", None, "active"),
        ("active", None, "active"),
        ("Retired", None, "retired"),
        ("deceased", None, "deceased"),
        ("moved out", None, "moved_out"),
        ("Pegawai Negeri Sipil", "PNS", None),
        ("Pegawai Pemerintah dengan Perjanjian Kerja", "PPPK", None),
    ],
)
def test_status_accepted(value: str, kind: str | None, state: str | None) -> None:
    assert parse_employment_status(value) == EmploymentStatus(kind, state)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_status_blank(value: object) -> None:
    assert parse_employment_status(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Honorer", "status_unrecognised"),
        ("Non Aktif", "status_unrecognised"),
        ("Status", "status_unrecognised"),
        ("PNS PPPK", "status_conflicting_kinds"),
        ("Aktif Pensiun", "status_conflicting_states"),
    ],
)
def test_status_rejected(value: str, code: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_employment_status(value)
    assert info.value.code == code
    assert f"“{value}”" in info.value.message


def test_status_tables_use_known_codes() -> None:
    assert set(EMPLOYMENT_KINDS.values()) == {"CPNS", "PNS", "PPPK"}
    assert set(EMPLOYMENT_STATES.values()) == {"active", "retired", "moved_out", "deceased"}


# --- rank ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["III/a", "iii/a", "III a", "IIIa", "3a", "3/A", "III-A", "III.a", "III / a", "Gol. III/a",
     "Golongan III/a", "Penata Muda (III/a)", "Penata Muda, III/a", "Penata Muda"],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["PNS", "CPNS", None])
def test_pns_rank_forms(value: str, kind: str | None) -> None:
    assert parse_rank(value, employee_kind=kind) == "III/a"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("I/a", "I/a"),
        ("1d", "I/d"),
        ("II/c", "II/c"),
        ("IV/e", "IV/e"),
        ("4E", "IV/e"),
        ("Juru Muda Tingkat I (I/b)", "I/b"),
        ("Pengatur Tk. I (II/d)", "II/d"),
        ("Penata Tk.I", "III/d"),
        ("Pembina Utama Muda (IV/c)", "IV/c"),
        ("Pembina Utama Madya", "IV/d"),
        ("Pembina Utama", "IV/e"),
        ("Pembina Tingkat 1", "IV/b"),
    ],
)
def test_pns_rank_values(value: str, expected: str) -> None:
    assert parse_rank(value, employee_kind="PNS") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("IX", "IX"), ("ix", "IX"), ("9", "IX"), (9, "IX"), (9.0, "IX"), ("Golongan IX", "IX"),
     ("Gol. 9", "IX"), ("I", "I"), ("1", "I"), ("IV", "IV"), ("XVII", "XVII"), ("17", "XVII"),
     ("V", "V"), ("XIV", "XIV")],
)  # fmt: skip
def test_pppk_grades(value: object, expected: str) -> None:
    assert parse_rank(value, employee_kind="PPPK") == expected


def test_unknown_kind_reads_unambiguous_grades() -> None:
    assert parse_rank("IX", employee_kind=None) == "IX"
    assert parse_rank("IV/b", employee_kind=None) == "IV/b"


@pytest.mark.parametrize(
    ("value", "kind", "code"),
    [
        ("III", "PNS", "rank_ruang_missing"),
        ("Gol. I", "CPNS", "rank_ruang_missing"),
        ("I", None, "rank_ambiguous"),
        ("IV", None, "rank_ambiguous"),
        ("IX", "PNS", "rank_pppk_for_pns"),
        ("III/a", "PPPK", "rank_pns_for_pppk"),
        ("Penata Muda", "PPPK", "rank_pns_for_pppk"),
        ("18", "PPPK", "rank_pppk_invalid"),
        ("XVIII", "PPPK", "rank_pppk_invalid"),
        ("0", "PPPK", "rank_pppk_invalid"),
        ("III/e", "PNS", "rank_ruang_invalid"),
        ("I/e", None, "rank_ruang_invalid"),
        ("Penata Muda (III/b)", "PNS", "rank_name_mismatch"),
        ("Kepala Seksi", "PNS", "rank_unrecognised"),
        ("III/f", "PNS", "rank_unrecognised"),
    ],
)
def test_rank_rejected(value: str, kind: str | None, code: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_rank(value, employee_kind=kind)
    assert info.value.code == code
    assert f"“{value}”" in info.value.message


@pytest.mark.parametrize("value", [None, "", "  "])
def test_rank_blank(value: object) -> None:
    assert parse_rank(value, employee_kind="PNS") is None


def test_rank_rejects_unknown_employee_kind() -> None:
    with pytest.raises(ValueError, match="employee_kind"):
        parse_rank("III/a", employee_kind="TNI")


ALL_PNS_RANKS = [f"{g}/{r}" for g, letters in PNS_GOLONGAN_RUANG.items() for r in letters]


def test_rank_tables() -> None:
    assert len(ALL_PNS_RANKS) == 17
    assert sorted(PNS_PANGKAT.values()) == sorted(ALL_PNS_RANKS)
    assert len(PPPK_GRADES) == 17


@pytest.mark.parametrize("rank", ALL_PNS_RANKS)
def test_canonical_pns_ranks_are_fixed_points(rank: str) -> None:
    assert parse_rank(rank, employee_kind="PNS") == rank
    assert rank_kind(rank) == "PNS"


@pytest.mark.parametrize("grade", PPPK_GRADES)
def test_canonical_pppk_grades_are_fixed_points(grade: str) -> None:
    assert parse_rank(grade, employee_kind="PPPK") == grade
    assert rank_kind(grade) == "PPPK"


@pytest.mark.parametrize(("name", "rank"), sorted(PNS_PANGKAT.items()))
def test_pangkat_name_with_its_rank(name: str, rank: str) -> None:
    written = name.title().replace("Tingkat I", "Tk. I")
    assert parse_rank(f"{written} ({rank})", employee_kind="PNS") == rank


@given(st.text(max_size=30), st.sampled_from(["PNS", "CPNS", "PPPK", None]))
def test_rank_only_raises_value_parse_error(value: str, kind: str | None) -> None:
    try:
        result = parse_rank(value, employee_kind=kind)
    except ValueParseError:
        return
    assert result is None or result in ALL_PNS_RANKS or result in PPPK_GRADES


# --- position kind --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("JPT Utama", "jpt_utama"),
        ("JPT Madya", "jpt_madya"),
        ("JPT Pratama", "jpt_pratama"),
        ("jpt_pratama", "jpt_pratama"),
        ("Jabatan Pimpinan Tinggi Pratama", "jpt_pratama"),
        ("Pimpinan Tinggi Madya", "jpt_madya"),
        ("Eselon I", "jpt_madya"),
        ("Eselon I.a", "jpt_madya"),
        ("Eselon II", "jpt_pratama"),
        ("Eselon IIb", "jpt_pratama"),
        ("Eselon III", "administrator"),
        ("eselon 3", "administrator"),
        ("Eselon IV", "pengawas"),
        ("Eselon IV.a", "pengawas"),
        ("Administrator", "administrator"),
        ("Jabatan Administrator", "administrator"),
        ("Pengawas", "pengawas"),
        ("Pelaksana", "pelaksana"),
        ("Fungsional Umum", "pelaksana"),
        ("JFU", "pelaksana"),
        ("Fungsional", "fungsional"),
        ("Fungsional Tertentu", "fungsional"),
        ("Jabatan Fungsional", "fungsional"),
        ("JF", "fungsional"),
        ("JFT", "fungsional"),
        ("Functional", "fungsional"),
        ("Supervisor", "pengawas"),
        ("Primary High Leadership", "jpt_pratama"),
    ],
)
def test_position_kind(value: str, expected: str) -> None:
    assert parse_position_kind(value) == expected


@pytest.mark.parametrize("value", ["Struktural", "Eselon V", "Kepala Dinas", "JPT"])
def test_position_kind_rejected(value: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_position_kind(value)
    assert info.value.code == "position_kind_unrecognised"
    assert f"“{value}”" in info.value.message


def test_position_kind_blank_and_table() -> None:
    assert parse_position_kind("") is None
    assert set(POSITION_KINDS.values()) == set(POSITION_KIND_CODES)


# --- names and titles -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. Ir. H. Budi Santoso, M.Si.", ("Dr. Ir. H.", "Budi Santoso", "M.Si.")),
        ("Budi Santoso, S.H., M.H.", ("", "Budi Santoso", "S.H., M.H.")),
        ("Budi  Santoso ,S.H.,M.H.", ("", "Budi Santoso", "S.H., M.H.")),
        ("dr. Siti Aminah, Sp.A.", ("dr.", "Siti Aminah", "Sp.A.")),
        ("Prof. Dr. Siti Aminah", ("Prof. Dr.", "Siti Aminah", "")),
        ("Hj. Siti Aminah, S.Pd.", ("Hj.", "Siti Aminah", "S.Pd.")),
        ("H.Agus Salim", ("H.", "Agus Salim", "")),
        ("DRS. AGUS SALIM", ("DRS.", "AGUS SALIM", "")),
        ("KH. Ahmad Dahlan", ("KH.", "Ahmad Dahlan", "")),
        ("R.A. Kartini", ("R.A.", "Kartini", "")),
        ("Raden Ajeng Kartini", ("", "Raden Ajeng Kartini", "")),
        ("M. Yusuf", ("", "M. Yusuf", "")),
        ("Drajat Hidayat", ("", "Drajat Hidayat", "")),
        ("Ir Soekarno", ("", "Ir Soekarno", "")),
        ("budi\u00a0santoso", ("", "budi santoso", "")),
        ("Budi Santoso,", ("", "Budi Santoso", "")),
    ],
)
def test_split_name(raw: str, expected: tuple[str, str, str]) -> None:
    assert split_name(raw) == expected


@pytest.mark.parametrize(("raw", "code"), [(None, "name_blank"), ("  ", "name_blank"),
                                           ("Dr. H.", "name_only_titles")])  # fmt: skip
def test_split_name_rejected(raw: object, code: str) -> None:
    with pytest.raises(ValueParseError) as info:
        split_name(raw)
    assert info.value.code == code


word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2,
               max_size=8).filter(lambda w: not w.endswith("."))  # fmt: skip


@given(
    st.lists(st.sampled_from(FRONT_TITLES), max_size=3),
    st.lists(word, min_size=1, max_size=4),
    st.lists(st.sampled_from(["S.H.", "M.H.", "M.Si.", "S.Kom.", "Ph.D."]), max_size=3),
)
def test_split_name_round_trip(fronts: list[str], words: list[str], backs: list[str]) -> None:
    name = " ".join(words)
    raw = " ".join([*fronts, name]) + "".join(f", {b}" for b in backs)
    front, got_name, back = split_name(raw)
    # A name word may itself look like a title only if it ends with "."; words never do.
    assert (front, got_name, back) == (" ".join(fronts), name, ", ".join(backs))


# --- free text: bidirectional controls ---------------------------------------------

BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]  # fmt: skip


@pytest.mark.parametrize("char", BIDI)
@pytest.mark.parametrize(
    "field", ["full_name", "title_front", "title_back", "position", "work_unit"]
)
def test_text_with_a_bidirectional_control_is_refused(char: str, field: str) -> None:
    from django.utils import translation

    from tangguh.people.parsing import check_text

    with pytest.raises(ValueParseError) as info, translation.override("en"):
        check_text(f"Budi{char}ognaS", field)
    assert info.value.code == "text_bidi_control"
    with translation.override("en"):
        message = info.value.message
    label = {"full_name": "Name", "title_front": "Front title", "title_back": "Back title",
             "position": "Position", "work_unit": "Work unit"}[field]  # fmt: skip
    code = f"U+{ord(char):04X}"
    assert message.startswith(f"{label} contains an invisible character that changes reading "
                              f"direction ({code}).")  # fmt: skip
    with translation.override("id"):
        assert f"arah baca ({code})" in info.value.message


@pytest.mark.parametrize(
    "text",
    ["Budi Santoso", "Ni Luh Putu Ayu", "O'Brien", "-2+3+cmd|' /C calc'!A0", "\u00e9\u00e8",
     "\u0639\u0628\u062f \u0627\u0644\u0644\u0647", "Zero\u200bwidth space", ""],
)  # fmt: skip
def test_text_without_one_passes(text: str) -> None:
    from tangguh.people.parsing import check_text

    check_text(text, "full_name")
