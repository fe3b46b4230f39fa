"""Batches under way in the demo, dated from today, made through the services a user's
clicks call, each by the demo account that would do it:

- Jawa Timur's camat batch, examined twelve days ago (``operator.jatim`` creates it,
  Surabaya's and Sidoarjo's operators nominate their camat, the assessors
  ``asesor.jatim`` and ``asesor.jatim2`` record their recommendations, ``admin.jatim``
  records three plenary decisions: two certificates issued and signed). Three more
  wait for the plenary, two for their results: work on every screen.
- Jawa Timur's lurah batch, open for nominations, three weeks ahead.

Keyed on the batch codes (the exam's year in them), so a second run the same year
writes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

_NOTE_K = "Portofolio dan wawancara menunjukkan penguasaan unit."
_NOTE_BK = "Studi kasus belum memenuhi kriteria unjuk kerja."


def _users(*names: str) -> dict[str, Any]:
    from tangguh.accounts.models import User

    return {u.username: u for u in User.objects.filter(username__in=names)}


def load_live(*, seed: int) -> Counter[str]:
    from tangguh.institutions.models import Institution

    from .models import Batch

    counts: Counter[str] = Counter()
    today = timezone.localdate()
    users = _users(
        "operator.jatim", "admin.jatim", "operator.surabaya", "asesor.jatim", "asesor.jatim2"
    )
    jatim = Institution.objects.get(code="35")
    exam = today - timedelta(days=12)
    code = f"UK-CAMAT-{exam.year}-J1"
    if not Batch.objects.filter(code=code).exists():
        _assessment_batch(code, exam, jatim, users)
        counts["batches"] += 1
    ahead = today + timedelta(days=21)
    code = f"UK-LURAH-{ahead.year}-J1"
    if not Batch.objects.filter(code=code).exists():
        _open_batch(code, ahead, jatim, users)
        counts["batches"] += 1
    return counts


def _eligible(scheme: Any, codes: tuple[str, ...], count: int, on: Any) -> list[Any]:
    """Civil servants of ``codes`` the scheme is for, without a valid certificate of it."""
    from tangguh.people.models import Employee

    from .eligibility import eligibility_check, position_matches

    version = scheme.versions.order_by("-version").first()
    found = []
    people = (
        Employee.objects.filter(institution__code__in=codes, status="active")
        .select_related("position", "institution")
        .order_by("institution__code", "nip")
    )
    for person in people:
        if not person.position_id or not position_matches(
            person.position.name, version.target_positions
        ):
            continue  # the scheme's positions (the check below says the rest)
        check = eligibility_check(version=version, employee=person, on=on)
        if check.ok and not check.warnings:
            found.append(person)
            if len(found) == count:
                break
    return found


def _assessment_batch(code: str, exam: Any, organiser: Any, users: dict[str, Any]) -> None:
    from .models import BatchStatus, Outcome, Scheme
    from .services_batches import (
        batch_assessor_assign,
        batch_create,
        batch_update,
        participant_nominate,
    )
    from .services_plenary import plenary_decide
    from .services_results import Entry, participant_results_record

    scheme = Scheme.objects.get(code="camat")
    batch = batch_create(
        scheme=scheme,
        organiser=organiser,
        data={
            "code": code,
            "title": f"Uji Kompetensi Camat Jawa Timur {exam.year} (gelombang akhir)",
            "exam_start": exam,
            "exam_end": exam + timedelta(days=1),
            "place": "BPSDM Provinsi Jawa Timur, Jl. Balongsari Tama, Surabaya",
            "capacity": 12,
        },
        actor=users.get("operator.jatim"),
    )
    for name in ("asesor.jatim", "asesor.jatim2"):
        batch_assessor_assign(batch=batch, assessor=users[name], actor=users.get("operator.jatim"))
    people = _eligible(scheme, ("35.78",), 5, exam) + _eligible(scheme, ("35.15",), 2, exam)
    participations = []
    for person in people:
        actor = users.get("operator.surabaya") if person.institution.code == "35.78" else None
        participations.append(participant_nominate(batch=batch, employee=person, actor=actor))
    batch = batch_update(batch=batch, data={"status": BatchStatus.ASSESSMENT}, actor=None)
    units = list(batch.scheme_version.units.order_by("order", "code"))
    # Five assessed (the third with one unit not yet competent), two still to assess.
    for i, participation in enumerate(participations[:5]):
        assessor = users["asesor.jatim" if i % 2 == 0 else "asesor.jatim2"]
        entries = [
            Entry(
                unit=unit,
                recommendation="BK" if i == 2 and j == 1 else "K",
                notes=_NOTE_BK if i == 2 and j == 1 else _NOTE_K,
                evidence="Portofolio; wawancara",
            )
            for j, unit in enumerate(units)
        ]
        participant_results_record(participation=participation, entries=entries, actor=assessor)
    decided = exam + timedelta(days=9)
    admin = users.get("admin.jatim")
    for i, participation in enumerate(participations[:3]):
        plenary_decide(
            participation=participation,
            outcome=Outcome.NOT_CERTIFIED if i == 2 else Outcome.CERTIFIED,
            decided_on=decided,
            note="Sidang pleno LSP Pemerintahan Dalam Negeri.",
            actor=admin,
        )


def _open_batch(code: str, exam: Any, organiser: Any, users: dict[str, Any]) -> None:
    from .models import Scheme
    from .services_batches import batch_assessor_assign, batch_create, participant_nominate

    scheme = Scheme.objects.get(code="lurah")
    batch = batch_create(
        scheme=scheme,
        organiser=organiser,
        data={
            "code": code,
            "title": f"Uji Kompetensi Lurah Jawa Timur {exam.year}",
            "exam_start": exam,
            "exam_end": exam + timedelta(days=1),
            "place": "BPSDM Provinsi Jawa Timur, Surabaya",
            "nomination_deadline": exam - timedelta(days=7),
            "capacity": 20,
        },
        actor=users.get("operator.jatim"),
    )
    batch_assessor_assign(
        batch=batch, assessor=users["asesor.jatim"], actor=users.get("operator.jatim")
    )
    for person in _eligible(scheme, ("35.78",), 3, exam):
        participant_nominate(batch=batch, employee=person, actor=users.get("operator.surabaya"))
