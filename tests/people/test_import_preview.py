"""A dry run's preview: each row new, updated (old -> new), unchanged or a transfer; the
values new to the institution; capped per category with exact counts; nothing written."""

from unittest import mock

import pytest

from tangguh.people.importing import merge as merge_module
from tangguh.people.importing import preview as preview_module
from tangguh.people.models import Employee, Position, WorkUnit

from .helpers import person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _registered(tmp_path, institution, *rows):  # type: ignore[no-untyped-def]
    result = run(write_csv(tmp_path, list(rows), name="first.csv"), institution)
    assert result.created == len(rows)


def test_each_row_is_previewed_by_what_would_happen_to_it(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _registered(tmp_path, surabaya, person(1), person(2))
    rows = [
        person(3),  # new
        person(1, Nama="Pegawai Nomor Satu", Golongan="III/b"),  # updated: name and rank
        person(2),  # unchanged
        person(4, **{"Unit Kerja": "Bidang Perencanan"}),  # new, with a new work unit
    ]
    before = list(Employee.objects.values_list("nip", "full_name", "rank"))
    result = run(write_csv(tmp_path, rows), surabaya, dry_run=True)
    preview = result.preview
    assert [(r["row"], r["name"]) for r in preview["created"]] == [
        (2, "Pegawai Nomor 3"),
        (5, "Pegawai Nomor 4"),
    ]
    assert [r["row"] for r in preview["unchanged"]] == [4]
    [updated] = preview["updated"]
    assert (updated["row"], updated["nip"], updated["name"]) == (
        3,
        rows[1]["NIP"],
        "Pegawai Nomor 1",
    )
    assert updated["changes"] == [
        {"field": "full_name", "old": "Pegawai Nomor 1", "new": "Pegawai Nomor Satu"},
        {"field": "rank", "old": "III/a", "new": "III/b"},
    ]
    assert preview["transfers"] == []
    assert preview["new_units"] == {
        "total": 1,
        "rows": 1,
        "values": [
            {"value": "Bidang Perencanan", "count": 1, "first_rows": [5], "institution": ""}
        ],
    }
    assert preview["new_positions"]["total"] == 0
    # Nothing written: the dry run rolled the merge back.
    assert list(Employee.objects.values_list("nip", "full_name", "rank")) == before
    assert not WorkUnit.objects.filter(path="Bidang Perencanan").exists()


def test_a_new_value_is_grouped_with_its_rows(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _registered(tmp_path, surabaya, person(1))
    typo = {"Unit Kerja": "Bidang Perencanan", "Jabatan": "Analis Kebijakn"}
    rows = [person(1), person(2, **typo), person(3), person(4, **typo), person(5, **typo)]
    preview = run(write_csv(tmp_path, rows), surabaya, dry_run=True).preview
    assert preview["new_units"]["values"] == [
        {"value": "Bidang Perencanan", "count": 3, "first_rows": [3, 5, 6], "institution": ""}
    ]
    assert preview["new_positions"]["values"][0]["value"] == "Analis Kebijakn"
    assert preview["new_positions"]["values"][0]["first_rows"] == [3, 5, 6]
    assert not Position.objects.filter(name="Analis Kebijakn").exists()


def test_a_person_of_another_institution_is_a_transfer_naming_no_source(  # type: ignore[no-untyped-def]
    tmp_path, surabaya, sleman
):
    _registered(tmp_path, sleman, person(1))
    preview = run(write_csv(tmp_path, [person(1)]), surabaya, dry_run=True).preview
    [transfer] = preview["transfers"]
    # The receiving side learns nothing about where the person is registered.
    assert (transfer["row"], transfer["to"], transfer["from"]) == (2, surabaya.name, "")


def test_a_national_file_names_both_institutions_of_a_transfer(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    _registered(tmp_path, sleman, person(1))
    row = {**person(1), "Kode Instansi": surabaya.code}
    preview = run(write_csv(tmp_path, [row]), None, dry_run=True).preview
    [transfer] = preview["transfers"]
    assert (transfer["to"], transfer["from"]) == (surabaya.name, sleman.name)


def test_each_category_keeps_its_first_rows_and_the_counts_stay_exact(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [person(n, **{"Unit Kerja": f"Unit {n}"}) for n in range(1, 8)]
    with (
        mock.patch.object(preview_module, "LIMIT", 3),
        mock.patch.object(preview_module, "VALUES_LIMIT", 2),
    ):
        result = run(write_csv(tmp_path, rows), surabaya, dry_run=True)
    assert result.created == 7
    assert [r["row"] for r in result.preview["created"]] == [2, 3, 4]
    units = result.preview["new_units"]
    assert (units["total"], units["rows"]) == (7, 7)
    assert [v["value"] for v in units["values"]] == ["Unit 1", "Unit 2"]


def test_a_real_import_computes_no_preview(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    with mock.patch.object(merge_module, "build_preview") as build:
        result = run(write_csv(tmp_path, [person(1)]), surabaya)
    assert result.created == 1
    assert result.preview is None
    build.assert_not_called()


def test_the_column_wise_path_previews_the_same_rows(tmp_path, surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    """With the register's snapshot, unchanged rows are never staged: counted, not listed."""
    from tangguh.people.importing import Importer

    monkeypatch.setattr(Importer, "fast_min_rows", 1)
    monkeypatch.setattr(Importer, "use_snapshot", True)
    _registered(tmp_path, surabaya, person(1), person(2), person(5))
    rows = [person(3), person(1, Golongan="III/b"), person(2, **{"Unit Kerja": "Bidang Baru"})]
    rows += [person(4), person(5)]
    result = run(write_csv(tmp_path, rows), surabaya, dry_run=True)
    preview = result.preview
    assert (result.created, result.updated, result.unchanged) == (2, 2, 1)
    assert preview["unchanged"] == []  # found in the snapshot, never staged
    assert [r["row"] for r in preview["created"]] == [2, 5]
    assert [(r["row"], [c["field"] for c in r["changes"]]) for r in preview["updated"]] == [
        (3, ["rank"]),
        (4, ["work_unit"]),
    ]
    assert preview["new_units"]["values"][0]["value"] == "Bidang Baru"


def test_unchanged_rows_after_many_new_ones_are_still_the_first_ones(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _registered(tmp_path, surabaya, *(person(n) for n in (7, 8, 9)))
    rows = [person(1), person(2), person(3), person(7), person(4), person(8), person(9)]
    with mock.patch.object(preview_module, "LIMIT", 2):
        preview = run(write_csv(tmp_path, rows), surabaya, dry_run=True).preview
    assert [r["row"] for r in preview["unchanged"]] == [5, 7]
    assert [r["row"] for r in preview["created"]] == [2, 3]


def test_the_commands_json_of_a_dry_run_holds_its_preview(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    path = write_csv(tmp_path, [person(1)])
    call_command("employees", "import", str(path), "--institution", surabaya.code,
                 "--dry-run", "--json", stdout=out, stderr=io.StringIO())  # fmt: skip
    data = json.loads(out.getvalue())
    assert [r["row"] for r in data["preview"]["created"]] == [2]
    out = io.StringIO()
    call_command("employees", "import", str(path), "--institution", surabaya.code, "--json",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "preview" not in json.loads(out.getvalue())
