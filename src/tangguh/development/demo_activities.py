"""The demo's recorded activities: seminars, e-learning, coaching and self-study done
elsewhere since 2020, approved by the person's institution (each with its ledger
entry), a rejected one, and two awaiting Surabaya's approval for the demo approver.

Each claim is judged by ``jp_rules.judge`` with the rule valid on its first day, as
the service does; what it credits goes to the ledger in bulk with the catalogue's
entries (``ledger.rebuild_year_totals`` at the end of the step). Idempotent: the
demo's activities carry ``source="demo"``; once there, none is added.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from tangguh.accounts.models import User
from tangguh.core.audit import audit_record

from .demo_catalogue import Loaded, _aware
from .demo_data import DEMO_SOURCE, FIRST_YEAR
from .demo_people import OPERATORS, Person, Register
from .jp_rules import Claim, judge, rule_for
from .models import Activity, ActivityStatus, DevelopmentForm, LedgerEntry, LedgerSource

# (form, title, organiser, days, quantity or None, JP claimed or None: what the rule allows)
KINDS: tuple[tuple[str, str, str, int, int | None, int | None], ...] = (
    ("seminar", "Seminar Nasional Reformasi Birokrasi", "Kementerian PANRB", 1, None, None),
    ("seminar", "Seminar Tata Kelola Keuangan Daerah", "BPK RI Perwakilan", 2, None, None),
    ("e-learning", "E-learning Manajemen ASN", "ASN Unggul (LAN)", 2, None, 6),
    ("e-learning", "E-learning Literasi Digital", "Kominfo", 3, None, 9),
    ("coaching", "Coaching kinerja dengan atasan langsung", "Unit kerja", 1, 2, None),
    ("belajar-mandiri", "Belajar mandiri: kebijakan publik", "Mandiri", 2, None, 4),
    ("workshop", "Workshop Penyusunan Standar Pelayanan", "Ombudsman RI", 1, None, None),
    (
        "patok-banding",
        "Patok banding Mal Pelayanan Publik",
        "Pemerintah Kota Banyuwangi",
        2,
        1,
        None,
    ),
)
SHARE_PER_YEAR = 0.06  # of the demo register, an approved activity each year
PEGAWAI_THIS_YEAR = (
    # (form, title, organiser, month, day, days, quantity, claimed)
    ("seminar", "Seminar Kepegawaian: Manajemen Talenta ASN", "BKN", 2, 19, 2, None, 8),
    ("e-learning", "E-learning Etika Pelayanan Publik", "ASN Unggul (LAN)", 4, 8, 1, None, 3),
)
REJECTED_NOTE = "Sertifikat tidak terbaca dan tidak mencantumkan jumlah jam."


class ActivityLoader:
    def __init__(self, *, seed: int, register: Register, demo_nip: str, today: date) -> None:
        self.seed = seed
        self.reg = register
        self.demo_person = register.by_nip.get(demo_nip)
        self.today = today
        self.forms = {f.code: f for f in DevelopmentForm.objects.all()}
        self.rules: dict[tuple[str, int], object] = {}
        self.counts: Counter[str] = Counter()

    def run(self, loaded: Loaded) -> None:
        if Activity.objects.filter(source=DEMO_SOURCE).exists():
            return
        rng = Random(f"{self.seed}:development:activities")
        rows: list[Activity] = []
        people = sorted(
            (p for group in self.reg.by_institution.values() for p in group), key=lambda p: p.nip
        )
        for year in range(FIRST_YEAR, self.today.year + 1):
            for person in rng.sample(people, int(len(people) * SHARE_PER_YEAR)):
                kind = rng.choice(KINDS)
                start = date(year, rng.randint(1, 11), rng.randint(1, 28))
                if start + timedelta(days=kind[3]) >= self.today or not person.there_on(start):
                    continue
                rows.append(self._activity(person, kind, start, ActivityStatus.APPROVED))
        rows += self._demo_persons_own()
        rows = [r for r in rows if r is not None]
        Activity.objects.bulk_create(rows)
        for activity in rows:
            if activity.status == ActivityStatus.APPROVED:
                loaded.ledger.append(self._entry(activity))
                loaded.years.add(activity.end_date.year)
        self.counts["activities"] = len(rows)
        self.counts["pending_activities"] = sum(r.status == ActivityStatus.SUBMITTED for r in rows)
        audit_record(
            actor=None,
            action="development.demo_activities_load",
            data={"activities": len(rows), "pending": self.counts["pending_activities"]},
            nips=[r.nip for r in rows],
        )

    def _rule(self, form: DevelopmentForm, day: date) -> object:
        key = (form.code, day.year)
        if key not in self.rules:
            self.rules[key] = rule_for(form, day)
        return self.rules[key]

    def _activity(
        self,
        person: Person,
        kind: tuple[str, str, str, int, int | None, int | None],
        start: date,
        status: str,
        *,
        claimed: int | None = None,
        submitted_by: User | None = None,
    ) -> Activity:
        code, title, organiser, days, quantity, jp = kind
        form = self.forms[code]
        end = start + timedelta(days=days - 1)
        rule = self._rule(form, start)
        asked = claimed or jp
        allowance = judge(
            rule,  # type: ignore[arg-type]
            Claim(start, end, quantity, Decimal(asked) if asked else None),
            form=form,
        )
        decided = status in (ActivityStatus.APPROVED, ActivityStatus.REJECTED)
        operator = self.reg.user(OPERATORS.get(self.reg.codes.get(person.institution_id, ""), ""))
        return Activity(
            employee_id=person.id,
            nip=person.nip,
            full_name=person.name,
            institution_id=person.institution_id,
            form=form,
            title=title,
            organiser_name=organiser,
            start_date=start,
            end_date=end,
            quantity=allowance.quantity,
            jp_claimed=Decimal(asked) if asked else allowance.allowed,
            jp_credited=allowance.credited if status == ActivityStatus.APPROVED else None,
            rule=allowance.rule,
            rule_note=allowance.note.as_json(),
            evidence_link="https://example.go.id/sertifikat/" + person.nip[-6:],
            status=status,
            source=DEMO_SOURCE,
            submitted_by=submitted_by,
            decided_by=operator if decided else None,
            decided_at=_aware(end + timedelta(days=5)) if decided else None,
            decision_note=REJECTED_NOTE if status == ActivityStatus.REJECTED else "",
        )

    def _demo_persons_own(self) -> list[Activity]:
        """pegawai.surabaya's: below 20 JP this year; one pending; one rejected before; and
        a colleague's pending seminar (the approver's inbox holds two)."""
        me = self.demo_person
        if me is None:
            return []
        user = self.reg.user("pegawai.surabaya")
        year = self.today.year
        rows = []
        for form, title, organiser, month, day, days, quantity, claimed in PEGAWAI_THIS_YEAR:
            start = min(date(year, month, day), self.today - timedelta(days=days + 1))
            rows.append(
                self._activity(
                    me,
                    (form, title, organiser, days, quantity, None),
                    start,
                    ActivityStatus.APPROVED,
                    claimed=claimed,
                    submitted_by=user,
                )
            )
        recent = self.today - timedelta(days=10)
        rows.append(
            self._activity(me, KINDS[4], recent, ActivityStatus.SUBMITTED, submitted_by=user)
        )
        rows.append(
            self._activity(
                me, KINDS[1], date(year - 1, 6, 10), ActivityStatus.REJECTED, submitted_by=user
            )
        )
        colleagues = self.reg.by_institution.get(me.institution_id, [])
        if colleagues:
            rows.append(
                self._activity(
                    colleagues[len(colleagues) // 2],
                    KINDS[0],
                    self.today - timedelta(days=6),
                    ActivityStatus.SUBMITTED,
                )
            )
        return rows

    @staticmethod
    def _entry(activity: Activity) -> LedgerEntry:
        return LedgerEntry(
            employee_id=activity.employee_id,
            nip=activity.nip,
            institution_id=activity.institution_id,
            date=activity.end_date,
            year=activity.end_date.year,
            jp=activity.jp_credited or Decimal(0),
            form_id=activity.form_id,
            source=LedgerSource.ACTIVITY,
            activity=activity,
            description=activity.title[:300],
            created_by=activity.decided_by,
        )
