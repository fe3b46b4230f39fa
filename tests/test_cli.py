"""The `tangguh` command line."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tangguh.institutions.models import Institution

TANGGUH = Path(sys.executable).parent / "tangguh"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TANGGUH), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["--help"], ["-h"], []], ids=["--help", "-h", "no-args"])
def test_help_lists_the_tangguh_commands(args):  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Tangguh")
    for command in ("institutions load", "demo", "employees import", "migrate", "createsuperuser"):
        assert any(line.strip().startswith(command) for line in lines), command


def test_every_django_command_is_reachable():
    result = run("help", "--commands")
    assert result.returncode == 0, result.stderr
    names = set(result.stdout.split())
    assert {"institutions", "demo", "demo_logins", "migrate", "db_worker"} <= names


@pytest.mark.django_db
def test_institutions_load_is_idempotent():
    before = Institution.objects.count()
    first, second = StringIO(), StringIO()
    with translation.override("en"):
        call_command("institutions", "load", stdout=first)
        call_command("institutions", "load", stdout=second)
    assert (
        Institution.objects.count()
        == before
        == 552 + Institution.objects.filter(kind__in=["kementerian", "lembaga"]).count()
    )
    expected = f"0 created, 0 updated, {before} unchanged"
    assert expected in first.getvalue()
    assert expected in second.getvalue()


@pytest.mark.django_db
def test_institutions_load_restores_a_deleted_row():
    Institution.objects.get(code="65.04").delete()  # Kabupaten Tana Tidung: nothing points at it
    out = StringIO()
    with translation.override("en"):
        call_command("institutions", "load", stdout=out)
    assert "1 created" in out.getvalue()
    assert Institution.objects.get(code="65.04").parent.code == "65"


def test_institutions_needs_a_subcommand():
    with pytest.raises(CommandError, match="subcommand"):
        call_command("institutions")
