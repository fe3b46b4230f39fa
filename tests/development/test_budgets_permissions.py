"""Permission suites for every budget URL: pages, exports, the import, the API, and the
writes from outside the writer's scope (another province, the province's auditor, a
role without the grant) refused with nothing changed."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from itertools import count
from types import SimpleNamespace
from typing import Any

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import BudgetRevision, RevisionStatus
from tangguh.development.views.budgets import PENDING_KEY
from tests.development.factories import BudgetRevisionFactory
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

YEAR = 2024
_seq = count(1)


def approved(institution: Any, year: int = YEAR, **extra: Any) -> BudgetRevision:
    """An approved revision of ``institution``'s budget (entered by its operator)."""
    return BudgetRevisionFactory(
        budget__institution=institution,
        budget__fiscal_year=year,
        status=RevisionStatus.APPROVED,
        entered_by=make_user(Role.OPERATOR, institution.code),
        **extra,
    )


def submitted(institution: Any, year: int = YEAR) -> BudgetRevision:
    return BudgetRevisionFactory(
        budget__institution=institution,
        budget__fiscal_year=year,
        entered_by=make_user(Role.OPERATOR, institution.code),
    )


def budget_csv(rows: list[tuple[str, ...]]) -> bytes:
    header = (
        "Kode Instansi;Tahun Anggaran;Jenis Revisi;Total Anggaran;Alokasi Pengembangan Kompetensi\n"
    )
    return (header + "".join(";".join(r) + "\n" for r in rows)).encode()


def revisions_of(code: str) -> list[tuple[int, str]]:
    return list(
        BudgetRevision.objects.filter(institution__code=code)
        .order_by("number")
        .values_list("number", "status")
    )


def _cells(response: Any) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    return "\n".join(" ".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))


# --- lists and exports -----------------------------------------------------------------


class TestBudgetList(ListPermissionSuite):
    url_name = "development:budgets"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT
    data = {"tahun": str(YEAR)}

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def marker(self, obj: Any) -> str:
        return f'data-code="{obj.institution.code}"'


class TestBudgetListDeniesAssessors(TestBudgetList):
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR


class TestBudgetNational(ListPermissionSuite):
    """Surabaya's administrator sees Jawa Timur's line (its own allocation summed among the
    regencies); Sleman's sees Yogyakarta's only."""

    url_name = "development:budgets_national"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT
    data = {"tahun": str(YEAR)}

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def marker(self, obj: Any) -> str:
        return f'data-code="{obj.institution.parent.code}"'


class TestBudgetExport(ListPermissionSuite):
    url_name = "development:budgets_export"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.ASSESSOR
    data = {"tahun": str(YEAR)}

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def marker(self, obj: Any) -> str:
        return obj.institution.name

    def content(self, response: Any) -> str:
        return _cells(response)


class TestBudgetTemplate(ListPermissionSuite):
    """The template holds nobody's figures: every role that enters budgets gets the same."""

    url_name = "development:budgets_template"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR  # reads budgets, never enters them

    def make_object(self, institution: Any) -> Any:
        return approved(institution, document="Perda Rahasia 77")

    def test_role_with_permission_sees_own_rows(self) -> None:
        response = self.request(client_for(make_user(self.allowed_role)), None)
        assert response.status_code == 200
        assert "Kode Instansi" in _cells(response)

    def test_rows_of_another_institution_stay_out(self) -> None:
        self.make_object(make_user(Role.OPERATOR).institution)
        for code in (HOME_CODE, OTHER_CODE):
            response = self.request(client_for(make_user(self.allowed_role, code)), None)
            assert response.status_code == 200
            assert "Perda Rahasia 77" not in _cells(response)


class TestBudgetImportPage(ListPermissionSuite):
    url_name = "development:budgets_import"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return approved(institution, document="Perda Rahasia 78")

    def test_role_with_permission_sees_own_rows(self) -> None:
        response = self.request(client_for(make_user(self.allowed_role)), None)
        assert response.status_code == 200
        assert 'data-testid="import-form"' in response.content.decode()

    def test_rows_of_another_institution_stay_out(self) -> None:
        self.make_object(make_user(Role.OPERATOR).institution)
        for code in (HOME_CODE, OTHER_CODE):
            response = self.request(client_for(make_user(self.allowed_role, code)), None)
            assert "Perda Rahasia 78" not in response.content.decode()


# --- one budget ------------------------------------------------------------------------


class TestBudgetDetail(ObjectPermissionSuite):
    url_name = "development:budget"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.institution.code, "year": YEAR}


class TestBudgetDetailForAuditors(TestBudgetDetail):
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR


class TestBudgetRealisation(ObjectPermissionSuite):
    url_name = "development:budget_realisation"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.institution.code, "year": YEAR}


class TestRevisionForm(ObjectPermissionSuite):
    url_name = "development:budget_revision_new"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return institution

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code, "year": YEAR}


class TestRevisionSubmit(WritePermissionSuite):
    """Entering figures: Surabaya's operator for Surabaya; Sleman's operator (another
    province) and Jawa Timur's auditor (reads, never writes) change nothing."""

    url_name = "development:budget_revision_new"
    allowed_role = Role.OPERATOR
    province_role = Role.AUDITOR
    ok_status = (302,)
    data = {
        "kind": "initial",
        "total_budget": "10.000.000.000.000",
        "development_allocation": "Rp 25.000.000.000",
    }

    def make_object(self, institution: Any) -> Any:
        return institution

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code, "year": YEAR}

    def state(self, obj: Any) -> Any:
        return list(
            BudgetRevision.objects.filter(institution=obj).values_list(
                "number", "status", "development_allocation"
            )
        )

    def assert_done(self, obj: Any, before: Any) -> None:
        assert before == []
        assert self.state(obj) == [(1, "submitted", Decimal("25000000000"))]

    def location(self, obj: Any) -> str:
        return reverse("development:budget", kwargs={"code": obj.code, "year": YEAR})


class TestRevisionDecide(WritePermissionSuite):
    """Approving: Surabaya's administrator (not the author); Surabaya's operator (enters,
    never approves) 403; Sleman's administrator 404; Jawa Timur's auditor 403."""

    url_name = "development:budget_revision_decide"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.OPERATOR
    province_role = Role.AUDITOR
    ok_status = (302,)
    data = {"decision": "approve"}

    def make_object(self, institution: Any) -> Any:
        return submitted(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return BudgetRevision.objects.filter(pk=obj.pk).values_list("status", "decided_by").get()

    def location(self, obj: Any) -> str:
        return reverse("development:budget", kwargs={"code": obj.institution.code, "year": YEAR})


class TestBudgetImportWrite(WritePermissionSuite):
    """Uploading a sheet without the dry run enters its rows: Surabaya's operator for
    Surabaya; Sleman's operator's row for Surabaya is outside its scope: the file is
    refused (400) and nothing changes."""

    url_name = "development:budgets_import"
    allowed_role = Role.OPERATOR
    province_role = Role.AUDITOR
    ok_status = (200,)
    refused_status = (400, 403)

    def make_object(self, institution: Any) -> Any:
        return institution

    def request(self, client: Any, obj: Any) -> Any:
        upload = ContentFile(
            budget_csv([(obj.code, str(YEAR), "APBD", "1000000000", "5000000")]), name="b.csv"
        )
        return client.post(self.url(obj), data={"file": upload})

    def state(self, obj: Any) -> Any:
        return revisions_of(obj.code)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ([], [(1, "submitted")])


class TestBudgetImportConfirm(WritePermissionSuite):
    """Confirming a checked sheet enters it; the check lives in the caller's session (here
    every caller holds one for Surabaya), so the refusals are the scope's."""

    url_name = "development:budgets_import_confirm"
    allowed_role = Role.OPERATOR
    province_role = Role.AUDITOR
    ok_status = (200,)
    refused_status = (400, 403)

    def make_object(self, institution: Any) -> Any:
        token = f"t{next(_seq)}"
        content = budget_csv([(institution.code, str(YEAR), "APBD", "1000000000", "5000000")])
        path = default_storage.save(f"budget-imports/{token}.csv", ContentFile(content))
        return SimpleNamespace(code=institution.code, pending={"token": token, "path": path, "name": "b.csv"})  # fmt: skip

    def request(self, client: Any, obj: Any) -> Any:
        session = client.session
        session[PENDING_KEY] = obj.pending
        session.save()
        return client.post(self.url(obj), data={"token": obj.pending["token"]})

    def state(self, obj: Any) -> Any:
        return revisions_of(obj.code)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ([], [(1, "submitted")])


# --- the API -----------------------------------------------------------------------------


class TestBudgetListAPI(ListPermissionSuite):
    url_name = "api:development-budgets"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT
    data = {"year": str(YEAR)}

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def marker(self, obj: Any) -> str:
        return f'"institution_code":"{obj.institution.code}"'


class TestBudgetDetailAPI(ObjectPermissionSuite):
    url_name = "api:development-budget"
    is_api = True
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return approved(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.institution.code, "year": YEAR}


class TestRevisionCreateAPI(WritePermissionSuite):
    url_name = "api:development-budget-revisions"
    is_api = True
    allowed_role = Role.OPERATOR
    province_role = Role.AUDITOR
    ok_status = (201,)

    def make_object(self, institution: Any) -> Any:
        return institution

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code, "year": YEAR}

    def request(self, client: Any, obj: Any) -> Any:
        body = {"kind": "initial", "total_budget": "900000000", "development_allocation": "1000000"}
        return client.post(self.url(obj), data=json.dumps(body), content_type="application/json")

    def state(self, obj: Any) -> Any:
        return revisions_of(obj.code)


class TestRevisionApproveAPI(WritePermissionSuite):
    url_name = "api:development-budget-revision-approve"
    is_api = True
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.OPERATOR
    province_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return submitted(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return BudgetRevision.objects.filter(pk=obj.pk).values_list("status", "decided_by").get()


class TestRevisionRejectAPI(TestRevisionApproveAPI):
    url_name = "api:development-budget-revision-reject"
    data = {"reason": "Belum sesuai Perda"}
