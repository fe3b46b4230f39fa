"""List benchmark: the first page (50 rows) of the civil-servant list at national scale.

    python -m bench.bench_list [--runs 20] [--explain]

Needs the PostgreSQL database left loaded by ``python -m bench.bench_import``
(``tangguh_bench``, 4.3 M rows; override with BENCH_PG_DB). Runs the selector
``employee_list`` and the list's ``EmployeeFilter`` as the list page does (scoped
with ``restrict``, ordered by name, sliced to 50) for a national administrator and
for a Kota Surabaya operator, with and without filters and a name search, and prints the median
and worst time over ``--runs`` runs. Queries slower than the 100 ms target get
their ``EXPLAIN (ANALYZE, BUFFERS)`` printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

from bench.bench_import import OUT, PG_DB, database_url

TARGET_MS = 100
PAGE = 50

# (label, the list's query parameters)
CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("no filter", {}),
    ("position kind = fungsional", {"position_kind": "fungsional"}),
    ("rank = III/a", {"rank": "III/a"}),
    ("status = active", {"status": "active"}),
    ("name search 'siti'", {"q": "siti"}),
    ("name search 'rahmawati'", {"q": "rahmawati"}),
    ("name search 'wenas' (rare)", {"q": "wenas"}),
    ("rare search + fungsional", {"q": "wenas", "position_kind": "fungsional"}),
    ("NIP prefix '19850712'", {"q": "19850712"}),
)


def _users() -> dict[str, Any]:
    from django.conf import settings

    from tangguh.accounts.models import User
    from tangguh.core.roles import Role
    from tangguh.institutions.models import Institution

    wanted = {
        "national admin": (
            "bench.nasional",
            Role.NATIONAL_ADMIN,
            settings.TANGGUH_NATIONAL_COORDINATOR_CODE,
        ),
        "Surabaya operator": ("bench.operator.surabaya", Role.OPERATOR, "35.78"),
    }
    users = {}
    for label, (username, role, code) in wanted.items():
        users[label], _created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "institution": Institution.objects.get(code=code)},
        )
    return users


def _time(user: Any, filters: dict[str, Any], runs: int) -> tuple[list[float], Any]:
    from tangguh.people.filters import EmployeeFilter
    from tangguh.people.selectors import employee_list

    timings = []
    qs = None
    for _ in range(runs):
        started = time.perf_counter()
        qs = EmployeeFilter(filters, employee_list(user=user)).qs[:PAGE]
        list(qs)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, qs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN every query, not only slow ones"
    )
    args, _rest = parser.parse_known_args(argv)
    os.environ["DATABASE_URL"] = database_url("pg", PG_DB)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    import django

    django.setup()
    from tangguh.people.models import Employee

    total = Employee.objects.count()
    print(
        f"register: {total:,} civil servants in {PG_DB}; {args.runs} runs per query, first page of {PAGE}"
    )
    if total < 1_000_000:
        print("(fewer than 1 M rows: run bench_import first for the national figures)")
    results: dict[str, Any] = {"rows": total}
    slow = []
    print(f"{'user':18} {'query':30} {'median ms':>10} {'max ms':>8} {'rows':>5}")
    for user_label, user in _users().items():
        for label, filters in CASES:
            timings, qs = _time(user, filters, args.runs)
            median = statistics.median(timings)
            rows = len(list(qs))
            print(
                f"{user_label:18} {label:30} {median:>10.1f} {max(timings):>8.1f} {rows:>5}",
                flush=True,
            )
            results[f"{user_label} | {label}"] = {
                "median_ms": median,
                "max_ms": max(timings),
                "rows": rows,
            }
            if median > TARGET_MS or args.explain:
                slow.append((user_label, label, qs))
    for user_label, label, qs in slow:
        print(f"\n--- EXPLAIN {user_label} / {label}\n{qs.query}\n")
        print(qs.explain(analyze=True, buffers=True))
    (OUT / "list-results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
