"""The register demo step: loaded through the import engine, idempotent, a private record."""

import io

import pytest
from django.core.management import call_command

from tangguh.accounts.models import User
from tangguh.certification.demo_data import OFFICIALS
from tangguh.core.demo import demo_steps
from tangguh.people.demo import DEMO_EMPLOYEE_NIP, DEMO_REGISTER
from tangguh.people.models import Employee, EmploymentHistory, TransferRequest


def _run_people_step(**options):
    lines: list[str] = []
    step = next(s for s in demo_steps() if s.name == "people")
    totals = step.run(
        scale="demo", seed=2026, out=lines.append, out_dir="unused", people=None, **options
    )
    return totals, lines


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())  # institutions and users too


def test_demo_register_is_loaded_once_and_then_unchanged(demo):
    counts = Employee.objects.count()
    history = EmploymentHistory.objects.count()
    # The register's files, and the camat, lurah and widyaiswara certification adds.
    officials = sum(sum(n) for _code, *n in OFFICIALS)
    assert counts == sum(n for _code, n in DEMO_REGISTER) + officials
    totals, lines = _run_people_step()
    assert totals["created"] == totals["updated"] == totals["rejected"] == 0
    assert totals["transfers_pending"] == 0
    assert totals["unchanged"] == counts - officials
    assert "0 created" in lines[-1]
    assert Employee.objects.count() == counts
    assert EmploymentHistory.objects.count() == history
    # Exactly one transfer waits (a Surabaya civil servant in Jawa Timur's file), for
    # Surabaya's administrator; the second run did not ask again.
    pending = TransferRequest.objects.get(status="pending")
    assert (pending.from_institution.code, pending.to_institution.code) == ("35.78", "35")
    admin = User.objects.get(username="admin.surabaya")
    assert TransferRequest.objects.restrict(admin, "change").filter(pk=pending.pk).exists()


def test_demo_civil_servant_has_two_periods_and_sees_only_herself(demo):
    siti = Employee.objects.get(nip=DEMO_EMPLOYEE_NIP)
    assert (siti.full_name, siti.sex, str(siti.birth_date)) == ("Siti Rahmawati", "F", "1985-07-12")
    assert siti.institution.code == "35.78"
    periods = [
        (p.institution.code, p.valid_from, p.valid_to)
        for p in [*siti.history.order_by("valid_from"), siti.current_period()]
    ]
    assert [p[0] for p in periods] == ["35", "35.78"]
    assert periods[0][2] == periods[1][1] and periods[1][2] is None

    user = User.objects.get(username="pegawai.surabaya")
    assert list(Employee.objects.restrict(user, "view")) == [siti]


def test_national_scale_writes_files_and_imports_nothing(db, tmp_path):
    lines: list[str] = []
    step = next(s for s in demo_steps() if s.name == "people")
    result = step.run(
        scale="national", seed=1, out=lines.append, out_dir=str(tmp_path), people=2000
    )
    assert result["rows"] == 2000
    assert len(list(tmp_path.glob("*.csv"))) == result["files"]
    assert "tangguh employees import" in lines[-1]
    assert not Employee.objects.exists()
