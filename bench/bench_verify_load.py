"""Load benchmark: the public verification page served by gunicorn, against a constant.

    python -m bench.bench_verify_load [--seconds 10] [--connections 8] [--workers 2]
                                      [--rounds 2] [--db pg|sqlite]

On a fresh database with one signed certificate, gunicorn (sync workers, loopback
only) serves the project with ``bench.verify_settings`` (DEBUG off): the same server
answers ``/bench/constant`` (a view that returns two bytes: the floor) and
``/verify/<number>`` (the page the QR code opens: one query, the full template).
A closed-loop load generator (``--connections`` concurrent clients in two
processes, a new connection per request as gunicorn's sync workers close them)
drives each URL for ``--seconds`` after a 2-second warm-up, alternating the URLs
for ``--rounds`` rounds; it keeps every response's latency. ``--distinct N`` makes
N certificates and picks one at random per request: the kept pages
(certification/verify_cache.py) then help only from a certificate's second visit.

Figures: requests per second for each URL (best round), the ratio verify/constant
(target ≥ 0.5) and the verify page's p50/p99 latency at that load (target p99 <
100 ms). Every response must be 200 with the expected body, else the run fails.
Bounded: about ``rounds × 2 × (seconds + 2)`` seconds plus the database (~1 min in all
by default). Results go to bench/out/verify-load-results.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.bench_import import OUT, ROOT, fresh_database

DB_NAME = "tangguh_bench_verify"
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0


# --- the load generator --------------------------------------------------------------


def _one(port: int, request: bytes, expect: bytes) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            data = conn.recv(65536)
            if not data:
                break
            chunks.append(data)
    elapsed = time.perf_counter() - started
    answer = b"".join(chunks)
    if not answer.startswith(b"HTTP/1.1 200") or expect not in answer:
        raise RuntimeError(f"unexpected answer: {answer[:300]!r}")
    return elapsed


def _client(
    args: tuple[int, list[str], bytes, int, float, float, int],
) -> list[tuple[float, float]]:
    """One process: ``threads`` clients in a loop; (start time, latency) of each request."""
    port, paths, expect, threads, warm_until, stop_at, seed = args
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: id\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        for path in paths
    ]
    chooser = random.Random(seed)
    results: list[tuple[float, float]] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def loop() -> None:
        mine = []
        try:
            while True:
                now = time.time()
                if now >= stop_at:
                    break
                latency = _one(port, chooser.choice(requests), expect)
                if now >= warm_until:
                    mine.append((now, latency))
        except BaseException as exc:  # reported to the parent
            failures.append(exc)
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(str(failures[0]))
    return results


def drive(
    port: int, paths: list[str], expect: bytes, connections: int, seconds: float
) -> dict[str, Any]:
    processes = 2
    per_process = max(1, connections // processes)
    warm_until = time.time() + 2.0
    stop_at = warm_until + seconds
    jobs = [
        (port, paths, expect, per_process, warm_until, stop_at, seed) for seed in range(processes)
    ]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_client, jobs)
    samples = [sample for part in parts for sample in part if sample[0] < stop_at]
    latencies = sorted(latency * 1000 for _start, latency in samples)
    count = len(latencies)
    return {
        "paths": len(paths),
        "requests": count,
        "rps": count / seconds,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))],
        "max_ms": latencies[-1],
    }


# --- the server and its data ---------------------------------------------------------


def _certificates(url: str, key_dir: Path, count: int) -> list[str]:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["TANGGUH_CREDENTIAL_KEY_DIR"] = str(key_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.verify_settings"
    import django

    django.setup()
    from bench.bench_credentials import _setup
    from tangguh.certification.credentials import credentials_issue_many
    from tangguh.certification.models import Certificate

    _setup(count)
    certificates = list(
        Certificate.objects.select_related("scheme", "scheme_version", "issuing_body")
    )
    credentials_issue_many(certificates)
    return [certificate.number for certificate in certificates]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, key_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "bench.verify_settings",
        "TANGGUH_CREDENTIAL_KEY_DIR": str(key_dir),
        "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn, "tangguh.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "sync", "--backlog", "512",
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            _one(port, b"GET /bench/constant HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"ok")
            return server
        except (OSError, RuntimeError):
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument(
        "--distinct",
        type=int,
        default=1,
        help="certificates the requests pick from at random (1: the same page every time)",
    )
    args, _rest = parser.parse_known_args(argv)
    started = time.perf_counter()
    print(f"fresh database ({args.db}) …", flush=True)
    url = fresh_database(args.db, DB_NAME)
    key_dir = OUT / "bench-keys"
    numbers = _certificates(url, key_dir, args.distinct)
    port = _free_port()
    server = _serve(url, key_dir, port, args.workers)
    cases = {
        "constant": (["/bench/constant"], b"ok"),
        "verify": ([f"/verify/{number}" for number in numbers], b'data-status="valid"'),
    }
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
    try:
        for _ in range(args.rounds):
            for name, (path, expect) in cases.items():
                result = drive(port, path, expect, args.connections, args.seconds)
                rounds[name].append(result)
                print(
                    f"  {name:9} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:6.1f} ms"
                    f"  p99 {result['p99_ms']:6.1f} ms  ({result['requests']} requests)",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    best = {name: max(results, key=lambda r: r["rps"]) for name, results in rounds.items()}
    ratio = best["verify"]["rps"] / best["constant"]["rps"]
    p99 = best["verify"]["p99_ms"]
    print(
        f"gunicorn {args.workers} sync workers, {args.connections} connections, "
        f"{args.distinct} distinct certificate(s), "
        f"{args.seconds:g} s per run, best of {args.rounds}; {os.cpu_count()} CPUs"
    )
    print(f"  constant: {best['constant']['rps']:8.1f} req/s")
    print(f"  verify:   {best['verify']['rps']:8.1f} req/s  p99 {p99:.1f} ms")
    print(
        f"  ratio verify/constant {ratio:.2f} (target ≥ {TARGET_RATIO}: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}); p99 {p99:.1f} ms "
        f"(target < {TARGET_P99_MS:g}: {'met' if p99 < TARGET_P99_MS else 'NOT met'})"
    )
    print(f"  wall time {time.perf_counter() - started:.0f} s")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "verify-load-results.json").write_text(
        json.dumps({"args": vars(args), "rounds": rounds, "ratio": ratio, "best": best}, indent=1)
    )


if __name__ == "__main__":
    main()
