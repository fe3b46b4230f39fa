"""Every page and endpoint of position standards has its permission suite; every write
(a tier's defaults, a position's items, the sheet's import, the API) is proven by its
effect and refused from outside the writer's scope with nothing changed."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tangguh.competencies.models import StandardItem
from tangguh.core.roles import Role
from tests.competencies.factories import AdministratorPositionFactory, TechnicalCompetencyFactory
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
)

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


def position_in(institution: Any) -> Any:
    return AdministratorPositionFactory(
        institution=institution, name=f"Kepala Bidang Uji {next(_n):05d}"
    )


def own_items(position: Any) -> list[tuple[str, int]]:
    return sorted(
        StandardItem.objects.filter(position=position).values_list("code", "required_level")
    )


def own_defaults(institution: Any) -> list[tuple[str, str, int]]:
    return sorted(
        StandardItem.objects.filter(institution=institution, position__isnull=True).values_list(
            "tier", "code", "required_level"
        )
    )


def sheet(rows: list[tuple[Any, ...]]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Jabatan", "Kode Kompetensi", "Level"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_text(response: Any) -> str:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )


# --- pages -------------------------------------------------------------------------------


class TestStandardsGrid(ListPermissionSuite):
    """An institution's own technical competency and default show on its grid only."""

    url_name = "competencies:standards"
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        competency = TechnicalCompetencyFactory(name=f"Tata Kelola Arsip Uji {next(_n):05d}")
        StandardItem.objects.create(
            institution=institution,
            tier="administrator",
            competency=competency,
            code=competency.code,
            required_level=4,
        )
        return competency

    def marker(self, obj: Any) -> str:
        return obj.name


class TestStandardTierPage(ObjectPermissionSuite):
    url_name = "competencies:standard_tier"

    def make_object(self, institution: Any) -> Any:
        return institution

    def url(self, obj: Any) -> str:
        return reverse(self.url_name, kwargs={"tier": "administrator"}) + f"?instansi={obj.code}"


class TestStandardTierSave(WritePermissionSuite):
    url_name = "competencies:standard_tier"
    data = {"level_M.01": "5", "level_P.01": "2"}

    def make_object(self, institution: Any) -> Any:
        return institution

    def url(self, obj: Any) -> str:
        return reverse(self.url_name, kwargs={"tier": "administrator"}) + f"?instansi={obj.code}"

    def state(self, obj: Any) -> Any:
        return own_defaults(obj)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == [("administrator", "M.01", 5), ("administrator", "P.01", 2)]

    ok_status = (302,)

    def location(self, obj: Any) -> str:
        return reverse("competencies:standards") + f"?instansi={obj.code}"


class TestPositions(ListPermissionSuite):
    url_name = "competencies:positions"
    allowed_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)


class TestPositionStandardPage(ObjectPermissionSuite):
    url_name = "competencies:position_standard"
    allowed_role = Role.ASSESSOR

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestPositionStandardSave(WritePermissionSuite):
    url_name = "competencies:position_standard"
    data = {"level_P.01": "3", "level_M.02": "4"}
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return own_items(obj)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == [("M.02", 4), ("P.01", 3)]

    def location(self, obj: Any) -> str:
        return reverse(self.url_name, kwargs={"pk": obj.pk})


class TestStandardsImportPage(ObjectPermissionSuite):
    url_name = "competencies:standards_import"

    def make_object(self, institution: Any) -> Any:
        return institution

    def url(self, obj: Any) -> str:
        return reverse(self.url_name) + f"?instansi={obj.code}"


class TestStandardsImport(WritePermissionSuite):
    url_name = "competencies:standards_import"

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def url(self, obj: Any) -> str:
        return reverse(self.url_name) + f"?instansi={obj.institution.code}"

    def request(self, client: Any, obj: Any) -> Any:
        upload = SimpleUploadedFile("standar.xlsx", sheet([(obj.name, "P.01", 4)]))
        return client.post(self.url(obj), {"file": upload})

    def state(self, obj: Any) -> Any:
        return own_items(obj)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == [("P.01", 4)]


class TestStandardsExport(ListPermissionSuite):
    url_name = "competencies:standards_xlsx"
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def content(self, response: Any) -> str:
        return xlsx_text(response)


def test_export_of_another_institution_is_a_404(client: Any) -> None:
    from tests.permissions import OTHER_CODE, client_for, make_user

    response = client_for(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE)).get(
        reverse("competencies:standards_xlsx") + "?instansi=35.78"
    )
    assert response.status_code == 404


# --- API ---------------------------------------------------------------------------------


class TestTierDefaultsAPI(ListPermissionSuite):
    url_name = "api:competencies-standards"
    is_api = True
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        competency = TechnicalCompetencyFactory()
        StandardItem.objects.create(
            institution=institution,
            tier="pengawas",
            competency=competency,
            code=competency.code,
            required_level=4,
        )
        return competency

    def marker(self, obj: Any) -> str:
        return f'"competency_code":"{obj.code}"'


class TestPositionStandardAPI(ObjectPermissionSuite):
    url_name = "api:competencies-position-standard"
    is_api = True
    allowed_role = Role.AUDITOR

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestPositionStandardPutAPI(WritePermissionSuite):
    url_name = "api:competencies-position-standard"
    is_api = True
    method = "put"
    ok_status = (200,)

    def make_object(self, institution: Any) -> Any:
        return position_in(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        body = {"items": [{"competency_code": "P.01", "level": 3}]}
        return client.put(self.url(obj), data=json.dumps(body), content_type="application/json")

    def state(self, obj: Any) -> Any:
        return own_items(obj)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == [("P.01", 3)]
