"""Rankings at national scale: every preset category computed for one period.

    python -m bench.run rankings [-- --people 4300000 --participations 570000 --runs 5 --fresh]

Loads (once; ``--fresh`` again) a PostgreSQL database of its own
(``tangguh_bench_rankings``, override with BENCH_RANKINGS_DB): every institution,
``--people`` active civil servants spread over them (the register the budget figures
count), ``--participations`` participations over 2018–2025 in batches of nine schemes
(people drawn from the register, some examined twice), and a budget for every
institution and fiscal year 2020–2025 with one to three revisions (the last one
sometimes still awaiting approval). The rows are written with ``INSERT … SELECT
generate_series`` (what is measured is the reading, not the load).

Then, in the same process, for the three Rakornas 2022 presets over their periods:
(a) **plain**: each category's metric straight from the raw tables (``metric.values``,
the ORM aggregation the metrics modules write) plus the ranking around it, and
(b) **kept**: the engine (``ranking.compute``, which reads ``rankings.cache``) — the
first reading (nothing kept yet), warm readings, the reading after one new
participation, after one withdrawal (a change in place) and after one approved budget
revision. Both answers are compared before anything is printed. Then the published
ranking page (``rankings:publication``) if it exists, through the test client.
Prints the median and worst of ``--runs`` runs and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.bench_import import PG_SERVER, TANGGUH, env_for

DB = os.environ.get("BENCH_RANKINGS_DB", "tangguh_bench_rankings")
SCHEMES = ("camat", "lurah", "sekcam", "jpt-pratama", "administrator", "pengawas", "widyaiswara",
           "analis-kebijakan", "sdm-aparatur")  # fmt: skip
BATCH_SIZE = 25


def _fresh() -> None:
    import subprocess

    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = env_for(f"{PG_SERVER}/{DB}")
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0", "--skip-checks"], env=env, check=True)


def _load(people: int, participations: int) -> None:
    """The institutions, the register, the schemes and batches, the participations and the
    budgets, each once (a table already filled is left as it is)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from tangguh.certification.models import IssuingBody, Scheme, SchemeVersion
    from tangguh.institutions.models import Institution

    if not Institution.objects.exists():
        call_command("institutions", "load", stdout=open(os.devnull, "w"))  # noqa: SIM115
    coordinator = Institution.objects.get(is_national_coordinator=True)
    with transaction.atomic():
        body, _ = IssuingBody.objects.get_or_create(
            code="lsp-pdn",
            defaults={"name": "LSP Pemerintahan Dalam Negeri", "institution": coordinator},
        )
        for code in SCHEMES:
            scheme, _ = Scheme.objects.get_or_create(code=code)
            SchemeVersion.objects.get_or_create(
                scheme=scheme, version=1,
                defaults={"name": f"Sertifikasi {code}", "validity_years": 3, "issuing_body": body,
                          "target_positions": []},
            )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_employee")
        if cursor.fetchone()[0] < people:
            started = time.perf_counter()
            # Spread over every active institution, a few large, most small (i*i skews it).
            cursor.execute(
                """
                CREATE TEMP TABLE bench_inst AS
                SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM institutions_institution
                WHERE is_active
                """
            )
            cursor.execute("SELECT count(*) FROM bench_inst")
            institutions = cursor.fetchone()[0]
            cursor.execute(
                """
                INSERT INTO people_employee (created_at, updated_at, nip, id_kind, full_name,
                    title_front, title_back, sex, birth_date, employee_kind, status, position_kind,
                    rank, fingerprint, institution_id, period_start, period_source, education)
                SELECT now(), now(), lpad(g::text, 18, '0'), 'nip', 'ASN ' || g, '', '',
                    CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, DATE '1970-01-01' + (g %% 12000),
                    'PNS', 'active', 'pelaksana', 'III/a', md5(g::text)::varchar(32), i.id,
                    NULL, '', 'S1'
                FROM generate_series(1, %s) AS g
                JOIN bench_inst AS i ON i.n = (g * 7919::bigint) %% %s
                """,
                [people, institutions],
            )
            print(
                f"  register: {people:,} people in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        cursor.execute("SELECT count(*) FROM certification_participation")
        if cursor.fetchone()[0] < participations:
            started = time.perf_counter()
            batches = participations // BATCH_SIZE
            cursor.execute(
                """
                INSERT INTO certification_batch (created_at, updated_at, code, title, exam_start,
                    exam_end, place, status, organiser_id, scheme_id, scheme_version_id)
                SELECT now(), now(), 'BENCH-' || lpad(b::text, 6, '0'), '',
                    DATE '2018-01-08' + (b * 37 %% 2900), DATE '2018-01-08' + (b * 37 %% 2900),
                    'Bench', 'closed', %s, v.scheme_id, v.id
                FROM generate_series(0, %s - 1) AS b
                JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, scheme_id
                      FROM certification_schemeversion) AS v ON v.n = b %% 9
                """,
                [coordinator.pk, batches],
            )
            # Each batch: BATCH_SIZE people drawn over the register (a stride, so a person
            # sits in a few batches over the years); one in 40 withdrawn.
            cursor.execute("SELECT min(id), max(id) FROM people_employee")
            low, high = cursor.fetchone()
            cursor.execute(
                """
                INSERT INTO certification_participation (created_at, updated_at, nip, holder_name,
                    exam_date, status, eligibility_notes, outcome, decision_note, batch_id,
                    employee_id, institution_id, scheme_id)
                SELECT now(), now(), e.nip, e.full_name, b.exam_start,
                    CASE WHEN (b.id + k) %% 40 = 0 THEN 'withdrawn' ELSE 'nominated' END, '[]',
                    CASE WHEN (b.id + k) %% 3 = 0 THEN 'not_certified' ELSE 'certified' END,
                    '', b.id, e.id, e.institution_id, b.scheme_id
                FROM certification_batch AS b
                CROSS JOIN generate_series(0, %s - 1) AS k
                JOIN people_employee AS e
                  ON e.id = %s + ((b.id * 104729::bigint + k * 1299709) %% ((%s - %s + 1) / 8)) * 8
                WHERE b.code LIKE 'BENCH-%%'
                ON CONFLICT DO NOTHING
                """,
                [BATCH_SIZE, low, high, low],
            )
            print(f"  participations in {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute("SELECT count(*) FROM development_budgetrevision")
        if not cursor.fetchone()[0]:
            started = time.perf_counter()
            cursor.execute(
                """
                INSERT INTO development_budget (created_at, updated_at, fiscal_year, institution_id)
                SELECT now(), now(), y, i.id FROM institutions_institution AS i
                CROSS JOIN generate_series(2020, 2025) AS y WHERE i.is_active
                ON CONFLICT DO NOTHING
                """
            )
            # One to three revisions; the third of some still awaiting approval.
            cursor.execute(
                """
                INSERT INTO development_budgetrevision (fiscal_year, number, kind, total_budget,
                    development_allocation, document, note, status, source, entered_at,
                    decided_at, decision_note, budget_id, institution_id)
                SELECT b.fiscal_year, r, CASE WHEN r = 1 THEN 'initial' ELSE 'amended' END,
                    t.total, t.total * (5 + (b.id * r) % 40) / 1000, '', '',
                    CASE WHEN r = 3 AND b.id % 2 = 0 THEN 'submitted' ELSE 'approved' END,
                    'import', now(), now(), '', b.id, b.institution_id
                FROM development_budget AS b
                CROSS JOIN generate_series(1, 3) AS r
                CROSS JOIN LATERAL (SELECT (1000000000 + (b.id * 7907 * r) % 900000000)::numeric
                                    * 100 AS total) AS t
                WHERE r <= 1 + b.id % 3
                """
            )
            print(f"  budgets in {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute("ANALYZE")


def _time(func: Callable[[], Any], runs: int) -> dict[str, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}


def _measure(runs: int) -> dict[str, Any]:
    from unittest import mock

    from django.db import connection
    from django.db.models import Count

    from tangguh.certification.models import Participation, ParticipationStatus
    from tangguh.development.models import BudgetRevision, RevisionStatus
    from tangguh.rankings import cache, ranking
    from tangguh.rankings.models import Category

    categories = list(Category.objects.filter(is_preset=True).order_by("code"))

    def every_category() -> list[list[tuple[int, int, Any]]]:
        return [
            [(row.rank, row.institution_id, row.value) for row in ranking.compute_category(c).rows]
            for c in categories
        ]

    def plain() -> list[list[tuple[int, int, Any]]]:
        # the same engine reading each metric's ORM aggregation over the raw tables
        with mock.patch.object(
            cache, "values", lambda metric, period, ids: metric.values(period, ids)
        ):
            return every_category()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_employee")
        people = cursor.fetchone()[0]
    counts = {
        "people": people,
        "participations": Participation.objects.count(),
        "budget_revisions": BudgetRevision.objects.count(),
        "institutions": Participation.objects.aggregate(n=Count("institution_id", distinct=True))[
            "n"
        ],
    }
    print(
        f"{counts['people']:,} people, {counts['participations']:,} participations, "
        f"{counts['budget_revisions']:,} budget revisions; {len(categories)} categories "
        f"({', '.join(c.code for c in categories)}), {runs} runs",
        flush=True,
    )
    results: dict[str, Any] = {"counts": counts}

    def report(label: str, timing: dict[str, float]) -> None:
        results[label] = timing
        print(
            f"  {label:58} median {timing['median_ms']:8.1f} ms   worst {timing['max_ms']:8.1f} ms",
            flush=True,
        )

    expected = plain()
    report("plain: every preset from the raw tables", _time(plain, runs))
    for category in categories:

        def one(category: Category = category) -> None:
            with mock.patch.object(cache, "values", lambda m, p, ids: m.values(p, ids)):
                ranking.compute_category(category)

        report(f"  plain, {category.code}", _time(one, runs))
    # What the budget category's plain reading costs without the headcount of the whole
    # register that ``allocations`` adds (the absolute allocation does not use it).
    from tangguh.development.metrics_budgets import latest_approved
    from tangguh.rankings.ranking import Definition, competitors

    provinces = list(
        competitors(Definition("budget_allocation", ("provinsi",))).values_list("pk", flat=True)
    )
    report(
        "  (plain, the 2022 allocations alone: latest_approved)",
        _time(lambda: latest_approved(2022, provinces), runs),
    )
    cache.forget()
    started = time.perf_counter()
    cold = every_category()
    report(
        "kept, first reading (nothing kept yet)",
        {
            "median_ms": round((time.perf_counter() - started) * 1000, 1),
            "max_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    assert cold == expected, "the kept values differ from the raw tables"
    report("kept, warm", _time(every_category, runs))
    assert every_category() == expected

    # after one write of each kind: the next reading recomputes the institutions touched
    sample = Participation.objects.filter(exam_date__year=2021).order_by("pk")
    template = sample.first()
    assert template is not None
    state = {"n": 0}

    def after_insert() -> None:
        state["n"] += 1
        batch_people = Participation.objects.filter(batch_id=template.batch_id).values(
            "employee_id"
        )
        person = (
            type(template.employee)
            .objects.filter(institution_id=template.institution_id)
            .exclude(pk__in=batch_people)
            .order_by("pk")
            .first()
        )
        Participation.objects.create(
            batch_id=template.batch_id, scheme_id=template.scheme_id, employee=person,
            nip=person.nip, holder_name=person.full_name, institution_id=person.institution_id,
            exam_date=template.exam_date,
        )  # fmt: skip

    def after_withdrawal() -> None:
        state["n"] += 1
        row = sample[state["n"] * 97 % 1000]
        Participation.objects.filter(pk=row.pk).update(status=ParticipationStatus.WITHDRAWN)

    def after_revision() -> None:
        state["n"] += 1
        latest = (
            BudgetRevision.objects.filter(fiscal_year=2022, institution__kind="provinsi")
            .order_by("-number", "pk")
            .first()
        )
        assert latest is not None
        BudgetRevision.objects.create(
            budget_id=latest.budget_id, institution_id=latest.institution_id, fiscal_year=2022,
            number=latest.number + 1, kind="amended", total_budget=latest.total_budget,
            development_allocation=latest.development_allocation + state["n"],
            status=RevisionStatus.APPROVED, source="import",
        )  # fmt: skip

    for label, write in [
        ("kept, after one new participation", after_insert),
        ("kept, after one withdrawal (a change in place)", after_withdrawal),
        ("kept, after one approved budget revision", after_revision),
    ]:
        timings = []
        for _ in range(runs):
            write()
            started = time.perf_counter()
            every_category()
            timings.append((time.perf_counter() - started) * 1000)
        report(
            label,
            {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)},
        )
    expected = plain()
    assert every_category() == expected, "the kept values differ from the raw tables after writes"
    results["ratio_plain_over_warm"] = round(
        results["plain: every preset from the raw tables"]["median_ms"]
        / results["kept, warm"]["median_ms"],
        1,
    )
    print(f"  ratio plain / kept (warm): {results['ratio_plain_over_warm']}x", flush=True)
    results.update(_page(runs))
    print(json.dumps(results))
    return results


def _page(runs: int) -> dict[str, Any]:
    """The published ranking page (``rankings:publication``), if it exists."""
    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from tangguh.accounts.models import User
    from tangguh.core.roles import Role
    from tangguh.institutions.models import Institution
    from tangguh.rankings.models import Category, Publication

    try:
        reverse("rankings:publication", args=[1])
        from tangguh.rankings.services_publications import ranking_publish
    except (NoReverseMatch, ImportError) as missing:
        print(f"  published ranking page: not measured ({missing})", flush=True)
        return {}
    national, _ = User.objects.get_or_create(
        username="bench.nasional",
        defaults={"role": Role.NATIONAL_ADMIN,
                  "institution": Institution.objects.get(code=settings.TANGGUH_NATIONAL_COORDINATOR_CODE)},
    )  # fmt: skip
    category = Category.objects.get(code="rakornas-2022-peserta-sertifikasi")
    publication = Publication.objects.filter(category=category).order_by("-version").first()
    if publication is None:
        started = time.perf_counter()
        publication = ranking_publish(category=category, period=None, actor=national)
        print(
            f"  publishing (every row's records): {time.perf_counter() - started:.1f} s", flush=True
        )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(national)
    url = reverse("rankings:publication", args=[publication.pk])
    assert client.get(url).status_code == 200
    timing = _time(lambda: client.get(url), runs)
    print(
        f"  {'published ranking page ' + url:58} median {timing['median_ms']:8.1f} ms   worst {timing['max_ms']:8.1f} ms",
        flush=True,
    )
    return {"published ranking page": timing}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_rankings")
    parser.add_argument("--people", type=int, default=4_300_000)
    parser.add_argument("--participations", type=int, default=570_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args(argv)
    if args.fresh:
        _fresh()
    for key, value in env_for(f"{PG_SERVER}/{DB}").items():
        os.environ[key] = value
    import django

    django.setup()
    started = time.perf_counter()
    _load(args.people, args.participations)
    print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
    if args.load_only:
        return
    _measure(args.runs)


if __name__ == "__main__":
    main()
