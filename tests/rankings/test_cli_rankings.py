"""`tangguh rankings compute|explain|list|publish`: the shapes the issue names, every
competitor (zeros too), explanations that add up, and bad input refused with one line
and a non-zero exit, never a traceback."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from tangguh.institutions.models import Institution
from tangguh.rankings.models import Publication
from tests.certification.factories import BatchFactory, ParticipationFactory, SchemeVersionFactory
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PARTICIPANTS = "rakornas-2022-peserta-sertifikasi"
SCHEMES = "rakornas-2022-jenis-sertifikasi"
BUDGET = "rakornas-2022-anggaran"


def _run(*args):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("rankings", *args, stdout=out)
    return out.getvalue()


def _json(*args):  # type: ignore[no-untyped-def]
    return json.loads(_run(*args, "--json"))


@pytest.fixture
def examined():  # type: ignore[no-untyped-def]
    """Jawa Tengah (33): three people in 2021; Jawa Timur (35): two people, one of them
    examined twice in two schemes; one Jawa Timur person examined in 2023 (outside)."""
    jatim = Institution.objects.get(code="35")
    jateng = Institution.objects.get(code="33")
    camat = BatchFactory(scheme_version=SchemeVersionFactory(units=0), exam_start=date(2021, 5, 3))
    lurah = BatchFactory(scheme_version=SchemeVersionFactory(units=0), exam_start=date(2022, 2, 1))
    later = BatchFactory(scheme_version=camat.scheme_version, exam_start=date(2023, 1, 9))
    siti, budi, late = (EmployeeFactory(institution=jatim) for _ in range(3))
    twice = [
        ParticipationFactory(batch=camat, employee=siti),
        ParticipationFactory(batch=lurah, employee=siti),
    ]
    ParticipationFactory(batch=camat, employee=budi)
    ParticipationFactory(batch=later, employee=late)
    for _ in range(3):
        ParticipationFactory(batch=camat, employee=EmployeeFactory(institution=jateng))
    return {"siti": siti, "twice": twice}


def test_compute_json_lists_every_province_with_shared_ranks_and_zeros(examined):  # type: ignore[no-untyped-def]
    rows = _json("compute", "--category", PARTICIPANTS)
    provinces = Institution.objects.filter(kind="provinsi", is_active=True).count()
    assert len(rows) == provinces
    assert all(set(r) == {"rank", "institution_code", "institution_name", "value"} for r in rows)
    assert rows[0] == {"rank": 1, "institution_code": "33", "institution_name": "Jawa Tengah",
                       "value": 3}  # fmt: skip
    assert rows[1]["institution_code"] == "35" and rows[1]["value"] == 2 and rows[1]["rank"] == 2
    # Every other province has no participant: 0, sharing rank 3.
    assert {(r["rank"], r["value"]) for r in rows[2:]} == {(3, 0)}
    # The period asked for: 2023 only, Jawa Timur alone.
    later = _json("compute", "--category", PARTICIPANTS, "--period", "2023")
    assert later[0]["institution_code"] == "35" and later[0]["value"] == 1
    assert later[1]["value"] == 0


def test_compute_text_is_a_table_with_the_winners_marked(examined):  # type: ignore[no-untyped-def]
    text = _run("compute", "--category", SCHEMES).splitlines()
    assert text[1].split("\t") == ["rank", "institution_code", "institution_name", "value",
                                   "awarded"]  # fmt: skip
    assert text[2].split("\t") == ["1", "35", "Jawa Timur", "2", "*"]
    assert text[3].split("\t")[:2] == ["2", "33"] and text[3].endswith("*")
    assert text[4].split("\t")[3:] == ["0", ""]  # a zero wins nothing


def test_explain_json_adds_up_and_names_the_participations(examined):  # type: ignore[no-untyped-def]
    data = _json("explain", "--category", PARTICIPANTS, "--institution", "35")
    assert data["value"] == 2
    assert sum(Decimal(str(r["contribution"])) for r in data["records"]) == data["value"]
    for record in data["records"]:
        assert {"kind", "id", "contribution", "label", "source"} <= set(record)
    siti = next(r for r in data["records"] if r.get("nip") == examined["siti"].nip)
    assert siti["contribution"] == 1  # examined twice, counted once
    assert sorted(siti["participations"]) == sorted(p.pk for p in examined["twice"])
    # Every competitor's explanation has the value the ranking shows.
    for row in _json("compute", "--category", PARTICIPANTS)[:3]:
        args = ("explain", "--category", PARTICIPANTS, "--institution", row["institution_code"])
        assert _json(*args)["value"] == row["value"]


def test_explain_text_shows_the_value_and_the_total(examined):  # type: ignore[no-untyped-def]
    text = _run("explain", "--category", SCHEMES, "--institution", "35")
    lines = text.splitlines()
    assert lines[0].endswith("35 Jawa Timur")
    assert lines[2].split("\t") == ["kind", "id", "contribution", "label", "source"]
    assert len(lines) == 2 + 1 + 2 + 1  # heading, value, header, two schemes, total
    assert lines[-1].endswith(" 2.")


def test_list_names_the_presets():  # type: ignore[no-untyped-def]
    rows = {r["code"]: r for r in _json("list")}
    assert {PARTICIPANTS, SCHEMES, BUDGET} <= set(rows)
    assert rows[BUDGET]["period"] == "2022" and rows[SCHEMES]["period"] == "2020-2022"
    assert rows[BUDGET]["competitor_kinds"] == ["provinsi"] and rows[BUDGET]["is_preset"]
    text = _run("list")
    assert f"{PARTICIPANTS}\tcertification_participants\t2020-2022\tprovinsi\t" in text


@pytest.mark.parametrize(
    "args, words",
    [
        (("compute", "--category", "tidak-ada"), "tidak-ada"),
        (("compute", "--category", BUDGET, "--period", "2020-2022"), "2020-2022"),
        (("compute", "--category", PARTICIPANTS, "--period", "dua ribu"), "dua ribu"),
        (("compute", "--category", PARTICIPANTS, "--period", "2022-2020"), "2022-2020"),
        (("explain", "--category", PARTICIPANTS, "--institution", "99.99"), "99.99"),
        (("explain", "--category", PARTICIPANTS, "--institution", "35.78"), "35.78"),
        (("explain", "--category", "tidak-ada", "--institution", "35"), "tidak-ada"),
        (("publish", "--category", "tidak-ada"), "tidak-ada"),
    ],
)
def test_bad_input_is_one_line_naming_it(args, words):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as raised:
        _run(*args)
    message = str(raised.value)
    assert words in message and "\n" not in message
    # With --json the sentence is also the output, for a program to read.
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rankings", *args, "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"error": message}


def test_from_the_command_line_an_error_exits_non_zero_without_a_traceback(capsys):  # type: ignore[no-untyped-def]
    utility = ManagementUtility(["tangguh", "rankings", "compute", "--category", "tidak-ada"])
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "tidak-ada" in err
    assert len(err.strip().splitlines()) == 1


def test_publish_freezes_then_a_correction_needs_a_reason(examined):  # type: ignore[no-untyped-def]
    first = _json("publish", "--category", PARTICIPANTS)
    assert first["version"] == 1 and first["supersedes"] is None and first["period"] == "2020-2022"
    assert len(first["content_hash"]) == 64
    assert [w["institution_code"] for w in first["winners"]] == ["33", "35"]  # zeros win nothing
    assert first["winners"][0] == {"rank": 1, "institution_code": "33",
                                   "institution_name": "Jawa Tengah", "value": 3}  # fmt: skip
    # A second publication for the period is a correction: refused without a reason.
    with pytest.raises(CommandError):
        _run("publish", "--category", PARTICIPANTS)
    assert Publication.objects.count() == 1
    jatim = Institution.objects.get(code="35")
    ParticipationFactory(
        batch=examined["twice"][0].batch, employee=EmployeeFactory(institution=jatim)
    )
    text = _run("publish", "--category", PARTICIPANTS, "--reason", "Peserta terlewat")
    second = Publication.objects.get(version=2)
    assert second.supersedes_id == first["id"]
    assert f"version 2 (id {second.pk})" in text or f"versi 2 (id {second.pk})" in text


def test_explain_of_a_ratio_gives_numerator_and_denominator(db):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from tangguh.development.models import RevisionStatus
    from tests.development.factories import BudgetFactory, BudgetRevisionFactory
    from tests.rankings.factories import CategoryFactory

    budget = BudgetFactory(institution=Institution.objects.get(code="35"), fiscal_year=2022)
    BudgetRevisionFactory(
        budget=budget, number=1, total_budget=Decimal("1000000000000"),
        development_allocation=Decimal("25000000000"), status=RevisionStatus.APPROVED,
        decided_at=timezone.now(),
    )  # fmt: skip
    category = CategoryFactory(metric="budget_share", first_year=2022, last_year=2022)
    data = _json("explain", "--category", category.code, "--institution", "35")
    assert data["numerator"] == 25000000000 and data["denominator"] == 1000000000000
    assert data["value"] == 0.025
    assert sum(r["contribution"] for r in data["records"]) == data["numerator"]
    assert _json("compute", "--category", category.code)[0]["value"] == 0.025
    text = _run("explain", "--category", category.code, "--institution", "35")
    assert "= 25000000000 / 1000000000000" in text
