"""The documents an institution files: the AKPK's workbook and PDF say what they were
computed from (data as of, dictionary versions) and carry its lines and totals."""

import io
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tangguh.competencies.profile import refresh
from tangguh.competencies.services_needs import LineChanges, needs_create, needs_line_edit
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.competencies.factories import AdministratorPositionFactory, AssessmentFactory, competency
from tests.development.factories import ProgrammeFactory
from tests.pdf_tools import first_page_png, require_pdf_tools
from tests.people.factories import EmployeeFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db
YEAR = date.today().year + 1


@pytest.fixture
def analysis() -> Any:
    surabaya = Institution.objects.get(code="35.78")
    for levels in ({"M.05": 1, "M.01": 2}, {"M.05": 2}):
        employee = EmployeeFactory(
            institution=surabaya, position=AdministratorPositionFactory(institution=surabaya)
        )
        for code, level in levels.items():
            AssessmentFactory(employee=employee, competency=competency(code), level=level)
        refresh([employee.pk])
    ProgrammeFactory(
        title="Bimtek Pelayanan Prima",
        competencies=[{"code": "M.05", "level": 3}],
        jp=Decimal("24"),
        cost_per_participant=Decimal("1500000"),
    )
    item = needs_create(institution=surabaya, year=YEAR, actor=None)
    needs_line_edit(
        line=item.lines.get(code="M.01"),
        changes=LineChanges(None, "8", "750000", "2", '=HYPERLINK("x")'),
        actor=None,
    )
    return item


def test_workbook(analysis: Any) -> None:
    client = client_for(make_user(Role.OPERATOR))
    response = client.get(reverse("competencies:needs_xlsx", args=[analysis.pk]))
    assert response.status_code == 200
    assert f"akpk-3578-{YEAR}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = {row[0]: row[1] for row in rows[1:7]}
    assert any("v1" in str(v) for v in header.values())  # the dictionary version used
    assert any(str(v).startswith("35.78 ") for v in header.values())
    table = next(
        i for i, row in enumerate(rows) if row and row[1] in ("Kode kompetensi", "Competency code")
    )
    lines = {row[1]: row for row in rows[table + 1 :] if row[1]}
    m05 = lines["M.05"]
    assert m05[3] == 2 and m05[4:8] == [1, 1, 0, 0]
    assert "Bimtek Pelayanan Prima" in m05[9]
    assert m05[10:13] == [24, 48, 3000000]
    note = str(lines["M.01"][13])
    assert "HYPERLINK" in note and not note.startswith("=")  # never a formula
    total = rows[-1]
    assert total[3] == 3 and total[12] == 3000000 + 750000


def test_pdf(analysis: Any, tmp_path: Path) -> None:
    require_pdf_tools()
    client = client_for(make_user(Role.INSTITUTION_ADMIN))
    response = client.get(reverse("competencies:needs_pdf", args=[analysis.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "akpk.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Analisis Kebutuhan Pengembangan Kompetensi" in text
    assert "Kota Surabaya" in text and str(YEAR) in text
    assert "nasional v1" in text
    assert "Bimtek Pelayanan Prima" in text
    assert "Rp 3.000.000" in text and "Rp 3.750.000" in text
    png = first_page_png(path, tmp_path)
    assert png.stat().st_size > 10_000
