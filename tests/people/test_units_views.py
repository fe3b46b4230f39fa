"""The work-unit screens: the tree, the upload (dry run or import), its confirmation, the
template. Permission suites for every URL (tests/permissions.py), then the flow."""

from __future__ import annotations

import io
import itertools
import re
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import WorkUnit
from tangguh.people.units_import_spec import UNITS
from tangguh.people.views.units import PENDING_KEY
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ListPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

from .factories import EmployeeFactory, WorkUnitFactory
from .units_files import units_csv_bytes, units_upload

_seq = itertools.count(1)


def unique_code() -> str:
    return f"UK.{next(_seq):04d}"


def english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def codes(code: str) -> list[str]:
    return list(WorkUnit.objects.filter(code=code).values_list("institution__code", flat=True))


# --- permission suites ---------------------------------------------------------------


class TestUnitTree(ListPermissionSuite):
    url_name = "people:units"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT  # a staff screen

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return WorkUnitFactory(institution=institution, code=unique_code())

    def marker(self, obj):  # type: ignore[no-untyped-def]
        return obj.name


class TestUnitTemplate(ListPermissionSuite):
    """The template holds no one's data: every importer gets the same empty workbook."""

    url_name = "people:units-template"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return WorkUnitFactory(institution=institution, code=unique_code())

    def cells(self, response: Any) -> list[str]:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None]

    def test_role_with_permission_sees_own_rows(self) -> None:
        response = self.request(client_for(make_user(self.allowed_role)), None)
        assert response.status_code == 200
        assert self.cells(response)[:3] == list(UNITS.template_headers)

    def test_rows_of_another_institution_stay_out(self) -> None:
        obj = self.make_object(Institution.objects.get(code=HOME_CODE))
        for code in (HOME_CODE, OTHER_CODE):
            response = self.request(client_for(make_user(self.allowed_role, code)), None)
            assert response.status_code == 200
            assert obj.code not in self.cells(response)


class TestUnitImportWrite(WritePermissionSuite):
    """Uploading a file without the dry run imports it: only into an institution the
    user may import the register of (another one is not a choice of the form)."""

    url_name = "people:units-import"
    allowed_role = Role.OPERATOR
    ok_status = (200,)
    refused_status = (400, 403, 404)

    def make_object(self, inst: Any) -> Any:
        return SimpleNamespace(code=unique_code())

    def request(self, client: Any, obj: Any) -> Any:
        data = {
            "file": units_upload([(obj.code, f"Unit {obj.code}", "")]),
            "institution": HOME_CODE,
        }
        return client.post(self.url(obj), data=data)

    def state(self, obj: Any) -> Any:
        return codes(obj.code)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ([], [HOME_CODE])


class TestUnitConfirmWrite(WritePermissionSuite):
    """Confirming a checked file imports it. The check lives in the uploader's session;
    here every caller holds one for Kota Surabaya, so the refusals are the scope's."""

    url_name = "people:units-confirm"
    allowed_role = Role.OPERATOR
    ok_status = (200,)

    def make_object(self, inst: Any) -> Any:
        code = unique_code()
        token = f"t{next(_seq)}"
        path = default_storage.save(
            f"unit-imports/{token}.csv", ContentFile(units_csv_bytes([(code, "Unit", "")]))
        )
        pending = {"token": token, "path": path, "name": "unit.csv", "institution": inst.pk, "strict": False}  # fmt: skip
        return SimpleNamespace(code=code, pending=pending)

    def request(self, client: Any, obj: Any) -> Any:
        session = client.session
        session[PENDING_KEY] = obj.pending
        session.save()
        return client.post(self.url(obj), data={"token": obj.pending["token"]})

    def state(self, obj: Any) -> Any:
        return codes(obj.code)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ([], [HOME_CODE])


# --- the screens ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_tree_shows_children_under_parents_with_their_civil_servants(surabaya):  # type: ignore[no-untyped-def]
    top = WorkUnitFactory(institution=surabaya, code="BKD", name="BKD", path="BKD")
    child = WorkUnitFactory(institution=surabaya, code="BKD.1", name="Mutasi", path="BKD / Mutasi", parent=top)  # fmt: skip
    WorkUnitFactory(institution=surabaya, name="Aaa Dinas", path="Aaa Dinas")
    EmployeeFactory.create_batch(2, institution=surabaya, work_unit=child)
    response = client_for(make_user(Role.OPERATOR)).get(reverse("people:units"))
    assert response.status_code == 200
    lines = [(line.unit.name, line.depth, line.employees) for line in response.context["lines"]]
    assert lines == [("Aaa Dinas", 0, 0), ("BKD", 0, 0), ("Mutasi", 1, 2)]
    assert 'data-testid="unit-tree"' in response.content.decode()


@pytest.mark.django_db
def test_another_institution_s_tree_is_not_found(surabaya):  # type: ignore[no-untyped-def]
    client = client_for(make_user(Role.OPERATOR, OTHER_CODE))
    assert client.get(reverse("people:units"), {"institution": HOME_CODE}).status_code == 404
    # A province's staff read their regencies' trees (roll-up), without the upload form.
    province = client_for(make_user(Role.INSTITUTION_ADMIN, "35"))
    response = province.get(reverse("people:units"), {"institution": HOME_CODE})
    assert response.status_code == 200 and response.context["institution"].code == HOME_CODE
    assert response.context["form"] is None
    # On its own tree, the upload is for its own units (the only ones it may import).
    own = province.get(reverse("people:units")).context
    assert own["institution"].code == "35"
    field = own["form"].fields["institution"]
    assert field.queryset.get().code == "35" and field.initial == "35"


@pytest.mark.django_db
def test_dry_run_then_confirm_imports_the_same_file(surabaya):  # type: ignore[no-untyped-def]
    client = english(client_for(make_user(Role.OPERATOR)))
    rows = [("BKD", "Badan Kepegawaian Daerah", ""), ("BKD.1", "Bidang Mutasi", "BKD"), ("X", "Unit X", "Q")]  # fmt: skip
    data = {"file": units_upload(rows), "institution": HOME_CODE, "dry_run": "on"}
    response = client.post(reverse("people:units-import"), data)
    assert response.status_code == 200
    assert not WorkUnit.objects.filter(institution=surabaya).exists()
    page = response.content.decode()
    assert "Dry run, nothing was saved." in page and 'data-testid="problems"' in page
    assert "No work unit has the code Q" in page
    token = re.search(r'name="token" value="(\w+)"', page).group(1)  # type: ignore[union-attr]
    stored = client.session[PENDING_KEY]["path"]
    assert default_storage.exists(stored)

    response = client.post(reverse("people:units-confirm"), {"token": token})
    assert response.status_code == 200
    assert "The import is finished." in response.content.decode()
    assert sorted(WorkUnit.objects.filter(institution=surabaya).values_list("code", flat=True)) == ["BKD", "BKD.1"]  # fmt: skip
    assert not default_storage.exists(stored) and PENDING_KEY not in client.session

    # Confirming twice imports nothing more: the check is gone.
    response = client.post(reverse("people:units-confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("people:units")


@pytest.mark.django_db
def test_a_dry_run_with_nothing_to_import_offers_no_confirmation(surabaya):  # type: ignore[no-untyped-def]
    client = english(client_for(make_user(Role.OPERATOR)))
    data = {"file": units_upload([("A", "", "")]), "institution": HOME_CODE, "dry_run": "on"}
    response = client.post(reverse("people:units-import"), data)
    assert response.status_code == 200 and response.context["token"] is None
    assert "Nothing in this file can be imported" in response.content.decode()
    assert PENDING_KEY not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("unit.ods", b"PK\x03\x04 whatever", "OpenDocument"),
        ("unit.csv", b"NIP,Nama\n1,2\n", "no column for the unit code"),
        ("unit.csv", b"Kode Unit,Nama Unit\n", "no rows of data"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_on_the_form(surabaya, name, content, message):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = english(client_for(make_user(Role.OPERATOR)))
    data = {"file": SimpleUploadedFile(name, content), "institution": HOME_CODE, "dry_run": "on"}
    response = client.post(reverse("people:units-import"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PENDING_KEY not in client.session


@pytest.mark.django_db
def test_the_upload_form_is_for_importers_only(surabaya):  # type: ignore[no-untyped-def]
    assessor = client_for(make_user(Role.ASSESSOR))
    response = assessor.get(reverse("people:units"))
    assert response.status_code == 200 and response.context["form"] is None
    operator = client_for(make_user(Role.OPERATOR))
    form = operator.get(reverse("people:units")).context["form"]
    assert form.fields["dry_run"].initial is True
