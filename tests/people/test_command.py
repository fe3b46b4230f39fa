"""`tangguh employees import|export|template`."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tangguh.core.models import AuditEntry
from tangguh.people.models import Employee

from .helpers import person, write_csv


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("employees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _english_everywhere(english):  # type: ignore[no-untyped-def]
    return None


@pytest.mark.django_db
def test_import_json_output(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1), person(2), {**person(3), "NIP": "1.96608E+17"}]
    path = write_csv(tmp_path, rows, headers=[*person(1).keys(), "Keterangan Lain"])
    out, err = _call("import", str(path), "--institution", "35.78", "--json")
    data = json.loads(out)
    assert {k: data[k] for k in ("created", "updated", "unchanged", "rejected", "skipped", "transfers_pending")} == {
        "created": 2, "updated": 0, "unchanged": 0, "rejected": 1, "skipped": 0, "transfers_pending": 0,
    }  # fmt: skip
    assert data["errors"] == [
        {"row": 4, "column": "NIP", "value": "1.96608E+17", "message": data["errors"][0]["message"]}
    ]
    assert "Format the NIP column as Text" in data["errors"][0]["message"]
    assert data["ignored_columns"] == ["Keterangan Lain"]
    assert err == ""  # no progress bar with --json
    assert Employee.objects.count() == 2


@pytest.mark.django_db
def test_import_readable_summary_and_dry_run(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(1), {**person(2), "Golongan": "V/z"}])
    out, _err = _call("import", str(path), "--institution", "35.78", "--dry-run")
    assert "Dry run" in out and "1 new" in out and "1 rejected" in out
    assert "Row 3, column Golongan:" in out
    assert not Employee.objects.exists()


@pytest.mark.django_db
def test_strict(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path, [person(1), {**person(2), "NIP": "1"}])
    out, _err = _call("import", str(path), "--institution", "35.78", "--strict", "--json")
    assert json.loads(out)["file_rejected"] is True
    assert not Employee.objects.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.csv", "does not exist"),
        (lambda p: (p / "a.docx").write_bytes(b"hello") and p / "a.docx", "not a CSV or XLSX"),
        (
            lambda p: (p / "a.csv").write_text("Nomor,Nama\n1,A\n") and p / "a.csv",
            "no column for the NIP",
        ),
    ],
)
@pytest.mark.django_db
def test_unreadable_files_raise_command_error(tmp_path, surabaya, make, message):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        _call("import", str(make(tmp_path)), "--institution", "35.78")


@pytest.mark.django_db
def test_unknown_institution(tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No institution has the code"):
        _call("import", str(write_csv(tmp_path, [person(1)])), "--institution", "99.99")


@pytest.mark.django_db
def test_export_and_template(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _call(
        "import",
        str(write_csv(tmp_path, [person(1), person(2)])),
        "--institution",
        "35.78",
        "--json",
    )
    out, _err = _call("export", "--institution", "35.78", "-o", str(tmp_path / "out.xlsx"))
    assert "2 civil servants" in out
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert sheet.max_row == 3
    _call("export", "--institution", "35.78", "--format", "csv", "-o", str(tmp_path / "out.txt"))
    assert (tmp_path / "out.txt").read_text(encoding="utf-8-sig").count("\n") == 3
    assert AuditEntry.objects.filter(action="people.export").count() == 2
    again, _err = _call("import", str(tmp_path / "out.xlsx"), "--institution", "35.78", "--json")
    assert json.loads(again)["unchanged"] == 2
    _call("template", "-o", str(tmp_path / "template.xlsx"))
    assert load_workbook(tmp_path / "template.xlsx").worksheets[0]["A1"].value == "NIP"


def test_the_real_command_line(tmp_path):  # type: ignore[no-untyped-def]
    # A database of its own, so the subprocess never touches the test database.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.dev",
        "TANGGUH_HOME": str(tmp_path),
    }
    tangguh = str(Path(sys.executable).parent / "tangguh")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tangguh, *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    assert cli("migrate", "-v0").returncode == 0
    assert cli("institutions", "load").returncode == 0
    path = write_csv(tmp_path, [person(1), {**person(2), "NIP": "abc"}])
    ok = cli("employees", "import", str(path), "--institution", "35.78", "--json")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert (data["created"], data["rejected"]) == (1, 1)
    bad = cli("employees", "import", str(tmp_path / "nope.csv"), "--institution", "35.78")
    assert bad.returncode != 0
    assert "nope.csv" in bad.stderr and "Traceback" not in bad.stderr  # in the default language


@pytest.mark.django_db
def test_import_of_a_national_file_without_institution(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    rows = [{"Kode Instansi": "35.78", **person(1)}, {"Kode Instansi": "34.04", **person(2)}]
    out, _err = _call("import", str(write_csv(tmp_path, rows)), "--json")
    data = json.loads(out)
    assert (data["created"], data["rejected"], data["ignored_columns"]) == (2, 0, [])
    assert sorted(Employee.objects.values_list("institution__code", flat=True)) == [
        "34.04",
        "35.78",
    ]
    # With --institution, the rows of another institution are refused.
    out, _err = _call(
        "import", str(write_csv(tmp_path, rows, name="b.csv")), "--institution", "35.78", "--json"
    )
    data = json.loads(out)
    assert (data["unchanged"], data["rejected"]) == (1, 1)
    assert data["errors"][0]["column"] == "Kode Instansi"


@pytest.mark.django_db
def test_import_without_institution_needs_the_code_column(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Kode Instansi"):
        _call("import", str(write_csv(tmp_path, [person(1)])))
