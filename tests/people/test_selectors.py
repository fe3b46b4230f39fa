"""Reads are scoped: each selector goes through restrict(user, action)."""

import pytest

from tangguh.core.roles import Role
from tangguh.people.filters import EmployeeFilter, TransferFilter
from tangguh.people.models import EmploymentHistory, TransferRequest
from tangguh.people.selectors import (
    employee_get,
    employee_history,
    employee_list,
    import_job_list,
    transfer_list,
)
from tests.permissions import make_user

from .factories import EmployeeFactory, ImportJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(surabaya, sleman):  # type: ignore[no-untyped-def]
    # Fixed names: a drawn one may hold "budi" too (Wardi Budiyanto), and the search finds it.
    here = [
        EmployeeFactory(institution=surabaya, full_name=name)
        for name in ("Budi Santoso", "Sri Wahyuni", "Agus Prasetyo")
    ]
    here[0].rank = "IV/a"
    here[0].save()
    there = EmployeeFactory(institution=sleman)
    return here, there


def test_employee_list_is_scoped_and_filtered(people, surabaya):  # type: ignore[no-untyped-def]
    here, there = people
    operator = make_user(Role.OPERATOR)
    assert set(employee_list(user=operator)) == set(here)
    assert set(employee_list(user=make_user(Role.NATIONAL_ADMIN))) == {*here, there}
    assert list(_filtered(operator, q="budi")) == [here[0]]
    assert list(_filtered(operator, q=here[1].nip[:10])) == [here[1]]
    assert list(_filtered(operator, rank="IV/a")) == [here[0]]
    assert list(_filtered(operator, institution="34.04")) == []
    assert list(_filtered(operator, work_unit=here[2].work_unit_id)) == [here[2]]
    assert employee_list(user=None).count() == 0


def _filtered(user, **params):  # type: ignore[no-untyped-def]
    """The list as the page, the API and the export filter it (people.filters)."""
    return EmployeeFilter(params, employee_list(user=user)).qs


def test_civil_servant_sees_only_themself(people):  # type: ignore[no-untyped-def]
    here, _there = people
    me = make_user(Role.CIVIL_SERVANT, nip=here[1].nip)
    assert list(employee_list(user=me)) == [here[1]]
    assert employee_get(user=me, pk=here[1].pk) == here[1]
    with pytest.raises(here[0].DoesNotExist):
        employee_get(user=me, pk=here[0].pk)


def test_history_transfers_and_jobs(people, surabaya, sleman):  # type: ignore[no-untyped-def]
    _here, there = people
    EmploymentHistory.objects.create(
        employee=there, institution=sleman, valid_from="2020-01-01", valid_to="2021-01-01"
    )
    TransferRequest.objects.create(employee=there, from_institution=sleman, to_institution=surabaya)
    ImportJobFactory(institution=surabaya)
    ImportJobFactory(institution=sleman)
    surabaya_admin = make_user(Role.INSTITUTION_ADMIN)
    # The closed periods are scoped like the employee; the current one is the employee's own.
    assert len(employee_history(user=surabaya_admin, employee=there)) == 1
    sleman_history = employee_history(
        user=make_user(Role.INSTITUTION_ADMIN, "34.04"), employee=there
    )
    assert [str(p.valid_to) for p in sleman_history] == ["None", "2021-01-01"]

    def transfers(status):  # type: ignore[no-untyped-def]
        return TransferFilter({"status": status}, transfer_list(user=surabaya_admin)).qs

    assert transfers("pending").count() == 1  # the target sees it too
    assert transfers("confirmed").count() == 0
    assert transfer_list(user=make_user(Role.ASSESSOR)).count() == 0
    assert [j.institution_id for j in import_job_list(user=surabaya_admin)] == [surabaya.pk]


def test_nip_search_is_a_prefix_range(surabaya):  # type: ignore[no-untyped-def]
    a = EmployeeFactory(institution=surabaya, nip="198507122010012003")
    b = EmployeeFactory(institution=surabaya, nip="198507139910012001")
    c = EmployeeFactory(institution=surabaya, nip="199912312020121001")
    user = make_user(Role.OPERATOR)

    def found(q):  # type: ignore[no-untyped-def]
        return set(_filtered(user, q=q))

    assert found("19850712") == {a}
    assert found("'1985 0712") == {a}
    assert found("198507") == {a, b}
    assert found("198507122010012003") == {a}
    assert found("1999") == {c}
    assert found("19991231202012100") == {c}
    assert found("9") == set()
