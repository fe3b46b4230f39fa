"""The catalogue's writes: programmes (create, change, publish, close), co-hosts with cost
shares, quotas, sessions (create, change, cancel) and facilitators — each rule refused
with its sentence and nothing changed, each write audited, and writes from outside the
organiser refused."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.development.models import (
    Access,
    DeliveryMode,
    Enrolment,
    EnrolmentStatus,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
    SessionStatus,
)
from tangguh.development.services_programmes import (
    facilitator_add,
    facilitator_remove,
    programme_close,
    programme_create,
    programme_host_remove,
    programme_host_set,
    programme_publish,
    programme_quota_remove,
    programme_quota_set,
    programme_update,
    session_cancel,
    session_create,
    session_update,
)
from tangguh.institutions.models import Institution
from tests.accounts.factories import UserFactory
from tests.development.factories import (
    EnrolmentFactory,
    ProgrammeFactory,
    ProgrammeHostFactory,
    ProgrammeQuotaFactory,
    SessionFactory,
    form,
)
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The sentences are asserted in English (the Indonesian ones: test_programmes_views)."""
    with translation.override("en"):
        yield


def _inst(code: str) -> Institution:
    return Institution.objects.get(code=code)


def _op(code: str = "35.78", role: str = Role.OPERATOR) -> Any:
    return UserFactory(institution=_inst(code), role=role)


def _data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "bimtek-keuangan-desa",
        "title": "Bimtek Pengelolaan Keuangan Desa",
        "form": form("bimtek"),
        "description": "Untuk perangkat kelurahan.",
        "jp": Decimal("24"),
        "mode": DeliveryMode.IN_PERSON,
        "cost_per_participant": Decimal("1500000"),
        "capacity": 30,
        "access": Access.LISTED,
        "guests_pay": True,
    }
    data.update(extra)
    return data


def _actions(prefix: str = "development.") -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith=prefix)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- programmes ----------------------------------------------------------------------


def test_create_makes_a_draft_with_competencies_and_audits_it(surabaya):  # type: ignore[no-untyped-def]
    op = _op()
    programme = programme_create(
        organiser=surabaya,
        data=_data(),
        competencies=[{"code": "M.01", "level": "3"}, {"code": "M.05", "level": 2}],
        actor=op,
    )
    assert programme.status == ProgrammeStatus.DRAFT
    assert programme.competencies == [{"code": "M.01", "level": 3}, {"code": "M.05", "level": 2}]
    assert programme.created_by == op
    entry = AuditEntry.objects.get(action="development.programme_create")
    assert entry.data["code"] == "bimtek-keuangan-desa"


@pytest.mark.parametrize(
    ("extra", "competencies", "field", "words"),
    [
        ({"cost_per_participant": Decimal("-1")}, None, "cost_per_participant", "negative"),
        ({"jp": Decimal("0")}, None, "jp", "more than zero"),
        ({"capacity": 0}, None, "capacity", "at least one"),
        ({"code": "Bad Code!"}, None, "code", "lower-case"),
        ({"title": "  "}, None, "title", "title"),
        ({}, [{"code": "M.01", "level": 6}], "competencies", "1 to 5"),
        ({}, [{"code": "M.01", "level": 2}, {"code": "m.01", "level": 3}], "competencies", "twice"),
    ],
)
def test_create_refuses_bad_details_and_writes_nothing(  # type: ignore[no-untyped-def]
    surabaya, extra, competencies, field, words
):
    with pytest.raises(DomainError) as refused:
        programme_create(
            organiser=surabaya, data=_data(**extra), competencies=competencies, actor=_op()
        )
    assert refused.value.errors[0]["field"] == field
    assert words in str(refused.value.message)
    assert not Programme.objects.filter(organiser=surabaya).exists()
    assert _actions() == []


def test_create_refuses_a_code_already_used_by_the_organiser(surabaya):  # type: ignore[no-untyped-def]
    ProgrammeFactory(code="bimtek-keuangan-desa")
    with pytest.raises(DomainError) as refused:
        programme_create(organiser=surabaya, data=_data(), actor=_op())
    assert refused.value.errors[0]["field"] == "code"
    assert Programme.objects.filter(code="bimtek-keuangan-desa").count() == 1


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("34.04", Role.OPERATOR),  # another institution's operator
        ("35", Role.INSTITUTION_ADMIN),  # the province above
        ("35.78", Role.CIVIL_SERVANT),
        ("35.78", Role.AUDITOR),
        ("35.78", Role.ASSESSOR),
    ],
)
def test_create_for_another_institution_or_without_the_role_is_refused(  # type: ignore[no-untyped-def]
    surabaya, code, role
):
    with pytest.raises(PermissionDenied):
        programme_create(organiser=surabaya, data=_data(), actor=_op(code, role))
    assert not Programme.objects.exists()
    assert _actions() == []


def test_update_records_what_changed(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT)
    programme_update(
        programme=programme,
        data={"title": "Bimtek Baru", "cost_per_participant": Decimal("2000000")},
        competencies=[{"code": "M.02", "level": 4}],
        actor=_op(),
    )
    programme.refresh_from_db()
    assert programme.title == "Bimtek Baru"
    assert programme.cost_per_participant == Decimal("2000000")
    entry = AuditEntry.objects.get(action="development.programme_update")
    assert set(entry.data["changes"]) == {"title", "cost_per_participant", "competencies"}


def test_update_by_another_institution_changes_nothing(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(title="Asli")
    for actor in (_op("34.04"), _op("35", Role.INSTITUTION_ADMIN), _op("35.78", Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            programme_update(programme=programme, data={"title": "Diubah"}, actor=actor)
    programme.refresh_from_db()
    assert programme.title == "Asli"


def test_jp_cannot_change_once_a_session_credited_it(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(status=SessionStatus.COMPLETED, start_date=date(2025, 3, 1))
    with pytest.raises(DomainError) as refused:
        programme_update(programme=session.programme, data={"jp": Decimal("30")}, actor=_op())
    assert refused.value.errors[0]["field"] == "jp"
    assert "24 JP" in str(refused.value.message)
    session.programme.refresh_from_db()
    assert session.programme.jp == Decimal("24")


def test_publish_needs_a_quota_when_listed_then_closes(surabaya, sidoarjo_code="35.15"):  # type: ignore[no-untyped-def]
    op = _op()
    programme = programme_create(organiser=surabaya, data=_data(), actor=op)
    with pytest.raises(DomainError) as refused:
        programme_publish(programme=programme, actor=op)
    assert "quota" in str(refused.value.message)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DRAFT

    programme_quota_set(programme=programme, institution=_inst(sidoarjo_code), seats=2, actor=op)
    programme_publish(programme=programme, actor=op)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PUBLISHED and programme.published_at
    with pytest.raises(Conflict):
        programme_publish(programme=programme, actor=op)

    programme_close(programme=programme, actor=op)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.CLOSED
    with pytest.raises(Conflict):
        programme_update(programme=programme, data={"title": "x"}, actor=op)
    with pytest.raises(Conflict):
        session_create(
            programme=programme,
            data={"start_date": date(2030, 1, 1), "end_date": date(2030, 1, 2), "place": "A"},
            actor=op,
        )
    assert _actions() == [
        "development.programme_create",
        "development.programme_quota_set",
        "development.programme_publish",
        "development.programme_close",
    ]


def test_publish_and_close_from_outside_are_refused(surabaya):  # type: ignore[no-untyped-def]
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        programme_publish(programme=draft, actor=_op("34.04"))
    published = ProgrammeFactory()
    with pytest.raises(PermissionDenied):
        programme_close(programme=published, actor=_op("35.78", Role.CIVIL_SERVANT))
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == ("draft", "published")


# --- co-hosts and quotas -------------------------------------------------------------


def test_cost_shares_add_up_to_at_most_100(surabaya, jatim):  # type: ignore[no-untyped-def]
    op = _op()
    programme = ProgrammeFactory()
    programme_host_set(programme=programme, institution=jatim, cost_share="60", actor=op)
    with pytest.raises(DomainError) as refused:
        programme_host_set(
            programme=programme, institution=_inst("35.15"), cost_share="50", actor=op
        )
    assert "110" in str(refused.value.message)
    assert refused.value.errors[0]["field"] == "cost_share"
    assert list(programme.hosts.values_list("institution__code", "cost_share")) == [
        ("35", Decimal("60"))
    ]
    # Changing the same co-host's share does not count it twice.
    programme_host_set(programme=programme, institution=jatim, cost_share="100", actor=op)
    assert programme.hosts.get().cost_share == Decimal("100")


@pytest.mark.parametrize("share", ["-1", "100.5", "abc", "33.333"])
def test_bad_cost_share_is_refused(surabaya, jatim, share):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory()
    with pytest.raises(DomainError):
        programme_host_set(programme=programme, institution=jatim, cost_share=share, actor=_op())
    assert not ProgrammeHost.objects.exists()


def test_organiser_is_not_its_own_cohost_and_a_guest_is_not_a_cohost(surabaya):  # type: ignore[no-untyped-def]
    quota = ProgrammeQuotaFactory()
    op = _op()
    with pytest.raises(DomainError):
        programme_host_set(programme=quota.programme, institution=surabaya, cost_share=10, actor=op)
    with pytest.raises(DomainError) as refused:
        programme_host_set(
            programme=quota.programme, institution=quota.institution, cost_share=10, actor=op
        )
    assert "quota" in str(refused.value.message)
    with pytest.raises(DomainError):
        ProgrammeHostFactory(programme=quota.programme)  # jatim as co-host (allowed)
        programme_quota_set(programme=quota.programme, institution=_inst("35"), seats=2, actor=op)
    assert ProgrammeQuota.objects.filter(programme=quota.programme).count() == 1


def test_cohost_writes_from_outside_are_refused(surabaya, jatim):  # type: ignore[no-untyped-def]
    host = ProgrammeHostFactory()
    programme = host.programme
    # The co-host itself does not manage the programme's hosts: the organiser does.
    with pytest.raises(PermissionDenied):
        programme_host_set(
            programme=programme, institution=_inst("35.15"), cost_share=5, actor=_op("35")
        )
    with pytest.raises(PermissionDenied):
        programme_host_remove(host=host, actor=_op("34.04"))
    assert ProgrammeHost.objects.filter(pk=host.pk).exists()
    programme_host_remove(host=host, actor=_op())
    assert not ProgrammeHost.objects.filter(pk=host.pk).exists()
    assert _actions()[-1] == "development.programme_host_remove"


def test_quota_only_for_listed_programmes_and_not_below_seats_held(surabaya):  # type: ignore[no-untyped-def]
    op = _op()
    own = ProgrammeFactory(access=Access.OWN)
    with pytest.raises(DomainError) as refused:
        programme_quota_set(programme=own, institution=_inst("35.15"), seats=2, actor=op)
    assert "listed" in str(refused.value.message)

    quota = ProgrammeQuotaFactory(seats=3)
    session = SessionFactory(programme=quota.programme)
    sidoarjo = quota.institution
    for _ in range(2):
        EnrolmentFactory(
            session=session,
            employee=EmployeeFactory(institution=sidoarjo),
            status=EnrolmentStatus.AWAITING_HOST,
        )
    with pytest.raises(DomainError) as refused:
        programme_quota_set(programme=quota.programme, institution=sidoarjo, seats=1, actor=op)
    assert "already holds 2 seats" in str(refused.value.message)
    with pytest.raises(DomainError):
        programme_quota_remove(quota=quota, actor=op)
    quota.refresh_from_db()
    assert quota.seats == 3
    programme_quota_set(programme=quota.programme, institution=sidoarjo, seats=2, actor=op)
    quota.refresh_from_db()
    assert quota.seats == 2


@pytest.mark.parametrize("seats", [0, -2, "x"])
def test_a_quota_is_at_least_one_seat(surabaya, seats):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(access=Access.LISTED)
    with pytest.raises(DomainError):
        programme_quota_set(
            programme=programme, institution=_inst("35.15"), seats=seats, actor=_op()
        )
    assert not ProgrammeQuota.objects.exists()


def test_quota_writes_from_the_guest_are_refused(surabaya):  # type: ignore[no-untyped-def]
    quota = ProgrammeQuotaFactory(seats=2)
    guest_admin = _op("35.15", Role.INSTITUTION_ADMIN)
    with pytest.raises(PermissionDenied):
        programme_quota_set(
            programme=quota.programme, institution=quota.institution, seats=20, actor=guest_admin
        )
    with pytest.raises(PermissionDenied):
        programme_quota_remove(quota=quota, actor=guest_admin)
    quota.refresh_from_db()
    assert quota.seats == 2


# --- sessions ------------------------------------------------------------------------


def _dates(start: int = 40, days: int = 3) -> dict[str, Any]:
    first = date.today() + timedelta(days=start)
    return {"start_date": first, "end_date": first + timedelta(days=days - 1)}


def test_session_gets_the_next_number_and_the_programmes_capacity(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(capacity=25)
    SessionFactory(programme=programme, number=1)
    session = session_create(
        programme=programme,
        data={**_dates(), "place": "Gedung Diklat Surabaya"},
        facilitators=[{"name": "Dr. Siti Aminah", "role": "Widyaiswara", "employee": None}],
        actor=_op(),
    )
    assert (session.number, session.capacity, session.organiser_id) == (2, 25, surabaya.pk)
    assert list(session.facilitators.values_list("name", "role")) == [
        ("Dr. Siti Aminah", "Widyaiswara")
    ]
    assert _actions() == ["development.session_create"]


@pytest.mark.parametrize(
    ("mode", "data", "field"),
    [
        (DeliveryMode.IN_PERSON, {"place": ""}, "place"),
        (DeliveryMode.ONLINE, {"place": "Surabaya"}, "link"),
        (DeliveryMode.BLENDED, {"link": "https://zoom.example/j/1"}, "place"),
        (DeliveryMode.ONLINE, {"link": "javascript:alert(1)"}, "link"),
    ],
)
def test_session_needs_a_place_or_a_link_by_mode(surabaya, mode, data, field):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(mode=mode)
    with pytest.raises(DomainError) as refused:
        session_create(programme=programme, data={**_dates(), **data}, actor=_op())
    assert refused.value.errors[0]["field"] == field
    assert not Session.objects.exists()


def test_session_dates_capacity_and_enrolment_close_are_checked(surabaya):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory()
    op = _op()
    first = date.today() + timedelta(days=30)
    cases = [
        ({"start_date": first, "end_date": first - timedelta(days=1)}, "end_date", "before"),
        ({**_dates(), "capacity": 0}, "capacity", "at least one"),
        (
            {**_dates(), "enrolment_closes": first + timedelta(days=20)},
            "enrolment_closes",
            "first day",
        ),
    ]
    for data, field, words in cases:
        with pytest.raises(DomainError) as refused:
            session_create(programme=programme, data={**data, "place": "Surabaya"}, actor=op)
        assert refused.value.errors[0]["field"] == field
        assert words in str(refused.value.message)
    assert not Session.objects.exists()


def test_capacity_cannot_go_below_the_enrolled(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=5)
    for _ in range(3):
        EnrolmentFactory(session=session)
    with pytest.raises(DomainError) as refused:
        session_update(session=session, data={"capacity": 2}, actor=_op())
    assert "3 participants" in str(refused.value.message)
    session.refresh_from_db()
    assert session.capacity == 5
    session_update(session=session, data={"capacity": 3, "place": "Balai Kota"}, actor=_op())
    session.refresh_from_db()
    assert (session.capacity, session.place) == (3, "Balai Kota")
    entry = AuditEntry.objects.get(action="development.session_update")
    assert set(entry.data["changes"]) == {"capacity", "place"}


def test_a_completed_or_cancelled_session_is_not_changed(surabaya):  # type: ignore[no-untyped-def]
    done = SessionFactory(status=SessionStatus.COMPLETED, start_date=date(2025, 1, 6))
    with pytest.raises(Conflict) as refused:
        session_update(session=done, data={"place": "Lain"}, actor=_op())
    assert "completed" in str(refused.value.message)
    with pytest.raises(Conflict):
        session_cancel(session=done, reason="x", actor=_op())
    done.refresh_from_db()
    assert done.status == "completed" and done.place.startswith("Gedung")


def test_cancel_needs_a_reason_and_cancels_the_enrolments(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    active = EnrolmentFactory(session=session)
    waiting = EnrolmentFactory(session=session, status=EnrolmentStatus.WAITLISTED)
    rejected = EnrolmentFactory(session=session, status=EnrolmentStatus.REJECTED, reason="Tidak")
    with pytest.raises(DomainError) as refused:
        session_cancel(session=session, reason="   ", actor=_op())
    assert refused.value.errors[0]["field"] == "reason"
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED

    session_cancel(session=session, reason="Gedung direnovasi", actor=_op())
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "Gedung direnovasi")
    assert session.cancelled_at is not None
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses == {active.pk: "cancelled", waiting.pk: "cancelled", rejected.pk: "rejected"}
    assert Enrolment.objects.get(pk=active.pk).reason == "Gedung direnovasi"
    entry = AuditEntry.objects.get(action="development.session_cancel")
    assert entry.data["enrolments_cancelled"] == 2
    assert {str(n) for n in entry.subjects.values_list("nip", flat=True)} == {
        active.nip,
        waiting.nip,
    }


def test_session_writes_from_outside_are_refused(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    programme = session.programme
    outsiders = [
        _op("34.04"),
        _op("35", Role.INSTITUTION_ADMIN),
        _op("35.78", Role.CIVIL_SERVANT),
        _op("35.78", Role.AUDITOR),
    ]
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            session_create(programme=programme, data={**_dates(), "place": "X"}, actor=actor)
        with pytest.raises(PermissionDenied):
            session_update(session=session, data={"place": "X"}, actor=actor)
        with pytest.raises(PermissionDenied):
            session_cancel(session=session, reason="x", actor=actor)
        with pytest.raises(PermissionDenied):
            facilitator_add(session=session, data={"name": "X"}, actor=actor)
    session.refresh_from_db()
    assert session.status == "planned" and session.place.startswith("Gedung")
    assert Session.objects.count() == 1
    assert not session.facilitators.exists()
    assert _actions() == []


def test_facilitators_added_and_removed_with_audit(surabaya):  # type: ignore[no-untyped-def]
    session = SessionFactory()
    person = EmployeeFactory(institution=surabaya, full_name="Budi Santoso")
    op = _op()
    added = facilitator_add(
        session=session, data={"name": "", "role": "Coach", "employee": person}, actor=op
    )
    assert added.name == "Budi Santoso"
    with pytest.raises(DomainError):
        facilitator_add(session=session, data={"name": "  "}, actor=op)
    with pytest.raises(PermissionDenied):
        facilitator_remove(facilitator=added, actor=_op("34.04"))
    facilitator_remove(facilitator=added, actor=op)
    assert not session.facilitators.exists()
    assert _actions() == [
        "development.session_facilitator_add",
        "development.session_facilitator_remove",
    ]


def test_dates_cannot_move_away_from_recorded_attendance(surabaya):  # type: ignore[no-untyped-def]
    from tangguh.development.models import Attendance

    session = SessionFactory()
    enrolment = EnrolmentFactory(session=session)
    Attendance.objects.create(enrolment=enrolment, day=session.start_date, mark="present")
    later = session.start_date + timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        session_update(
            session=session,
            data={"start_date": later, "end_date": session.end_date},
            actor=_op(),
        )
    assert refused.value.errors[0]["field"] == "start_date"
    assert "outside the new dates" in str(refused.value.message)
    session.refresh_from_db()
    assert session.start_date == later - timedelta(days=1)
