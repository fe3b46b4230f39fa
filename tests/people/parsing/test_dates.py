from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tangguh.people.parsing.dates import (
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    DateParseError,
    parse_date,
    parse_optional_date,
)

AUG_1 = date(1966, 8, 1)


@pytest.mark.parametrize(
    "value",
    [
        "01-08-1966",
        "1-8-1966",
        "1/8/1966",
        "01/08/1966",
        "01.08.1966",
        "1966-08-01",
        "1966/08/01",
        "1966-8-1",
        "1966-08-01 00:00:00",
        "1966-08-01T00:00:00",
        "01-08-1966 00:00",
        "1 Agustus 1966",
        "1 agustus 1966",
        "1 AGUSTUS 1966",
        "1 Agt 1966",
        "1 Agt. 1966",
        "1 Agu 1966",
        "1 Ags 1966",
        "01 Aug 1966",
        "01-Aug-1966",
        "1 August 1966",
        "August 1, 1966",
        "Aug 1 1966",
        "  1   Agustus\u00a01966 ",
    ],
)
def test_accepted_text_forms(value: str) -> None:
    assert parse_date(value) == AUG_1


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("Januari", 1), ("Februari", 2), ("Maret", 3), ("April", 4), ("Mei", 5),
        ("Juni", 6), ("Juli", 7), ("Agustus", 8), ("September", 9), ("Oktober", 10),
        ("November", 11), ("Desember", 12),
        ("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4), ("Mei", 5), ("Jun", 6),
        ("Jul", 7), ("Agu", 8), ("Agt", 8), ("Ags", 8), ("Sep", 9), ("Okt", 10),
        ("Nov", 11), ("Des", 12),
        ("January", 1), ("February", 2), ("March", 3), ("May", 5), ("June", 6),
        ("July", 7), ("October", 10), ("Oct", 10), ("December", 12), ("Dec", 12),
        ("Pebruari", 2), ("Nopember", 11),
    ],
)  # fmt: skip
def test_month_names(name: str, month: int) -> None:
    assert parse_date(f"3 {name} 1980") == date(1980, month, 3)
    assert parse_date(f"3 {name.upper()} 1980") == date(1980, month, 3)


def test_cell_objects() -> None:
    assert parse_date(AUG_1) == AUG_1
    assert parse_date(datetime(1966, 8, 1, 13, 45)) == AUG_1


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (24320, AUG_1),
        (24320.75, AUG_1),
        (Decimal("24320"), AUG_1),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (45658, date(2025, 1, 1)),
    ],
)
def test_excel_serials(serial: object, expected: date) -> None:
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (60, "date_serial_leap_bug"),
        (0, "date_serial_out_of_range"),
        (-5, "date_serial_out_of_range"),
        (19660801, "date_serial_out_of_range"),
        (float("nan"), "date_unrecognised"),
        (float("inf"), "date_unrecognised"),
        (True, "date_unsupported_type"),
        ([1], "date_unsupported_type"),
        (None, "date_blank"),
        ("", "date_blank"),
        ("   ", "date_blank"),
        ("01-08-66", "date_two_digit_year"),
        ("1/8/66", "date_two_digit_year"),
        ("1 Agustus 66", "date_two_digit_year"),
        ("01-08-196", "date_year_invalid"),
        ("01-08-19666", "date_year_invalid"),
        ("31-02-1966", "date_day_invalid"),
        ("29-02-1900", "date_day_invalid"),
        ("00-08-1966", "date_day_invalid"),
        ("08/31/1966", "date_month_invalid"),
        ("01-13-1966", "date_month_invalid"),
        ("1966-13-01", "date_month_invalid"),
        ("1 Agustos 1966", "date_unknown_month"),
        ("0966-08-01", "date_year_out_of_range"),
        ("01-08-2966", "date_year_out_of_range"),
        (date(1066, 8, 1), "date_year_out_of_range"),
        ("kemarin", "date_unrecognised"),
        ("1966", "date_unrecognised"),
        ("19660801", "date_unrecognised"),
        ("Agustus 1966", "date_unrecognised"),
    ],
)
def test_rejected_values(value: object, code: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(value)
    assert info.value.code == code
    assert info.value.message


def test_messages_quote_the_value_and_give_the_fix() -> None:
    with pytest.raises(DateParseError) as info:
        parse_date("01-08-66")
    assert "“01-08-66”" in info.value.message
    assert "four digits" in info.value.message

    with pytest.raises(DateParseError) as info:
        parse_date("08/31/1966")
    assert "DD-MM-YYYY" in info.value.message

    with pytest.raises(DateParseError) as info:
        parse_date("1 Agustos 1966")
    assert "“Agustos”" in info.value.message

    with pytest.raises(DateParseError) as info:
        parse_date("31-02-1966")
    assert info.value.params["days"] == 28


def test_cached_errors_are_fresh_objects() -> None:
    errors = []
    for _ in range(2):
        with pytest.raises(DateParseError) as info:
            parse_date("not a date")
        errors.append(info.value)
    assert errors[0] is not errors[1]
    assert errors[0] == errors[1]


def test_parse_optional_date() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date("01-08-1966") == AUG_1
    with pytest.raises(DateParseError):
        parse_optional_date("x")


dates_in_range = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
_INDONESIAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip


@given(dates_in_range, st.sampled_from(["-", "/", "."]))
def test_numeric_round_trip(value: date, sep: str) -> None:
    assert parse_date(f"{value.day:02d}{sep}{value.month:02d}{sep}{value.year}") == value
    assert parse_date(f"{value.day}{sep}{value.month}{sep}{value.year}") == value
    assert parse_date(value.isoformat()) == value


@given(dates_in_range)
def test_named_round_trip(value: date) -> None:
    assert parse_date(f"{value.day} {_INDONESIAN[value.month - 1]} {value.year}") == value
    assert parse_date(value.strftime("%d %b %Y")) == value
    assert parse_date(value.strftime("%B %d, %Y")) == value


@given(dates_in_range.filter(lambda d: d >= date(1900, 3, 1)))
def test_serial_round_trip(value: date) -> None:
    assert parse_date((value - date(1899, 12, 30)).days) == value


@given(st.one_of(st.text(max_size=25), st.integers(), st.floats()))
def test_only_date_parse_errors(value: object) -> None:
    try:
        result = parse_date(value)
    except DateParseError:
        return
    assert MIN_YEAR <= result.year <= MAX_YEAR


def test_month_table_is_casefolded() -> None:
    assert all(name == name.casefold() for name in MONTHS)
    assert set(MONTHS.values()) == set(range(1, 13))


def test_serial_fraction_is_time_of_day() -> None:
    serial = (AUG_1 - date(1899, 12, 30)).days + 0.999
    assert parse_date(serial) == AUG_1
    assert parse_date(serial + 1) == AUG_1 + timedelta(days=1)
