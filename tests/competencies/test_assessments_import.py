"""The assessment batch import: every bad row named with its row, column and a sentence,
nothing written when any row is bad (strict), the profile refreshed when it imports,
and the command line's JSON shaped as ``tangguh employees import --json``."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tangguh.competencies.assessments_import import import_assessments
from tangguh.competencies.models import Assessment, CurrentLevel
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db

ASSESSOR = "196608011988031001"
HEADER = ["NIP", "Kode Kompetensi", "Level", "Tanggal Asesmen", "Metode", "NIP Asesor"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def home() -> Institution:
    return Institution.objects.get(code="35.78")


@pytest.fixture
def people(home: Institution) -> list[Any]:
    return [EmployeeFactory(institution=home) for _ in range(3)]


def _run(rows: list[list[Any]], home: Institution, actor: Any = None, **kw: Any) -> Any:
    return import_assessments(
        source=xlsx(rows, kw.pop("header", HEADER)), filename="asesmen.xlsx",
        institution=home, actor=actor, **kw,
    )  # fmt: skip


def test_each_bad_row_is_named_and_nothing_is_written(home: Institution, people: list[Any]):
    other = EmployeeFactory(institution=Institution.objects.get(code="34.04"))
    day = date.today() - timedelta(days=3)
    tomorrow = date.today() + timedelta(days=1)
    a, b, c = people
    rows = [
        [a.nip, "M.01", 3, day, "assessment-centre", ASSESSOR],  # good
        [a.nip, "M.02", 7, day, "assessment-centre", ASSESSOR],  # level 7
        [b.nip, "X.99", 2, day, "assessment-centre", ASSESSOR],  # unknown code
        [other.nip, "M.01", 2, day, "assessment-centre", ASSESSOR],  # another institution
        [b.nip, "M.03", 2, tomorrow, "assessment-centre", ASSESSOR],  # the future
        [c.nip, "M.04", 2, day, "360", c.nip],  # assesses themselves
    ]
    result = _run(rows, home, make_user(Role.OPERATOR), strict=True)
    assert result.file_rejected and result.created == 0 and result.rejected == 5
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "Level"),
        (4, "Kode Kompetensi"),
        (5, "NIP"),
        (6, "Tanggal Asesmen"),
        (7, "NIP Asesor"),
    }
    assert all(e.message for e in result.errors)
    assert not Assessment.objects.exists() and not CurrentLevel.objects.exists()


def test_the_corrected_file_imports_and_the_profile_changes(home: Institution, people: list[Any]):
    a, b, _c = people
    day = date.today() - timedelta(days=3)
    rows = [
        [a.nip, "M.01", 3, day, "assessment-centre", ASSESSOR],
        [a.nip, "M.01", 5, day, "self", ""],  # lower rank: the centre's result counts
        [b.nip, "m.02", "4", day.strftime("%d-%m-%Y"), "Assessment Center", ASSESSOR],
    ]
    result = _run(rows, home, make_user(Role.OPERATOR), strict=True)
    assert (result.created, result.rejected, result.file_rejected) == (3, 0, False)
    assert Assessment.objects.filter(source="import").count() == 3
    written = Assessment.objects.get(employee=b)
    assert (written.assessed_on, written.level, written.method.code) == (
        day,
        4,
        "assessment-centre",
    )
    assert written.status == "valid" and written.created_at is not None and not written.evidence
    assert dict(CurrentLevel.objects.filter(employee=a).values_list("code", "level")) == {"M.01": 3}
    assert dict(CurrentLevel.objects.filter(employee=b).values_list("code", "level")) == {"M.02": 4}
    again = _run(rows, home, make_user(Role.OPERATOR), strict=True)
    assert again.file_rejected and Assessment.objects.count() == 3  # recorded already


def test_english_headers_in_any_order(home: Institution, people: list[Any]):
    a = people[0]
    header = ["Assessor NIP", "Method", "Assessment Date", "Level", "Competency Code", "NIP"]
    day = date.today() - timedelta(days=1)
    result = _run([[ASSESSOR, "supervisor", day, 2, "S.01", a.nip]], home, header=header)
    assert result.created == 1 and not result.errors
    assert CurrentLevel.objects.get(employee=a).level == 2


def test_a_dry_run_writes_nothing(home: Institution, people: list[Any]):
    day = date.today() - timedelta(days=1)
    result = _run([[people[0].nip, "M.01", 2, day, "360", ASSESSOR]], home, dry_run=True)
    assert result.created == 1 and result.dry_run
    assert not Assessment.objects.exists()


def test_the_recorder_assessing_themselves_is_refused(home: Institution, people: list[Any]):
    a = people[0]
    actor = make_user(Role.ASSESSOR, nip=a.nip)
    day = date.today() - timedelta(days=1)
    result = _run([[a.nip, "M.01", 2, day, "360", ASSESSOR]], home, actor, strict=True)
    assert result.file_rejected and [(e.row, e.column) for e in result.errors] == [(2, "NIP")]
    assert not Assessment.objects.exists()


def test_an_operator_of_another_institution_may_not_import_here(home: Institution):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _run([], home, make_user(Role.OPERATOR, "34.04"))
    with pytest.raises(PermissionDenied):
        _run([], home, make_user(Role.CIVIL_SERVANT))
    assert not Assessment.objects.exists()


def test_the_command_prints_the_register_imports_json(
    home: Institution, people: list[Any], tmp_path: Path
):
    day = date.today() - timedelta(days=2)
    path = tmp_path / "asesmen.xlsx"
    rows = [
        [people[0].nip, "M.05", 3, day, "competency-test", ASSESSOR],
        [people[1].nip, "M.05", 9, day, "competency-test", ASSESSOR],
    ]
    path.write_bytes(xlsx(rows).getvalue())
    out = io.StringIO()
    call_command("assessments", "import", str(path), "--institution", "35.78", "--json",
                 "--strict", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert set(data) >= {"created", "updated", "rejected", "total_rows", "errors", "dry_run",
                         "strict", "file_rejected", "errors_total"}  # fmt: skip
    assert data["file_rejected"] and data["errors"][0]["row"] == 3
    assert data["errors"][0]["column"] == "Level"
    assert not Assessment.objects.exists()
    out = io.StringIO()
    call_command("assessments", "import", str(path), "--institution", "35.78", "--json",
                 stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert (data["created"], data["rejected"]) == (1, 1)
    assert Assessment.objects.get().nip == people[0].nip
