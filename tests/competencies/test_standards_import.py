"""The standards sheet: bad rows refused with their row and a sentence and nothing
changed; a good sheet sets the positions' own levels; the export imports back
unchanged; the command line does the same."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from tangguh.competencies.exports_standards import standards_xlsx
from tangguh.competencies.models import StandardItem
from tangguh.competencies.standards import required_for
from tangguh.competencies.standards_import import standards_import
from tangguh.core.audit import AuditEntry
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.competencies.factories import AdministratorPositionFactory
from tests.competencies.test_standards_permissions import sheet
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def surabaya() -> Institution:
    return Institution.objects.get(code="35.78")


def items() -> list[tuple[str, str, int]]:
    return sorted(
        StandardItem.objects.filter(position__isnull=False).values_list(
            "position__name", "code", "required_level"
        )
    )


def run(content: bytes, *, dry_run: bool = False, actor: Any = None) -> Any:
    return standards_import(
        source=io.BytesIO(content),
        filename="standar.xlsx",
        institution=surabaya(),
        actor=actor if actor is not None else make_user(Role.INSTITUTION_ADMIN),
        dry_run=dry_run,
    )


def test_bad_rows_are_refused_with_their_row_and_nothing_changes() -> None:
    AdministratorPositionFactory(name="Camat Tegalsari")
    content = sheet(
        [
            ("Camat Tegalsari", "P.01", 3),  # good
            ("Camat Atlantis", "P.01", 3),  # no such position
            ("Camat Tegalsari", "X.99", 2),  # unknown code
            ("Camat Tegalsari", "M.02", 6),  # level outside 1–5
            ("Camat Tegalsari", "M.03", 0),
            ("Camat Tegalsari", "P.01", 4),  # twice
        ]
    )
    result = run(content)
    assert result.file_rejected and result.rejected == 5 and result.created == 0
    problems = {(e.row, e.column): e.message for e in result.errors}
    assert "no position named “Camat Atlantis”" in problems[(3, "Jabatan")]
    assert "“X.99” is not a competency in force" in problems[(4, "Kode Kompetensi")]
    assert "“6” is not a level" in problems[(5, "Level")]
    assert "“0” is not a level" in problems[(6, "Level")]
    assert "already on row 2" in problems[(7, "Kode Kompetensi")]
    assert items() == []
    assert not AuditEntry.objects.filter(action="competencies.standard_import").exists()


def test_a_good_sheet_sets_the_positions_own_levels() -> None:
    AdministratorPositionFactory(name="Camat Tegalsari")
    AdministratorPositionFactory(name="Camat Genteng")
    content = sheet(
        [
            ("camat  tegalsari", "p.01", 3),  # names and codes as people type them
            ("Camat Genteng", "P.01", "4"),
            ("Camat Genteng", "M.01", 3.0),  # what the tier already requires: unchanged
            (None, None, None),
        ]
    )
    dry = run(content, dry_run=True)
    assert (dry.created, dry.unchanged, dry.file_rejected) == (2, 1, False)
    assert items() == []
    result = run(content)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 1)
    assert items() == [("Camat Genteng", "P.01", 4), ("Camat Tegalsari", "P.01", 3)]
    entry = AuditEntry.objects.get(action="competencies.standard_import")
    assert entry.data["positions"] == 2
    again = run(sheet([("Camat Genteng", "P.01", 2)]))
    assert again.updated == 1
    assert ("Camat Genteng", "P.01", 2) in items()


def test_the_export_imports_back_unchanged() -> None:
    position = AdministratorPositionFactory(name="Camat Tegalsari")
    run(sheet([("Camat Tegalsari", "P.01", 3)]))
    content = standards_xlsx(surabaya())
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Jabatan", "Kode Kompetensi", "Level")
    assert ("Camat Tegalsari", "P.01", 3) in [r[:3] for r in rows]
    assert ("Camat Tegalsari", "M.01", 3) in [r[:3] for r in rows]
    before = items()
    result = run(content)
    assert result.unchanged == len(rows) - 1 and result.created == result.updated == 0
    assert sorted(result.ignored_columns)
    assert items() == before
    assert required_for(position)["P.01"].level == 3


def test_someone_outside_the_institution_cannot_import() -> None:
    AdministratorPositionFactory(name="Camat Tegalsari")
    for actor in (
        make_user(Role.INSTITUTION_ADMIN, "34.04"),
        make_user(Role.INSTITUTION_ADMIN, "35"),
        make_user(Role.OPERATOR),
    ):
        with pytest.raises(PermissionDenied):
            run(sheet([("Camat Tegalsari", "P.01", 3)]), actor=actor)
    assert items() == []


def test_the_command_line_imports_and_exports(tmp_path: Path) -> None:
    AdministratorPositionFactory(name="Camat Tegalsari")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet([("Camat Tegalsari", "P.01", 7)]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "standards", "import", str(bad), "--institution", "35.78", "--json", stdout=out
        )
    data = json.loads(out.getvalue().splitlines()[0])
    assert data["rejected"] == 1 and data["errors"][0]["row"] == 2
    assert items() == []

    good = tmp_path / "good.xlsx"
    good.write_bytes(sheet([("Camat Tegalsari", "P.01", 3)]))
    out = io.StringIO()
    call_command("standards", "import", str(good), "--institution", "35.78", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 1
    assert items() == [("Camat Tegalsari", "P.01", 3)]

    target = tmp_path / "out.xlsx"
    call_command("standards", "export", "--institution", "35.78", "-o", str(target), stdout=out)
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert ("Camat Tegalsari", "P.01", 3) in [r[:3] for r in rows]
    with pytest.raises(CommandError):
        call_command("standards", "export", "--institution", "99.99", "-o", str(target))
