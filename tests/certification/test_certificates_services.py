"""Issuing, renewing and revoking certificates: numbers, dates, renewals, refusals, audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from tangguh.certification import services_certificates as svc
from tangguh.certification.models import (
    Certificate,
    CertificateSequence,
    Outcome,
    ParticipationStatus,
    SchemeVersion,
)
from tangguh.certification.numbering import expiry_date, format_number, looks_like_number
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.accounts.factories import UserFactory

from .certificates_helpers import certified, national_admin
from .factories import CertificateFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The refusals are matched in English (the default language is Indonesian)."""
    with translation.override("en"):
        yield


def test_a_certified_participation_gets_a_numbered_signed_certificate_and_an_audit_entry():
    part = certified(decided_on=date.today() - timedelta(days=2))
    cert = svc.certificate_issue(participation=part, actor=None)
    year = cert.issued_on.year
    assert cert.number == f"SKP-{part.scheme.code.upper()}-{year}-00001"
    assert looks_like_number(cert.number)
    assert cert.issued_on == part.decided_on
    assert cert.expires_on == cert.issued_on.replace(year=year + 3)
    assert (cert.holder_name, cert.nip, cert.institution_id) == (
        part.holder_name,
        part.nip,
        part.employee.institution_id,
    )
    assert cert.scheme_version == part.batch.scheme_version
    assert cert.credential and cert.key_id
    entry = AuditEntry.objects.get(action="certification.certificate_issue")
    assert entry.data["number"] == cert.number
    assert list(entry.subjects.values_list("nip", flat=True)) == [part.nip]


def test_numbers_run_per_scheme_and_year_and_are_never_reused():
    first = certified()
    scheme_batch = first.batch
    a = svc.certificate_issue(participation=first, actor=None)
    b = svc.certificate_issue(participation=certified(batch=scheme_batch), actor=None)
    other = svc.certificate_issue(participation=certified(), actor=None)  # another scheme
    assert a.number.endswith("-00001") and b.number.endswith("-00002")
    assert other.number.endswith("-00001")
    seq = CertificateSequence.objects.get(scheme=first.scheme, year=a.issued_on.year)
    assert seq.last == 2


def test_a_refused_issue_gives_its_number_back():
    part = certified()
    with pytest.raises(DomainError):
        svc.certificate_issue(
            participation=part, actor=None, issued_on=part.exam_date - timedelta(days=1)
        )
    assert not Certificate.objects.exists()
    assert svc.certificate_issue(participation=part, actor=None).number.endswith("-00001")


def test_the_twenty_ninth_of_february_expires_on_the_twenty_eighth():
    assert expiry_date(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert expiry_date(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert format_number("camat", 2025, 7) == "SKP-CAMAT-2025-00007"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"outcome": Outcome.PENDING}, "competent"),
        ({"outcome": Outcome.NOT_CERTIFIED}, "competent"),
        ({"status": ParticipationStatus.WITHDRAWN}, "withdrawn"),
    ],
)
def test_no_certificate_without_a_positive_decision(change, message):
    part = certified(**change)
    with pytest.raises(DomainError, match=message):
        svc.certificate_issue(participation=part, actor=None)
    assert not Certificate.objects.exists()
    assert not CertificateSequence.objects.exists()


def test_a_participation_gets_one_certificate_only():
    part = certified()
    first = svc.certificate_issue(participation=part, actor=None)
    with pytest.raises(Conflict, match=first.number):
        svc.certificate_issue(participation=part, actor=None)
    assert Certificate.objects.count() == 1


def test_no_certificate_dated_in_the_future_or_before_the_exam():
    part = certified()
    for day in (date.today() + timedelta(days=1), part.exam_date - timedelta(days=1)):
        with pytest.raises(DomainError):
            svc.certificate_issue(participation=part, actor=None, issued_on=day)
    assert not Certificate.objects.exists()


def test_someone_outside_the_batch_may_not_issue(sleman):
    part = certified()
    outsider = UserFactory(role=Role.INSTITUTION_ADMIN, institution=sleman)
    with pytest.raises(PermissionDenied):
        svc.certificate_issue(participation=part, actor=outsider)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="certification.").exists()


def test_the_organisers_operator_issues_through_the_plenary(jatim):
    part = certified()
    operator = UserFactory(role=Role.OPERATOR, institution=jatim)
    cert = svc.certificate_issue(participation=part, actor=operator)
    assert cert.issued_by == operator


def test_a_new_positive_decision_renews_a_valid_or_recently_expired_certificate():
    old_part = certified(
        batch__exam_start=date.today() - timedelta(days=60),
        decided_on=date.today() - timedelta(days=40),
    )
    old = svc.certificate_issue(participation=old_part, actor=None)
    later = certified(batch__scheme_version=old_part.batch.scheme_version, employee=old.employee)
    new = svc.certificate_issue(participation=later, actor=None)
    assert new.renewed_from == old
    old.refresh_from_db()
    assert old.expires_on == old.issued_on.replace(year=old.issued_on.year + 3)  # unchanged


def test_a_long_expired_or_revoked_certificate_is_not_renewed_but_replaced():
    long_ago = CertificateFactory(
        issued_on=date.today() - timedelta(days=5 * 365),
        expires_on=date.today() - timedelta(days=2 * 365),
    )
    part = certified(batch__scheme_version=long_ago.scheme_version, employee=long_ago.employee)
    assert svc.certificate_issue(participation=part, actor=None).renewed_from is None


def test_the_national_administrator_renews_by_hand_under_the_current_version():
    old = svc.certificate_issue(participation=certified(), actor=None)
    newer = SchemeVersion.objects.create(
        scheme=old.scheme,
        version=2,
        name="Versi baru",
        validity_years=5,
        issuing_body=old.issuing_body,
    )
    admin = national_admin()
    new = svc.certificate_renew(certificate=old, actor=admin)
    assert new.renewed_from == old and new.scheme_version == newer
    assert new.issued_on == date.today() and new.expires_on == expiry_date(date.today(), 5)
    assert new.participation is None and new.nip == old.nip
    entry = AuditEntry.objects.get(action="certification.certificate_renew")
    assert entry.data["renews"] == old.number and entry.actor == admin
    with pytest.raises(Conflict, match=new.number):
        svc.certificate_renew(certificate=old, actor=admin)


def test_renewing_from_a_participation_needs_the_same_holder_and_scheme():
    old = svc.certificate_issue(participation=certified(), actor=None)
    stranger = certified(batch__scheme_version=old.scheme_version)
    with pytest.raises(DomainError, match="same holder"):
        svc.certificate_renew(certificate=old, actor=national_admin(), participation=stranger)
    assert Certificate.objects.count() == 1


def test_only_the_national_administrator_renews_or_revokes(jatim):
    cert = svc.certificate_issue(participation=certified(), actor=None)
    province = UserFactory(role=Role.INSTITUTION_ADMIN, institution=jatim)
    with pytest.raises(PermissionDenied):
        svc.certificate_renew(certificate=cert, actor=province)
    with pytest.raises(PermissionDenied):
        svc.certificate_revoke(certificate=cert, reason="Palsu", actor=province)
    cert.refresh_from_db()
    assert cert.revoked_at is None and Certificate.objects.count() == 1


def test_revocation_needs_a_reason_and_happens_once():
    cert = svc.certificate_issue(participation=certified(), actor=None)
    admin = national_admin()
    with pytest.raises(DomainError) as refused:
        svc.certificate_revoke(certificate=cert, reason="  ", actor=admin)
    assert refused.value.errors[0]["field"] == "reason"
    with pytest.raises(DomainError):
        svc.certificate_revoke(certificate=cert, reason="x" * 1001, actor=admin)
    credential = dict(cert.credential)
    revoked = svc.certificate_revoke(certificate=cert, reason="Dokumen palsu", actor=admin)
    assert revoked.status == "revoked" and revoked.revoked_by == admin
    assert revoked.revocation_reason == "Dokumen palsu"
    assert revoked.credential == credential  # the credential never changes
    with pytest.raises(Conflict):
        svc.certificate_revoke(certificate=cert, reason="Lagi", actor=admin)
    assert AuditEntry.objects.filter(action="certification.certificate_revoke").count() == 1


def test_a_revoked_certificate_is_not_renewed():
    cert = svc.certificate_issue(participation=certified(), actor=None)
    cert.revoked_at = timezone.now()
    cert.save()
    with pytest.raises(Conflict):
        svc.certificate_renew(certificate=cert, actor=national_admin())


def test_the_holders_institution_of_the_day_is_kept(sleman):
    part = ParticipationFactory(outcome=Outcome.CERTIFIED, decided_on=date.today())
    nominated_by = part.institution_id
    part.employee.institution = sleman
    part.employee.save()
    cert = svc.certificate_issue(participation=part, actor=None)
    assert cert.institution == sleman and nominated_by != sleman.pk


def test_the_issued_credential_verifies_and_turns_revoked_with_the_certificate():
    from tangguh.certification.credentials import credential_verify

    cert = svc.certificate_issue(participation=certified(), actor=None)
    assert credential_verify(cert.credential).status == "valid"
    assert cert.credential["id"].endswith(f"/verify/{cert.number}/credential.json")
    svc.certificate_revoke(certificate=cert, reason="Dokumen palsu", actor=national_admin())
    assert credential_verify(cert.credential).status == "revoked"
