"""Credential benchmark: issuing N signed credentials against signing their bytes alone.

    python -m bench.bench_credentials [--count 10000] [--db pg|sqlite] [--repeat 3]

On a fresh database (PostgreSQL ``tangguh_bench_cert``, or a SQLite file in
bench/out/) with N certificate rows (one holder, one scheme version of five units),
in one process and the same run:

(a) **sign alone**: for each credential as issued, the eddsa-jcs-2022 signature of
    its canonical bytes (SHA-256 of the proof config and of the document, both
    canonicalised beforehand, then Ed25519): the cryptographic floor;
(b) **issue**: for each certificate (in memory, with its scheme version, units
    and issuing body, as the issuing service holds it), build the
    OpenBadgeCredential, canonicalise it and its proof config (RFC 8785), sign; then
    store every credential and key id on its row (``credentials_issue_many``: the
    stored JSON written from the canonical bytes already made, COPY into a temporary
    table and one UPDATE; one transaction).

The ratio (b)/(a) is the figure (target: at most 3). ``--repeat`` keeps the fastest
of each. Results go to bench/out/credentials-results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import time
from datetime import date, timedelta
from typing import Any

from bench.bench_import import OUT, database_url, fresh_database

DB_NAME = "tangguh_bench_cert"
TARGET = 3.0


def _setup(count: int) -> list[Any]:
    """N certificates as the issuing service holds them before they are stored (unsaved,
    their scheme version, units and issuing body loaded): one holder, one scheme."""
    from tangguh.certification.models import (
        Certificate,
        IssuingBody,
        Scheme,
        SchemeUnit,
        SchemeVersion,
    )
    from tangguh.institutions.models import Institution
    from tests.people.factories import EmployeeFactory

    coordinator = Institution.objects.get(is_national_coordinator=True)
    body = IssuingBody.objects.create(
        code="lsp-pdn",
        name="LSP Pemerintahan Dalam Negeri",
        institution=coordinator,
        url="https://bpsdm.kemendagri.go.id/",
    )
    scheme = Scheme.objects.create(code="camat")
    version = SchemeVersion.objects.create(
        scheme=scheme,
        version=1,
        name="Sertifikasi Kompetensi Camat",
        description="Kompetensi pemerintahan bagi camat.",
        requirements="Menduduki jabatan camat atau calon camat.",
        target_positions=["Camat"],
        validity_years=3,
        issuing_body=body,
    )
    for i in range(1, 6):
        SchemeUnit.objects.create(
            version=version, order=i, code=f"PEM.{i:02d}", title=f"Unit kompetensi camat {i}"
        )
    employee = EmployeeFactory(institution=Institution.objects.get(code="35.78"))
    issued = date(2025, 6, 2)
    Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"SKP-CAMAT-2025-{i:06d}",
                scheme=scheme,
                scheme_version=version,
                issuing_body=body,
                employee=employee,
                nip=employee.nip,
                holder_name=employee.full_name,
                institution=employee.institution,
                issued_on=issued + timedelta(days=i % 200),
                expires_on=issued + timedelta(days=i % 200 + 3 * 365),
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    fields = ("number", "nip", "holder_name", "issued_on", "expires_on", "key_id")
    return list(Certificate.objects.order_by("pk").only(*fields))


def _issue(key: Any, certificates: list[Any], version: Any) -> float:
    from django.db import transaction

    from tangguh.certification.credentials import credentials_issue_many

    for certificate in certificates:  # as the issuing service holds them: loaded
        certificate.scheme_version = version
        certificate.scheme = version.scheme
        certificate.issuing_body = version.issuing_body
    started = time.perf_counter()
    with transaction.atomic():
        credentials_issue_many(certificates, key=key)
    return time.perf_counter() - started


def _in_memory(key: Any, certificates: list[Any]) -> float:
    """(b) without the store: build, canonicalise and sign each (for the breakdown)."""
    from tangguh.certification.credentials import _signed, build_credential

    started = time.perf_counter()
    for certificate in certificates:
        _signed(
            build_credential(certificate),
            key,
            created="2026-01-01T00:00:00Z",
            verification_method=None,
            plain=True,
        )
    return time.perf_counter() - started


def _sign_alone(key: Any, inputs: list[tuple[bytes, bytes]]) -> float:
    started = time.perf_counter()
    for config, document in inputs:
        key.sign(hashlib.sha256(config).digest() + hashlib.sha256(document).digest())
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--db", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--repeat", type=int, default=3)
    args, _rest = parser.parse_known_args(argv)
    print(f"fresh database ({args.db}) …", flush=True)
    url = fresh_database(args.db, DB_NAME)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["TANGGUH_CREDENTIAL_KEY_DIR"] = str(OUT / "bench-keys")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    import django

    django.setup()
    from tangguh.certification import keys
    from tangguh.certification.credentials import canonical

    certificates = _setup(args.count)
    from tangguh.certification.models import SchemeVersion

    version = (
        SchemeVersion.objects.select_related("scheme", "issuing_body")
        .prefetch_related("units")
        .get()
    )
    key = keys.current_key()
    issue_times, sign_times, memory_times = [], [], []
    for _ in range(args.repeat):
        memory_times.append(_in_memory(key, certificates))
        issue_times.append(_issue(key, certificates, version))
        inputs = []
        for certificate in certificates:
            document = {k: v for k, v in certificate.credential.items() if k != "proof"}
            config = {k: v for k, v in certificate.credential["proof"].items() if k != "proofValue"}
            inputs.append((canonical(config), canonical(document)))
        sign_times.append(_sign_alone(key, inputs))
    issue, sign, memory = min(issue_times), min(sign_times), min(memory_times)
    ratio = issue / sign
    size = len(json.dumps(certificates[0].credential))
    print(
        f"{args.count:,} credentials ({size:,} bytes of JSON each), {args.db}, best of {args.repeat}"
    )
    print(f"  (a) sign alone (hash + Ed25519): {sign:7.3f} s  {args.count / sign:9,.0f} /s")
    print(
        f"  (b) issue (build, canonicalise, sign, store): {issue:7.3f} s  {args.count / issue:9,.0f} /s"
    )
    print(
        f"      of which build + canonicalise + sign in memory: {memory:7.3f} s"
        f" ({memory / sign:.2f}× (a)); the store: ~{issue - memory:.3f} s"
    )
    print(
        f"  ratio (b)/(a): {ratio:.2f}  (target ≤ {TARGET:g}: {'met' if ratio <= TARGET else 'NOT met'})"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "credentials-results.json").write_text(
        json.dumps(
            {
                "count": args.count,
                "db": args.db,
                "sign_alone_s": sign,
                "issue_s": issue,
                "in_memory_s": memory,
                "ratio": ratio,
                "all_issue_s": issue_times,
                "all_sign_s": sign_times,
                "python": platform.python_version(),
                "url": database_url(args.db, DB_NAME),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
