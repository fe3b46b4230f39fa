"""`tangguh certification participants`: the issue's JSON keys, the filters, bad input."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tangguh.certification.models import Outcome, ParticipationStatus
from tests.certification.reports_data import participate

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("certification", "participants", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_participation_with_the_issues_keys():
    certified = participate("35.78", exam=date(2021, 3, 1), outcome=Outcome.CERTIFIED)
    failed = participate("34.04", exam=date(2020, 6, 1), outcome=Outcome.NOT_CERTIFIED)
    pending = participate("35", exam=date(2023, 1, 9), scheme="lurah")
    participate("35.78", exam=date(2021, 4, 1), status=ParticipationStatus.WITHDRAWN)

    rows = json.loads(_run("--json"))
    assert rows == [
        {
            "batch": failed.batch.code,
            "scheme_code": "camat",
            "institution_code": "34.04",
            "nip": failed.nip,
            "exam_date": "2020-06-01",
            "outcome": "not_certified",
        },
        {
            "batch": certified.batch.code,
            "scheme_code": "camat",
            "institution_code": "35.78",
            "nip": certified.nip,
            "exam_date": "2021-03-01",
            "outcome": "certified",
        },
        {
            "batch": pending.batch.code,
            "scheme_code": "lurah",
            "institution_code": "35",
            "nip": pending.nip,
            "exam_date": "2023-01-09",
            "outcome": "pending",
        },
    ]


def test_period_and_institution_narrow_the_list():
    participate("35.78", exam=date(2020, 1, 1))
    inside = participate("35.78", exam=date(2022, 12, 31))
    participate("35.78", exam=date(2023, 1, 1))
    participate("34.04", exam=date(2021, 5, 5))

    rows = json.loads(_run("--period", "2020-2022", "--institution", "35.78", "--json"))
    assert [r["exam_date"] for r in rows] == ["2020-01-01", "2022-12-31"]
    assert rows[1]["nip"] == inside.nip
    assert len(json.loads(_run("--period", "2021", "--json"))) == 1
    assert json.loads(_run("--json", "--institution", "35")) == []


def test_text_output_has_a_header_and_a_count():
    participate("35.78", exam=date(2021, 3, 1))
    lines = _run().splitlines()
    assert lines[0].split("\t") == [
        "batch", "scheme_code", "institution_code", "nip", "exam_date", "outcome"
    ]  # fmt: skip
    assert lines[1].endswith("\t2021-03-01\tpending")
    assert len(lines) == 3


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--period", "2022-2020"), "berakhir sebelum"),
        (("--period", "last year"), "bukan periode"),
        (("--institution", "99.99"), "99.99"),
    ],
)
def test_bad_input_is_a_sentence_and_json_says_it_too(args, said):
    with pytest.raises(CommandError, match=said):
        _run(*args)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("certification", "participants", *args, "--json", stdout=out)
    assert said in json.loads(out.getvalue())["error"]


@pytest.mark.parametrize("chunk", [1, 2, 5, 6])
def test_json_written_in_chunks_is_one_list(chunk, monkeypatch):
    from tangguh.certification.cli import participants

    monkeypatch.setattr(participants, "CHUNK", chunk)
    made = [participate("35.78", exam=date(2021, 1, n)) for n in range(1, 6)]
    rows = json.loads(_run("--json"))
    assert [r["nip"] for r in rows] == [p.nip for p in made]
