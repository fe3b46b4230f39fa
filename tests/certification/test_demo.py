"""The certification demo: believable, within the domain's rules, and idempotent.

One ``tangguh demo`` per test (institutions, users, the register, then certification).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import IntegerField, Value
from django.utils import timezone, translation

from tangguh.accounts.models import User
from tangguh.certification import metrics
from tangguh.certification.demo_data import ASSESSORS, REVOCATION_REASON, SCHEMES, V2_FROM
from tangguh.certification.eligibility import position_matches
from tangguh.certification.models import (
    AssessorLicence,
    Batch,
    BatchAssessor,
    BatchStatus,
    Certificate,
    IssuingBody,
    Outcome,
    Participation,
    ParticipationStatus,
    Scheme,
    UnitResult,
)
from tangguh.certification.numbering import NUMBER_RE, expiry_date
from tangguh.core.models import AuditEntry
from tangguh.institutions.models import Institution
from tangguh.people.demo import DEMO_EMPLOYEE_NIP

pytestmark = pytest.mark.django_db

RAKORNAS = metrics.Period.years(2020, 2022)
ONE = Value(1, output_field=IntegerField())  # everything as one group
MODELS = (IssuingBody, Scheme, AssessorLicence, Batch, BatchAssessor, Participation, UnitResult)


@pytest.fixture
def demo() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    counted = {m.__name__: m.objects.count() for m in (*MODELS, Certificate, AuditEntry)}
    counted["revoked"] = Certificate.objects.filter(revoked_at__isnull=False).count()
    return counted


def test_a_second_run_writes_nothing(demo: str) -> None:
    assert "Certification: 9 schemes created" in demo
    before = _counts()
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    assert _counts() == before
    line = next(s for s in out.getvalue().splitlines() if s.startswith("Certification:"))
    assert line.startswith(
        "Certification: 0 schemes created, 0 licences granted, 0 officials added to the "
        "register, 0 earlier batches with 0 participants and 0 certificates loaded, 0 revoked, "
        "0 batches under way"
    )


def _by_province(figures: dict[int, int]) -> dict[str, int]:
    codes = dict(Institution.objects.filter(pk__in=figures).values_list("pk", "code"))
    return {codes[pk]: n for pk, n in figures.items()}


def test_the_rakornas_categories_rank_the_provinces_believably(demo: str) -> None:
    people = _by_province(metrics.participants(RAKORNAS, by=metrics.PROVINCE))
    schemes = _by_province(metrics.distinct_schemes(RAKORNAS, by=metrics.PROVINCE))
    # Five provinces examined people in 2020-2022, each several schemes.
    assert set(people) == {"32", "33", "34", "35", "73"}
    ranked = sorted(people, key=people.get, reverse=True)
    # Most participants: Jawa Tengah; Jawa Timur second (as at Rakornas 2022).
    assert ranked[:2] == ["33", "35"], people
    assert people["35"] < people["33"]
    assert min(people.values()) >= 20
    # Most distinct schemes: Jawa Timur, alone at the top.
    top = max(schemes.values())
    assert [code for code, n in schemes.items() if n == top] == ["35"], schemes
    assert min(schemes.values()) >= 4
    # Counted per regional government, the provinces' own governments rank the same way.
    own_people = _by_province(metrics.participants(RAKORNAS))
    own_schemes = _by_province(metrics.distinct_schemes(RAKORNAS))
    governments = {
        code: n for code, n in own_people.items() if "." not in code and code[0].isdigit()
    }
    assert sorted(governments, key=governments.get, reverse=True)[:2] == ["33", "35"], governments
    top = max(own_schemes[code] for code in governments)
    assert [c for c in governments if own_schemes[c] == top] == ["35"], own_schemes
    # And the regencies and cities have figures of their own.
    assert len(own_people) >= 12


def test_schemes_versions_and_licences(demo: str) -> None:
    assert Scheme.objects.count() == len(SCHEMES)
    body = IssuingBody.objects.get(code="lsp-pdn")
    assert body.name == "LSP Pemerintahan Dalam Negeri"
    assert body.institution.is_national_coordinator
    camat = Scheme.objects.get(code="camat")
    assert sorted(camat.versions.values_list("version", flat=True)) == [1, 2]
    # A batch keeps the version it ran: version 1 until 2022, version 2 from 2023.
    for batch in Batch.objects.filter(scheme=camat).select_related("scheme_version"):
        expected = 2 if batch.exam_start.year >= V2_FROM else 1
        assert batch.scheme_version.version == expected, batch.code
    # Every assessor holds licences; exactly one licence has expired.
    assessors = User.objects.filter(username__in=[a.username for a in ASSESSORS])
    assert assessors.count() == len(ASSESSORS)
    assert {u.role for u in assessors} == {"assessor"}
    expired = AssessorLicence.objects.filter(valid_until__lt=timezone.localdate())
    assert [lic.assessor.username for lic in expired] == ["asesor.purna"]
    # Every assignment is under a licence of the scheme valid on every exam day.
    for link in BatchAssessor.objects.select_related("batch", "licence"):
        assert link.licence.scheme_id == link.batch.scheme_id
        assert link.licence.is_valid_on(link.batch.exam_start)
        assert link.licence.is_valid_on(link.batch.exam_end), link.batch.code


def test_participations_follow_the_rules(demo: str) -> None:
    targets = {s.code: (list(s.target_positions), set(s.target_position_kinds)) for s in SCHEMES}
    rows = Participation.objects.select_related("employee__position", "scheme", "batch")
    assert rows.filter(exam_date__year__in=range(2020, 2026)).count() > 500
    for p in rows:
        names, kinds = targets[p.scheme.code]
        position = p.employee.position.name if p.employee.position_id else ""
        assert p.employee.position_kind in kinds or position_matches(position, names), p
        assert p.batch.exam_start <= p.exam_date <= p.batch.exam_end
        assert p.nip == p.employee.nip
        assert p.institution_id == p.employee.institution_id
        if p.outcome == Outcome.PENDING:
            assert p.decided_on is None
            continue
        assert p.days_to_decision == (p.decided_on - p.exam_date).days >= 0
        recommendations = set(p.unit_results.values_list("recommendation", flat=True))
        units = p.batch.scheme_version.units.count()
        assert p.unit_results.count() == units
        if p.outcome == Outcome.CERTIFIED:
            assert recommendations == {"K"}
        else:
            assert "BK" in recommendations
        # The plenary is never recorded by the participant's assessor.
        assert not p.unit_results.filter(assessor_id=p.decided_by_id).exists()
    withdrawn = rows.filter(status=ParticipationStatus.WITHDRAWN)
    assert withdrawn.exists()
    assert not UnitResult.objects.filter(participation__in=withdrawn).exists()
    # Days to decision: most within a month, not all (the 2023 study found 63 %).
    times = metrics.days_to_decision(RAKORNAS, by=ONE)
    share = times[1].within_share
    assert 0.5 < share < 0.85


def test_certificates_expired_renewed_and_one_revoked(demo: str) -> None:
    today = timezone.localdate()
    certificates = list(Certificate.objects.select_related("scheme_version", "participation"))
    status = Counter(c.status_on(today) for c in certificates)
    assert status["revoked"] == 1
    assert status["expired"] > 50
    assert status["valid"] > 50
    revoked = next(c for c in certificates if c.revoked_at)
    assert revoked.revocation_reason == REVOCATION_REASON
    assert revoked.number.startswith("SKP-CAMAT-2022-")
    assert not Certificate.objects.filter(renewed_from=revoked).exists()
    renewals = [c for c in certificates if c.renewed_from_id]
    assert len(renewals) > 10
    for c in certificates:
        assert NUMBER_RE.match(c.number), c.number
        assert c.expires_on == expiry_date(c.issued_on, c.scheme_version.validity_years)
        assert c.participation.outcome == Outcome.CERTIFIED
        assert c.issued_on == c.participation.decided_on
        assert c.credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
        assert c.key_id
    for c in renewals:
        old = Certificate.objects.get(pk=c.renewed_from_id)
        assert (old.nip, old.scheme_id) == (c.nip, c.scheme_id)
        assert old.issued_on < c.issued_on
    # Numbers run per scheme and year without gaps.
    for (scheme, year), numbers in _sequences(certificates).items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (scheme, year)


def _sequences(certificates: list[Certificate]) -> dict[tuple[str, int], list[int]]:
    found: dict[tuple[str, int], list[int]] = {}
    for c in certificates:
        found.setdefault((c.scheme.code, c.issued_on.year), []).append(
            int(c.number.rsplit("-", 1)[1])
        )
    return found


def test_credentials_verify_and_the_revoked_one_says_so(demo: str) -> None:
    from tangguh.certification.credentials import credential_verify

    revoked = Certificate.objects.get(revoked_at__isnull=False)
    assert credential_verify(revoked.credential).status == "revoked"
    valid = Certificate.objects.filter(revoked_at=None, expires_on__gt=date.today()).first()
    expired = Certificate.objects.filter(revoked_at=None, expires_on__lt=date.today()).first()
    assert valid is not None and expired is not None
    assert credential_verify(valid.credential).status == "valid"
    assert credential_verify(expired.credential).status == "expired"


def test_the_demo_civil_servant_holds_a_certificate_she_can_see(demo: str) -> None:
    siti = User.objects.get(username="pegawai.surabaya")
    mine = Certificate.objects.restrict(siti, "view")
    assert mine.exists()
    assert {c.nip for c in mine} == {DEMO_EMPLOYEE_NIP}
    assert any(c.status == "valid" for c in mine)
    assert Participation.objects.restrict(siti, "view").filter(nip=DEMO_EMPLOYEE_NIP).exists()


def test_batches_under_way_leave_work_on_every_screen(demo: str) -> None:
    assessment = Batch.objects.get(status=BatchStatus.ASSESSMENT, scheme__code="camat")
    assert assessment.organiser.code == "35"
    people = assessment.participations.all()
    assert people.count() == 7
    # Decided in plenary by Jawa Timur's administrator, certificates issued and signed.
    decided = people.exclude(outcome=Outcome.PENDING)
    assert decided.count() == 3
    assert {p.decided_by.username for p in decided} == {"admin.jatim"}
    assert Certificate.objects.filter(participation__in=decided).count() == 2
    # Waiting for the plenary (all results in) and for results (none yet).
    waiting = people.filter(outcome=Outcome.PENDING)
    with_results = [p for p in waiting if p.unit_results.exists()]
    assert len(with_results) == 2 and waiting.count() == 4
    asesor = User.objects.get(username="asesor.jatim")
    assert assessment.batch_assessors.filter(assessor=asesor).exists()
    opened = Batch.objects.get(status=BatchStatus.OPEN, scheme__code="lurah")
    assert opened.exam_start > timezone.localdate()
    assert opened.participations.count() == 3
    # Each went through its service: audited, by the demo account that would click it.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "certification.scheme_create",
        "certification.scheme_version_publish",
        "certification.licence_grant",
        "certification.batch_create",
        "certification.batch_assessor_assign",
        "certification.participant_nominate",
        "certification.plenary_decide",
        "certification.certificate_issue",
        "certification.certificate_revoke",
        "certification.batch_history_load",
    } <= actions
    history = Batch.objects.filter(status=BatchStatus.CLOSED).count()
    assert AuditEntry.objects.filter(action="certification.batch_history_load").count() == history


def test_camat_coverage_is_partial(demo: str) -> None:
    coverage = metrics.camat_coverage(by=ONE)
    figures = coverage[1]
    assert figures.serving > 50
    assert 0 < figures.certified < figures.serving
