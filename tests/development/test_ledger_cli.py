"""`tangguh jp ledger`: every entry, filtered, as JSON written as it is read."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tangguh.development.ledger import ledger_append, ledger_reverse
from tests.development.factories import form
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _run(*args):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("jp", "ledger", *args, stdout=out)
    return out.getvalue()


def test_json_lists_entries_with_the_entrys_institution_and_negative_reversals(surabaya, sleman):  # type: ignore[no-untyped-def]
    person = EmployeeFactory(institution=surabaya)
    other = EmployeeFactory(institution=sleman)
    seminar = form("seminar")
    kept = ledger_append(employee=person, day=date(2024, 3, 1), jp="4.5", form=seminar,
                         source="activity", description="A")  # fmt: skip
    ledger_append(employee=other, day=date(2025, 3, 1), jp=8, form=form("bimtek"),
                  source="session", description="B")  # fmt: skip
    ledger_reverse(entry=kept, actor=None, reason="double")
    rows = json.loads(_run("--json"))
    assert len(rows) == 3
    assert rows[0] == {"nip": person.nip, "institution_code": "35.78", "date": "2024-03-01",
                       "jp": 4.5, "form": "seminar", "source": "activity"}  # fmt: skip
    assert rows[2]["jp"] == -4.5 and rows[2]["source"] == "reversal"
    assert [r["nip"] for r in json.loads(_run("--json", "--institution", "34.04"))] == [other.nip]
    assert [r["jp"] for r in json.loads(_run("--json", "--year", "2025"))] == [8]
    assert json.loads(_run("--json", "--year", "2023")) == []
    text = _run("--year", "2024")
    assert text.splitlines()[0].split("\t") == [
        "nip",
        "institution_code",
        "date",
        "jp",
        "form",
        "source",
    ]
    assert "2 entries." in text or "2 entri." in text


def test_an_unknown_institution_is_refused_with_a_sentence(db):  # type: ignore[no-untyped-def]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("jp", "ledger", "--json", "--institution", "99.99", stdout=out)
    assert "99.99" in json.loads(out.getvalue())["error"]
