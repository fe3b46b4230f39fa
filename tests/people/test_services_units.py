"""The import of an institution's work-unit tree (people.services_units)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangguh.core.importing.results import ImportFileError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.importing import units as units_module
from tangguh.people.models import Employee, WorkUnit
from tangguh.people.services_units import work_units_import
from tangguh.people.units_import_spec import UNITS
from tests.permissions import make_user

from . import hostile_files as hostile
from .factories import EmployeeFactory, WorkUnitFactory
from .units_files import tree_of, units_csv, units_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BKD = "Badan Kepegawaian Daerah"
TREE = [
    ("BKD", BKD, ""),
    ("BKD.1", "Bidang Mutasi", "BKD"),
    ("BKD.1.1", "Subbidang Promosi", "BKD.1"),
]


def run(tmp_path: Any, institution: Any, rows: list[Any], **kw: Any) -> Any:
    kw.setdefault("actor", None)
    return work_units_import(
        source=units_csv(tmp_path, rows), filename="unit.csv", institution=institution, **kw
    )


def errors(result: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.value) for e in result.errors]


def test_a_new_tree_is_created_with_paths_and_parents(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, TREE)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (3, 0, 0, 0)
    assert tree_of(surabaya) == {
        "BKD": (BKD, None, BKD),
        "BKD.1": ("Bidang Mutasi", "BKD", f"{BKD} / Bidang Mutasi"),
        "BKD.1.1": ("Subbidang Promosi", "BKD.1", f"{BKD} / Bidang Mutasi / Subbidang Promosi"),
    }


def test_children_may_come_before_their_parents(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, list(reversed(TREE)))
    assert result.created == 3 and not result.errors
    assert tree_of(surabaya)["BKD.1.1"][2] == f"{BKD} / Bidang Mutasi / Subbidang Promosi"


def test_the_same_file_again_is_unchanged_and_not_audited_again(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE)
    entries = AuditEntry.objects.filter(action="people.units_import").count()
    result = run(tmp_path, surabaya, TREE)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.filter(action="people.units_import").count() == entries


def test_a_moved_unit_is_an_update_and_the_paths_below_follow(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, [*TREE, ("SEKDA", "Sekretariat Daerah", "")])
    before = dict(WorkUnit.objects.filter(institution=surabaya).values_list("code", "pk"))
    # Only the moved unit is in the file: its child follows it.
    result = run(tmp_path, surabaya, [("BKD.1", "Bidang Mutasi", "SEKDA")])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    tree = tree_of(surabaya)
    assert tree["BKD.1"] == ("Bidang Mutasi", "SEKDA", "Sekretariat Daerah / Bidang Mutasi")
    assert tree["BKD.1.1"][2] == "Sekretariat Daerah / Bidang Mutasi / Subbidang Promosi"
    assert dict(WorkUnit.objects.filter(institution=surabaya).values_list("code", "pk")) == before


def test_a_renamed_unit_is_an_update_and_its_descendants_are_renamed(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE)
    result = run(tmp_path, surabaya, [("BKD", "BKPSDM", "")])
    assert (result.created, result.updated) == (0, 1)
    assert [v[2] for v in tree_of(surabaya).values()] == [
        "BKPSDM", "BKPSDM / Bidang Mutasi", "BKPSDM / Bidang Mutasi / Subbidang Promosi",
    ]  # fmt: skip


def test_a_move_to_the_top_level(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE)
    result = run(tmp_path, surabaya, [("BKD.1", "Bidang Mutasi", "")])
    assert result.updated == 1
    assert tree_of(surabaya)["BKD.1"] == ("Bidang Mutasi", None, "Bidang Mutasi")


def test_two_units_may_swap_names(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, [("A", "Alpha", ""), ("B", "Beta", "")])
    result = run(tmp_path, surabaya, [("A", "Beta", ""), ("B", "Alpha", "")])
    assert result.updated == 2 and not result.errors
    assert tree_of(surabaya) == {"A": ("Beta", None, "Beta"), "B": ("Alpha", None, "Alpha")}


def test_a_parent_among_the_stored_units_is_enough(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE[:1])
    result = run(tmp_path, surabaya, [("BKD.2", "Bidang Pengembangan", "BKD")])
    assert result.created == 1
    assert tree_of(surabaya)["BKD.2"][1:] == ("BKD", f"{BKD} / Bidang Pengembangan")


def test_an_unknown_parent_is_rejected_with_its_row(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, [*TREE, ("X.1", "Bidang X", "X")])
    assert (result.created, result.rejected) == (3, 1)
    assert errors(result) == [(5, "Kode Unit Induk", "X")]
    assert "No work unit has the code X" in result.errors[0].message
    assert "Kota Surabaya" in result.errors[0].message


def test_a_parent_of_another_institution_is_unknown(tmp_path, surabaya, sleman):  # type: ignore[no-untyped-def]
    run(tmp_path, sleman, TREE[:1])
    result = run(tmp_path, surabaya, [("BKD.2", "Bidang", "BKD")])
    assert errors(result) == [(2, "Kode Unit Induk", "BKD")]
    assert not WorkUnit.objects.filter(institution=surabaya).exists()


def test_a_cycle_names_every_row_in_it(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [
        ("OK", "Unit Baik", ""),
        ("A", "Unit A", "B"),
        ("B", "Unit B", "C"),
        ("C", "Unit C", "A"),
    ]
    result = run(tmp_path, surabaya, rows)
    assert (result.created, result.rejected) == (1, 3)
    assert errors(result) == [(3, "Kode Unit Induk", "B"), (4, "Kode Unit Induk", "C"), (5, "Kode Unit Induk", "A")]  # fmt: skip
    for error in result.errors:
        assert "Row(s) 3, 4, 5" in error.message
    assert "A → B → C → A" in result.errors[0].message


def test_a_unit_under_itself_is_rejected(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, [("A", "Unit A", "A")])
    assert errors(result) == [(2, "Kode Unit Induk", "A")]
    assert "its own parent" in result.errors[0].message


def test_a_cycle_through_a_stored_unit(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE)
    # BKD under its grandchild, which is not in the file: a circle all the same.
    result = run(tmp_path, surabaya, [("BKD", BKD, "BKD.1.1")])
    assert errors(result) == [(2, "Kode Unit Induk", "BKD.1.1")]
    assert "BKD → BKD.1.1 → BKD.1 → BKD" in result.errors[0].message
    assert tree_of(surabaya)["BKD"] == (BKD, None, BKD)


def test_duplicate_codes_reject_every_row_of_them(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [("A", "Unit A", ""), ("B", "Unit B", ""), ("A", "Unit A lagi", "")]
    result = run(tmp_path, surabaya, rows)
    assert (result.created, result.rejected) == (1, 2)
    assert errors(result) == [(2, "Kode Unit", "A"), (4, "Kode Unit", "A")]
    assert "row(s) 4" in result.errors[0].message and "row(s) 2" in result.errors[1].message


def test_a_row_under_a_rejected_row_is_rejected_and_says_why(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [("A", "", ""), ("A.1", "Unit A1", "A"), ("A.1.1", "Unit A11", "A.1")]
    result = run(tmp_path, surabaya, rows)
    assert result.rejected == 3 and result.created == 0
    assert errors(result) == [(2, "Nama Unit", ""), (3, "Kode Unit Induk", "A"), (4, "Kode Unit Induk", "A.1")]  # fmt: skip
    assert "row(s) 2, which cannot be imported" in result.errors[1].message
    assert "row(s) 3, which cannot be imported" in result.errors[2].message


def test_empty_code_and_name_and_cell_problems(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [
        ("", "Tanpa Kode", ""),
        ("K", "=A1&B1", ""),
        ("#REF!", "Unit", ""),
        ("L", "Unit\u202eX", ""),
        ("M" * 51, "Unit Panjang", ""),
    ]
    result = run(tmp_path, surabaya, rows)
    assert result.rejected == 5
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Kode Unit"), (3, "Nama Unit"), (4, "Kode Unit"), (5, "Nama Unit"), (6, "Kode Unit"),
    ]  # fmt: skip
    messages = [e.message for e in result.errors]
    assert "code is empty" in messages[0]
    assert "formula" in messages[1]
    assert "#REF!" in messages[2]
    assert "U+202E" in messages[3]
    assert "longer than 50 characters" in messages[4]


def test_blank_rows_are_skipped(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, [TREE[0], ("", "", ""), TREE[1], ("", "", "")])
    assert (result.created, result.skipped, result.total_rows) == (2, 1, 2)


def test_strict_rejects_the_whole_file(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    result = run(tmp_path, surabaya, [*TREE, ("X.1", "Bidang X", "X")], strict=True)
    assert result.file_rejected and (result.created, result.rejected) == (0, 1)
    assert not WorkUnit.objects.filter(institution=surabaya).exists()
    assert not AuditEntry.objects.filter(action="people.units_import").exists()


def test_a_dry_run_counts_as_the_import_and_writes_nothing(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE[:2])
    before = tree_of(surabaya)
    audits = AuditEntry.objects.count()
    rows = [("BKD", "BKPSDM", ""), TREE[1], TREE[2], ("Z", "Unit Z", "Q")]
    checked = run(tmp_path, surabaya, rows, dry_run=True)
    assert checked.dry_run
    # BKD.1 is as the file says: its full name follows BKD's, it is not an update itself.
    assert (checked.created, checked.updated, checked.unchanged, checked.rejected) == (1, 1, 1, 1)
    assert tree_of(surabaya) == before and AuditEntry.objects.count() == audits
    done = run(tmp_path, surabaya, rows)
    assert checked.counts() | {"dry_run": False} == done.counts()
    assert tree_of(surabaya)["BKD.1.1"][2] == "BKPSDM / Bidang Mutasi / Subbidang Promosi"


def test_a_code_less_unit_of_a_register_import_is_adopted(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    # As a register import makes them: top level, the path is the name, no code.
    flat = WorkUnitFactory(institution=surabaya, name="Bidang Mutasi", path="Bidang Mutasi")
    person = EmployeeFactory(institution=surabaya, work_unit=flat)
    result = run(tmp_path, surabaya, TREE)
    assert (result.created, result.updated) == (2, 1)
    flat.refresh_from_db()
    assert (flat.code, flat.parent.code, flat.path) == ("BKD.1", "BKD", f"{BKD} / Bidang Mutasi")
    assert Employee.objects.get(pk=person.pk).work_unit_id == flat.pk
    assert WorkUnit.objects.filter(institution=surabaya, name="Bidang Mutasi").count() == 1


def test_a_code_less_unit_of_the_same_full_path_is_adopted(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE[:1])
    deep = WorkUnitFactory(institution=surabaya, name="x", path=f"{BKD} / Bidang Mutasi")
    result = run(tmp_path, surabaya, TREE[:2])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    deep.refresh_from_db()
    assert (deep.code, deep.name) == ("BKD.1", "Bidang Mutasi")


def test_two_units_of_one_full_name_are_rejected(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    rows = [TREE[0], ("B1", "Bidang", "BKD"), ("B2", "Bidang", "BKD")]
    result = run(tmp_path, surabaya, rows)
    assert errors(result) == [(3, "Nama Unit", "Bidang"), (4, "Nama Unit", "Bidang")]
    assert "row(s) 4 of this file" in result.errors[0].message
    assert f"“{BKD} / Bidang”" in result.errors[0].message
    assert result.created == 1


def test_a_full_name_taken_by_a_stored_unit_is_rejected(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    parent = WorkUnitFactory(institution=surabaya, name="Dinas", path="Dinas")
    WorkUnitFactory(institution=surabaya, name="Anak", path="Dinas / Anak", parent=parent)
    # "Dinas" has a unit under it: it is not taken over, and its name is taken.
    result = run(tmp_path, surabaya, [("D", "Dinas", "")])
    assert errors(result) == [(2, "Nama Unit", "Dinas")]
    assert "a unit the institution has" in result.errors[0].message


def test_a_file_without_a_parent_column_keeps_the_parents(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    run(tmp_path, surabaya, TREE)
    path = units_csv(
        tmp_path, [("BKD.1", "Bidang Mutasi Pegawai")], header=("Kode Unit", "Nama Unit")
    )
    result = work_units_import(source=path, filename=path.name, institution=surabaya, actor=None)
    assert result.updated == 1
    assert tree_of(surabaya)["BKD.1"] == (
        "Bidang Mutasi Pegawai", "BKD", f"{BKD} / Bidang Mutasi Pegawai",
    )  # fmt: skip


def test_xlsx_with_numbers_as_codes(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    path = units_xlsx(tmp_path, [(1, "Satu", None), (11, "Sebelas", 1)])
    result = work_units_import(source=path, filename=path.name, institution=surabaya, actor=None)
    assert result.created == 2
    assert tree_of(surabaya)["11"] == ("Sebelas", "1", "Satu / Sebelas")


def test_the_audit_entry_is_written_with_the_counts(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    actor = make_user(Role.OPERATOR)
    run(tmp_path, surabaya, TREE, actor=actor)
    entry = AuditEntry.objects.get(action="people.units_import")
    assert (entry.actor_id, entry.institution_id) == (actor.pk, surabaya.pk)
    assert entry.data["created"] == 3 and entry.data["file"] == "unit.csv"


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.OPERATOR, "34.04"), (Role.ASSESSOR, "35.78"), (Role.AUDITOR, "35.78"), (Role.INSTITUTION_ADMIN, "35")],
)  # fmt: skip
def test_only_who_may_import_the_register_of_the_institution(tmp_path, surabaya, role, code):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        run(tmp_path, surabaya, TREE, actor=make_user(role, code))
    assert not WorkUnit.objects.filter(institution=surabaya).exists()


def test_the_institution_s_own_staff_may(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    for role in (Role.OPERATOR, Role.INSTITUTION_ADMIN, Role.NATIONAL_ADMIN):
        code = "35.78" if role != Role.NATIONAL_ADMIN else "35"
        assert run(tmp_path, surabaya, TREE, actor=make_user(role, code)).rejected == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"Kode Unit,Nama Unit\n", "no rows of data"),
        (b"NIP,Nama\n1,2\n", "no column for the unit code"),
        (b"Kode Unit,Nama Unit,Kode Satker\nA,B,C\n", "all hold the unit code"),
    ],
)
def test_files_that_cannot_be_imported(tmp_path, surabaya, content, expected):  # type: ignore[no-untyped-def]
    path = tmp_path / "unit.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        work_units_import(source=path, filename=path.name, institution=surabaya, actor=None)
    assert expected in str(caught.value.message)


def test_too_many_rows(tmp_path, surabaya, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(units_module, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError) as caught:
        run(tmp_path, surabaya, TREE)
    assert "more than 2 rows" in str(caught.value.message)
    assert not WorkUnit.objects.exists()


def test_the_result_has_the_register_import_s_shape(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    from tangguh.core.importing.results import ImportResult

    assert run(tmp_path, surabaya, TREE).as_dict().keys() == ImportResult().as_dict().keys()


# --- any file made of the spec's samples ----------------------------------------------

_CODES = st.sampled_from(["A", "B", "C", "D", *UNITS.by_key["code"].samples])
_NAMES = st.sampled_from(["Unit A", "Unit B", *UNITS.by_key["name"].samples])


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([UNITS.template_headers, *rows])
    return buffer.getvalue().encode()


def _assert_a_tree(institution: Any) -> None:
    """No circle; each unit's path is its parent's path and its name."""
    units = {u.pk: u for u in WorkUnit.objects.filter(institution=institution)}
    for unit in units.values():
        seen = set()
        parent = unit
        while parent.parent_id is not None:
            assert parent.pk not in seen
            seen.add(parent.pk)
            parent = units[parent.parent_id]
        if unit.parent_id is not None:
            assert unit.path == f"{units[unit.parent_id].path} / {unit.name}"
        elif unit.code:
            assert unit.path == unit.name


def _import(institution: Any, rows: list[tuple[str, str, str]]) -> Any:
    try:
        return work_units_import(
            source=io.BytesIO(_csv(rows)), filename="u.csv", institution=institution, actor=None
        )
    except ImportFileError:
        return None  # only blank rows: refused as a whole


_ROWS = st.lists(st.tuples(_CODES, _NAMES, _CODES), min_size=1, max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_ROWS, rows=_ROWS)
def test_any_files_of_samples_give_a_consistent_tree(surabaya, first, rows):  # type: ignore[no-untyped-def]
    """Whatever the rows, over units a register import made and another file's tree:
    every row counted once, every rejected row says why, the tree written is a tree (no
    circle, each path its parent's and its name), and the same file again changes nothing."""
    with transaction.atomic():
        for name in ("Unit A", "Bidang Mutasi"):  # as a register import makes them
            WorkUnitFactory(institution=surabaya, name=name, path=name)
        _import(surabaya, first)
        _assert_a_tree(surabaya)
        result = _import(surabaya, rows)
        if result is not None:
            counted = result.created + result.updated + result.unchanged + result.rejected
            assert counted == result.total_rows
            assert result.rejected == len({e.row for e in result.errors})
            _assert_a_tree(surabaya)
            again = _import(surabaya, rows)
            assert (again.created, again.updated) == (0, 0)
            assert again.unchanged == result.created + result.updated + result.unchanged
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("unit.xlsx", lambda: hostile.zip_bomb(), "times its packed size"),
        ("unit.xlsx", lambda: hostile.deep_xml(), "levels deep"),
        ("unit.csv", lambda: hostile.enormous_line_csv(), "longer than"),
    ],
    ids=["zip-bomb", "deep-xml", "enormous-line"],
)
def test_hostile_files_are_refused_by_the_register_s_guards(
    tmp_path, surabaya, name, make, expected
):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ImportFileError) as caught:
        work_units_import(source=path, filename=name, institution=surabaya, actor=None)
    assert expected in str(caught.value.message)
    assert not WorkUnit.objects.exists()
