"""The audit is append-only: the models refuse changes, and so does the database (both engines)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from tangguh.core.audit import action_label, audit_read, audit_record, request_query
from tangguh.core.models import AppendOnlyError, AuditEntry, AuditSubject
from tangguh.core.roles import Role
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user

pytestmark = pytest.mark.django_db

NIPS = ["198507122010012001", "198507122010012002"]


@pytest.fixture
def entry(surabaya):  # type: ignore[no-untyped-def]
    return audit_record(
        actor=make_user(Role.OPERATOR), action="test.write", institution=surabaya, nips=NIPS
    )


# --- the models -------------------------------------------------------------------


def test_entry_names_its_people_once_each(entry):  # type: ignore[no-untyped-def]
    assert entry.people_count == 2
    assert sorted(entry.subjects.values_list("nip", flat=True)) == NIPS


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.save(),
        lambda e: e.save(update_fields=["action"]),
        lambda e: e.delete(),
        lambda e: AuditEntry.objects.filter(pk=e.pk).update(action="forged"),
        lambda e: AuditEntry.objects.filter(pk=e.pk).delete(),
        lambda e: AuditEntry.objects.bulk_update([e], ["action"]),
        lambda e: e.subjects.first().save(),
        lambda e: e.subjects.first().delete(),
        lambda e: AuditSubject.objects.filter(entry=e).update(nip="0"),
        lambda e: AuditSubject.objects.filter(entry=e).delete(),
    ],
    ids=[
        "save", "save-fields", "delete", "qs-update", "qs-delete", "bulk-update",
        "subject-save", "subject-delete", "subject-qs-update", "subject-qs-delete",
    ],
)  # fmt: skip
def test_models_refuse_to_change_or_delete(entry, change):  # type: ignore[no-untyped-def]
    with pytest.raises(AppendOnlyError):
        change(entry)
    entry.refresh_from_db()
    assert entry.action == "test.write" and entry.subjects.count() == 2


# --- the database -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
        "UPDATE core_auditsubject SET nip = '0' WHERE entry_id = %s",
        "DELETE FROM core_auditsubject WHERE entry_id = %s",
    ],
    ids=["entry-update", "entry-delete", "subject-update", "subject-delete"],
)
def test_database_refuses_update_and_delete(entry, sql):  # type: ignore[no-untyped-def]
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "test.write" and entry.subjects.count() == 2


def test_a_user_or_institution_named_in_the_audit_cannot_be_deleted(entry):  # type: ignore[no-untyped-def]
    # SET_NULL would have rewritten the entry (an UPDATE); deactivate accounts instead.
    with pytest.raises(ProtectedError):
        entry.actor.delete()
    with pytest.raises(ProtectedError):
        entry.institution.delete()
    entry.refresh_from_db()
    assert entry.actor_id is not None and entry.institution_id is not None


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_and_keeps_it_append_only():  # type: ignore[no-untyped-def]
    # A transactional test finds the database as the one before it left it (flushed):
    # it loads the institutions it names itself.
    from tangguh.institutions.models import Institution
    from tangguh.institutions.services import institutions_load

    institutions_load()
    surabaya = Institution.objects.get(code="35.78")
    audit_record(actor=None, action="test.write", institution=surabaya, nips=NIPS)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists() and not AuditSubject.objects.exists()
    again = audit_record(actor=None, action="test.write", nips=NIPS)
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditsubject WHERE entry_id = %s", [again.pk])


# --- the read helper -------------------------------------------------------------


def test_read_of_a_queryset_copies_every_nip_in_the_database(surabaya, sleman):  # type: ignore[no-untyped-def]
    from tangguh.people.models import Employee

    mine = [EmployeeFactory(institution=surabaya) for _ in range(5)]
    EmployeeFactory(institution=sleman)
    entry = audit_read(
        actor=make_user(Role.OPERATOR),
        action="test.export",
        queryset=Employee.objects.filter(institution=surabaya).order_by("full_name"),
    )
    assert entry is not None and entry.people_count == 5
    assert set(entry.subjects.values_list("nip", flat=True)) == {e.nip for e in mine}
    empty = audit_read(actor=None, action="test.export", queryset=Employee.objects.none())
    assert empty is not None and empty.people_count == 0 and not empty.subjects.exists()


def test_read_entry_belongs_to_the_one_institution_read_else_the_readers(surabaya, jatim):  # type: ignore[no-untyped-def]
    reader = make_user(Role.INSTITUTION_ADMIN, "35")
    one = audit_read(actor=reader, action="t", nips=NIPS, institution_ids=[surabaya.pk] * 2)
    many = audit_read(actor=reader, action="t", nips=NIPS, institution_ids=[surabaya.pk, jatim.pk])
    assert one.institution == surabaya and many.institution == jatim  # type: ignore[union-attr]


def test_query_is_kept_short(rf: RequestFactory):  # type: ignore[no-untyped-def]
    request = rf.get("/api/v1/employees/", {"q": "x" * 5000, "status": ["a", "b"]})
    asked = request_query(request)
    assert asked["via"] == "api" and asked["path"] == "/api/v1/employees/"
    assert len(asked["params"]["q"]) == 200 and asked["params"]["status"] == ["a", "b"]


def test_staff_reading_their_own_record_is_still_recorded(surabaya):  # type: ignore[no-untyped-def]
    operator = make_user(Role.OPERATOR, nip=NIPS[0])
    assert audit_read(actor=operator, action="t", nips=[NIPS[0]]) is not None
    servant = make_user(Role.CIVIL_SERVANT, nip=NIPS[1])
    assert audit_read(actor=servant, action="t", nips=[NIPS[1]]) is None


def test_action_labels_are_readable_and_unknown_codes_show_as_themselves():  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("en"):
        assert action_label("people.export") == "Exported civil servants"
    with translation.override("id"):
        assert action_label("people.export") != "people.export"
    assert action_label("nobody.registered.this") == "nobody.registered.this"
