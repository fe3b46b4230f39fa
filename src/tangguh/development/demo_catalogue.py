"""The demo's catalogue: programmes, their sessions since 2020 and the ones ahead.

A past session is what a BPSDM brings from before Tangguh: it is loaded in bulk, as
it ended (participants enrolled by their institutions, guests approved by the host,
attendance for each day, results with scores, certificate numbers from
``CompletionSequence`` in the order of the sessions, and one ledger entry for each
completion, written in bulk and summed by ``ledger.rebuild_year_totals`` at the end of
the step). The rules the services keep hold here too: a guest comes from an institution
the programme admits, within its quota; a session never holds more than its capacity;
a person is enrolled once per session; each completion credits the programme's JP on
the session's last day to the institution the person worked at then.

Sessions ahead are counted from the day the demo runs: open for enrolment, one full
with a waiting list, a guest awaiting the host and an application awaiting the
person's institution (the demo users' inboxes).

Idempotent per programme: a programme found by its organiser and code is left as it
is, with its sessions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from django.utils import timezone

from tangguh.core.audit import audit_record
from tangguh.core.models import AuditSubject

from .demo_data import PROGRAMMES, UPCOMING, ProgrammeSpec
from .demo_people import ADMINS, OPERATORS, Person, Register
from .models import (
    Access,
    Attendance,
    AttendanceMark,
    CompletionResult,
    CompletionSequence,
    DevelopmentForm,
    Enrolment,
    EnrolmentRoute,
    EnrolmentStatus,
    Facilitator,
    LedgerEntry,
    LedgerSource,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
    SessionStatus,
)

# The demo civil servant's sessions: (programme code, year) -> she completed it.
DEMO_PERSON_SESSIONS = {
    ("SPBE", 2021),
    ("ENGLISH", 2022),
    ("SAKIP", 2023),
    ("ANTIKORUPSI", 2023),
    ("COACHING", 2024),
    ("PELAYANAN", 2025),
}
DEMO_PERSON_UPCOMING = "SPBE"  # enrolled in its next session
DEMO_PERSON_APPLIES = "PELAYANAN"  # applied; awaiting her institution
CANCEL_REASON = "Bertugas dinas luar kota pada tanggal pelatihan."


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Loaded:
    counts: Counter[str] = field(default_factory=Counter)
    ledger: list[LedgerEntry] = field(default_factory=list)
    years: set[int] = field(default_factory=set)


class CatalogueLoader:
    def __init__(self, *, seed: int, register: Register, demo_nip: str, today: date) -> None:
        self.seed = seed
        self.reg = register
        self.demo_person = register.by_nip.get(demo_nip)
        self.today = today
        self.forms = {f.code: f for f in DevelopmentForm.objects.all()}
        self.sequences = {(s.organiser_id, s.year): s for s in CompletionSequence.objects.all()}
        self.loaded = Loaded()

    # --- programmes -----------------------------------------------------------------

    def run(self) -> Loaded:
        existing = set(Programme.objects.values_list("organiser_id", "code"))
        for spec in PROGRAMMES:
            organiser = self.reg.institution_id(spec.organiser)
            if organiser is None or (organiser, spec.code) in existing:
                continue
            programme = self._programme(spec, organiser)
            self._sessions(spec, programme)
            self.loaded.counts["programmes"] += 1
        for sequence in self.sequences.values():
            sequence.save()
        return self.loaded

    def _programme(self, spec: ProgrammeSpec, organiser: int) -> Programme:
        first = date(min(spec.years), 1, 6)
        programme = Programme.objects.create(
            code=spec.code,
            title=spec.title,
            organiser_id=organiser,
            form=self.forms[spec.form],
            description=spec.description,
            competencies=[{"code": c, "level": level} for c, level in spec.competencies],
            jp=Decimal(spec.jp),
            mode=spec.mode,
            cost_per_participant=spec.cost,
            capacity=spec.capacity,
            access=spec.access,
            status=ProgrammeStatus.PUBLISHED,
            published_at=_aware(first),
        )
        ProgrammeHost.objects.bulk_create(
            ProgrammeHost(programme=programme, institution_id=i, cost_share=Decimal(share))
            for code, share in spec.co_hosts
            if (i := self.reg.institution_id(code))
        )
        ProgrammeQuota.objects.bulk_create(
            ProgrammeQuota(programme=programme, institution_id=i, seats=seats)
            for code, seats in spec.quotas
            if (i := self.reg.institution_id(code))
        )
        return programme

    def _calendar(self, spec: ProgrammeSpec) -> list[tuple[date, date]]:
        """(first day, last day) of each past session, in order; this year's too once
        they ended."""
        rng = Random(f"{self.seed}:development:{spec.organiser}:{spec.code}:dates")
        years = list(spec.years)
        if self.today.year > max(years) and max(years) == 2025:
            years += list(range(2026, self.today.year + 1))
        dates, seen = [], Counter[int]()
        for year in years:
            seen[year] += 1
            month = rng.randint(2, 5) if seen[year] == 1 else rng.randint(7, 10)
            start = date(year, month, rng.randint(1, 20))
            start += timedelta(days=(7 - start.weekday()) % 7)  # a Monday
            end = start + timedelta(days=spec.days - 1)
            if end < self.today - timedelta(days=3):
                dates.append((start, end))
        return dates

    def _sessions(self, spec: ProgrammeSpec, programme: Programme) -> None:
        past = self._calendar(spec)
        hosts = [spec.organiser, *(code for code, _ in spec.co_hosts)]
        made: list[Session] = []
        for number, (start, end) in enumerate(past, 1):
            made.append(self._session(spec, programme, number, start, end, completed=True))
        for code, ahead, _, _ in UPCOMING:
            if code == spec.code:
                start = self.today + timedelta(days=ahead)
                start += timedelta(days=(7 - start.weekday()) % 7)
                end = start + timedelta(days=spec.days - 1)
                made.append(self._session(spec, programme, len(made) + 1, start, end))
        Session.objects.bulk_create(made)
        Facilitator.objects.bulk_create(
            Facilitator(session=s, name=name, role=role, order=i)
            for s in made
            for i, (name, role) in enumerate(spec.facilitators)
        )
        for session in made:
            rng = Random(f"{self.seed}:development:{spec.code}:{session.number}")
            if session.status == SessionStatus.COMPLETED:
                self._past_participants(rng, spec, programme, session, hosts)
            else:
                self._upcoming_participants(rng, spec, programme, session, hosts)
        self.loaded.counts["sessions"] += len(made)

    def _session(
        self,
        spec: ProgrammeSpec,
        programme: Programme,
        number: int,
        start: date,
        end: date,
        *,
        completed: bool = False,
    ) -> Session:
        return Session(
            programme=programme,
            organiser_id=programme.organiser_id,
            number=number,
            start_date=start,
            end_date=end,
            place=spec.place,
            link=spec.link,
            capacity=spec.capacity,
            enrolment_closes=start - timedelta(days=7),
            status=SessionStatus.COMPLETED if completed else SessionStatus.PLANNED,
            completed_at=_aware(end + timedelta(days=2), 15) if completed else None,
        )

    # --- participants ---------------------------------------------------------------

    def _chosen(
        self,
        rng: Random,
        spec: ProgrammeSpec,
        session: Session,
        hosts: list[str],
        size: int,
    ) -> list[tuple[Person, bool]]:
        """(person, is a guest) for a session of about ``size``, within the rules."""
        day = session.start_date
        guests: list[Person] = []
        if spec.access == Access.LISTED:
            for code, seats in spec.quotas:
                guests += self.reg.pick(rng, code, rng.randint(1, seats), day)
        elif spec.access == Access.EVERYONE:
            for code in spec.guests:
                guests += self.reg.pick(rng, code, max(1, size // (3 * len(spec.guests))), day)
        own_count = max(size - len(guests), 1)
        co_share = own_count // (len(hosts) + 1)
        own: list[Person] = []
        for i, code in enumerate(hosts):
            share = own_count - co_share * (len(hosts) - 1) if i == 0 else co_share
            own += self.reg.pick(rng, code, share, day)
        return [(p, False) for p in own] + [(p, True) for p in guests]

    def _enrolment(
        self, session: Session, person: Person, guest: bool, status: str, **extra: object
    ) -> Enrolment:
        requested = session.start_date - timedelta(days=21)
        host_admin = self.reg.user(ADMINS.get(self._code(session.organiser_id), ""))
        fields: dict[str, object] = {
            "session": session,
            "programme_id": session.programme_id,
            "employee_id": person.id,
            "nip": person.nip,
            "full_name": person.name,
            "institution_id": person.institution_id,
            "host_id": session.organiser_id,
            "is_guest": guest,
            "route": EnrolmentRoute.NOMINATION,
            "status": status,
            "requested_by": self.reg.user(OPERATORS.get(self._code(person.institution_id), "")),
        }
        if status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
            if guest:
                fields["host_decided_by"] = host_admin
                fields["host_decided_at"] = _aware(requested + timedelta(days=3))
            if status == EnrolmentStatus.ENROLLED:
                fields["enrolled_at"] = _aware(requested + timedelta(days=3 if guest else 0))
        fields.update(extra)
        return Enrolment(**fields)

    def _code(self, institution_id: int) -> str:
        return self.reg.codes.get(institution_id, "")

    def _past_participants(
        self,
        rng: Random,
        spec: ProgrammeSpec,
        programme: Programme,
        session: Session,
        hosts: list[str],
    ) -> None:
        size = spec.capacity if spec.capacity <= 60 else rng.randint(30, 60)
        size = rng.randint(max(1, size * 2 // 3), size)
        chosen = self._chosen(rng, spec, session, hosts, size)
        year = session.end_date.year
        me = self.demo_person
        if me and (spec.code, year) in DEMO_PERSON_SESSIONS:
            hosts_ids = {self.reg.institution_id(code) for code in hosts}
            chosen = [(me, me.institution_id not in hosts_ids), *chosen]
            seats = dict(spec.quotas).get(self._code(me.institution_id))
            same = [c for c in chosen if c[1] and c[0].institution_id == me.institution_id]
            if seats is not None and len(same) > seats:
                chosen.remove(same[-1])  # her seat is one of her institution's quota
        chosen = chosen[: session.capacity]
        rows: list[Enrolment] = []
        for person, guest in chosen:
            r = rng.random()
            if person is self.demo_person:
                r = 0.5
            if r < 0.03:
                rows.append(
                    self._enrolment(
                        session, person, guest, EnrolmentStatus.CANCELLED, reason=CANCEL_REASON
                    )
                )
                continue
            completed = r >= 0.08
            rows.append(
                self._enrolment(
                    session,
                    person,
                    guest,
                    EnrolmentStatus.ENROLLED,
                    result=CompletionResult.COMPLETED
                    if completed
                    else CompletionResult.NOT_COMPLETED,
                    score=Decimal(rng.randint(70, 97) if completed else rng.randint(35, 59)),
                    completed_on=session.end_date if completed else None,
                )
            )
        rows.sort(key=lambda e: (e.full_name, e.nip))
        for enrolment in rows:
            if enrolment.result == CompletionResult.COMPLETED:
                enrolment.certificate_number = self._number(session)
        Enrolment.objects.bulk_create(rows)
        if spec.cost and session.number % 3 == 0:
            # A third of the sessions recorded what they really cost (a little under
            # the programme's price: a hall lent, a speaker unpaid).
            enrolled = sum(e.status == EnrolmentStatus.ENROLLED for e in rows)
            session.actual_cost = Decimal(spec.cost * enrolled * 95 // 100 // 1000 * 1000)
            session.save(update_fields=["actual_cost"])
        self._attendance(rng, session, rows)
        self._credit(programme, session, rows)
        self._audit(session, rows)
        self.loaded.counts["enrolments"] += len(rows)

    def _number(self, session: Session) -> str:
        year = session.end_date.year
        key = (session.organiser_id, year)
        sequence = self.sequences.get(key)
        if sequence is None:
            sequence = CompletionSequence(organiser_id=session.organiser_id, year=year, last=0)
            self.sequences[key] = sequence
        sequence.last += 1
        code = self._code(session.organiser_id)
        return f"STTP-{code}-{year}-{sequence.last:05d}"

    def _attendance(self, rng: Random, session: Session, rows: list[Enrolment]) -> None:
        days = [
            session.start_date + timedelta(days=i)
            for i in range((session.end_date - session.start_date).days + 1)
        ]
        marks: list[Attendance] = []
        for enrolment in rows:
            if enrolment.status != EnrolmentStatus.ENROLLED:
                continue
            done = enrolment.result == CompletionResult.COMPLETED
            for day in days:
                r = rng.random()
                if done:
                    mark = AttendanceMark.EXCUSED if r < 0.03 else AttendanceMark.PRESENT
                else:
                    mark = AttendanceMark.ABSENT if r < 0.4 else AttendanceMark.PRESENT
                marks.append(Attendance(enrolment=enrolment, day=day, mark=mark))
        Attendance.objects.bulk_create(marks)
        self.loaded.counts["attendance"] += len(marks)

    def _credit(self, programme: Programme, session: Session, rows: list[Enrolment]) -> None:
        for enrolment in rows:
            if enrolment.result != CompletionResult.COMPLETED:
                continue
            self.loaded.ledger.append(
                LedgerEntry(
                    employee_id=enrolment.employee_id,
                    nip=enrolment.nip,
                    institution_id=enrolment.institution_id,
                    date=session.end_date,
                    year=session.end_date.year,
                    jp=programme.jp,
                    form_id=programme.form_id,
                    source=LedgerSource.SESSION,
                    enrolment=enrolment,
                    description=programme.title[:300],
                )
            )
        self.loaded.years.add(session.end_date.year)

    def _audit(self, session: Session, rows: list[Enrolment]) -> None:
        audit_record(
            actor=None,
            action="development.demo_session_load",
            target=session,
            institution=session.organiser_id,
            data={
                "programme": session.programme.code,
                "session": session.number,
                "participants": len(rows),
                "completed": sum(e.result == CompletionResult.COMPLETED for e in rows),
            },
            nips=[e.nip for e in rows],
            change=AuditSubject.Change.CREATED,
        )

    # --- sessions ahead -------------------------------------------------------------

    def _upcoming_participants(
        self,
        rng: Random,
        spec: ProgrammeSpec,
        programme: Programme,
        session: Session,
        hosts: list[str],
    ) -> None:
        enrolled, waitlisted = next((e, w) for c, _, e, w in UPCOMING if c == spec.code)
        people = self.reg.pick(rng, spec.organiser, enrolled + waitlisted, self.today)
        rows = [
            self._enrolment(session, p, False, EnrolmentStatus.ENROLLED) for p in people[:enrolled]
        ]
        rows += [
            self._enrolment(session, p, False, EnrolmentStatus.WAITLISTED)
            for p in people[enrolled:]
        ]
        if spec.access == Access.LISTED:
            for code, seats in spec.quotas:
                guests = self.reg.pick(rng, code, min(2, seats), self.today)
                if code == "35.78":  # Surabaya's nomination waits for the host
                    rows += [
                        self._enrolment(session, p, True, EnrolmentStatus.AWAITING_HOST)
                        for p in guests[:1]
                    ]
                else:
                    rows += [
                        self._enrolment(session, p, True, EnrolmentStatus.ENROLLED) for p in guests
                    ]
        elif spec.access == Access.EVERYONE and spec.guests:
            for code in spec.guests[:3]:
                rows += [
                    self._enrolment(session, p, True, EnrolmentStatus.ENROLLED)
                    for p in self.reg.pick(rng, code, 3, self.today)
                ]
        me = self.demo_person
        if me and spec.code == DEMO_PERSON_UPCOMING:
            rows.append(self._enrolment(session, me, False, EnrolmentStatus.ENROLLED))
        if me and spec.code == DEMO_PERSON_APPLIES:
            rows.append(
                self._enrolment(
                    session,
                    me,
                    me.institution_id != programme.organiser_id,
                    EnrolmentStatus.AWAITING_INSTITUTION,
                    route=EnrolmentRoute.APPLICATION,
                    requested_by=self.reg.user("pegawai.surabaya"),
                )
            )
        first: dict[int, Enrolment] = {}
        for enrolment in rows:  # a person once per session
            first.setdefault(enrolment.employee_id, enrolment)
        unique = list(first.values())
        Enrolment.objects.bulk_create(unique)
        self.loaded.counts["enrolments"] += len(unique)
