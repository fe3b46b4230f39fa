"""The national generator (``tangguh demo --scale national``), at a small size: same rules
as the demo, numbers that continue each scheme's sequence, signed credentials, once."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from tangguh.certification.credentials import credential_verify
from tangguh.certification.generator import CODE_PREFIX, generate_national
from tangguh.certification.models import (
    Batch,
    BatchAssessor,
    Certificate,
    Outcome,
    Participation,
    ParticipationStatus,
    UnitResult,
)
from tangguh.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> tuple[dict[str, int], list[str]]:
    call_command("demo", stdout=io.StringIO())
    lines: list[str] = []
    counts = generate_national(seed=7, out=lines.append, certificates=300)
    return counts, lines


def test_it_adds_certificates_with_their_participations(loaded) -> None:  # type: ignore[no-untyped-def]
    counts, lines = loaded
    assert 250 <= counts["certificates"] <= 400
    assert "certificates" in lines[0] and "import the national register" in lines[1]
    new = Participation.objects.filter(batch__code__startswith=CODE_PREFIX)
    assert new.count() == counts["participations"] > counts["certificates"]
    certified = new.filter(outcome=Outcome.CERTIFIED)
    assert Certificate.objects.filter(participation__in=certified).count() == certified.count()
    assert counts["certificates"] == certified.count()
    # Each batch has an assessor licensed for its scheme; each decided participant a
    # recommendation per unit, all K when certified, a BK otherwise.
    batches = Batch.objects.filter(code__startswith=CODE_PREFIX)
    links = BatchAssessor.objects.filter(batch__in=batches).select_related("licence", "batch")
    assert links.count() == batches.count()
    assert all(link.licence.scheme_id == link.batch.scheme_id for link in links)
    decided = new.exclude(status=ParticipationStatus.WITHDRAWN).annotate(
        units=Count("unit_results"),
        bk=Count("unit_results", filter=Q(unit_results__recommendation="BK")),
    )
    for p in decided.select_related("batch__scheme_version"):
        assert p.units == p.batch.scheme_version.units.count()
        assert (p.bk == 0) == (p.outcome == Outcome.CERTIFIED)
        assert p.days_to_decision == (p.decided_on - p.exam_date).days
    assert not UnitResult.objects.filter(
        participation__status=ParticipationStatus.WITHDRAWN, participation__in=new
    ).exists()
    # Renewals link to an earlier certificate of the same holder and scheme.
    renewals = Certificate.objects.filter(participation__in=new, renewed_from__isnull=False)
    for c in renewals.select_related("renewed_from"):
        assert (c.renewed_from.nip, c.renewed_from.scheme_id) == (c.nip, c.scheme_id)
        assert c.renewed_from.issued_on < c.issued_on
    assert AuditEntry.objects.filter(action="certification.national_load").count() == 1


def test_numbers_continue_the_demo_sequences_and_credentials_verify(loaded) -> None:  # type: ignore[no-untyped-def]
    numbers = Counter(Certificate.objects.values_list("number", flat=True))
    assert max(numbers.values()) == 1
    for certificate in Certificate.objects.filter(
        participation__batch__code__startswith=CODE_PREFIX
    )[:25]:
        assert credential_verify(certificate.credential).status in {"valid", "expired"}
    # A certificate issued by hand afterwards gets a fresh id and the next number.
    from tangguh.certification.models import CertificateSequence

    for row in CertificateSequence.objects.select_related("scheme"):
        taken = Certificate.objects.filter(scheme=row.scheme, issued_on__year=row.year).count()
        assert row.last == taken, (row.scheme.code, row.year)


def test_a_second_run_writes_nothing(loaded) -> None:  # type: ignore[no-untyped-def]
    before = (
        Participation.objects.count(),
        Certificate.objects.count(),
        AuditEntry.objects.count(),
    )
    lines: list[str] = []
    assert generate_national(seed=7, out=lines.append, certificates=300) == {}
    assert "already loaded (" in lines[0]
    assert (
        Participation.objects.count(),
        Certificate.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_the_generated_assessors_cannot_sign_in(loaded) -> None:  # type: ignore[no-untyped-def]
    from tangguh.accounts.models import User

    generated = User.objects.filter(username__startswith="asesor.nas.")
    assert generated.exists()
    assert not any(u.has_usable_password() for u in generated)


def test_a_larger_target_adds_only_what_it_lacks(loaded) -> None:  # type: ignore[no-untyped-def]
    counts, _lines = loaded
    first = Participation.objects.filter(batch__code__startswith=CODE_PREFIX)
    people = set(first.values_list("employee_id", flat=True))
    more = generate_national(seed=7, out=lambda _m: None, certificates=counts["certificates"] + 150)
    assert 100 <= more["certificates"] <= 250
    added = Participation.objects.filter(batch__code__startswith=CODE_PREFIX).exclude(
        employee_id__in=people
    )
    # The second load examined other people, and every number is still unique.
    assert added.count() == more["participations"]
    numbers = Certificate.objects.values_list("number", flat=True)
    assert len(numbers) == len(set(numbers))
