from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tangguh.people.parsing import ParseError
from tangguh.people.parsing.nip import (
    NipError,
    NipInfo,
    check_consistency,
    format_nip,
    mask_nip,
    normalize_nip,
    parse_identifier,
    validate_nip,
)

TODAY = date(2025, 6, 15)
NIP = "196608011988031001"


# --- normalize_nip ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        NIP,
        "'196608011988031001",
        "\u2019196608011988031001",
        "  196608011988031001\t",
        "19660801 198803 1 001",
        "19660801  198803  1  001",
        "19660801\u00a0198803\u00a01\u00a0001",
        "19660801.198803.1.001",
        "19660801-198803-1-001",
        "'19660801 198803 1 001 ",
    ],
)
def test_normalize_accepts_what_people_write(raw: str) -> None:
    assert normalize_nip(raw) == NIP


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (196608011988031001, "nip_numeric_cell"),
        (196608011988031000.0, "nip_numeric_cell"),
        (1.96608e17, "nip_numeric_cell"),
        (Decimal("196608011988031001"), "nip_numeric_cell"),
        ("196608011988031000.0", "nip_numeric_cell"),
        ("1.96608E+17", "nip_scientific"),
        ("1,96608E+17", "nip_scientific"),
        ("1.96608e17", "nip_scientific"),
        ("1966080119880310", "nip_wrong_length"),
        ("1966080119880310011", "nip_wrong_length"),
        ("19660801198803100A", "nip_non_digit"),
        ("1966O8011988031001", "nip_non_digit"),
        ("١٩٦٦٠٨٠١١٩٨٨٠٣١٠٠١", "nip_non_digit"),
        ("NIP: 196608011988031001", "nip_non_digit"),
        (None, "nip_blank"),
        ("", "nip_blank"),
        ("   ", "nip_blank"),
        ("'", "nip_blank"),
        (True, "nip_not_text"),
        ([NIP], "nip_not_text"),
    ],
)
def test_normalize_rejects(raw: object, code: str) -> None:
    with pytest.raises(NipError) as info:
        normalize_nip(raw)
    assert info.value.code == code
    assert info.value.message  # renders without error


def test_numeric_cell_message_explains_the_fix() -> None:
    with pytest.raises(NipError) as info:
        normalize_nip(196608011988031000.0)
    message = info.value.message
    assert "196608011988031000" in message
    assert ".0" not in message
    assert "Format the NIP column as Text and type the NIP again" in message


def test_scientific_message_quotes_value_and_gives_the_fix() -> None:
    with pytest.raises(NipError) as info:
        normalize_nip("1.96608E+17")
    assert "1.96608E+17" in info.value.message
    assert "Format the NIP column as Text" in info.value.message


def test_wrong_length_says_how_many_digits() -> None:
    with pytest.raises(NipError) as info:
        normalize_nip("19660801 198803 1 0")
    assert info.value.params["count"] == 16
    assert "16 digits" in info.value.message
    assert "18" in info.value.message


def test_non_digit_names_the_characters() -> None:
    with pytest.raises(NipError) as info:
        normalize_nip("1966O801198803100x")
    assert info.value.params["characters"] == "O x"


@given(st.text(max_size=30))
def test_normalize_only_ever_raises_nip_error(raw: str) -> None:
    try:
        result = normalize_nip(raw)
    except NipError:
        return
    assert len(result) == 18 and result.isascii() and result.isdigit()


# --- validate_nip ---------------------------------------------------------------


def test_validate_example() -> None:
    assert validate_nip(NIP, today=TODAY) == NipInfo(
        nip=NIP,
        birth_date=date(1966, 8, 1),
        appointment_year=1988,
        appointment_month=3,
        sex="M",
        sequence=1,
        kind="PNS",
    )


def test_validate_female_and_last_sequence() -> None:
    info = validate_nip("197002282000122999", today=TODAY)
    assert info.sex == "F"
    assert info.sequence == 999
    assert info.birth_date == date(1970, 2, 28)


def test_validate_normalises_formatted_input() -> None:
    assert validate_nip("19660801 198803 1 001", today=TODAY).nip == NIP


@pytest.mark.parametrize(
    ("nip", "code", "part"),
    [
        ("196613011988031001", "nip_birth_date_invalid", "19661301"),
        ("196702291988031001", "nip_birth_date_invalid", "19670229"),
        ("196608001988031001", "nip_birth_date_invalid", "19660800"),
        ("196608011988001001", "nip_appointment_month_invalid", "00"),
        ("196608011988131001", "nip_appointment_month_invalid", "13"),
        ("196608011984071001", "nip_appointment_too_early", "198407"),
        ("196608012025071001", "nip_appointment_in_future", "202507"),
        ("196608011988030001", "nip_sex_digit_invalid", "0"),
        ("196608011988033001", "nip_sex_digit_invalid", "3"),
        ("196608011988031000", "nip_sequence_invalid", "000"),
    ],
)
def test_validate_rejects_each_part(nip: str, code: str, part: str) -> None:
    with pytest.raises(NipError) as info:
        validate_nip(nip, today=TODAY)
    assert info.value.code == code
    assert info.value.params["part"] == part
    assert part in info.value.message


def test_birth_date_message_names_the_digits() -> None:
    with pytest.raises(NipError) as info:
        validate_nip("196613011988031001", today=TODAY)
    assert info.value.message.startswith(
        "The birth date in the NIP (digits 1–8: 19661301) is not a real date."
    )


def test_appointment_boundaries() -> None:
    # Born August 1966: the 18th birthday month is August 1984.
    assert validate_nip("196608011984081001", today=TODAY).appointment_month == 8
    with pytest.raises(NipError):
        validate_nip("196608011984071001", today=TODAY)
    # An appointment in the current month is fine; next month is not.
    assert validate_nip("196608012025061001", today=TODAY).appointment_year == 2025
    with pytest.raises(NipError):
        validate_nip("196608012025071001", today=TODAY)


# --- parse_identifier ------------------------------------------------------------


def test_parse_identifier_defaults_to_pns_checks() -> None:
    assert parse_identifier(" 19660801 198803 1 001", today=TODAY).kind == "PNS"
    with pytest.raises(NipError) as info:
        parse_identifier("199305132022212001", today=TODAY)
    assert info.value.code == "nip_appointment_month_invalid"
    assert "PPPK" in info.value.message


def test_parse_identifier_cpns_uses_pns_layout() -> None:
    assert parse_identifier(NIP, today=TODAY, kind_hint="CPNS").kind == "PNS"


def test_parse_identifier_pppk_is_lenient() -> None:
    info = parse_identifier("199305132022212001", today=TODAY, kind_hint="PPPK")
    assert info.kind == "PPPK"
    assert info.birth_date == date(1993, 5, 13)
    assert info.appointment_year == 2022
    assert info.appointment_month is None
    assert info.sex == "F"
    assert info.sequence == 1


def test_parse_identifier_pppk_unknown_parts_are_none() -> None:
    info = parse_identifier("199305132022219000", today=TODAY, kind_hint="PPPK")
    assert info.sex is None
    assert info.sequence is None


def test_parse_identifier_pppk_still_checks_birth_date() -> None:
    with pytest.raises(NipError) as info:
        parse_identifier("199313132022212001", today=TODAY, kind_hint="PPPK")
    assert info.value.code == "nip_birth_date_invalid"


def test_parse_identifier_pppk_still_normalises() -> None:
    with pytest.raises(NipError) as info:
        parse_identifier(1.99305e17, today=TODAY, kind_hint="PPPK")
    assert info.value.code == "nip_numeric_cell"


def test_parse_identifier_rejects_unknown_hint() -> None:
    with pytest.raises(ValueError, match="kind_hint"):
        parse_identifier(NIP, today=TODAY, kind_hint="TNI")


# --- check_consistency -----------------------------------------------------------


def test_consistency_agreeing_values() -> None:
    info = validate_nip(NIP, today=TODAY)
    assert check_consistency(info) == []
    assert check_consistency(info, birth_date=date(1966, 8, 1), sex="M") == []


def test_consistency_reports_both_values() -> None:
    info = validate_nip(NIP, today=TODAY)
    errors = check_consistency(info, birth_date=date(1966, 1, 8), sex="F")
    assert [e.code for e in errors] == ["nip_birth_date_mismatch", "nip_sex_mismatch"]
    # Dates in a sentence: the reader's language's format, "8 January 1966".
    with translation.override("en"):
        assert "8 January 1966" in errors[0].message and "1 August 1966" in errors[0].message
    with translation.override("id"):
        assert "8 Januari 1966" in errors[0].message and "1 Agustus 1966" in errors[0].message
    assert "female" in errors[1].message and "male" in errors[1].message


def test_consistency_skips_unknown_pppk_sex() -> None:
    info = parse_identifier("199305132022219000", today=TODAY, kind_hint="PPPK")
    assert check_consistency(info, sex="M") == []


# --- format and mask ------------------------------------------------------------


def test_format_and_mask() -> None:
    assert format_nip(NIP) == "19660801 198803 1 001"
    assert format_nip("'19660801-198803-1-001") == "19660801 198803 1 001"
    assert mask_nip(NIP) == "**************1001"
    assert mask_nip("19660801 198803 1 001") == "**************1001"


def test_format_rejects_bad_input() -> None:
    with pytest.raises(NipError):
        format_nip("123")


# --- properties ----------------------------------------------------------------


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, int, int, str, int]:
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 1, 31)))
    earliest = (birth.year + 18) * 12 + birth.month - 1
    latest = TODAY.year * 12 + TODAY.month - 1
    appointed = draw(st.integers(min_value=earliest, max_value=latest))
    year, month = divmod(appointed, 12)
    sex = draw(st.sampled_from(["1", "2"]))
    seq = draw(st.integers(min_value=1, max_value=999))
    nip = f"{birth:%Y%m%d}{year:04d}{month + 1:02d}{sex}{seq:03d}"
    return nip, birth, year, month + 1, sex, seq


@given(valid_nips())
def test_valid_nips_round_trip(case: tuple[str, date, int, int, str, int]) -> None:
    nip, birth, year, month, sex, seq = case
    info = validate_nip(nip, today=TODAY)
    assert (info.birth_date, info.appointment_year, info.appointment_month) == (birth, year, month)
    assert info.sex == {"1": "M", "2": "F"}[sex]
    assert info.sequence == seq
    assert normalize_nip(format_nip(nip)) == nip
    assert check_consistency(info, birth_date=birth, sex=info.sex) == []


@given(valid_nips())
def test_mask_hides_birth_date(case: tuple[str, date, int, int, str, int]) -> None:
    nip = case[0]
    masked = mask_nip(nip)
    assert masked == "*" * 14 + nip[14:]
    assert nip[:8] not in masked


# --- the error object -----------------------------------------------------------


def test_error_object() -> None:
    with pytest.raises(ParseError) as info:
        normalize_nip("12")
    error = info.value
    assert isinstance(error, NipError)
    assert str(error) == error.message
    assert error == NipError(error.template, "nip_wrong_length", dict(error.params))
    validation_error = error.to_validation_error()
    assert isinstance(validation_error, ValidationError)
    assert validation_error.code == "nip_wrong_length"
    assert validation_error.messages == [error.message]
