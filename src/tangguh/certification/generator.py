"""National-scale certification: about 500,000 certificates and their participations.

``tangguh demo --scale national`` runs this after the register step; it works on the
register loaded at the time (the national one, 4.3 million civil servants, after
``tangguh employees import``), and scales the count to it: ``TARGET`` certificates for
``NATIONAL_REGISTER`` civil servants, proportionally fewer on a smaller register.

Shape: every province's BPSDM (and the national coordinator, for ministries and
agencies) runs batches of up to ``BATCH_SIZE`` people from 2020 to 2025 in the
schemes its people's positions fit (``eligibility`` rules, in SQL: ``metrics.position_q``
and the position kinds); about 83 % are decided competent; a certified holder often
renews three years later (``renewed_from``); each certified participation gets its
certificate with the next number of its scheme and year and a signed Open Badges 3.0
credential (``credentials.credential_issue``, the same as one issue by hand).

Rows go in with ``COPY`` on PostgreSQL (``executemany`` on SQLite, for tests), with ids
given here, then the id sequences are moved past them. One audit entry
(``certification.national_load``) records the counts. Loaded batches carry codes
``UKN-...``: a second run finds them and writes nothing.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

TARGET = 500_000
NATIONAL_REGISTER = 4_300_000
BATCH_SIZE = 25
YEARS = tuple(range(2020, 2026))
PASS, WITHDRAWN, RENEW = 0.83, 0.02, 0.45
CODE_PREFIX = "UKN-"
FLUSH_ROWS = 50_000  # buffered rows of one table before they are written
LABELS = {
    "Batch": "batches",
    "BatchAssessor": "assessors",
    "Participation": "participations",
    "UnitResult": "results",
    "Certificate": "certificates",
}


@dataclass
class Seat:
    employee_id: int
    nip: str
    name: str
    institution_id: int
    renews: int | None = None  # the certificate id a renewal replaces


def generate_national(
    *, seed: int, out: Callable[[str], None], certificates: int | None = None, **_: Any
) -> dict[str, int]:
    from tangguh.people.models import Employee, EmploymentStatus

    from .demo import _assessors, _issuing_body, _schemes
    from .models import Certificate

    started = time.perf_counter()
    register = Employee.objects.filter(status=EmploymentStatus.ACTIVE).count()
    target = certificates or round(TARGET * register / NATIONAL_REGISTER)
    # Loaded before (perhaps over a smaller register): only what the target still lacks.
    loaded = Certificate.objects.filter(participation__batch__code__startswith=CODE_PREFIX)
    have = loaded.count()
    if have and have >= target * 0.8:  # a sample: the count lands near the target
        out(f"Certification (national): already loaded ({have:,} certificates); nothing to do.")
        return {}
    if target < 1:
        out("Certification (national): the register is empty; load it first.")
        return {}
    body = _issuing_body()
    _schemes(body)
    _assessors()
    loader = _Loader(seed=seed + have, target=target - have)
    counts = loader.run()
    seconds = time.perf_counter() - started
    out(
        f"Certification (national): {counts['certificates']:,} certificates, "
        f"{counts['participations']:,} participations in {counts['batches']:,} batches, "
        f"{counts['results']:,} unit results over a register of {register:,} "
        f"({seconds:.0f} s: choosing {loader.timing['plan']:.0f} s, signing "
        f"{loader.timing['sign']:.0f} s, writing {loader.timing['write']:.0f} s)."
    )
    if register < NATIONAL_REGISTER // 2:
        out(
            "  The register holds few civil servants: import the national register "
            "(the files above) and run this again for about 500,000 certificates."
        )
    return counts


class _Loader:
    def __init__(self, *, seed: int, target: int) -> None:
        from . import keys
        from .models import Scheme, SchemeVersion

        self.rng = Random(f"{seed}:national-certification")
        self.target = target
        self.now = timezone.now()
        self.key = keys.current_key()
        self.schemes = {s.code: s for s in Scheme.objects.all()}
        versions = SchemeVersion.objects.select_related("scheme", "issuing_body")
        self.versions = {(v.scheme.code, v.version): v for v in versions.prefetch_related("units")}
        self.timing = {"plan": 0.0, "sign": 0.0, "write": 0.0}
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = defaultdict(list)
        self.counts: Counter[str] = Counter()

    # --- choosing the people ------------------------------------------------------------

    def _organisers(self) -> dict[int, int]:
        """institution id -> the id of who runs its batches (its province, or national)."""
        from tangguh.institutions.models import Institution, InstitutionKind

        national = Institution.objects.get(code=settings.TANGGUH_NATIONAL_COORDINATOR_CODE)
        found = {}
        for pk, kind, parent_id in Institution.objects.values_list("pk", "kind", "parent_id"):
            if kind == InstitutionKind.PROVINSI:
                found[pk] = pk
            elif kind in (InstitutionKind.KABUPATEN, InstitutionKind.KOTA) and parent_id:
                found[pk] = parent_id
            else:
                found[pk] = national.pk
        return found

    def _candidates(self) -> dict[str, list[Seat]]:
        """The civil servants each scheme is for, in one pass over the register (a person
        counts for one scheme: a named position first, "Camat" before "administrator")."""
        from tangguh.people.models import Employee, EmploymentStatus

        from .eligibility import position_matches
        from .metrics import position_q

        condition = Q(pk__in=[])
        order = sorted(self.schemes, key=lambda c: not self._version(c, 1).target_positions)
        targets = []
        for code in order:
            version = self._version(code, 1)
            names, kinds = list(version.target_positions), set(version.target_position_kinds)
            targets.append((code, names, kinds))
            if names:
                condition |= position_q(names)
            if kinds:
                condition |= Q(position_kind__in=kinds)
        rows = (
            Employee.objects.filter(condition, status=EmploymentStatus.ACTIVE)
            .values_list(
                "pk", "nip", "title_front", "full_name", "title_back", "institution_id",
                "position__name", "position_kind",
            )
            .order_by("pk")
        )  # fmt: skip
        from .models import Participation

        # Someone examined in an earlier load is not chosen again by a later one.
        earlier = set(
            Participation.objects.filter(batch__code__startswith=CODE_PREFIX).values_list(
                "employee_id", flat=True
            )
        )
        found: dict[str, list[Seat]] = {code: [] for code in order}
        for pk, nip, front, name, back, inst, position, kind in rows.iterator(chunk_size=20_000):
            if pk in earlier:
                continue
            for code, names, kinds in targets:
                if kind in kinds or (names and position and position_matches(position, names)):
                    shown = f"{front} {name}" if front else name
                    found[code].append(Seat(pk, nip, f"{shown}, {back}" if back else shown, inst))
                    break
        return found

    def _version(self, code: str, number: int) -> Any:
        return self.versions.get((code, number)) or self.versions[(code, 1)]

    # --- the run ------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with transaction.atomic():  # one transaction: a plain cursor streams the register
            return self._run()

    def _run(self) -> dict[str, int]:
        started = time.perf_counter()
        organisers = self._organisers()
        candidates = self._candidates()
        eligible = sum(len(v) for v in candidates.values())
        # First examinations needed: renewals and the failed add the rest.
        first = self.target / PASS / (1 + RENEW * 0.35)  # measured: renewals add ~15 %
        share = min(1.0, first / max(eligible, 1))
        groups: dict[tuple[int, str, int], list[Seat]] = defaultdict(list)
        rng = self.rng
        for code, seats in candidates.items():
            for seat in seats:
                if rng.random() < share:
                    year = YEARS[min(int(rng.random() * len(YEARS) * 1.15), len(YEARS) - 1)]
                    groups[(organisers[seat.institution_id], code, year)].append(seat)
        self.timing["plan"] = time.perf_counter() - started
        self._ids()
        self._assessors(sorted(set(organisers.values())))
        for year in YEARS:
            for key in sorted(k for k in groups if k[2] == year):
                self._batches(key, groups.pop(key), groups)
        counts = self._write()
        self._audit(counts)
        return counts

    def _ids(self) -> None:
        from .models import Batch, BatchAssessor, Certificate, Participation, UnitResult

        self.next_id = {
            model: (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
            for model in (Batch, BatchAssessor, Participation, UnitResult, Certificate)
        }
        self.sequence: dict[tuple[str, int], int] = defaultdict(int)
        from .models import CertificateSequence

        for code, year, last in CertificateSequence.objects.values_list(
            "scheme__code", "year", "last"
        ):
            self.sequence[(code, year)] = last

    def _take(self, model: type[models.Model]) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    def _assessors(self, organiser_ids: list[int]) -> None:
        """Two assessors per organiser with a licence for every scheme, 2019-2027."""
        from django.contrib.auth.hashers import make_password

        from tangguh.accounts.models import User
        from tangguh.core.roles import Role
        from tangguh.institutions.models import Institution

        from .models import AssessorLicence

        codes = dict(Institution.objects.filter(pk__in=organiser_ids).values_list("pk", "code"))
        users = []
        for pk in organiser_ids:
            for n in (1, 2):
                users.append(
                    User(
                        username=f"asesor.nas.{codes[pk]}.{n}",
                        role=Role.ASSESSOR,
                        institution_id=pk,
                        first_name="Asesor",
                        last_name=f"{codes[pk]}-{n}",
                        password=make_password(None),  # unusable: sign-in needs an invitation
                    )
                )
        User.objects.bulk_create(users, ignore_conflicts=True)
        made = User.objects.filter(username__startswith="asesor.nas.")
        self.assessor_of: dict[int, list[tuple[int, dict[str, int]]]] = defaultdict(list)
        licences = []
        for user in made:
            for code, scheme in self.schemes.items():
                licences.append(
                    AssessorLicence(
                        assessor=user,
                        institution_id=user.institution_id,
                        scheme=scheme,
                        number=f"LIS-N-{user.pk}-{code.upper()}",
                        valid_from=date(2019, 1, 1),
                        valid_until=date(2027, 12, 31),
                    )
                )
        AssessorLicence.objects.bulk_create(licences, ignore_conflicts=True)
        by_user: dict[int, dict[str, int]] = defaultdict(dict)
        for pk, user_id, code in AssessorLicence.objects.filter(
            assessor__username__startswith="asesor.nas."
        ).values_list("pk", "assessor_id", "scheme__code"):
            by_user[user_id][code] = pk
        for user in made.order_by("username"):
            self.assessor_of[user.institution_id].append((user.pk, by_user[user.pk]))

    # --- batches, decisions, certificates -------------------------------------------------

    def _batches(
        self,
        key: tuple[int, str, int],
        seats: list[Seat],
        groups: dict[tuple[int, str, int], list[Seat]],
    ) -> None:
        from .models import (
            Batch,
            BatchAssessor,
            BatchStatus,
            Certificate,
            Outcome,
            Participation,
            ParticipationStatus,
            UnitResult,
        )
        from .numbering import expiry_date, format_number

        organiser, code, year = key
        version = self._version(code, 2 if year >= 2023 else 1)
        units = list(version.units.all())
        rng = Random(f"{self.rng.random()}")
        assessors = self.assessor_of[organiser]
        now = self.now
        for start in range(0, len(seats), BATCH_SIZE):
            chunk = seats[start : start + BATCH_SIZE]
            batch_id = self._take(Batch)
            exam = date(year, rng.randint(2, 8), rng.randint(1, 28))
            end = exam + timedelta(days=1)
            self.rows[Batch].append(
                (
                    batch_id, now, now, f"{CODE_PREFIX}{code.upper()}-{year}-{batch_id}",
                    self.schemes[code].pk, version.pk, organiser,
                    f"Uji Kompetensi {version.name} {year}", exam, end, "BPSDM",
                    exam - timedelta(days=14), len(chunk) + 5, BatchStatus.CLOSED,
                )
            )  # fmt: skip
            assessor_id, licences = assessors[batch_id % len(assessors)]
            self.rows[BatchAssessor].append(
                (self._take(BatchAssessor), batch_id, assessor_id, licences[code], now)
            )
            for seat in chunk:
                pid = self._take(Participation)
                r = rng.random()
                if r < WITHDRAWN:
                    self.rows[Participation].append(
                        (
                            pid, now, now, batch_id, self.schemes[code].pk, seat.employee_id,
                            seat.nip, seat.name, seat.institution_id, exam,
                            ParticipationStatus.WITHDRAWN, "[]", Outcome.PENDING,
                            None, None, "", None,
                        )
                    )  # fmt: skip
                    continue
                days = rng.randint(7, 30) if rng.random() < 0.63 else rng.randint(31, 100)
                decided = end + timedelta(days=days)
                certified = r < WITHDRAWN + PASS
                outcome = Outcome.CERTIFIED if certified else Outcome.NOT_CERTIFIED
                self.rows[Participation].append(
                    (
                        pid, now, now, batch_id, self.schemes[code].pk, seat.employee_id,
                        seat.nip, seat.name, seat.institution_id, exam,
                        ParticipationStatus.NOMINATED, "[]", outcome, decided,
                        datetime.combine(decided, datetime.min.time(), tzinfo=UTC),
                        "", (decided - exam).days,
                    )
                )  # fmt: skip
                bk = -1 if certified else rng.randrange(len(units))
                for i, unit in enumerate(units):
                    self.rows[UnitResult].append(
                        (
                            self._take(UnitResult), now, now, pid, unit.pk, assessor_id,
                            "BK" if i == bk else "K", "", "", assessor_id, "import",
                        )
                    )  # fmt: skip
                if not certified:
                    continue
                self.sequence[(code, decided.year)] += 1
                number = format_number(code, decided.year, self.sequence[(code, decided.year)])
                certificate = Certificate(
                    pk=self._take(Certificate),
                    number=number,
                    scheme=self.schemes[code],
                    scheme_version=version,
                    issuing_body=version.issuing_body,
                    nip=seat.nip,
                    holder_name=seat.name,
                    issued_on=decided,
                    expires_on=expiry_date(decided, version.validity_years),
                )
                signing = time.perf_counter()
                from .credentials import credential_issue

                credential, key_id = credential_issue(certificate, key=self.key)
                self.timing["sign"] += time.perf_counter() - signing
                self.rows[Certificate].append(
                    (
                        certificate.pk, now, now, number, pid, self.schemes[code].pk, version.pk,
                        version.issuing_body_id, seat.employee_id, seat.nip, seat.name,
                        seat.institution_id, decided, certificate.expires_on, seat.renews, "",
                        json.dumps(credential, ensure_ascii=False, separators=(",", ":")),
                        key_id,
                    )
                )  # fmt: skip
                again = year + version.validity_years
                if again in YEARS and rng.random() < RENEW:
                    renewal = Seat(seat.employee_id, seat.nip, seat.name, seat.institution_id)
                    renewal.renews = certificate.pk
                    groups[(organiser, code, again)].append(renewal)
        self._flush()

    # --- writing ------------------------------------------------------------------------

    COLUMNS: dict[str, tuple[str, ...]] = {
        "Batch": (
            "id", "created_at", "updated_at", "code", "scheme", "scheme_version", "organiser",
            "title", "exam_start", "exam_end", "place", "nomination_deadline", "capacity",
            "status",
        ),
        "BatchAssessor": ("id", "batch", "assessor", "licence", "assigned_at"),
        "Participation": (
            "id", "created_at", "updated_at", "batch", "scheme", "employee", "nip",
            "holder_name", "institution", "exam_date", "status", "eligibility_notes",
            "outcome", "decided_on", "decided_at", "decision_note", "days_to_decision",
        ),
        "UnitResult": (
            "id", "created_at", "updated_at", "participation", "unit", "assessor",
            "recommendation", "notes", "evidence", "recorded_by", "source",
        ),
        "Certificate": (
            "id", "created_at", "updated_at", "number", "participation", "scheme",
            "scheme_version", "issuing_body", "employee", "nip", "holder_name", "institution",
            "issued_on", "expires_on", "renewed_from", "revocation_reason", "credential",
            "key_id",
        ),
    }  # fmt: skip

    def _flush(self, *, final: bool = False) -> None:
        """COPY what is buffered once a buffer is large (every buffer, parents first: the
        foreign keys are checked at commit), so memory stays flat whatever the size."""
        from .models import Batch, BatchAssessor, Certificate, Participation, UnitResult

        if not final and max((len(r) for r in self.rows.values()), default=0) < FLUSH_ROWS:
            return
        started = time.perf_counter()
        for model in (Batch, BatchAssessor, Participation, UnitResult, Certificate):
            rows = self.rows.pop(model, [])
            columns = [model._meta.get_field(f).column for f in self.COLUMNS[model.__name__]]
            _copy(model._meta.db_table, columns, rows)
            self.counts[LABELS[model.__name__]] += len(rows)
        self.timing["write"] += time.perf_counter() - started

    def _write(self) -> dict[str, int]:
        from .models import Batch, BatchAssessor, Certificate, Participation, UnitResult

        self._flush(final=True)
        for model in (Batch, BatchAssessor, Participation, UnitResult, Certificate):
            _move_sequence(model._meta.db_table)
        self._sequences()
        return {label: self.counts[label] for label in LABELS.values()}

    def _sequences(self) -> None:
        from .models import CertificateSequence

        for (code, year), last in self.sequence.items():
            row, _created = CertificateSequence.objects.get_or_create(
                scheme=self.schemes[code], year=year
            )
            if row.last < last:
                row.last = last
                row.save(update_fields=["last"])

    def _audit(self, counts: dict[str, int]) -> None:
        from tangguh.core.audit import audit_record

        audit_record(
            actor=None,
            action="certification.national_load",
            data={**counts, "target": self.target},
        )


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """``COPY`` on PostgreSQL; batched inserts elsewhere."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        # Table and column names come from the models' own metadata, never from input.
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, list(rows))


def _move_sequence(table: str) -> None:
    """Past the ids given here, so the next row made by hand gets a new one (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
        cursor.execute(sql)
