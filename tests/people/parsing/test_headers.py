import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from tangguh.people.parsing.headers import (
    FIELD_LABELS,
    FIELD_SYNONYMS,
    REQUIRED_FIELDS,
    TEMPLATE_FIELDS,
    TEMPLATE_HEADER_BY_FIELD,
    TEMPLATE_HEADERS,
    column_letter,
    match_headers,
    normalize_header,
)

SYNONYM_CASES = [(field, s) for field, synonyms in FIELD_SYNONYMS.items() for s in synonyms]


@pytest.mark.parametrize(("field", "header"), SYNONYM_CASES)
def test_every_synonym_matches_in_any_spelling(field: str, header: str) -> None:
    for variant in (header, header.upper(), header.lower(), f"  {header.replace(' ', '_')} "):
        assert match_headers([variant]).columns == {field: 0}, variant


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIP", "nip"),
        ("NIP/NI PPPK", "nip"),
        ("NI PPPK", "nip"),
        ("Nomor Induk Pegawai", "nip"),
        ("Employee ID", "nip"),
        ("Nama", "full_name"),
        ("Nama Lengkap", "full_name"),
        ("Full Name", "full_name"),
        ("Jenis Kelamin", "sex"),
        ("JK", "sex"),
        ("L/P", "sex"),
        ("Gender", "sex"),
        ("Tanggal Lahir", "birth_date"),
        ("Tgl Lahir", "birth_date"),
        ("Tgl. Lahir", "birth_date"),
        ("TGL_LAHIR", "birth_date"),
        ("Date of Birth", "birth_date"),
        ("Birth Date", "birth_date"),
        ("Jabatan", "position"),
        ("Nama Jabatan", "position"),
        ("Jenis Jabatan", "position_kind"),
        ("Position Kind", "position_kind"),
        ("Golongan", "rank"),
        ("Gol", "rank"),
        ("Gol.", "rank"),
        ("Golongan/Ruang", "rank"),
        ("Pangkat/Golongan", "rank"),
        ("Rank", "rank"),
        ("Grade", "rank"),
        ("Unit Kerja", "work_unit"),
        ("Unit Organisasi", "work_unit"),
        ("OPD", "work_unit"),
        ("Status Kepegawaian", "employment_status"),
        ("Status Pegawai", "employment_status"),
        ("Status", "employment_status"),
        ("Employment Status", "employment_status"),
        ("Gelar Depan", "title_front"),
        ("Front Title", "title_front"),
        ("Gelar Belakang", "title_back"),
        ("Back Title", "title_back"),
        ("TMT", "tmt"),
        ("TMT Jabatan", "tmt"),
        ("Effective Date", "tmt"),
        ("Tanggal Lahir (DD-MM-YYYY)", "birth_date"),
        ("NIP *", "nip"),
        ("Nama\nLengkap", "full_name"),
        ("Nama\u00a0Lengkap", "full_name"),
    ],
)
def test_named_headers(header: str, field: str) -> None:
    assert match_headers([header]).columns == {field: 0}


def test_any_order_with_unknown_and_blank_columns() -> None:
    result = match_headers(["No", "Nama", None, "NIP", "  ", "Keterangan", "Tgl. Lahir"])
    assert result.columns == {"full_name": 1, "nip": 3, "birth_date": 6}
    assert result.ignored == [(0, "No"), (5, "Keterangan")]
    assert result.blank == [2, 4]
    assert result.missing_required == []
    assert result.duplicates == {}
    assert result.ok
    assert result.errors() == []


def test_missing_required() -> None:
    result = match_headers(["Jabatan", "Unit Kerja"])
    assert result.missing_required == ["nip", "full_name"]
    assert not result.ok
    errors = result.errors()
    assert [e.code for e in errors] == ["header_missing_required"] * 2
    assert "“NIP”" in errors[0].message
    assert "“Nama”" in errors[1].message


def test_duplicates_are_errors() -> None:
    result = match_headers(["NIP", "Nama", "Golongan", "Pangkat/Golongan", "Gol"])
    assert result.duplicates == {"rank": [2, 3, 4]}
    assert result.columns["rank"] == 2
    assert not result.ok
    (error,) = result.errors()
    assert error.code == "header_duplicate"
    assert "C, D, E" in error.message
    assert "“Pangkat/Golongan”" in error.message


def test_template_headers() -> None:
    # Operators keep their templates: the columns come in this order, new ones after them.
    assert list(TEMPLATE_HEADERS)[:11] == [
        "NIP", "Gelar Depan", "Nama", "Gelar Belakang", "Jenis Kelamin", "Tanggal Lahir",
        "Status Kepegawaian", "Jabatan", "Jenis Jabatan", "Golongan", "Unit Kerja",
    ]  # fmt: skip
    result = match_headers(list(TEMPLATE_HEADERS))
    assert result.ok
    assert result.columns == {field: i for i, field in enumerate(TEMPLATE_FIELDS)}
    assert result.ignored == []


def test_tables_are_consistent() -> None:
    assert set(FIELD_LABELS) == set(FIELD_SYNONYMS) == set(TEMPLATE_HEADER_BY_FIELD)
    assert set(REQUIRED_FIELDS) <= set(TEMPLATE_FIELDS)
    keys = [normalize_header(s) for _, s in SYNONYM_CASES]
    assert all(keys)


def test_normalize_header() -> None:
    assert normalize_header("Tgl. Lahir") == "tgllahir"
    assert normalize_header(None) == ""
    assert normalize_header(2024) == "2024"
    assert normalize_header("(wajib)") == "wajib"


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"),
                          (52, "BA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")],
)  # fmt: skip
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


def test_column_letter_rejects_negative() -> None:
    with pytest.raises(ValueError):
        column_letter(-1)


@given(st.integers(min_value=0, max_value=18277))
def test_column_letter_matches_openpyxl(index: int) -> None:
    assert column_letter(index) == get_column_letter(index + 1)


@given(st.lists(st.text(max_size=20), max_size=15))
def test_match_headers_accounts_for_every_column(headers: list[str]) -> None:
    result = match_headers(headers)
    placed = set(result.blank) | {i for i, _ in result.ignored}
    for field, index in result.columns.items():
        placed |= set(result.duplicates.get(field, [index]))
    assert placed == set(range(len(headers)))
