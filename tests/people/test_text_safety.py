"""Bidirectional control characters are refused wherever a person types text (issue 8,
finding 9): names, titles, positions and units in the import (both paths: see
test_import_fastpath), the API and the admin's forms; notes, reasons and token names on
the screens and in the API.

U+202E (right-to-left override) before "ognaS" makes it show as "Sango"; such a name
reads as something else than what is stored.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, Position, WorkUnit
from tests.accounts.factories import UserFactory
from tests.people.factories import EmployeeFactory, PositionFactory, WorkUnitFactory
from tests.people.test_views_permissions import new_nip
from tests.permissions import client_for, make_user

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

RLO = "\u202e"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _english(user):  # type: ignore[no-untyped-def]
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_import_refuses_them_in_every_text_column_and_names_field_and_character(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    columns = {"Nama": "Name", "Gelar Depan": "Front title", "Gelar Belakang": "Back title",
               "Jabatan": "Position", "Unit Kerja": "Work unit"}  # fmt: skip
    rows = [person(1, **{"Gelar Depan": "", "Gelar Belakang": ""})]  # the header: every column
    expected = {}
    for n, char in enumerate(BIDI, start=2):
        column = list(columns)[n % len(columns)]
        rows.append(person(n, **{column: f"Budi{char}ognaS"}))
        expected[n + 1] = (column, f"{columns[column]} contains an invisible character that "
                           f"changes reading direction (U+{ord(char):04X}).")  # fmt: skip
    result = run(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (1, len(BIDI))
    found = {e.row: (e.column, e.message) for e in result.errors}
    assert set(found) == set(expected)
    for row_no, (column, sentence) in expected.items():
        assert found[row_no][0] == column and found[row_no][1].startswith(sentence)
    assert not Employee.objects.filter(full_name__contains=RLO).exists()


@pytest.mark.parametrize("field", ["full_name", "title_front", "title_back"])
def test_api_create_refuses_them_with_the_field(field, surabaya):  # type: ignore[no-untyped-def]
    client = _english(make_user(Role.OPERATOR, "35.78"))
    data = {"nip": new_nip(), "full_name": "Maya Sari", field: f"Maya{RLO}iraS"}
    response = client.post(reverse("api:employee-list"), data, content_type="application/json")
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert "invisible character that changes reading direction (U+202E)" in errors[0]["message"]
    assert not Employee.objects.filter(nip=data["nip"]).exists()


def test_api_create_takes_a_clean_name(surabaya):  # type: ignore[no-untyped-def]
    client = _english(make_user(Role.OPERATOR, "35.78"))
    data = {"nip": new_nip(), "full_name": "-2+3+cmd|' /C calc'!A0", "title_front": "Dr."}
    response = client.post(reverse("api:employee-list"), data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Employee.objects.get(nip=data["nip"]).full_name == data["full_name"]


@pytest.mark.parametrize(
    ("url", "factory", "field", "label"),
    [
        ("/admin/people/employee/{pk}/change/", EmployeeFactory, "full_name", "Name"),
        ("/admin/people/position/{pk}/change/", PositionFactory, "name", "Name"),
        ("/admin/people/workunit/{pk}/change/", WorkUnitFactory, "path", "Full path"),
    ],
)
def test_admin_forms_refuse_them(url, factory, field, label, surabaya):  # type: ignore[no-untyped-def]
    admin = _english(UserFactory(is_superuser=True, is_staff=True, role=Role.NATIONAL_ADMIN))
    obj = factory(institution=surabaya)
    page = admin.get(url.format(pk=obj.pk))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) if form.initial.get(name) is not None else ""
        for name in form.fields
    }
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data = {k: v for k, v in data.items() if v != "" and v is not None}
    data.update({field: f"Budi{RLO}ognaS"})
    for prefix in ("history_set", "history"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin.post(url.format(pk=obj.pk), data)
    assert response.status_code == 200  # the form again, not a redirect: nothing saved
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert f"{label} contains an invisible character" in errors[field][0]
    obj.refresh_from_db()
    assert RLO not in getattr(obj, field)


def test_institution_admin_refuses_them(surabaya):  # type: ignore[no-untyped-def]
    admin = _english(UserFactory(is_superuser=True, is_staff=True, role=Role.NATIONAL_ADMIN))
    url = f"/admin/institutions/institution/{surabaya.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data["name"] = f"Kota{RLO}ayabaruS"
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "invisible character" in response.context["adminform"].form.errors["name"][0]
    assert Institution.objects.get(pk=surabaya.pk).name == "Kota Surabaya"


def test_models_untouched_by_the_refusals():  # type: ignore[no-untyped-def]
    # The rule sits in the import, the service and the forms: the tables hold no such text.
    for model, field in ((Employee, "full_name"), (Position, "name"), (WorkUnit, "path")):
        for char in BIDI:
            assert not model.objects.filter(**{f"{field}__contains": char}).exists()


@pytest.mark.parametrize(
    ("form", "field", "label"),
    [
        ("tangguh.people.forms.TransferRejectForm", "reason", "Reason for the rejection"),
        ("tangguh.people.forms.TransferConfirmForm", "note", "Note (optional)"),
        ("tangguh.accounts.forms.ApiTokenForm", "name", "Name"),
    ],
)
def test_other_typed_text_on_screens_refuses_them(form, field, label):  # type: ignore[no-untyped-def]
    from django.utils.module_loading import import_string

    refused = import_string(form)({field: f"ok{RLO}ko"})
    assert not refused.is_valid()
    assert refused.errors[field][0].startswith(f"{label} contains an invisible character")
    assert import_string(form)({field: "ok"}).is_valid()


@pytest.mark.parametrize(
    ("serializer", "field", "label"),
    [
        ("tangguh.people.api.TransferRejectInputSerializer", "reason", "Reason"),
        ("tangguh.people.api.TransferConfirmInputSerializer", "note", "Note"),
        ("tangguh.accounts.api.TokenObtainInputSerializer", "name", "Name"),
    ],
)
def test_other_typed_text_in_the_api_refuses_them(serializer, field, label):  # type: ignore[no-untyped-def]
    from django.utils.module_loading import import_string

    data = {"username": "u", "password": "p", field: f"ok{RLO}ko"}
    checked = import_string(serializer)(data=data)
    assert not checked.is_valid()
    assert str(checked.errors[field][0]).startswith(f"{label} contains an invisible character")
    assert import_string(serializer)(data={**data, field: "ok"}).is_valid()
