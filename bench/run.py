"""Run the benchmarks: ``python -m bench.run [import] [list] [generate] [-- options]``.

Names select benchmarks (all when none is given); everything after ``--`` is
passed to each selected benchmark, e.g. ``python -m bench.run import -- --rows 100000``.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "generate": "bench.generate",  # the generator's own speed (and the cached inputs)
    "floor": "bench.bench_floor",  # what loading the file costs with no validation at all
    "import": "bench.bench_import",
    "one": "bench.bench_one",  # one institution's 1 M-row file: first import against its floor
    "list": "bench.bench_list",
    "credentials": "bench.bench_credentials",  # issuing signed credentials vs signing alone
    "verify_load": "bench.bench_verify_load",  # the public verification page under load
    "reports": "bench.bench_reports",  # certification roll-ups over 500,000 participations
    "compliance": "bench.bench_compliance",  # the 20-JP duty nationally vs a plain GROUP BY
    "ledger_load": "bench.bench_ledger_load",  # 20 M JP ledger entries vs a raw load of the file
    "rankings": "bench.bench_rankings",  # every preset category: kept values vs the raw tables
    "gaps": "bench.bench_gaps",  # a large province's gap summary: kept counts vs the raw tables
    "assessments_import": "bench.bench_assessments_import",  # 100,000 assessments vs the floor
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    options: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, options = argv[:cut], argv[cut + 1 :]
    unknown = [n for n in argv if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    for name in argv or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        importlib.import_module(BENCHMARKS[name]).main(options)


if __name__ == "__main__":
    main()
