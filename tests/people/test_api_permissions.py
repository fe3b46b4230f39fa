"""Permission suites for every endpoint of the register's API (see tests/permissions.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.test import Client

from tangguh.core.roles import Role
from tangguh.people.models import ImportJob, ImportStatus
from tests.people.test_views_permissions import (
    SelfScopeInsteadOf403,
    confirmed_imports,
    csv_upload,
    dry_run,
    employee,
    import_job,
    new_nip,
    row,
    transfer,
)
from tests.permissions import (
    HOME_CODE,
    ListPermissionSuite,
    ObjectPermissionSuite,
    client_for,
    make_user,
)


class TestEmployeeListAPI(ListPermissionSuite):
    url_name = "api:employee-list"
    is_api = True
    allowed_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.nip

    def test_role_without_permission_gets_403(self) -> None:
        """A civil servant's token lists their own record and no one else's."""
        own = employee(_home())
        other = employee(_home())
        response = client_for(make_user(Role.CIVIL_SERVANT, nip=own.nip)).get(self.url(None))
        assert response.status_code == 200
        assert own.nip in response.content.decode()
        assert other.nip not in response.content.decode()


def _home() -> Any:
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=HOME_CODE)


class _EmployeeObjectSuite(SelfScopeInsteadOf403, ObjectPermissionSuite):
    is_api = True
    allowed_role = Role.AUDITOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return employee(institution)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}


class TestEmployeeDetailAPI(_EmployeeObjectSuite):
    url_name = "api:employee-detail"


class TestEmployeeHistoryAPI(_EmployeeObjectSuite):
    url_name = "api:employee-history"


class TestImportCreateAPI(ObjectPermissionSuite):
    """Upload to an institution: out of the user's scope is 404 like any other row."""

    url_name = "api:import-create"
    is_api = True
    method = "post"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    ok_status = (202,)

    def make_object(self, institution: Any) -> Any:
        return SimpleNamespace(name=f"check-{new_nip()}.csv")

    def request(self, client: Client, obj: Any) -> Any:
        upload = csv_upload([row(new_nip())], name=obj.name)
        return client.post(self.url(obj), data={"file": upload, "institution": HOME_CODE, "dry_run": "true"})  # fmt: skip

    def state(self, obj: Any) -> Any:
        jobs = ImportJob.objects.filter(original_name=obj.name)
        return list(jobs.values_list("dry_run", "institution__code", "status"))

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ([], [(True, HOME_CODE, ImportStatus.DONE)])


class _JobSuite(ObjectPermissionSuite):
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return import_job(institution)

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"pk": obj.pk}


class TestImportDetailAPI(_JobSuite):
    url_name = "api:import-detail"


class TestImportErrorsAPI(_JobSuite):
    url_name = "api:import-errors"


class TestImportConfirmAPI(_JobSuite):
    url_name = "api:import-confirm"
    method = "post"
    ok_status = (202,)

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        actor = make_user(Role.OPERATOR, institution.code)
        return dry_run(institution=institution, actor=actor, rows=[row(new_nip())])

    def state(self, obj):  # type: ignore[no-untyped-def]
        return confirmed_imports(obj)

    def assert_done(self, obj, before):  # type: ignore[no-untyped-def]
        assert (before, self.state(obj)) == ([], [(False, obj.institution_id, ImportStatus.DONE)])


class TestTransferListAPI(ListPermissionSuite):
    url_name = "api:transfer-list"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return transfer(institution)

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.employee.nip


# Transfer decisions (confirm, reject) are writes: tests/people/test_write_scope.py.
