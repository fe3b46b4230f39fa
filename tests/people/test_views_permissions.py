"""Permission suites for every screen of the register (see tests/permissions.py).

The builders at the top are shared by the register's other view and API tests.
"""

from __future__ import annotations

import io
import itertools
import uuid
from typing import Any, ClassVar

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import ImportJob, ImportStatus, TransferRequest
from tangguh.people.parsing.headers import TEMPLATE_HEADERS
from tangguh.people.parsing.nip import format_nip
from tests.people.factories import EmployeeFactory, ImportJobFactory
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ListPermissionSuite,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    client_for,
    make_user,
)

HEADER = "NIP,Gelar Depan,Nama,Gelar Belakang,Jenis Kelamin,Tanggal Lahir,Status Kepegawaian,Jabatan,Jenis Jabatan,Golongan,Unit Kerja"

_seq = itertools.count(1)


def new_nip(*, birth: str = "19850712", appointed: str = "201001", sex: str = "2") -> str:
    """A valid PNS NIP, different on every call (the sequence digits change)."""
    n = next(_seq)
    return f"{birth}{appointed}{sex}{n % 999 + 1:03d}"


def csv_upload(
    rows: list[str], name: str = "pegawai.csv", header: str = HEADER
) -> SimpleUploadedFile:
    content = "\n".join([header, *rows]).encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")


def row(nip: str, name: str = "Siti Rahmawati", **over: str) -> str:
    values = {
        "title_front": "",
        "title_back": "S.Kom.",
        "sex": "P",
        "birth": "",
        "status": "PNS",
        "position": "Analis Kepegawaian",
        "position_kind": "Fungsional",
        "rank": "III/b",
        "unit": "Badan Kepegawaian dan Pengembangan SDM",
    }
    values.update(over)
    return ",".join(
        [
            nip,
            values["title_front"],
            name,
            values["title_back"],
            values["sex"],
            values["birth"],
            values["status"],
            values["position"],
            values["position_kind"],
            values["rank"],
            values["unit"],
        ]
    )


def institution(code: str) -> Institution:
    return Institution.objects.get(code=code)


def dry_run(*, institution: Institution, actor: Any, rows: list[str], strict: bool = False) -> Any:
    """A finished dry-run job of a small CSV, through the real service (tasks run inline in tests)."""
    from tangguh.people import services

    job = services.import_job_create(
        uploaded_file=csv_upload(rows),
        institution=institution,
        actor=actor,
        dry_run=True,
        strict=strict,
    )
    job.refresh_from_db()
    return job


# --- suites ------------------------------------------------------------------

ELSEWHERE_CODE = "35"  # Provinsi Jawa Timur: the other side of a transfer, not OTHER_CODE


def employee(inst: Any) -> Any:
    return EmployeeFactory(institution=inst)


def import_job(inst: Any) -> Any:
    return ImportJobFactory(institution=inst, original_name=f"register-{uuid.uuid4().hex[:8]}.csv")


def transfer(inst: Any) -> Any:
    return TransferRequest.objects.create(
        employee=employee(inst), from_institution=inst, to_institution=institution(ELSEWHERE_CODE)
    )


class SelfScopeInsteadOf403:
    """No role lacks ``view`` on civil servants: a civil servant holds it over their own record.

    For these URLs the denial is the self scope, so the 403 test of the suite proves
    instead that a civil servant gets 404 on someone else's record and 200 on their own.
    """

    own_ok_status: ClassVar[tuple[int, ...]] = (200,)

    def test_role_without_permission_gets_403(self) -> None:  # type: ignore[override]
        other = self.make_object(institution(HOME_CODE))  # type: ignore[attr-defined]
        response = self.request(client_for(make_user(Role.CIVIL_SERVANT)), other)  # type: ignore[attr-defined]
        assert response.status_code == 404, response.status_code
        own = self.make_object(institution(HOME_CODE))  # type: ignore[attr-defined]
        me = make_user(Role.CIVIL_SERVANT, nip=own.nip)
        response = self.request(client_for(me), own)  # type: ignore[attr-defined]
        assert response.status_code in self.own_ok_status, response.status_code


class TestEmployeeList(ListPermissionSuite):
    url_name = "people:list"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT  # the list is a staff screen; they have "My record"

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return format_nip(obj.nip)


class TestEmployeeExport(ListPermissionSuite):
    url_name = "people:export"
    allowed_role = Role.AUDITOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.nip


class TestMyRecord(LoginRequiredSuite):
    """The suite's users have no NIP on their account: the "no record" page. An account
    with a record gets its page (test_views.py, tests/people/test_self_service.py)."""

    url_name = "people:me"


class TestEmployeeDetail(SelfScopeInsteadOf403, ObjectPermissionSuite):
    url_name = "people:detail"
    allowed_role = Role.OPERATOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}


class TestImport(ListPermissionSuite):
    url_name = "people:import"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return import_job(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.original_name


class TestImportTemplate(ListPermissionSuite):
    """The template holds no one's data: every institution gets the same empty workbook."""

    url_name = "people:import-template"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def cells(self, response: Any) -> list[str]:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None]

    def test_role_with_permission_sees_own_rows(self) -> None:
        response = self.request(client_for(make_user(self.allowed_role)), None)
        assert response.status_code == 200
        assert self.cells(response)[: len(TEMPLATE_HEADERS)] == list(TEMPLATE_HEADERS)

    def test_rows_of_another_institution_stay_out(self) -> None:
        obj = self.make_object(institution(HOME_CODE))
        for code in (HOME_CODE, OTHER_CODE):
            response = self.request(client_for(make_user(self.allowed_role, code)), None)
            assert response.status_code == 200
            assert obj.nip not in self.cells(response)


class _JobSuite(ObjectPermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return import_job(institution)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}


class TestImportJob(_JobSuite):
    url_name = "people:import-job"


class TestImportProgress(_JobSuite):
    url_name = "people:import-progress"


class TestImportErrors(_JobSuite):
    url_name = "people:import-errors"


def confirmed_imports(checked: Any) -> list[tuple[bool, int, str]]:
    """The imports a confirmation of the dry run ``checked`` queued: (dry run?, institution, status)."""
    jobs = ImportJob.objects.filter(dry_run_job=checked)
    return list(jobs.values_list("dry_run", "institution_id", "status"))


class TestImportConfirm(_JobSuite):
    """Confirming a dry run queues (and in the tests runs) one real import of it."""

    url_name = "people:import-confirm"
    method = "post"
    ok_status = (302,)

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        actor = make_user(Role.OPERATOR, institution.code)
        return dry_run(institution=institution, actor=actor, rows=[row(new_nip())])

    def state(self, obj):  # type: ignore[no-untyped-def]
        return confirmed_imports(obj)

    def assert_done(self, obj, before):  # type: ignore[no-untyped-def]
        assert (before, self.state(obj)) == ([], [(False, obj.institution_id, ImportStatus.DONE)])

    def location(self, obj):  # type: ignore[no-untyped-def]
        return reverse("people:import-job", args=[ImportJob.objects.get(dry_run_job=obj).pk])


class TestTransfers(ListPermissionSuite):
    url_name = "people:transfers"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return transfer(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return format_nip(obj.employee.nip)


# Transfer decisions (confirm, reject) are writes: tests/people/test_write_scope.py.
