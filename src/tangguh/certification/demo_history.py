"""The demo's earlier records: exam batches from 2020 to 2025, decided and closed.

They stand for what a province brings from before Tangguh: batches, participants, the
assessors' recommendations, plenary decisions and certificates, loaded in bulk with one
audit entry per batch (``certification.batch_history_load``). The services are for
one decision at a time and check today's register (a camat nominated in 2020 may be
something else now); the demo runs before every end-to-end test, so its history must
load in about a second. The rules still hold: every participant's position matches the
scheme (``eligibility.position_matches``), a participation belongs to the institution
that nominated the person, certified means every unit recommended K, the certificate's
number, expiry and signed credential come from ``numbering`` and ``credentials``, and a
holder whose certificate is about to expire renews it (``renewed_from``).

Planning is pure (no writes) and deterministic for a seed and a register, so a second
run plans the same batches and writes none of them: each is keyed on its code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from random import Random
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tangguh.core.audit import audit_record
from tangguh.core.models import AuditSubject
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, EmploymentStatus

from .demo_data import (
    DEMO_HOLDER_SCHEME,
    DEMO_HOLDER_YEAR,
    FIRST_YEAR,
    NATIONAL_PLAN,
    PROVINCE_PLAN,
    REVOKED,
    SCHEMES,
    V2_FROM,
)
from .eligibility import position_matches
from .models import (
    Batch,
    BatchAssessor,
    BatchStatus,
    Certificate,
    CertificateSequence,
    Outcome,
    Participation,
    ParticipationStatus,
    Recommendation,
    Scheme,
    SchemeVersion,
    UnitResult,
)
from .numbering import expiry_date, format_number

CITY = {"35": "Surabaya", "33": "Semarang", "32": "Bandung", "34": "Yogyakarta", "73": "Makassar"}
SCHEME_BY_CODE = {s.code: s for s in SCHEMES}


@dataclass
class Person:
    id: int
    nip: str
    name: str
    institution_id: int
    position: str
    kind: str


@dataclass
class Seat:
    """One participant of a planned batch."""

    person: Person
    outcome: str  # Outcome value, or "withdrawn"
    decided_on: date | None = None
    not_yet: tuple[int, ...] = ()  # indexes of the units recommended BK
    number: str = ""
    renews: str = ""


@dataclass
class PlannedBatch:
    code: str
    scheme: str
    year: int
    organiser: str  # institution code
    exam_start: date
    exam_end: date
    size: int
    pool: list[Person]
    seats: list[Seat] = field(default_factory=list)


def _people(codes: list[str]) -> dict[str, list[Person]]:
    """Active civil servants per province code ("" = anywhere), from the register."""
    institutions = Institution.objects.filter(Q(code__in=codes) | Q(parent__code__in=codes))
    province_of = {
        i.pk: (i.parent.code if i.parent_id else i.code)
        for i in institutions.select_related("parent")
    }
    rows = (
        Employee.objects.filter(status=EmploymentStatus.ACTIVE)
        .values_list(
            "pk",
            "nip",
            "title_front",
            "full_name",
            "title_back",
            "institution_id",
            "position__name",
            "position_kind",
        )
        .order_by("nip")
    )
    found: dict[str, list[Person]] = defaultdict(list)
    for pk, nip, front, name, back, inst, position, kind in rows:
        shown = " ".join(p for p in (front, name) if p)
        person = Person(pk, nip, f"{shown}, {back}" if back else shown, inst, position or "", kind)
        found[""].append(person)
        if inst in province_of:
            found[province_of[inst]].append(person)
    return found


def _fits(person: Person, scheme: str) -> bool:
    spec = SCHEME_BY_CODE[scheme]
    return person.kind in spec.target_position_kinds or _named(person.position, scheme)


@lru_cache(maxsize=20_000)
def _named(position: str, scheme: str) -> bool:
    """Whether a position's name is one the scheme is for (many people share a name)."""
    targets = list(SCHEME_BY_CODE[scheme].target_positions)
    return bool(position) and position_matches(position, targets)


def _days_to_decision(rng: Random) -> int:
    """About two thirds decided within a month; a few take a season (the 2023 study)."""
    r = rng.random()
    if r < 0.65:
        return rng.randint(7, 30)
    if r < 0.92:
        return rng.randint(31, 60)
    return rng.randint(61, 100)


def plan(*, seed: int, demo_holder_nip: str) -> list[PlannedBatch]:
    """Every history batch with its participants and decisions, in exam order."""
    pools = _people(list(PROVINCE_PLAN))
    # (organiser, scheme, sizes) with "" standing for the national coordinator.
    lines = [(p, s, sizes) for p, plan_ in PROVINCE_PLAN.items() for s, sizes in plan_.items()]
    lines += [("", s, sizes) for s, sizes in NATIONAL_PLAN.items()]
    own = dict(Institution.objects.filter(code__in=PROVINCE_PLAN).values_list("code", "pk"))
    batches: list[PlannedBatch] = []
    for organiser, scheme, sizes in lines:
        rng = Random(f"{seed}:history:{organiser}:{scheme}")
        pool = [p for p in pools[organiser] if _fits(p, scheme)]
        rng.shuffle(pool)
        # A province's BPSDM examines its own government's people first, then its
        # regencies' and cities' (who alone have camat and lurah).
        pool.sort(key=lambda p: p.institution_id != own.get(organiser))
        for i, size in enumerate(sizes):
            if size:
                year = FIRST_YEAR + i
                start = date(year, rng.randint(2, 9), rng.randint(1, 24))
                end = start + timedelta(days=rng.choice((0, 1, 1, 2)))
                batches.append(PlannedBatch("", scheme, year, organiser, start, end, size, pool))
    batches.sort(key=lambda b: (b.exam_start, b.organiser, b.scheme))
    _seat(batches, seed=seed, demo_holder_nip=demo_holder_nip)
    _number(batches)
    return [b for b in batches if b.seats]


def _seat(batches: list[PlannedBatch], *, seed: int, demo_holder_nip: str) -> None:
    """Fill each batch in exam order: new people first, then holders due for renewal and
    those not yet competent before; decide each seat."""
    examined: dict[tuple[str, str], int] = {}  # (scheme, nip) -> count
    certified_until: dict[tuple[str, str], date] = {}
    codes: Counter[tuple[str, int]] = Counter()
    for batch in batches:
        codes[(batch.scheme, batch.year)] += 1
        batch.code = (
            f"UK-{batch.scheme.upper()}-{batch.year}-{codes[(batch.scheme, batch.year)]:02d}"
        )
        rng = Random(f"{seed}:seats:{batch.code}")
        size, pool = batch.size, batch.pool
        due = [
            p for p in pool
            if (batch.scheme, p.nip) in certified_until
            and batch.exam_start - timedelta(days=300)
            <= certified_until[(batch.scheme, p.nip)]
            <= batch.exam_start + timedelta(days=200)
        ]  # fmt: skip
        fresh = [p for p in pool if (batch.scheme, p.nip) not in examined]
        retake = [
            p for p in pool
            if (batch.scheme, p.nip) in examined and (batch.scheme, p.nip) not in certified_until
        ]  # fmt: skip
        chosen = due[: max(1, size // 3)] + fresh
        if (batch.scheme, batch.year) == (DEMO_HOLDER_SCHEME, DEMO_HOLDER_YEAR):
            chosen = [p for p in pool if p.nip == demo_holder_nip] + chosen
        seen: set[str] = set()
        for person in [*chosen, *retake]:
            if len(batch.seats) == size:
                break
            if person.nip in seen:
                continue
            seen.add(person.nip)
            batch.seats.append(_decide(rng, batch, person, demo_holder_nip))
        for seat in batch.seats:
            key = (batch.scheme, seat.person.nip)
            if seat.outcome == "withdrawn":
                continue
            examined[key] = examined.get(key, 0) + 1
            if seat.outcome == Outcome.CERTIFIED and seat.decided_on:
                validity = SCHEME_BY_CODE[batch.scheme].validity_years
                certified_until[key] = expiry_date(seat.decided_on, validity)


def _decide(rng: Random, batch: PlannedBatch, person: Person, demo_holder_nip: str) -> Seat:
    units = len(SCHEME_BY_CODE[batch.scheme].units) + (
        len(SCHEME_BY_CODE[batch.scheme].v2_units) if batch.year >= V2_FROM else 0
    )
    r = rng.random()
    if person.nip == demo_holder_nip:
        r = 0.5
    decided = batch.exam_end + timedelta(days=_days_to_decision(rng))
    if r < 0.03:
        return Seat(person, "withdrawn")
    if r < 0.2:
        not_yet = tuple(sorted(rng.sample(range(units), rng.choice((1, 1, 2)))))
        return Seat(person, Outcome.NOT_CERTIFIED, decided, not_yet)
    return Seat(person, Outcome.CERTIFIED, decided)


def _number(batches: list[PlannedBatch]) -> None:
    """Certificate numbers in the order of issue, per scheme and year; renewals linked."""
    seats = [
        (seat.decided_on, batch, seat)
        for batch in batches
        for seat in batch.seats
        if seat.outcome == Outcome.CERTIFIED and seat.decided_on
    ]
    seats.sort(key=lambda item: (item[0], item[1].code, item[2].person.nip))
    sequence: Counter[tuple[str, int]] = Counter()
    held: dict[tuple[str, str], tuple[str, date]] = {}  # (scheme, nip) -> (number, expires)
    revoked = ""
    for decided_on, batch, seat in seats:
        sequence[(batch.scheme, decided_on.year)] += 1
        seat.number = format_number(
            batch.scheme, decided_on.year, sequence[(batch.scheme, decided_on.year)]
        )
        if (batch.scheme, batch.year) == REVOKED and not revoked:
            revoked = seat.number
        key = (batch.scheme, seat.person.nip)
        previous = held.get(key)
        if previous and previous[0] != revoked and previous[1] >= decided_on - timedelta(days=365):
            seat.renews = previous[0]
        held[key] = (
            seat.number,
            expiry_date(decided_on, SCHEME_BY_CODE[batch.scheme].validity_years),
        )


def revoked_number(batches: list[PlannedBatch]) -> str:
    """The number of the certificate the demo revokes."""
    numbers = sorted(
        (seat.decided_on, seat.number)
        for batch in batches
        if (batch.scheme, batch.year) == REVOKED
        for seat in batch.seats
        if seat.number and seat.decided_on
    )
    return numbers[0][1] if numbers else ""


# --- writing -------------------------------------------------------------------------

_NOTES_K = (
    "Portofolio lengkap dan relevan; wawancara menunjukkan penguasaan unit.",
    "Bukti kinerja memadai; studi kasus diselesaikan dengan baik.",
    "Observasi dan wawancara konsisten dengan portofolio.",
)
_NOTES_BK = (
    "Bukti kinerja belum memadai untuk unit ini.",
    "Studi kasus belum diselesaikan sesuai kriteria unjuk kerja.",
)
_EVIDENCE = ("Portofolio; wawancara", "Studi kasus; observasi", "Portofolio; studi kasus")


@dataclass
class Context:
    """What the writer needs from the database, read once."""

    schemes: dict[str, Scheme]
    versions: dict[tuple[str, int], SchemeVersion]  # (scheme code, version) with units
    institutions: dict[str, int]  # code -> pk ("" = the national coordinator)
    licences: list[Any]  # AssessorLicence rows with their assessor
    key: Any  # keys.Key


def _version_for(ctx: Context, scheme: str, year: int) -> SchemeVersion:
    if year >= V2_FROM and (scheme, 2) in ctx.versions:
        return ctx.versions[(scheme, 2)]
    return ctx.versions[(scheme, 1)]


def _assessors(ctx: Context, planned: PlannedBatch) -> list[Any]:
    """Up to two licences of the organiser's assessors valid on every exam day."""
    home = ctx.institutions[planned.organiser]
    valid = [
        lic
        for lic in ctx.licences
        if lic.scheme.code == planned.scheme
        and lic.revoked_at is None
        and lic.valid_from <= planned.exam_start
        and lic.valid_until >= planned.exam_end
    ]
    own = sorted((lic for lic in valid if lic.institution_id == home), key=lambda x: x.number)
    # A retired assessor's licence sorts first while it is valid: they examined then.
    own.sort(key=lambda lic: lic.valid_until)
    return (own or valid)[:2]


def write_history(batches: list[PlannedBatch], ctx: Context) -> Counter[str]:
    """Write the planned batches not in the database yet; counts of what was written."""
    existing = set(
        Batch.objects.filter(code__in=[b.code for b in batches]).values_list("code", flat=True)
    )
    todo = [b for b in batches if b.code not in existing]
    counts: Counter[str] = Counter()
    if not todo:
        return counts
    from .credentials import credential_issue

    with transaction.atomic():
        made = Batch.objects.bulk_create([_batch(ctx, b) for b in todo])
        counts["batches"] = len(made)
        assessors: dict[str, list[Any]] = {}
        links = []
        for planned, batch in zip(todo, made, strict=True):
            assessors[planned.code] = _assessors(ctx, planned)
            links += [
                BatchAssessor(batch=batch, assessor=lic.assessor, licence=lic)
                for lic in assessors[planned.code]
            ]
        BatchAssessor.objects.bulk_create(links)
        seats: list[tuple[PlannedBatch, Batch, Seat, Participation]] = []
        for planned, batch in zip(todo, made, strict=True):
            for seat in planned.seats:
                seats.append((planned, batch, seat, _participation(batch, seat)))
        Participation.objects.bulk_create([s[3] for s in seats])
        counts["participants"] = len(seats)
        results = []
        for planned, batch, seat, participation in seats:
            results += _results(planned, batch, seat, participation, assessors[planned.code])
        UnitResult.objects.bulk_create(results, batch_size=500)
        counts["results"] = len(results)
        certificates = []
        for _planned, batch, seat, participation in seats:
            if seat.number:
                certificate = _certificate(ctx, batch, seat, participation)
                certificate.credential, certificate.key_id = credential_issue(
                    certificate, key=ctx.key
                )
                certificates.append(certificate)
        Certificate.objects.bulk_create(certificates, batch_size=200)
        counts["certificates"] = len(certificates)
        _link_renewals(seats)
        _sequences(certificates)
        for planned, batch in zip(todo, made, strict=True):
            people = planned.seats
            audit_record(
                actor=None,
                action="certification.batch_history_load",
                target=batch,
                institution=batch.organiser_id,
                data={
                    "code": batch.code,
                    "scheme": planned.scheme,
                    "participants": len(people),
                    "certified": sum(1 for s in people if s.number),
                },
                nips=[s.person.nip for s in people],
                change=AuditSubject.Change.CREATED,
            )
    return counts


def _batch(ctx: Context, planned: PlannedBatch) -> Batch:
    version = _version_for(ctx, planned.scheme, planned.year)
    where = CITY.get(planned.organiser)
    organiser = "BPSDM Kemendagri" if not planned.organiser else "BPSDM Provinsi"
    return Batch(
        code=planned.code,
        scheme=ctx.schemes[planned.scheme],
        scheme_version=version,
        organiser_id=ctx.institutions[planned.organiser],
        title=f"Uji Kompetensi {version.name} {planned.year}",
        exam_start=planned.exam_start,
        exam_end=planned.exam_end,
        place=f"{organiser}, {where}" if where else f"{organiser}, Jakarta",
        nomination_deadline=planned.exam_start - timedelta(days=14),
        capacity=max(planned.size, len(planned.seats)) + 5,
        status=BatchStatus.CLOSED,
    )


def _participation(batch: Batch, seat: Seat) -> Participation:
    person = seat.person
    decided_at = (
        timezone.make_aware(datetime.combine(seat.decided_on, time(14, 0)))
        if seat.decided_on and seat.outcome != "withdrawn"
        else None
    )
    withdrawn = seat.outcome == "withdrawn"
    return Participation(
        batch=batch,
        scheme_id=batch.scheme_id,
        employee_id=person.id,
        nip=person.nip,
        holder_name=person.name,
        institution_id=person.institution_id,
        exam_date=batch.exam_start,
        status=ParticipationStatus.WITHDRAWN if withdrawn else ParticipationStatus.NOMINATED,
        outcome=Outcome.PENDING if withdrawn else seat.outcome,
        decided_on=None if withdrawn else seat.decided_on,
        decided_at=decided_at,
        days_to_decision=(
            None if withdrawn or not seat.decided_on else (seat.decided_on - batch.exam_start).days
        ),
        decision_note="" if seat.outcome != Outcome.NOT_CERTIFIED else (
            "Belum kompeten; dapat mengikuti uji kompetensi ulang."
        ),
    )  # fmt: skip


def _results(
    planned: PlannedBatch,
    batch: Batch,
    seat: Seat,
    participation: Participation,
    assessors: list[Any],
) -> list[UnitResult]:
    if seat.outcome == "withdrawn" or not assessors:
        return []
    units = list(batch.scheme_version.units.all())
    assessor = assessors[int(seat.person.nip[-3:]) % len(assessors)].assessor
    made = []
    for i, unit in enumerate(units):
        bk = i in seat.not_yet
        pick = (seat.person.id + i) % 3
        made.append(
            UnitResult(
                participation=participation,
                unit=unit,
                assessor=assessor,
                recommendation=Recommendation.NOT_YET if bk else Recommendation.COMPETENT,
                notes=_NOTES_BK[pick % 2] if bk else _NOTES_K[pick],
                evidence=_EVIDENCE[pick],
                recorded_by=assessor,
                source="import" if planned.year % 2 else "screen",
            )
        )
    return made


def _certificate(
    ctx: Context, batch: Batch, seat: Seat, participation: Participation
) -> Certificate:
    version = batch.scheme_version
    assert seat.decided_on is not None
    return Certificate(
        number=seat.number,
        participation=participation,
        scheme=batch.scheme,
        scheme_version=version,
        issuing_body=version.issuing_body,
        employee_id=seat.person.id,
        nip=seat.person.nip,
        holder_name=seat.person.name,
        institution_id=seat.person.institution_id,
        issued_on=seat.decided_on,
        expires_on=expiry_date(seat.decided_on, version.validity_years),
    )


def _link_renewals(seats: list[tuple[PlannedBatch, Batch, Seat, Participation]]) -> None:
    renewals = {s[2].number: s[2].renews for s in seats if s[2].renews}
    if not renewals:
        return
    ids = dict(
        Certificate.objects.filter(number__in=[*renewals, *renewals.values()]).values_list(
            "number", "pk"
        )
    )
    changed = []
    for number, old in renewals.items():
        if old in ids:
            changed.append(Certificate(pk=ids[number], renewed_from_id=ids[old]))
    Certificate.objects.bulk_update(changed, ["renewed_from"])


def _sequences(certificates: list[Certificate]) -> None:
    """Numbers given here are taken: the next issue of a scheme and year continues after."""
    last: dict[tuple[int, int], int] = {}
    for certificate in certificates:
        key = (certificate.scheme_id, certificate.issued_on.year)
        last[key] = max(last.get(key, 0), int(certificate.number.rsplit("-", 1)[1]))
    for (scheme_id, year), n in last.items():
        row, _created = CertificateSequence.objects.get_or_create(scheme_id=scheme_id, year=year)
        if row.last < n:
            row.last = n
            row.save(update_fields=["last"])
