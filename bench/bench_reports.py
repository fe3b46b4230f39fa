"""Certification reports at national scale: the roll-ups over 500,000 participations.

    python -m bench.run reports [-- --rows 500000 --runs 5 --fresh]

Loads (once; ``--fresh`` again) a PostgreSQL database of its own (``tangguh_bench_reports``,
override with BENCH_REPORTS_DB) with the institutions and ``--rows`` participations spread
over every regional institution, six years and nine schemes (bulk COPY-free inserts of
plain rows: what is measured is the reading), then times, as a national administrator
and as Jawa Timur's administrator, the selectors the report pages call: the national
roll-up by province, a province's roll-up, one institution's report, and the command
line's JSON list (``tangguh certification participants --period 2020-2022 --json``).
Prints the median and worst of ``--runs`` runs, and one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from bench.bench_import import PG_SERVER, env_for

DB = os.environ.get("BENCH_REPORTS_DB", "tangguh_bench_reports")
SCHEMES = ("camat", "lurah", "sekcam", "jpt-pratama", "administrator", "pengawas", "widyaiswara",
           "analis-kebijakan", "sdm-aparatur")  # fmt: skip
PER_BATCH = 250


def _fresh() -> None:
    import subprocess

    import psycopg

    from bench.bench_import import TANGGUH

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = env_for(f"{PG_SERVER}/{DB}")
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [TANGGUH, "institutions", "load"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def _load(rows: int) -> None:
    """Schemes, PER_BATCH employees, and ``rows`` participations in batches of PER_BATCH."""
    from django.db import transaction

    from tangguh.certification.models import (
        Batch,
        IssuingBody,
        Outcome,
        Participation,
        Scheme,
        SchemeVersion,
    )  # fmt: skip
    from tangguh.institutions.models import Institution, InstitutionKind
    from tangguh.people.models import Employee

    if Participation.objects.count() >= rows:
        return
    rng = random.Random(7)
    coordinator = Institution.objects.get(is_national_coordinator=True)
    regional = list(
        Institution.objects.filter(
            kind__in=[InstitutionKind.PROVINSI, InstitutionKind.KABUPATEN, InstitutionKind.KOTA]
        ).values_list("pk", "parent_id", "kind")
    )
    provinces = [pk for pk, _parent, kind in regional if kind == InstitutionKind.PROVINSI]
    with transaction.atomic():
        body, _ = IssuingBody.objects.get_or_create(
            code="lsp-pdn",
            defaults={"name": "LSP Pemerintahan Dalam Negeri", "institution": coordinator},
        )
        versions = []
        for code in SCHEMES:
            scheme, _ = Scheme.objects.get_or_create(code=code)
            version, _ = SchemeVersion.objects.get_or_create(
                scheme=scheme, version=1,
                defaults={"name": f"Sertifikasi {code}", "validity_years": 3, "issuing_body": body,
                          "target_positions": ["Camat"] if code == "camat" else []},
            )  # fmt: skip
            versions.append(version)
        employees = [
            Employee(nip=f"1990010120150110{n:02d}"[:14] + f"{n:04d}", full_name=f"Bench {n}",
                     institution_id=provinces[n % len(provinces)])
            for n in range(PER_BATCH)
        ]  # fmt: skip
        Employee.objects.bulk_create(employees, ignore_conflicts=True)
        employees = list(Employee.objects.filter(full_name__startswith="Bench ").order_by("pk"))
        batches = rows // PER_BATCH
        people = max(rows * 4 // 5, 1)  # some people in two batches
        made = 0
        for b in range(Batch.objects.filter(code__startswith="BENCH-").count(), batches):
            version = versions[b % len(versions)]
            exam = date(2020, 1, 6) + timedelta(days=rng.randint(0, 6 * 365 - 30))
            batch = Batch.objects.create(
                code=f"BENCH-{b:05d}", scheme_id=version.scheme_id, scheme_version=version,
                organiser_id=rng.choice(provinces), exam_start=exam, exam_end=exam, place="Bench",
                status="closed",
            )  # fmt: skip
            chunk = []
            for employee in employees:
                institution, _parent, _kind = rng.choice(regional)
                outcome = rng.choice(
                    [Outcome.CERTIFIED] * 6 + [Outcome.NOT_CERTIFIED] * 2 + [Outcome.PENDING]
                )
                days = rng.randint(5, 90) if outcome != Outcome.PENDING else None
                chunk.append(
                    Participation(
                        batch=batch, scheme_id=version.scheme_id, employee=employee,
                        nip=f"{rng.randrange(people):018d}", holder_name="Bench",
                        institution_id=institution, exam_date=exam, outcome=outcome,
                        days_to_decision=days,
                        decided_on=exam + timedelta(days=days) if days is not None else None,
                    )
                )  # fmt: skip
            Participation.objects.bulk_create(chunk, batch_size=PER_BATCH)
            made += len(chunk)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(func: Any, runs: int) -> dict[str, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_reports")
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv)
    if args.fresh:
        _fresh()
    for key, value in env_for(f"{PG_SERVER}/{DB}").items():
        os.environ[key] = value
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tangguh.accounts.models import User
    from tangguh.certification import selectors_reports as reports
    from tangguh.certification.metrics import Period
    from tangguh.certification.models import Participation
    from tangguh.core.roles import Role
    from tangguh.institutions.models import Institution

    started = time.perf_counter()
    _load(args.rows)
    load_s = time.perf_counter() - started
    count = Participation.objects.count()
    jatim = Institution.objects.get(code="35")
    surabaya = Institution.objects.get(code="35.78")
    national, _ = User.objects.get_or_create(
        username="bench.nasional",
        defaults={"role": Role.NATIONAL_ADMIN,
                  "institution": Institution.objects.get(code=settings.TANGGUH_NATIONAL_COORDINATOR_CODE)},
    )  # fmt: skip
    province, _ = User.objects.get_or_create(
        username="bench.admin.jatim",
        defaults={"role": Role.INSTITUTION_ADMIN, "institution": jatim},
    )
    period = Period.years(2020, 2022)
    cases = {
        "national roll-up, national admin": lambda: reports.national_rollup(
            user=national, period=period
        ),
        "national roll-up, Jawa Timur admin": lambda: reports.national_rollup(
            user=province, period=period
        ),
        "province roll-up (35), national admin": lambda: reports.province_rollup(
            user=national, province=jatim, period=period
        ),
        "institution report (35.78)": lambda: reports.institution_report(
            user=national, institution=surabaya, period=period
        ),
        "CLI participants --period 2020-2022 --json": lambda: call_command(
            "certification", "participants", "--period", "2020-2022", "--json", stdout=io.StringIO()
        ),
    }
    results = {"participations": count, "load_s": round(load_s, 1)}
    print(
        f"{count:,} participations (loaded in {load_s:.1f} s); period 2020-2022, {args.runs} runs"
    )
    for label, func in cases.items():
        results[label] = _time(func, args.runs)
        print(
            f"  {label:45} median {results[label]['median_ms']:8.1f} ms   worst {results[label]['max_ms']:8.1f} ms"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
