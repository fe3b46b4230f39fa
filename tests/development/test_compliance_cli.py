"""`tangguh jp compliance`: the duty per institution for a year, as JSON or a table."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.development.compliance_helpers import credit, this_year
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("jp", "compliance", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_institution_with_civil_servants(surabaya, sleman):  # type: ignore[no-untyped-def]
    people = [
        EmployeeFactory(institution=surabaya, period_start=date(2020, 1, 1)) for _ in range(4)
    ]
    credit(people[0], 24)
    credit(people[1], 20)
    credit(people[2], "5.5")
    EmployeeFactory(institution=sleman, period_start=date(2020, 1, 1))
    rows = json.loads(_run("--year", str(this_year()), "--json"))
    assert rows == [
        {"institution_code": "34.04", "civil_servants": 1, "reached_20": 0, "share": 0.0,
         "mean_jp": 0.0, "at_zero": 1},
        {"institution_code": "35.78", "civil_servants": 4, "reached_20": 2, "share": 0.5,
         "mean_jp": 12.38, "at_zero": 1},
    ]  # fmt: skip
    one = json.loads(_run("--year", str(this_year()), "--institution", "35.78", "--json"))
    assert [r["institution_code"] for r in one] == ["35.78"]
    assert json.loads(_run("--year", str(this_year() - 1), "--json")) == [
        {"institution_code": "34.04", "civil_servants": 1, "reached_20": 0, "share": 0.0,
         "mean_jp": 0.0, "at_zero": 1},
        {"institution_code": "35.78", "civil_servants": 4, "reached_20": 0, "share": 0.0,
         "mean_jp": 0.0, "at_zero": 4},
    ]  # fmt: skip


def test_an_institution_asked_for_with_nobody_is_listed_with_no_share(jatim):  # type: ignore[no-untyped-def]
    rows = json.loads(_run("--institution", "35", "--json"))
    assert rows == [
        {"institution_code": "35", "civil_servants": 0, "reached_20": 0, "share": None,
         "mean_jp": None, "at_zero": 0}
    ]  # fmt: skip


def test_the_text_table_and_refresh(surabaya):  # type: ignore[no-untyped-def]
    credit(EmployeeFactory(institution=surabaya), 21)
    text = _run("--refresh")
    assert "35.78" in text and "100" in text


@pytest.mark.parametrize("args", [("--institution", "99.99"), ("--year", "1990")])
def test_bad_arguments_are_refused_with_a_sentence(args, db):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        _run(*args, "--json")
