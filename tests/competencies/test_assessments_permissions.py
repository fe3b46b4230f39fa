"""Every assessments page: who may open it, who may write through it, and that a write
from outside the writer's scope (another institution, the province above, a civil
servant, an assessor assessing themselves) changes nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tangguh.competencies.models import Assessment, CurrentLevel
from tangguh.core.roles import Role
from tests.competencies.factories import AssessmentFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

ASSESSOR_NIP = "196608011988031001"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assessment_in(institution: Any, **extra: Any) -> Assessment:
    person = EmployeeFactory(institution=institution)
    return AssessmentFactory(employee=person, **extra)


def _states(person: Any) -> Any:
    return (
        list(Assessment.objects.filter(employee=person).values_list("code", "level", "status")),
        list(CurrentLevel.objects.filter(employee=person).values_list("code", "level")),
    )


class TestAssessmentList(ListPermissionSuite):
    url_name = "competencies:assessments"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Assessment:
        return assessment_in(institution)

    def marker(self, obj: Assessment) -> str:
        return obj.nip


class TestAssessmentDetail(ObjectPermissionSuite):
    url_name = "competencies:assessment"
    allowed_role = Role.ASSESSOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Assessment:
        return assessment_in(institution)

    def url_kwargs(self, obj: Assessment) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestAssessmentEvidence(ObjectPermissionSuite):
    url_name = "competencies:assessment_evidence"
    allowed_role = Role.AUDITOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Assessment:
        assessment = assessment_in(institution)
        assessment.evidence.save("bukti.pdf", ContentFile(PDF), save=True)
        return assessment

    def url_kwargs(self, obj: Assessment) -> dict[str, Any]:
        return {"pk": obj.pk}

    def test_served_as_an_attachment_with_the_type_its_bytes_give(self) -> None:
        from tangguh.institutions.models import Institution

        obj = self.make_object(Institution.objects.get(code="35.78"))
        response = client_for(make_user(Role.OPERATOR)).get(self.url(obj))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


class TestAssessmentVoid(WritePermissionSuite):
    """An administrator voids with a reason; an assessor (who only adds) may not; the
    administrator of another institution or of the province above changes nothing."""

    url_name = "competencies:assessment_void"
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.ASSESSOR
    ok_status = (302,)
    data = {"reason": "Salah input NIP"}

    def make_object(self, institution: Any) -> Assessment:
        from tangguh.competencies import profile

        assessment = assessment_in(institution)
        profile.refresh([assessment.employee_id])
        return assessment

    def url_kwargs(self, obj: Assessment) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Assessment) -> Any:
        return _states(obj.employee)

    def location(self, obj: Assessment) -> str:
        return reverse("competencies:assessment", kwargs={"pk": obj.pk})

    def assert_done(self, obj: Assessment, before: Any) -> None:
        super().assert_done(obj, before)
        obj.refresh_from_db()
        assert obj.status == "void" and obj.void_reason == "Salah input NIP"
        assert not CurrentLevel.objects.filter(employee_id=obj.employee_id).exists()

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))


def _form(person: Any, **extra: Any) -> dict[str, Any]:
    return {
        "nip": person.nip,
        "competency": "M.02",
        "level": "3",
        "assessed_on": (date.today() - timedelta(days=5)).isoformat(),
        "method": "assessment-centre",
        "assessor_nip": ASSESSOR_NIP,
        "assessor_name": "Asesor Pusat",
        **extra,
    }


class TestAssessmentCreate(WritePermissionSuite):
    """An assessor records one for a person of the institution; an auditor may not; an
    assessor of another institution or of the province above is refused and nothing
    changes."""

    url_name = "competencies:assessment_create"
    allowed_role = Role.ASSESSOR
    denied_role = Role.AUDITOR
    province_role = Role.OPERATOR
    ok_status = (302,)
    refused_status = (400, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        upload = SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf")
        return client.post(reverse(self.url_name), {**_form(obj), "evidence": upload})

    def state(self, obj: Any) -> Any:
        return _states(obj)

    def location(self, obj: Any) -> str:
        made = Assessment.objects.filter(employee=obj).latest("id")
        return reverse("competencies:assessment", kwargs={"pk": made.pk})

    def assert_done(self, obj: Any, before: Any) -> None:
        super().assert_done(obj, before)
        made = Assessment.objects.get(employee=obj)
        assert (made.code, made.level, made.source) == ("M.02", 3, "form")
        assert made.evidence.name.endswith(".pdf")
        assert list(CurrentLevel.objects.filter(employee=obj).values_list("code", "level")) == [
            ("M.02", 3)
        ]

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))

    def test_an_assessor_assessing_themselves_is_refused(self) -> None:
        from tangguh.institutions.models import Institution

        home = Institution.objects.get(code="35.78")
        person = self.make_object(home)
        assessor = make_user(Role.ASSESSOR, nip=person.nip)
        before = self.state(person)
        response = client_for(assessor).post(reverse(self.url_name), _form(person, assessor_nip=""))
        assert response.status_code == 400
        assert "nip" in response.context["form"].errors
        assert self.state(person) == before

    def test_the_assessor_named_as_the_person_is_refused(self) -> None:
        from tangguh.institutions.models import Institution

        person = self.make_object(Institution.objects.get(code="35.78"))
        before = self.state(person)
        response = client_for(make_user(Role.OPERATOR)).post(
            reverse(self.url_name), _form(person, assessor_nip=person.nip)
        )
        assert response.status_code == 400
        assert "assessor_nip" in response.context["form"].errors
        assert self.state(person) == before

    def test_a_self_assessment_names_the_person_as_assessor(self) -> None:
        from tangguh.institutions.models import Institution

        person = self.make_object(Institution.objects.get(code="35.78"))
        response = client_for(make_user(Role.OPERATOR)).post(
            reverse(self.url_name), _form(person, method="self", assessor_nip="")
        )
        assert response.status_code == 302
        assert Assessment.objects.get(employee=person).assessor_nip == person.nip

    def test_a_future_date_and_a_level_outside_the_scale_are_refused(self) -> None:
        from tangguh.institutions.models import Institution

        person = self.make_object(Institution.objects.get(code="35.78"))
        client = client_for(make_user(Role.OPERATOR))
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        for data, field in ((_form(person, assessed_on=tomorrow), "assessed_on"),
                            (_form(person, level="7"), "level")):  # fmt: skip
            response = client.post(reverse(self.url_name), data)
            assert response.status_code == 400
            assert field in response.context["form"].errors
        assert self.state(person) == ([], [])

    def test_evidence_that_is_no_pdf_or_image_is_refused(self) -> None:
        from tangguh.institutions.models import Institution

        person = self.make_object(Institution.objects.get(code="35.78"))
        upload = SimpleUploadedFile(
            "laporan.pdf", b"<html>x</html>", content_type="application/pdf"
        )
        response = client_for(make_user(Role.OPERATOR)).post(
            reverse(self.url_name), {**_form(person), "evidence": upload}
        )
        assert response.status_code == 400
        assert "evidence" in response.context["form"].errors
        assert self.state(person) == ([], [])


class _PageWithoutRows(ObjectPermissionSuite):
    """A page about no row (a form, a template): open to the roles that record."""

    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR

    def test_same_role_in_another_institution_gets_404(self) -> None:
        """The page holds no other institution's row: every operator gets the same page."""
        response = client_for(make_user(self.allowed_role, "34.04")).get(self.url(None))
        assert response.status_code == 200

    def test_a_civil_servant_is_refused(self) -> None:
        assert client_for(make_user(Role.CIVIL_SERVANT)).get(self.url(None)).status_code == 403


class TestAssessmentCreatePage(_PageWithoutRows):
    url_name = "competencies:assessment_create"


class TestAssessmentsImportPage(_PageWithoutRows):
    url_name = "competencies:assessments_import"


class TestAssessmentsTemplate(_PageWithoutRows):
    url_name = "competencies:assessments_template"

    def test_it_is_the_template(self) -> None:
        response = client_for(make_user(Role.OPERATOR)).get(self.url(None))
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        header = [c for c in next(sheet.iter_rows(values_only=True)) if c]
        for column in (
            "NIP",
            "Kode Kompetensi",
            "Level",
            "Tanggal Asesmen",
            "Metode",
            "NIP Asesor",
        ):
            assert column in header


def sheet(rows: list[list[Any]], name: str = "asesmen.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    ws = book.active
    ws.append(["NIP", "Kode Kompetensi", "Level", "Tanggal Asesmen", "Metode", "NIP Asesor"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


class TestAssessmentsImportConfirm(WritePermissionSuite):
    """The checked file, imported: its rows recorded, the profile refreshed. An operator
    elsewhere (or of the province above) gets nothing to confirm."""

    url_name = "competencies:assessments_import_confirm"
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    province_role = Role.OPERATOR
    ok_status = (200,)
    refused_status = (302, 403)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        day = date.today() - timedelta(days=10)
        upload = sheet([[obj.nip, "M.03", 4, day, "assessment-centre", ASSESSOR_NIP]])
        checked = client.post(reverse("competencies:assessments_import"), {"file": upload})
        token = checked.context["token"] if checked.status_code == 200 and checked.context else ""
        return client.post(reverse(self.url_name), {"token": token or ""})

    def state(self, obj: Any) -> Any:
        return _states(obj)

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))


# --- the API ------------------------------------------------------------------------


class TestAssessmentListAPI(ListPermissionSuite):
    url_name = "api:competencies-assessments"
    is_api = True
    allowed_role = Role.AUDITOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Assessment:
        return assessment_in(institution)

    def marker(self, obj: Assessment) -> str:
        return obj.nip


class TestAssessmentDetailAPI(ObjectPermissionSuite):
    url_name = "api:competencies-assessment"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Assessment:
        return assessment_in(institution)

    def url_kwargs(self, obj: Assessment) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestAssessmentRecordAPI(WritePermissionSuite):
    """POST records one (201); from another institution, the province above or a civil
    servant nothing changes."""

    url_name = "api:competencies-assessments"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR
    province_role = Role.OPERATOR
    ok_status = (201,)
    refused_status = (400, 403, 404)

    def make_object(self, institution: Any) -> Any:
        return EmployeeFactory(institution=institution)

    def request(self, client: Any, obj: Any) -> Any:
        body = {
            "nip": obj.nip, "code": "M.06", "level": 2, "method": "supervisor",
            "assessed_on": (date.today() - timedelta(days=1)).isoformat(),
            "assessor_nip": ASSESSOR_NIP,
        }  # fmt: skip
        return client.post(reverse(self.url_name), body, content_type="application/json")

    def state(self, obj: Any) -> Any:
        return _states(obj)

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))

    def test_level_seven_and_an_unknown_code_are_refused(self) -> None:
        from tangguh.institutions.models import Institution

        person = self.make_object(Institution.objects.get(code="35.78"))
        client = client_for(make_user(Role.OPERATOR))
        day = (date.today() - timedelta(days=1)).isoformat()
        base = {
            "nip": person.nip,
            "assessed_on": day,
            "method": "360",
            "assessor_nip": ASSESSOR_NIP,
        }
        for extra in ({"code": "M.01", "level": 7}, {"code": "X.99", "level": 2}):
            response = client.post(
                reverse(self.url_name), {**base, **extra}, content_type="application/json"
            )
            assert response.status_code == 400, response.content
        assert self.state(person) == ([], [])


class TestAssessmentVoidAPI(WritePermissionSuite):
    url_name = "api:competencies-assessment-void"
    is_api = True
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR
    ok_status = (200,)
    data = {"reason": "Hasil ganda"}

    def make_object(self, institution: Any) -> Assessment:
        return assessment_in(institution)

    def url_kwargs(self, obj: Assessment) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Assessment) -> Any:
        return _states(obj.employee)
