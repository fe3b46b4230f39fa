"""Benchmark input files, generated once and cached in bench/out/ (gitignored).

``python -m bench.generate --rows 4300000`` writes the national register both
as one file (with ``Kode Instansi``) and split per institution; the cache is
keyed on rows, seed and the generator's source, so a changed generator
regenerates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from tangguh.people import generator
from tangguh.people.generator import InstitutionFile, write_institution_file, write_national_files

OUT = Path(__file__).resolve().parent / "out"
SEED = 2026
# The side-by-side comparison imports one province's register of this size.
SAMPLE_INSTITUTION = ("35", "provinsi")


def _stamp(**params: object) -> str:
    source = Path(generator.__file__).read_bytes()
    text = json.dumps(params, sort_keys=True) + hashlib.sha256(source).hexdigest()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def national(
    rows: int, *, split: bool, seed: int = SEED, quiet: bool = False
) -> list[InstitutionFile]:
    """The national register of ``rows`` civil servants, generated unless cached."""
    folder = OUT / f"national-{rows}-{'split' if split else 'one'}"
    manifest = folder / "manifest.json"
    stamp = _stamp(rows=rows, split=split, seed=seed)
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data["stamp"] == stamp:
            return [InstitutionFile(c, n, folder / p) for c, n, p in data["files"]]
    started = time.perf_counter()
    files = write_national_files(folder, total=rows, seed=seed, split=split)
    seconds = time.perf_counter() - started
    if not quiet:
        print(f"generated {rows:,} rows ({'split' if split else 'one file'}) in {seconds:.1f} s "
              f"= {rows / seconds:,.0f} rows/s -> {folder}")  # fmt: skip
    manifest.write_text(
        json.dumps(
            {
                "stamp": stamp,
                "seconds": seconds,
                "files": [(f.code, f.count, f.path.name) for f in files],
            }
        )
    )
    return files


def sample(rows: int, *, seed: int = SEED) -> Path:
    """One institution's file of ``rows`` rows (no Kode Instansi), generated unless cached."""
    code, kind = SAMPLE_INSTITUTION
    path = OUT / f"sample-{code}-{rows}.csv"
    stamp_file = path.with_suffix(".stamp")
    stamp = _stamp(rows=rows, seed=seed, code=code)
    if path.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return path
    write_institution_file(path, institution_code=code, kind=kind, count=rows, seed=seed)
    stamp_file.write_text(stamp)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=generator.DEFAULT_TOTAL)
    parser.add_argument("--sample", type=int, default=100_000)
    args, _rest = parser.parse_known_args(argv)  # other benchmarks' options
    national(args.rows, split=False)
    national(args.rows, split=True)
    sample(args.sample)


if __name__ == "__main__":
    main()
