"""History that tells the truth: when a period starts and ends, what opens one, which kind.

A period starts at the TMT the file gives, else its start is unknown (never the day
of the import); a changed name or title opens no period; a transfer closes the source
period on the transfer's date; a new position without a kind never keeps the old one.
"""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from tangguh.core.roles import Role
from tangguh.people.models import Employee, EmploymentHistory, Position, TransferRequest
from tangguh.people.position_kinds import RULES, kind_from_name, kind_sql
from tangguh.people.services import transfer_confirm
from tests.permissions import make_user

from .helpers import periods, person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _import(tmp_path, rows, institution, name="f.csv"):  # type: ignore[no-untyped-def]
    return run(write_csv(tmp_path, rows, name=name), institution)


def test_a_first_import_starts_each_period_at_its_tmt_or_unknown(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(tmp_path, [{**person(1), "TMT": "01-03-2019"}, {**person(2), "TMT": ""}], surabaya)
    starts = dict(Employee.objects.values_list("nip", "period_start"))
    assert starts == {person(1)["NIP"]: date(2019, 3, 1), person(2)["NIP"]: None}


def test_a_changed_name_or_title_alone_opens_no_period(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(tmp_path, [{**person(1), "TMT": "01-03-2019"}], surabaya)
    renamed = {**person(1), "Nama": "Nama Yang Dibetulkan", "Gelar Depan": "Dr.", "TMT": ""}
    result = _import(tmp_path, [renamed], surabaya, name="renamed.csv")
    assert (result.updated, result.errors) == (1, [])
    employee = Employee.objects.get()
    assert (employee.full_name, employee.title_front) == ("Nama Yang Dibetulkan", "Dr.")
    assert not EmploymentHistory.objects.exists()
    assert periods(employee) == [(date(2019, 3, 1), None)]


def test_a_changed_rank_without_tmt_closes_the_period_at_an_unknown_date(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(tmp_path, [{**person(1), "TMT": "01-03-2019"}], surabaya)
    _import(tmp_path, [{**person(1), "Golongan": "III/b"}], surabaya, name="b.csv")
    employee = Employee.objects.get()
    assert periods(employee, "valid_from", "valid_to", "rank") == [
        (date(2019, 3, 1), None, "III/a"),
        (None, None, "III/b"),
    ]


def test_a_changed_rank_with_tmt_closes_the_period_on_it(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(tmp_path, [person(1)], surabaya)
    changed = {**person(1), "Golongan": "III/b", "TMT": "01-04-2025"}
    _import(tmp_path, [changed], surabaya, name="b.csv")
    assert periods(Employee.objects.get(), "valid_from", "valid_to", "rank") == [
        (None, date(2025, 4, 1), "III/a"),
        (date(2025, 4, 1), None, "III/b"),
    ]


def test_a_later_file_with_a_tmt_dates_the_current_period(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(tmp_path, [person(1)], surabaya)
    result = _import(tmp_path, [{**person(1), "TMT": "02-01-2018"}], surabaya, name="b.csv")
    assert result.updated == 1
    assert periods(Employee.objects.get()) == [(date(2018, 1, 2), None)]
    assert not EmploymentHistory.objects.exists()
    # The same file again changes nothing.
    assert (
        _import(tmp_path, [{**person(1), "TMT": "02-01-2018"}], surabaya, name="c.csv").unchanged
        == 1
    )


@pytest.mark.parametrize("tmt", ["01-02-2026", ""])
def test_a_transfer_closes_the_source_period_on_the_transfer_date(tmp_path, surabaya, sleman, tmt):  # type: ignore[no-untyped-def]
    _import(tmp_path, [{**person(1), "TMT": "01-03-2019"}], sleman)
    _import(tmp_path, [{**person(1), "TMT": tmt}], surabaya, name="s.csv")
    transfer_confirm(
        transfer=TransferRequest.objects.get(), actor=make_user(Role.INSTITUTION_ADMIN, "34.04")
    )
    moved = date(2026, 2, 1) if tmt else timezone.localdate()
    assert periods(Employee.objects.get(), "institution_id", "valid_from", "valid_to") == [
        (sleman.pk, date(2019, 3, 1), moved),
        (surabaya.pk, moved, None),
    ]


@pytest.mark.parametrize(
    ("position", "kind"),
    [
        ("Kepala Bidang Mutasi", "administrator"),
        ("Kepala Seksi Pendataan", "pengawas"),
        ("Kepala Subbagian Umum", "pengawas"),
        ("Sekretaris Daerah Kabupaten Sleman", "jpt_pratama"),
        ("Pranata Komputer Terampil", "fungsional"),
    ],
)
def test_a_new_position_without_a_kind_column_takes_the_kind_its_name_tells(
    tmp_path, surabaya, position, kind
):  # type: ignore[no-untyped-def]
    first = {**person(1), "Jabatan": "Kepala Dinas Pendidikan", "Jenis Jabatan": "JPT Pratama"}
    if kind == "jpt_pratama":
        first = {**first, "Jabatan": "Analis Kebijakan Ahli Muda", "Jenis Jabatan": "Fungsional"}
    _import(tmp_path, [first], surabaya)
    result = _import(tmp_path, [{**person(1), "Jabatan": position}], surabaya, name="b.csv")
    assert (result.updated, result.errors) == (1, [])
    employee = Employee.objects.select_related("position").get()
    assert (employee.position.name, employee.position.kind, employee.position_kind) == (
        position,
        kind,
        kind,
    )


def test_a_new_position_whose_name_tells_nothing_is_left_without_a_kind_and_said_so(
    tmp_path, surabaya
):  # type: ignore[no-untyped-def]
    first = {**person(1), "Jabatan": "Kepala Dinas Pendidikan", "Jenis Jabatan": "JPT Pratama"}
    _import(tmp_path, [first, person(2)], surabaya)
    # person(2) keeps "Analis Kebijakan": unchanged, no note; person(1) moves to a new one.
    rows = [{**person(1), "Jabatan": "Staf Ahli Bupati"}, person(2)]
    result = _import(tmp_path, rows, surabaya, name="b.csv")
    assert result.updated == 1
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "Jabatan", "Staf Ahli Bupati")
    ]
    assert "Staf Ahli Bupati" in result.errors[0].message
    assert "Jenis Jabatan" in result.errors[0].message
    employee = Employee.objects.get(nip=person(1)["NIP"])
    assert employee.position_kind == ""
    assert Position.objects.get(name="Staf Ahli Bupati").kind == ""


def test_a_dry_run_says_so_too_and_writes_nothing(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    _import(
        tmp_path,
        [{**person(1), "Jabatan": "Kepala Dinas X", "Jenis Jabatan": "JPT Pratama"}],
        surabaya,
    )
    path = write_csv(tmp_path, [{**person(1), "Jabatan": "Staf Ahli"}], name="b.csv")
    result = run(path, surabaya, dry_run=True)
    assert [e.row for e in result.errors] == [2]
    assert Employee.objects.get().position_kind == "jpt_pratama"


def test_a_kind_given_in_the_file_wins_over_the_name(tmp_path, surabaya):  # type: ignore[no-untyped-def]
    row = {**person(1), "Jabatan": "Kepala Bidang Mutasi", "Jenis Jabatan": "Pelaksana"}
    _import(tmp_path, [row], surabaya)
    assert Employee.objects.get().position_kind == "pelaksana"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kepala Bidang Mutasi dan Promosi", "administrator"),
        ("kepala  bagian umum", "administrator"),
        ("Kepala Seksi Kurikulum", "pengawas"),
        ("Kepala Sub Bagian Keuangan", "pengawas"),
        ("Sekretaris Daerah Provinsi Jawa Timur", "jpt_madya"),
        ("Sekretaris Daerah Kota Surabaya", "jpt_pratama"),
        ("Kepala Dinas Kesehatan", "jpt_pratama"),
        ("Analis Kebijakan Ahli Muda", "fungsional"),
        ("Guru Ahli Pertama", "fungsional"),
        ("Dokter Ahli Madya", "fungsional"),
        ("Penyuluh Pertanian Penyelia", "fungsional"),
        ("Pengadministrasi Perkantoran", "pelaksana"),
        # Ambiguous or unknown: left empty.
        ("Sekretaris Daerah", ""),
        ("Kepala Badan Kepegawaian Daerah", ""),
        ("Staf Ahli Bupati", ""),
        ("Analis Kebijakan", ""),
        ("Kepala Sekolah", ""),
        ("", ""),
    ],
)
def test_kind_from_name(name, kind):  # type: ignore[no-untyped-def]
    assert kind_from_name(name) == kind


def test_the_sql_rendering_tells_the_same_kinds_as_python():  # type: ignore[no-untyped-def]
    names = [p.replace("%", " X ").strip().title() for p, _kind in RULES]
    names += ["Analis Kebijakan", "KEPALA BIDANG UMUM", "Guru Ahli Muda"]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT {kind_sql('n')} FROM (SELECT %s AS n) t", [name])
            assert (cursor.fetchone()[0] or "") == kind_from_name(name), name


def test_close_period_without_a_date_leaves_the_end_unknown(surabaya):  # type: ignore[no-untyped-def]
    from .factories import EmployeeFactory

    employee = EmployeeFactory(institution=surabaya, period_start=date(2020, 1, 1))
    closed = employee.close_period(until=None)
    assert (closed.valid_from, closed.valid_to) == (date(2020, 1, 1), None)
    later = EmployeeFactory(institution=surabaya, period_start=None)
    assert later.close_period(until=date(2021, 5, 1)).valid_to == date(2021, 5, 1)


def test_period_changes_tells_a_period_field_from_an_identity_field(surabaya):  # type: ignore[no-untyped-def]
    from .factories import EmployeeFactory

    employee = EmployeeFactory(institution=surabaya, rank="III/a")
    before = employee.current_period()
    employee.full_name, employee.title_front = "Nama Baru", "Dr."
    assert not employee.period_changes(before)
    employee.rank = "III/b"
    assert employee.period_changes(before)
