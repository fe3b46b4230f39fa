"""The gap summary of a large province: kept counts vs the plain computation.

    python -m bench.run gaps [-- --people 400000 --runs 5 --fresh]

Loads (once; ``--fresh`` again) a PostgreSQL database of its own (``tangguh_bench_gaps``,
override with BENCH_GAPS_DB): every institution, and in Jawa Timur's tree (the province
and its 38 regencies and cities) ``--people`` active civil servants in 40 work units and
six positions per institution (administrator, pengawas, pelaksana, three functional
grades: each with the national default standard of nine competencies), six in ten of
them assessed in each of the nine (an assessment and its current level per person and
competency, levels 1–5). Rows are written with ``INSERT … SELECT generate_series``
(what is measured is the reading, not the load).

Then, in the same process, for the province's tree:
(a) **plain**: ``summary.plain_counts`` — the ORM computation over the raw tables
(people, positions, standards, current levels), grouped as the page groups them; and
(b) **kept**: ``summary.counts`` — warm readings; the first reading after one person's
current level changed (one institution recomputed); and the whole page's selector
(``selectors_gaps.gap_summary`` at province level). Both answers are compared before
anything is printed. Prints the median and worst of ``--runs`` runs and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench.bench_import import PG_SERVER, TANGGUH, env_for

DB = os.environ.get("BENCH_GAPS_DB", "tangguh_bench_gaps")
PROVINCE = "35"
UNITS = 40
POSITIONS = (
    ("administrator", "Kepala Bagian"),
    ("pengawas", "Kepala Subbagian"),
    ("pelaksana", "Pengadministrasi Umum"),
    ("fungsional", "Analis Kebijakan Ahli Muda"),
    ("fungsional", "Analis Kebijakan Ahli Pertama"),
    ("fungsional", "Pranata Komputer Terampil"),
)
ASSESSED_SHARE = 6  # in 10


def _fresh() -> None:
    import subprocess

    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = env_for(f"{PG_SERVER}/{DB}")
    subprocess.run([TANGGUH, "migrate", "--noinput", "-v0", "--skip-checks"], env=env, check=True)


def _load(people: int) -> list[int]:
    """The institutions and the province's register, units, positions and assessments,
    each once (a table already filled is left as it is). Returns the province's tree."""
    from django.core.management import call_command
    from django.db import connection

    from tangguh.competencies.models import AssessmentMethod
    from tangguh.competencies.selectors_gaps import _descendants, _tree
    from tangguh.institutions.models import Institution

    if not Institution.objects.exists():
        call_command("institutions", "load", stdout=open(os.devnull, "w"))  # noqa: SIM115
    province = Institution.objects.get(code=PROVINCE)
    tree = sorted(_descendants(province.pk, _tree()))
    method = AssessmentMethod.objects.get(code="assessment-centre").pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_employee")
        if cursor.fetchone()[0] >= people:
            return tree
        started = time.perf_counter()
        cursor.execute(
            "CREATE TEMP TABLE bench_inst AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id "
            "FROM institutions_institution WHERE id = ANY(%s)",
            [tree],
        )
        cursor.execute(
            """
            INSERT INTO people_workunit (institution_id, parent_id, name, path, code)
            SELECT i.id, NULL, 'Unit ' || u, 'Unit ' || u, '' FROM bench_inst AS i
            CROSS JOIN generate_series(1, %s) AS u
            """,
            [UNITS],
        )
        for kind, name in POSITIONS:
            cursor.execute(
                "INSERT INTO people_position (institution_id, name, kind) "
                "SELECT id, %s, %s FROM bench_inst",
                [name, kind],
            )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_slot AS
            SELECT i.n, i.id AS institution_id,
                   array_agg(DISTINCT u.id ORDER BY u.id) AS units,
                   array_agg(DISTINCT p.id ORDER BY p.id) AS positions
            FROM bench_inst AS i
            JOIN people_workunit AS u ON u.institution_id = i.id
            JOIN people_position AS p ON p.institution_id = i.id
            GROUP BY i.n, i.id
            """
        )
        cursor.execute("SELECT count(*) FROM bench_inst")
        institutions = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO people_employee (created_at, updated_at, nip, id_kind, full_name,
                title_front, title_back, sex, birth_date, employee_kind, status, position_kind,
                rank, fingerprint, institution_id, work_unit_id, position_id, period_start,
                period_source, education)
            SELECT now(), now(), lpad(g::text, 18, '0'), 'nip', 'ASN ' || g, '', '',
                CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END, DATE '1970-01-01' + (g %% 12000),
                'PNS', 'active', '', 'III/a', md5(g::text)::varchar(32), s.institution_id,
                s.units[1 + (g / 7) %% %s], s.positions[1 + (g / 3) %% %s], NULL, '', 'S1'
            FROM generate_series(1, %s) AS g
            JOIN bench_slot AS s ON s.n = (g * 7919::bigint) %% %s
            """,
            [UNITS, len(POSITIONS), people, institutions],
        )
        cursor.execute(
            """
            INSERT INTO competencies_assessment (employee_id, nip, institution_id, competency_id,
                code, level, assessed_on, method_id, assessor_nip, assessor_name, evidence,
                evidence_url, note, status, void_reason, source, created_at)
            SELECT e.id, e.nip, e.institution_id, c.id, c.code, 1 + (e.id + c.id) %% 5,
                current_date - (e.id %% 300)::int, %s, '', '', '', '', '', 'valid', '', 'bench',
                now()
            FROM people_employee AS e
            CROSS JOIN (SELECT id, code FROM competencies_competency
                        WHERE code IN ('M.01','M.02','M.03','M.04','M.05','M.06','M.07','M.08',
                                       'S.01')) AS c
            WHERE e.id %% 10 < %s
            """,
            [method, ASSESSED_SHARE],
        )
        cursor.execute(
            """
            INSERT INTO competencies_currentlevel (employee_id, code, level, assessment_id,
                assessed_on, valid_until)
            SELECT employee_id, code, level, id, assessed_on, assessed_on + interval '36 months'
            FROM competencies_assessment WHERE source = 'bench'
            """
        )
        cursor.execute("ANALYZE")
        print(
            f"  register: {people:,} people in {len(tree)} institutions, assessed, "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return tree


def _time(func: Callable[[], Any], runs: int) -> dict[str, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}


GROUP = ("institution_id", "code", "gap")


def _plain(tree: list[int]) -> Counter[tuple[object, ...]]:
    from tangguh.competencies import summary

    grouped: Counter[tuple[object, ...]] = Counter()
    for key, n in summary.plain_counts(tree).items():
        grouped[(key.institution_id, key.code, key.gap)] += n
    return grouped


def _kept(tree: list[int]) -> Counter[tuple[object, ...]]:
    from tangguh.competencies import summary

    return Counter(
        {
            tuple(row[f] for f in GROUP): int(row["people"])
            for row in summary.counts(tree, group=GROUP)
        }  # type: ignore[call-overload]
    )


def _measure(tree: list[int], runs: int) -> dict[str, Any]:
    from tangguh.accounts.models import User
    from tangguh.competencies import summary
    from tangguh.competencies.models import CurrentLevel
    from tangguh.competencies.selectors_gaps import Filters, gap_summary
    from tangguh.core.roles import Role
    from tangguh.institutions.models import Institution

    assert summary.watching(), "the gap summary's triggers are not installed"
    people = CurrentLevel.objects.values("employee_id").distinct().count()
    summary.forget()
    started = time.perf_counter()
    first = _kept(tree)
    first_ms = round((time.perf_counter() - started) * 1000, 1)
    plain = _plain(tree)
    assert first == plain, "kept and plain counts differ"
    results: dict[str, Any] = {"institutions": len(tree), "assessed_people": people}
    results["plain"] = _time(lambda: _plain(tree), runs)
    results["kept_first_ms"] = first_ms
    results["kept_warm"] = _time(lambda: _kept(tree), runs)

    def one_change() -> None:
        row = CurrentLevel.objects.order_by("id").first()
        assert row is not None
        CurrentLevel.objects.filter(pk=row.pk).update(level=1 + row.level % 5)
        _kept(tree)

    results["kept_after_one_change"] = _time(one_change, runs)
    assert _kept(tree) == _plain(tree), "kept and plain counts differ after the changes"
    province = Institution.objects.get(code=PROVINCE)
    reader, _ = User.objects.get_or_create(
        username="bench.gaps", defaults={"role": Role.NATIONAL_ADMIN, "institution": province}
    )
    filters = Filters(institution=province)
    results["page_selector_kept"] = _time(lambda: gap_summary(user=reader, filters=filters), runs)
    results["ratio_plain_to_kept_warm"] = round(
        results["plain"]["median_ms"] / results["kept_warm"]["median_ms"], 1
    )
    results["ratio_plain_to_page"] = round(
        results["plain"]["median_ms"] / results["page_selector_kept"]["median_ms"], 1
    )
    print(f"  province {PROVINCE}: {len(tree)} institutions, {people:,} people assessed")
    print(
        f"  plain (raw tables)      median {results['plain']['median_ms']} ms, worst {results['plain']['max_ms']} ms"
    )
    print(f"  kept, first reading     {first_ms} ms (every institution computed)")
    print(f"  kept, warm              median {results['kept_warm']['median_ms']} ms")
    print(f"  kept, after one change  median {results['kept_after_one_change']['median_ms']} ms")
    print(f"  page selector, kept     median {results['page_selector_kept']['median_ms']} ms")
    print(
        f"  ratio plain / kept warm {results['ratio_plain_to_kept_warm']}×; plain / page {results['ratio_plain_to_page']}×"
    )
    print(json.dumps(results), flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.bench_gaps")
    parser.add_argument("--people", type=int, default=400_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv)
    if args.fresh:
        _fresh()
    for key, value in env_for(f"{PG_SERVER}/{DB}").items():
        os.environ[key] = value
    import django

    django.setup()
    started = time.perf_counter()
    tree = _load(args.people)
    print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
    _measure(tree, args.runs)


if __name__ == "__main__":
    main()
