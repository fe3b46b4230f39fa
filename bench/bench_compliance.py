"""The 20-JP duty at national scale: every institution's compliance for one year from the
kept summaries, against a plain GROUP BY over the raw ledger measured in the same run;
one institution's page.

    python -m bench.run compliance [-- --people 1000000 --entries-per-person 4.7 --runs 5 --fresh]

Loads (once per scale; ``--fresh`` again) a PostgreSQL database of its own
(``tangguh_bench_compliance``, override with BENCH_COMPLIANCE_DB): the institutions,
``--people`` active civil servants spread over every institution (Kota Surabaya large,
with 40 work units), and about ``--entries-per-person`` ledger entries each over
2020–2025 (generated in the database with ``generate_series``: what is measured is
the reading, the loading has its own benchmark), the register clustered by institution
(as per-institution imports lay it out), then the per-person yearly totals with
``ledger.rebuild_year_totals`` (the bulk path). It then times:

- **plain**: the compliance of every institution for the year straight from the
  records — the register's active people LEFT JOIN the ledger summed per person, one
  ``GROUP BY`` (what a system without kept totals does);
- **first reading**: ``compliance.refresh`` with no summaries yet (every institution
  from the per-person totals: the cost after a bulk load);
- **kept**: ``compliance.summaries(year)`` and the page's ``national_rollup`` with the
  summaries current (the watermark check plus 552 rows);
- **after a write**: one ledger entry appended, then the next reading (one institution
  recomputed);
- **after a transfer**: one person moved (a closed period), then the next reading (two
  institutions recomputed);
- **one institution's page**: ``GET /pengembangan/kepatuhan-jp/instansi/35.78/`` through
  Django's test client as a national administrator (the whole request: scoping, the
  watermark check, the summary with its units, the template).

Prints the median and worst of ``--runs`` runs, the ratio plain / kept, and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from typing import Any

from bench.bench_import import PG_SERVER, TANGGUH, env_for

DB = os.environ.get("BENCH_COMPLIANCE_DB", "tangguh_bench_compliance")
YEAR = 2024
UNITS = 40


def _fresh() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = env_for(f"{PG_SERVER}/{DB}")
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [TANGGUH, "institutions", "load"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def _load(people: int, per_person: float) -> float:
    """People, Surabaya's units, ledger entries, yearly totals; returns seconds (0: cached)."""
    from django.db import connection, transaction

    from tangguh.development.ledger import rebuild_year_totals
    from tangguh.development.models import DevelopmentForm, LedgerEntry
    from tangguh.institutions.models import Institution
    from tangguh.people.models import Employee, WorkUnit

    if Employee.objects.count() >= people:
        return 0.0
    started = time.perf_counter()
    surabaya = Institution.objects.get(code="35.78")
    ids = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
    forms = list(DevelopmentForm.objects.values_list("pk", flat=True))
    E, L = Employee._meta.db_table, LedgerEntry._meta.db_table
    entries = int(people * per_person)
    with transaction.atomic(), connection.cursor() as c:
        units = WorkUnit.objects.bulk_create(
            WorkUnit(institution=surabaya, name=f"Bidang {n:02d}", path=f"Bidang {n:02d}")
            for n in range(UNITS)
        )
        unit_ids = [u.pk for u in units]
        # One person in 40 in Kota Surabaya (about 25,000 of a million: a large city),
        # the rest spread over every institution.
        c.execute(
            f"""
            INSERT INTO {E} (created_at, updated_at, nip, id_kind, full_name, title_front,
                title_back, sex, employee_kind, status, institution_id, work_unit_id,
                position_kind, rank, education, fingerprint, period_start, period_source)
            SELECT now(), now(), lpad(g::text, 18, '0'), 'nip', 'Bench ' || g, '', '',
                CASE WHEN mod(g, 2) = 0 THEN '1' ELSE '2' END,
                CASE WHEN mod(g, 9) = 0 THEN 'PPPK' ELSE 'PNS' END, 'active',
                CASE WHEN mod(g, 40) = 0 THEN %s ELSE (%s::bigint[])[1 + mod(g, %s)] END,
                CASE WHEN mod(g, 40) = 0 THEN (%s::bigint[])[1 + mod(g / 40, %s)] END,
                '', '', '', '', DATE '2015-01-01', ''
            FROM generate_series(1, %s) AS g
            """,
            [surabaya.pk, ids, len(ids), unit_ids, len(unit_ids), people],
        )
        low = Employee.objects.order_by("pk").values_list("pk", flat=True)[:1][0]
        high = Employee.objects.order_by("-pk").values_list("pk", flat=True)[:1][0]
        # Entries fall on random people and days over six years: many people at 0 in a
        # year, many around 20-40 (typical credits: 2-24 JP).
        c.execute(
            f"""
            INSERT INTO {L} (employee_id, nip, institution_id, date, year, jp, form_id, source,
                description, note, created_at)
            SELECT e.id, e.nip, e.institution_id, d, extract(year FROM d)::int,
                (ARRAY[2, 3, 4, 5, 8, 10, 16, 20, 24, 32])[1 + floor(random() * 10)::int],
                (%s::bigint[])[1 + floor(random() * %s)::int], 'activity', 'Bench', '', now()
            FROM (
                SELECT %s + floor(random() * (%s - %s + 1))::bigint AS pid,
                       DATE '2020-01-01' + floor(random() * 2190)::int AS d
                FROM generate_series(1, %s)
            ) AS r JOIN {E} AS e ON e.id = r.pid
            """,
            [forms, len(forms), low, high, low, entries],
        )
        # The register as imports leave it: an institution's people together on disk
        # (each institution's file is imported in one go), not every 40th row.
        c.execute(f"CLUSTER {E} USING employee_inst_name_idx")
        c.execute("ANALYZE")
    rebuild_year_totals()
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return time.perf_counter() - started


PLAIN_SQL = """
SELECT e.institution_id, count(*), count(*) FILTER (WHERE s.jp >= 20),
       count(*) FILTER (WHERE coalesce(s.jp, 0) <= 0), coalesce(sum(s.jp), 0)
FROM {E} AS e
LEFT JOIN (SELECT employee_id, sum(jp) AS jp FROM {L} WHERE year = %s GROUP BY employee_id) AS s
       ON s.employee_id = e.id
WHERE e.status = 'active' AND (e.period_start IS NULL OR e.period_start <= %s)
GROUP BY e.institution_id
"""


def _time(func: Any, runs: int, before: Any = None) -> dict[str, float]:
    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_compliance")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--entries-per-person", type=float, default=4.7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv)
    if args.fresh:
        _fresh()
    else:  # a database loaded earlier gets the schema's later migrations
        subprocess.run(
            [TANGGUH, "migrate", "--noinput", "-v0"], env=env_for(f"{PG_SERVER}/{DB}"), check=True
        )
    for key, value in env_for(f"{PG_SERVER}/{DB}").items():
        os.environ[key] = value
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from tangguh.accounts.models import User
    from tangguh.core.roles import Role
    from tangguh.development import compliance, selectors_compliance
    from tangguh.development.ledger import ledger_append
    from tangguh.development.models import ComplianceSummary, DevelopmentForm, LedgerEntry
    from tangguh.institutions.models import Institution
    from tangguh.people.models import Employee, EmploymentHistory

    load_s = _load(args.people, args.entries_per_person)
    people = Employee.objects.count()
    entries = LedgerEntry.objects.count()
    national, _ = User.objects.get_or_create(
        username="bench.nasional",
        defaults={"role": Role.NATIONAL_ADMIN,
                  "institution": Institution.objects.get(code=settings.TANGGUH_NATIONAL_COORDINATOR_CODE)},
    )  # fmt: skip
    E, L = Employee._meta.db_table, LedgerEntry._meta.db_table
    day = date(YEAR, 12, 31)

    def plain() -> list[Any]:
        with connection.cursor() as c:
            c.execute(PLAIN_SQL.format(E=E, L=L), [YEAR, day])
            return c.fetchall()

    def drop_summaries() -> None:
        ComplianceSummary.objects.filter(year=YEAR).delete()

    results: dict[str, Any] = {"people": people, "entries": entries, "load_s": round(load_s, 1)}
    results["plain GROUP BY over the ledger"] = _time(plain, args.runs)
    results["first reading (no summaries)"] = _time(
        lambda: compliance.refresh(YEAR), args.runs, before=drop_summaries
    )
    compliance.refresh(YEAR)
    results["kept: summaries(year)"] = _time(lambda: compliance.summaries(YEAR), args.runs)
    results["kept: national roll-up (page)"] = _time(
        lambda: selectors_compliance.national_rollup(user=national, year=YEAR), args.runs
    )
    # Same figures both ways (the benchmark checks what it compares).
    kept = compliance.summaries(YEAR)
    for institution_id, n, reached, zero, total in plain():
        f = kept[institution_id]
        assert (f.civil_servants, f.reached, f.at_zero, f.total_jp) == (n, reached, zero, total)
    form = DevelopmentForm.objects.get(code="seminar")
    surabaya = Institution.objects.get(code="35.78")
    sleman = Institution.objects.get(code="34.04")
    person = Employee.objects.filter(institution=surabaya).order_by("pk").first()
    assert person is not None

    def write() -> None:
        ledger_append(employee=person, day=date(YEAR, 6, 1), jp=2, form=form,
                      source="activity", description="Bench")  # fmt: skip

    results["after a ledger write: next reading"] = _time(
        lambda: compliance.summaries(YEAR), args.runs, before=write
    )

    movers = iter(Employee.objects.filter(institution=surabaya).order_by("-pk")[: args.runs])

    def transfer() -> None:
        mover = next(movers)
        EmploymentHistory.objects.create(
            employee=mover, institution=surabaya, employee_kind="PNS", status="active",
            valid_from=date(2015, 1, 1), valid_to=date(YEAR, 3, 1),
        )  # fmt: skip
        Employee.objects.filter(pk=mover.pk).update(
            institution=sleman, work_unit=None, period_start=date(YEAR, 3, 1)
        )

    results["after a transfer: next reading"] = _time(
        lambda: compliance.summaries(YEAR), args.runs, before=transfer
    )
    client = Client()
    client.force_login(national)
    url = f"/pengembangan/kepatuhan-jp/instansi/35.78/?year={YEAR}"
    assert client.get(url).status_code == 200
    results["one institution's page (35.78)"] = _time(lambda: client.get(url), args.runs)
    in_surabaya = compliance.summaries(YEAR, [surabaya.pk])[surabaya.pk].civil_servants

    plain_ms = results["plain GROUP BY over the ledger"]["median_ms"]
    kept_ms = results["kept: summaries(year)"]["median_ms"]
    page_ms = results["kept: national roll-up (page)"]["median_ms"]
    results["ratio plain / kept summaries"] = round(plain_ms / max(kept_ms, 0.01), 1)
    results["ratio plain / national roll-up"] = round(plain_ms / max(page_ms, 0.01), 1)
    print(
        f"{people:,} civil servants, {entries:,} ledger entries 2020-2025 "
        f"(loaded in {load_s:.1f} s); year {YEAR}; Kota Surabaya {in_surabaya:,} people "
        f"in {UNITS} units; {args.runs} runs"
    )
    for label, value in results.items():
        if isinstance(value, dict):
            print(
                f"  {label:42} median {value['median_ms']:9.1f} ms   worst {value['max_ms']:9.1f} ms"
            )
    print(f"  ratio plain / kept summaries: {results['ratio plain / kept summaries']}x; "
          f"plain / national roll-up: {results['ratio plain / national roll-up']}x")  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()
