"""Every page of the conversion table, the recorded activities and the ledger has its
permission suite; writes are proven by their effect, and refused from outside the
writer's scope (another institution's operator, the province above, a civil servant,
an auditor) with nothing changed."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tangguh.core.roles import Role
from tangguh.development.ledger import ledger_append
from tangguh.development.models import (
    Activity,
    ActivityStatus,
    DevelopmentForm,
    JpRule,
    LedgerEntry,
    LedgerSource,
)
from tests.development.factories import ActivityFactory, form
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    OTHER_CODE,
    ListPermissionSuite,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    _institution,
    client_for,
    make_user,
)

pytestmark = pytest.mark.django_db

_n = itertools.count(1)
PDF = b"%PDF-1.4\n%%EOF\n"


def activity_in(institution: Any, **extra: Any) -> Activity:
    n = next(_n)
    return ActivityFactory(
        employee=EmployeeFactory(institution=institution), title=f"Seminar Uji {n:05d}", **extra
    )


def entry_in(institution: Any) -> LedgerEntry:
    person = EmployeeFactory(institution=institution)
    return ledger_append(
        employee=person,
        day=date.today() - timedelta(days=3),
        jp=8,
        form=form("seminar"),
        source=LedgerSource.ACTIVITY,
        description=f"Entri Uji {next(_n):05d}",
    )


def xlsx_text(response: Any) -> str:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)


class _NationalOnly:
    """National reference data: the national administrator writes it, nobody else."""

    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN

    def test_same_role_in_another_institution_gets_404(self) -> None:
        response = client_for(make_user(Role.OPERATOR, OTHER_CODE)).get(self.url(None))  # type: ignore[attr-defined]
        assert response.status_code == 403


# --- the conversion table --------------------------------------------------------------


class TestRules(LoginRequiredSuite):
    """Every signed-in role reads the conversion table."""

    url_name = "development:rules"


class TestRuleAddPage(_NationalOnly, ObjectPermissionSuite):
    url_name = "development:rule_add"


class TestFormsManagePage(_NationalOnly, ObjectPermissionSuite):
    url_name = "development:forms_manage"


class _NationalWrite(WritePermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN
    ok_status = (302,)

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator writes: an operator elsewhere is refused."""
        self._refused(make_user(Role.OPERATOR, OTHER_CODE), (403,))

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))


class TestRuleAdd(_NationalWrite):
    url_name = "development:rule_add"
    data = {"form": "seminar", "valid_from": "2026-01-01", "basis": "per_day", "jp_per_unit": "3"}

    def state(self, obj: Any) -> Any:
        return list(
            JpRule.objects.filter(form__code="seminar").values_list("valid_from", "jp_per_unit")
        )

    def location(self, obj: Any) -> str:
        return reverse("development:rules")


class TestFormAdd(_NationalWrite):
    url_name = "development:forms_manage"
    data = {"code": "podcast", "name": "Podcast", "category": "nonklasikal",
            "valid_from": "2026-01-01", "basis": "per_occurrence", "jp_per_unit": "1"}  # fmt: skip

    def state(self, obj: Any) -> Any:
        return list(DevelopmentForm.objects.filter(code="podcast").values_list("code", "is_active"))

    def location(self, obj: Any) -> str:
        return reverse("development:rules")


# --- activities --------------------------------------------------------------------------


class TestActivities(ListPermissionSuite):
    url_name = "development:activities"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Activity:
        return activity_in(institution)

    def marker(self, obj: Activity) -> str:
        return obj.title


class TestMyActivities(ListPermissionSuite):
    """A civil servant's own activities: nobody else's, whoever's institution."""

    url_name = "development:my_activities"
    allowed_role = Role.CIVIL_SERVANT
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Activity:
        return activity_in(institution)

    def marker(self, obj: Activity) -> str:
        return obj.title

    def test_role_with_permission_sees_own_rows(self) -> None:
        obj = self.make_object(_institution("35.78"))
        user = make_user(Role.CIVIL_SERVANT, nip=obj.nip)
        response = client_for(user).get(reverse(self.url_name))
        assert response.status_code == 200 and obj.title in response.content.decode()

    def test_rows_of_another_institution_stay_out(self) -> None:
        obj = self.make_object(_institution("35.78"))
        colleague = EmployeeFactory(institution=obj.institution)
        response = client_for(make_user(Role.CIVIL_SERVANT, nip=colleague.nip)).get(
            reverse(self.url_name)
        )
        assert response.status_code == 200 and obj.title not in response.content.decode()


class _PageWithoutRows(ObjectPermissionSuite):
    """A page about no row (a form, a template): open to the roles that record."""

    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def test_same_role_in_another_institution_gets_404(self) -> None:
        """The page holds no other institution's row: every operator gets the same page."""
        response = client_for(make_user(self.allowed_role, OTHER_CODE)).get(self.url(None))
        assert response.status_code == 200


class TestActivityNewPage(_PageWithoutRows):
    url_name = "development:activity_new"

    def test_an_auditor_is_refused(self) -> None:
        assert client_for(make_user(Role.AUDITOR)).get(self.url(None)).status_code == 403


class TestActivitiesImportPage(_PageWithoutRows):
    url_name = "development:activities_import"


class TestActivitiesTemplate(_PageWithoutRows):
    url_name = "development:activities_template"

    def test_it_is_the_template(self) -> None:
        response = client_for(make_user(Role.OPERATOR)).get(self.url(None))
        assert "NIP" in xlsx_text(response) and "Bentuk" in xlsx_text(response)


class TestActivityAllowance(ListPermissionSuite):
    """The live allowance names the person only to those who may record for them."""

    url_name = "development:activity_allowance"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        self.person = EmployeeFactory(institution=institution)
        return self.person

    def request(self, client: Any, obj: Any) -> Any:
        person = getattr(self, "person", None)
        day = (date.today() - timedelta(days=3)).isoformat()
        params = {"form": "seminar", "start_date": day, "end_date": day}
        if person is not None:
            params["nip"] = person.nip
        return client.get(reverse(self.url_name), params)

    def marker(self, obj: Any) -> str:
        return obj.full_name


class TestActivityNew(WritePermissionSuite):
    """An operator records for a person of their institution; nobody outside may."""

    url_name = "development:activity_new"
    allowed_role = Role.OPERATOR
    refused_status = (400, 403, 404)
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        day = (date.today() - timedelta(days=5)).isoformat()
        return client.post(
            reverse(self.url_name),
            {"nip": obj.nip, "form": "seminar", "title": "Seminar Daerah", "start_date": day,
             "end_date": day, "jp_claimed": "4", "evidence_link": "https://contoh.go.id/s.pdf"},
        )  # fmt: skip

    def state(self, obj: Any) -> Any:
        return list(Activity.objects.filter(employee=obj).values_list("title", "jp_claimed"))

    def location(self, obj: Any) -> str:
        return reverse("development:activity", args=[Activity.objects.get(employee=obj).pk])

    def test_a_civil_servant_cannot_record_for_a_colleague(self) -> None:
        obj = self.make_object(_institution("35.78"))
        colleague = EmployeeFactory(institution=obj.institution)
        response = client_for(make_user(Role.CIVIL_SERVANT, nip=colleague.nip)).post(
            reverse(self.url_name),
            {"nip": obj.nip, "form": "seminar", "title": "x", "start_date": "2025-01-01",
             "end_date": "2025-01-01", "evidence_link": "https://contoh.go.id/s.pdf"},
        )  # fmt: skip
        assert response.status_code in (302, 400)
        assert not Activity.objects.filter(employee=obj).exists()


class _OneActivity:
    def make_object(self, institution: Any) -> Activity:
        return activity_in(institution)

    def url_kwargs(self, obj: Activity) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestActivityDetail(_OneActivity, ObjectPermissionSuite):
    url_name = "development:activity"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def test_a_colleague_civil_servant_gets_404(self) -> None:
        obj = self.make_object(_institution("35.78"))
        colleague = EmployeeFactory(institution=obj.institution)
        user = make_user(Role.CIVIL_SERVANT, nip=colleague.nip)
        assert client_for(user).get(self.url(obj)).status_code == 404


class TestActivityEvidence(_OneActivity, ObjectPermissionSuite):
    url_name = "development:activity_evidence"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Activity:
        activity = activity_in(institution)
        activity.evidence.save("bukti.pdf", ContentFile(PDF), save=True)
        activity.evidence_name = "sertifikat.pdf"
        activity.save(update_fields=["evidence_name"])
        return activity

    def test_it_is_always_a_download_of_the_type_its_bytes_say(self) -> None:
        obj = self.make_object(_institution("35.78"))
        response = client_for(make_user(Role.OPERATOR)).get(self.url(obj))
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"


class TestActivityDecide(_OneActivity, WritePermissionSuite):
    url_name = "development:activity_decide"
    allowed_role = Role.OPERATOR
    data = {"decision": "approve"}
    ok_status = (302,)

    def state(self, obj: Activity) -> Any:
        return (
            Activity.objects.get(pk=obj.pk).status,
            LedgerEntry.objects.filter(activity=obj).count(),
        )

    def location(self, obj: Activity) -> str:
        return reverse("development:activity", args=[obj.pk])

    def test_the_person_themselves_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403, 404))

    def test_an_auditor_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.AUDITOR), (403,))


class TestActivityWithdraw(_OneActivity, WritePermissionSuite):
    url_name = "development:activity_withdraw"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def state(self, obj: Activity) -> Any:
        return Activity.objects.get(pk=obj.pk).status

    def location(self, obj: Activity) -> str:
        return reverse("development:activity", args=[obj.pk])

    def test_the_person_withdraws_their_own_but_not_a_colleagues(self) -> None:
        obj = self.make_object(_institution("35.78"))
        colleague = EmployeeFactory(institution=obj.institution)
        other = client_for(make_user(Role.CIVIL_SERVANT, nip=colleague.nip))
        assert other.post(self.url(obj)).status_code == 404
        assert self.state(obj) == ActivityStatus.SUBMITTED
        own = client_for(make_user(Role.CIVIL_SERVANT, nip=obj.nip))
        assert own.post(self.url(obj)).status_code == 302
        assert self.state(obj) == ActivityStatus.WITHDRAWN


def _sheet(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Nama", "Bentuk", "Judul", "Tanggal Mulai", "Tanggal Selesai", "JP"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("kegiatan.xlsx", buffer.getvalue())


class TestActivitiesImportConfirm(WritePermissionSuite):
    """The checked file, imported: its rows recorded and approved, JP in the ledger. An
    operator elsewhere (or the province above) gets nothing to confirm."""

    url_name = "development:activities_import_confirm"
    allowed_role = Role.OPERATOR
    ok_status = (200,)
    refused_status = (302, 403)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        day = date.today() - timedelta(days=20)
        upload = _sheet([[obj.nip, obj.full_name, "seminar", "Seminar Impor", day, day, 4]])
        checked = client.post(reverse("development:activities_import"), {"file": upload})
        token = checked.context["token"] if checked.status_code == 200 and checked.context else ""
        return client.post(reverse(self.url_name), {"token": token or ""})

    def state(self, obj: Any) -> Any:
        return list(LedgerEntry.objects.filter(employee=obj).values_list("jp", "source"))


# --- the ledger --------------------------------------------------------------------------


class TestLedger(ListPermissionSuite):
    url_name = "development:ledger"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def marker(self, obj: LedgerEntry) -> str:
        return obj.description


class TestLedgerExport(ListPermissionSuite):
    url_name = "development:ledger_export"
    allowed_role = Role.AUDITOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def marker(self, obj: LedgerEntry) -> str:
        return obj.description

    def content(self, response: Any) -> str:
        return xlsx_text(response)


class TestPersonLedger(ObjectPermissionSuite):
    url_name = "development:person_ledger"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def url_kwargs(self, obj: LedgerEntry) -> dict[str, Any]:
        return {"nip": obj.nip}

    def test_the_person_reads_their_own_and_not_a_colleagues(self) -> None:
        obj = self.make_object(_institution("35.78"))
        own = client_for(make_user(Role.CIVIL_SERVANT, nip=obj.nip)).get(self.url(obj))
        assert own.status_code == 200 and obj.description in own.content.decode()
        colleague = EmployeeFactory(institution=obj.institution)
        other = client_for(make_user(Role.CIVIL_SERVANT, nip=colleague.nip)).get(self.url(obj))
        assert other.status_code == 404


class _OneEntry:
    def make_object(self, institution: Any) -> LedgerEntry:
        return entry_in(institution)

    def url_kwargs(self, obj: LedgerEntry) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestLedgerReversePage(_OneEntry, ObjectPermissionSuite):
    url_name = "development:ledger_reverse"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR


class TestLedgerReverse(_OneEntry, WritePermissionSuite):
    url_name = "development:ledger_reverse"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    data = {"reason": "Tercatat dua kali"}
    ok_status = (302,)

    def state(self, obj: LedgerEntry) -> Any:
        return list(LedgerEntry.objects.filter(reverses=obj).values_list("jp", "note"))

    def assert_done(self, obj: LedgerEntry, before: Any) -> None:
        assert self.state(obj) == [(Decimal("-8.00"), "Tercatat dua kali")]

    def location(self, obj: LedgerEntry) -> str:
        return reverse("development:person_ledger", args=[obj.nip]) + f"?year={obj.year}"

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))
