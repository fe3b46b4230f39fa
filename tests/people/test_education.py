"""The register's highest education (Pendidikan Terakhir): a column added through the
spec alone, imported, checked, exported, shown, filtered, and read by the API."""

from __future__ import annotations

import pytest

from tangguh.core.roles import Role
from tangguh.people.exports import employees_export_csv
from tangguh.people.import_spec import REGISTER
from tangguh.people.models import Employee
from tangguh.people.parsing import ParseError
from tangguh.people.parsing.values import parse_education
from tests.permissions import client_for, make_user

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("text", "level"),
    [("SMA/SMK", "SMA"), ("SLTA", "SMA"), ("D-III", "D3"), ("Diploma IV", "D4"),
     ("D.IV", "D4"), ("Sarjana", "S1"), ("S-1", "S1"), ("strata 2", "S2"), ("Magister", "S2"),
     ("S 3", "S3"), ("Doktor", "S3"), ("SLTP", "SMP"), ("Sekolah Dasar", "SD"), ("", None)],
)  # fmt: skip
def test_the_spellings_people_use(text, level):  # type: ignore[no-untyped-def]
    assert parse_education(text) == level


def test_an_unknown_level_names_the_levels():  # type: ignore[no-untyped-def]
    with pytest.raises(ParseError) as info:
        parse_education("kuliah")
    assert "“kuliah” is not a level of education" in info.value.message
    assert "SMA/SMK" in info.value.message


def test_imported_checked_exported_and_imported_again_unchanged(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [
        person(1, **{"Pendidikan Terakhir": "D-III"}),
        person(2, **{"Pendidikan Terakhir": "Sarjana"}),
        person(3, **{"Pendidikan Terakhir": "kuliah"}),
        person(4),
    ]
    result = run(write_csv(tmp_path, rows), surabaya)
    assert (result.created, result.rejected) == (3, 1)
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (4, "Pendidikan Terakhir", "kuliah")
    levels = dict(Employee.objects.values_list("full_name", "education"))
    assert levels == {"Pegawai Nomor 1": "D3", "Pegawai Nomor 2": "S1", "Pegawai Nomor 4": ""}

    # The template and the export have the column; the export re-imports unchanged.
    assert "Pendidikan Terakhir" in REGISTER.template_headers
    text = "".join(employees_export_csv(Employee.objects.all()))
    header, *lines = text.lstrip("\ufeff").splitlines()
    assert "Pendidikan Terakhir" in header.split(",")
    assert any(line.endswith(",D3") for line in lines)
    exported = tmp_path / "export.csv"
    exported.write_text(text, encoding="utf-8")
    again = run(exported, surabaya)
    assert (again.unchanged, again.updated, again.created) == (3, 0, 0)

    # A changed level is an update; an empty cell keeps the stored level.
    rows = [person(1, **{"Pendidikan Terakhir": "S2"}), person(2)]
    changed = run(write_csv(tmp_path, rows, name="changed.csv"), surabaya)
    assert (changed.updated, changed.unchanged) == (1, 1)
    assert Employee.objects.get(full_name="Pegawai Nomor 1").education == "S2"
    assert Employee.objects.get(full_name="Pegawai Nomor 2").education == "S1"


def test_the_person_page_the_list_filter_and_the_api(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(1, **{"Pendidikan Terakhir": "D3"}), person(2, **{"Pendidikan Terakhir": "S1"})]
    run(write_csv(tmp_path, rows), surabaya)
    client = client_for(make_user(Role.OPERATOR))
    d3 = Employee.objects.get(education="D3")
    page = client.get(f"/pegawai/{d3.pk}/").content.decode()
    assert "<dt>Pendidikan terakhir</dt><dd>D3</dd>" in page  # the reader’s language
    listed = client.get("/api/v1/employees/", {"education": "D3"}).json()["results"]
    assert [p["nip"] for p in listed] == [d3.nip]
    assert listed[0]["education"] == "D3"
    refused = client.get("/api/v1/employees/", {"education": "S9"})
    assert refused.status_code == 400
