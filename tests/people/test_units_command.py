"""`tangguh units import|template`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tangguh.cli import _help
from tangguh.people.models import WorkUnit
from tangguh.people.units_import_spec import UNITS

from .helpers import person, write_csv
from .units_files import units_csv

pytestmark = pytest.mark.usefixtures("english")

ROWS = [("BKD", "Badan Kepegawaian Daerah", ""), ("BKD.1", "Bidang Mutasi", "BKD")]


def _call(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_json_has_the_keys_of_the_register_s_import(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = units_csv(tmp_path, [*ROWS, ("X", "Unit X", "Q")], header=(*UNITS.template_headers,))
    out, err = _call("units", "import", str(path), "--institution", "35.78", "--json")
    data = json.loads(out)
    assert (data["created"], data["rejected"], data["dry_run"]) == (2, 1, False)
    assert data["errors"] == [
        {
            "row": 4,
            "column": "Kode Unit Induk",
            "value": "Q",
            "message": data["errors"][0]["message"],
        }
    ]
    assert err == ""
    register = write_csv(tmp_path, [person(1)])
    out, _err = _call("employees", "import", str(register), "--institution", "35.78", "--json")
    assert data.keys() == json.loads(out).keys()
    assert WorkUnit.objects.filter(institution=surabaya).exclude(code="").count() == 2


@pytest.mark.django_db
def test_readable_summary_dry_run_and_strict(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = units_csv(tmp_path, [*ROWS, ("X", "Unit X", "Q")])
    out, _err = _call("units", "import", str(path), "--institution", "35.78", "--dry-run")
    assert "Dry run" in out and "2 new units" in out and "1 rejected" in out
    assert "Row 4, column Kode Unit Induk: No work unit has the code Q" in out
    assert not WorkUnit.objects.exists()
    out, _err = _call("units", "import", str(path), "--institution", "35.78", "--strict")
    assert "Nothing was imported" in out
    assert not WorkUnit.objects.exists()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = tmp_path / "unit.csv"
    path.write_text("NIP,Nama\n1,2\n")
    with pytest.raises(CommandError, match="no column for the unit code"):
        _call("units", "import", str(path), "--institution", "35.78")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("units", "import", str(path), "--institution", "35.78", "--json", stdout=out)
    assert "no column for the unit code" in json.loads(out.getvalue())["error"]


@pytest.mark.django_db
def test_an_unknown_institution(tmp_path):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with pytest.raises(CommandError, match="No institution has the code"):
        call_command("units", "import", str(units_csv(tmp_path, ROWS)), "--institution", "99.99", "--json", stdout=out)  # fmt: skip
    assert "99.99" in json.loads(out.getvalue())["error"]


def test_template(tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "unit-template.xlsx"
    out, _err = _call("units", "template", "-o", str(target))
    assert str(target) in out
    first = next(load_workbook(target).active.iter_rows(values_only=True))
    assert first == UNITS.template_headers


def test_the_help_lists_the_commands():  # type: ignore[no-untyped-def]
    lines = [line.strip() for line in _help().splitlines()]
    assert any(line.startswith("units import FILE --institution CODE") for line in lines)
    assert any(line.startswith("units template -o FILE") for line in lines)
