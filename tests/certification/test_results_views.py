"""What the results, plenary and "My certification" pages show and refuse."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tangguh.certification.models import Certificate, Outcome, Participation, UnitResult
from tangguh.certification.services_plenary import plenary_decide
from tangguh.certification.services_results import unit_result_record
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import client_for, make_user

from .factories import BatchAssessorFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def _english(user):  # type: ignore[no-untyped-def]
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def batch():  # type: ignore[no-untyped-def]
    first = BatchAssessorFactory()
    BatchAssessorFactory(batch=first.batch, licence__scheme=first.batch.scheme)
    return first.batch


def _assessors(batch):  # type: ignore[no-untyped-def]
    return [a.assessor for a in batch.batch_assessors.order_by("pk")]


def _all_k(p, assessor):  # type: ignore[no-untyped-def]
    for unit in p.batch.scheme_version.units.all():
        unit_result_record(participation=p, unit=unit, recommendation="K", actor=assessor)


def test_the_own_assessor_posting_a_decision_is_told_why_and_nothing_changes(batch):  # type: ignore[no-untyped-def]
    own, _other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _all_k(p, own)
    url = reverse("certification:plenary_decide", kwargs={"pk": batch.pk, "participation": p.pk})
    client = _english(own)
    page = client.get(url)
    assert page.status_code == 200
    assert b"the plenary decision must be recorded by someone else" in page.content
    assert b'data-testid="review-decision"' not in page.content
    data = {"outcome": "certified", "decided_on": date.today().isoformat(), "confirm": "1"}
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert b"You assessed this participant; the plenary decision must be recorded" in answer.content
    assert Participation.objects.get(pk=p.pk).outcome == Outcome.PENDING
    assert not Certificate.objects.exists()


def test_the_review_step_changes_nothing_and_the_confirmation_decides(batch):  # type: ignore[no-untyped-def]
    own, other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _all_k(p, own)
    url = reverse("certification:plenary_decide", kwargs={"pk": batch.pk, "participation": p.pk})
    client = _english(other)
    data = {"outcome": "certified", "decided_on": (date.today() - timedelta(days=2)).isoformat()}
    review = client.post(url, data)
    assert review.status_code == 200 and b'data-testid="confirm-decision"' in review.content
    assert Participation.objects.get(pk=p.pk).outcome == Outcome.PENDING
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.outcome, p.days_to_decision) == (Outcome.CERTIFIED, 28)
    assert Certificate.objects.filter(participation=p).exists()


def test_a_date_before_the_exam_is_refused_at_the_review(batch):  # type: ignore[no-untyped-def]
    p = ParticipationFactory(batch=batch)
    url = reverse("certification:plenary_decide", kwargs={"pk": batch.pk, "participation": p.pk})
    data = {"outcome": "not_certified", "decided_on": "2001-01-01"}
    answer = _english(make_user(Role.OPERATOR, "35")).post(url, data)
    assert answer.status_code == 400 and b"cannot be before the exam" in answer.content


def test_a_nominating_institution_reads_its_own_participants_only(batch):  # type: ignore[no-untyped-def]
    ours = ParticipationFactory(batch=batch)  # Kota Surabaya
    from tangguh.institutions.models import Institution
    from tests.people.factories import EmployeeFactory

    malang = Institution.objects.filter(parent__code="35").exclude(code="35.78").first()
    theirs = ParticipationFactory(batch=batch, employee=EmployeeFactory(institution=malang))
    url = reverse("certification:results", kwargs={"pk": batch.pk})
    page = client_for(make_user(Role.OPERATOR, "35.78")).get(url)
    assert ours.nip.encode() in page.content and theirs.nip.encode() not in page.content
    organiser = client_for(make_user(Role.OPERATOR, "35")).get(url)
    assert ours.nip.encode() in organiser.content and theirs.nip.encode() in organiser.content
    entry = AuditEntry.objects.filter(action="certification.results_view").latest("pk")
    assert set(entry.subjects.values_list("nip", flat=True)) == {ours.nip, theirs.nip}


def test_the_grid_and_worklist_take_a_bounded_number_of_queries(
    batch, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    own, _other = _assessors(batch)
    for _ in range(8):
        _all_k(ParticipationFactory(batch=batch), own)
    client = client_for(own)
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("certification:results", kwargs={"pk": batch.pk})).status_code == 200
        )
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("certification:plenary", kwargs={"pk": batch.pk})).status_code == 200
        )
    with django_assert_max_num_queries(20):
        assert client.get(reverse("certification:worklist")).status_code == 200


def test_an_assessor_enters_results_on_screen_and_a_refusal_is_a_sentence(batch):  # type: ignore[no-untyped-def]
    own, other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    units = list(batch.scheme_version.units.order_by("order"))
    url = reverse(
        "certification:results_participant", kwargs={"pk": batch.pk, "participation": p.pk}
    )
    client = _english(own)
    form = client.get(url)
    assert b'name="assessor"' not in form.content  # their own: no assessor to choose
    saved = client.post(url, {f"rec_{units[0].pk}": "K", f"evidence_{units[0].pk}": "Portofolio"})
    assert saved.status_code == 302
    assert UnitResult.objects.get().evidence == "Portofolio"
    refused = _english(other).post(url, {f"rec_{units[0].pk}": "BK"})
    assert (
        refused.status_code == 400 and b"only they may change the recommendation" in refused.content
    )
    notes_only = client.post(url, {f"notes_{units[1].pk}": "catatan"})
    assert notes_only.status_code == 400 and b"Choose K or BK for U.02" in notes_only.content
    assert UnitResult.objects.get().recommendation == "K"


def test_the_import_page_checks_then_confirms_the_same_file(batch):  # type: ignore[no-untyped-def]
    own, _other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    client = _english(own)
    url = reverse("certification:results_import", kwargs={"pk": batch.pk})
    upload = io.BytesIO(f"NIP,Kode Unit,Rekomendasi\n{p.nip},U.01,K\n".encode())
    upload.name = "hasil.csv"
    check = client.post(url, {"file": upload, "dry_run": "on", "strict": "on"})
    assert check.status_code == 200 and b'data-testid="confirm-import"' in check.content
    assert not UnitResult.objects.exists()
    token = client.session["certification.results.pending"]["token"]
    confirm = reverse("certification:results_import_confirm", kwargs={"pk": batch.pk})
    assert client.post(confirm, {"token": token}).status_code == 200
    assert UnitResult.objects.count() == 1
    again = client.post(confirm, {"token": token})  # used already
    assert again.status_code == 302 and UnitResult.objects.count() == 1
    bad = io.BytesIO(b"\x00\x01\x02binary")
    bad.name = "hasil.xls"
    refused = client.post(url, {"file": bad})
    assert refused.status_code == 400 and b"old Excel format" in refused.content


def test_my_certification_shows_the_outcome_when_decided_and_units_only_then(batch):  # type: ignore[no-untyped-def]
    own, other = _assessors(batch)
    p = ParticipationFactory(batch=batch)
    _all_k(p, own)
    me = make_user(Role.CIVIL_SERVANT, nip=p.nip)
    url = reverse("certification:my")
    page = _english(me).get(url)
    assert b"Awaiting the plenary" in page.content and b"Unit kompetensi 1" not in page.content
    plenary_decide(
        participation=p, outcome=Outcome.CERTIFIED, decided_on=date.today(), note="", actor=other
    )
    number = Certificate.objects.get(participation=p).number
    page = _english(me).get(url)
    assert number.encode() in page.content and b"Unit kompetensi 1" in page.content
    assert reverse("verify:certificate", args=[number]).encode() in page.content
    assert reverse("certification:certificate_pdf", args=[number]).encode() in page.content
    stranger = _english(make_user(Role.CIVIL_SERVANT, nip="199001012020121001")).get(url)
    assert number.encode() not in stranger.content
    no_nip = _english(make_user(Role.OPERATOR, "35.78")).get(url)
    assert b'data-testid="no-nip"' in no_nip.content


def test_the_dashboard_counts_the_batches_in_progress_as_the_worklist_does(batch):  # type: ignore[no-untyped-def]
    from tangguh.core.navigation import dashboard_cards

    own, _other = _assessors(batch)
    ParticipationFactory(batch=batch)
    (card,) = [c for c in dashboard_cards(own) if c.get("url") == "certification:worklist"]
    assert card["value"] == 1
    page = client_for(own).get(reverse("certification:worklist"))
    assert page.content.count(b'data-batch="') == 1
    assert not [
        c
        for c in dashboard_cards(make_user(Role.AUDITOR, "35"))
        if c.get("url") == "certification:worklist"
    ]
    assert client_for(own).get(reverse("core:dashboard")).status_code == 200
