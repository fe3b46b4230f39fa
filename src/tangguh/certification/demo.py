"""Demo certification: schemes, assessors, batches 2020-2025 across five provinces and the
national coordinator, certificates (some expired, one revoked), and batches under way.

Step ``certification`` (order 50, after the register). Idempotent: every piece is keyed
(issuing body and scheme on their codes, licences on their numbers, batches on their
codes, results on participant and unit), so a second run writes nothing.

- The national pieces go through the services: ``scheme_create`` and, for the camat
  scheme, ``scheme_version_publish`` (version 2, run from 2023); ``licence_grant`` for
  each assessor (one licence long expired).
- The register gains its camat, lurah and widyaiswara through its own import
  (``demo_officials.py``).
- The earlier records (2020-2025) are loaded in bulk (``demo_history.py``: why there).
- One certificate is revoked with ``certificate_revoke``.
- Batches under way, dated from today, go through every service a user's click does
  (``demo_live.py``): a batch in assessment with results recorded by the assessors,
  some decided in plenary (certificates issued and signed), others waiting for the
  plenary or for results; a batch open for nominations.

At scale "national" the step adds ~500,000 certificates and their participations to
the register already loaded (``generator.py``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from tangguh.core.demo import register_demo_step

from .demo_data import (
    ASSESSORS,
    EXPIRED_LICENCE_UNTIL,
    ISSUING_BODY,
    LICENCE_FROM,
    LICENCE_UNTIL,
    REVOCATION_REASON,
    SCHEMES,
    SchemeSpec,
)


@register_demo_step("certification", order=50)
def demo_certification(
    *, scale: str, seed: int, out: Callable[[str], None], **options: Any
) -> dict[str, int]:
    if scale == "national":
        from .generator import generate_national

        return generate_national(seed=seed, out=out, **options)
    return load_demo(seed=seed, out=out)


def load_demo(*, seed: int, out: Callable[[str], None]) -> dict[str, int]:
    from tangguh.people.demo import DEMO_EMPLOYEE_NIP

    from . import demo_history, keys
    from .demo_live import load_live
    from .demo_officials import load_officials

    started = time.perf_counter()
    counts: Counter[str] = Counter()
    body = _issuing_body()
    counts["schemes"] = _schemes(body)
    counts["licences"] = _assessors()
    officials = load_officials(seed=seed)
    counts["officials"] = officials.get("created", 0)
    planned = demo_history.plan(seed=seed, demo_holder_nip=DEMO_EMPLOYEE_NIP)
    counts.update(demo_history.write_history(planned, _context(keys.current_key())))
    counts["revoked"] = _revoke(demo_history.revoked_number(planned))
    counts.update({f"live_{k}": v for k, v in load_live(seed=seed).items()})
    out(
        "Certification: {schemes} schemes created, {licences} licences granted, "
        "{officials} officials added to the register, {batches} earlier batches with "
        "{participants} participants and {certificates} certificates loaded, {revoked} "
        "revoked, {live_batches} batches under way".format_map(counts)  # a Counter: 0 if absent
        + f" ({time.perf_counter() - started:.1f} s)."
    )
    return dict(counts)


def _issuing_body() -> Any:
    from tangguh.institutions.models import Institution

    from .models import IssuingBody

    body = IssuingBody.objects.filter(code=ISSUING_BODY["code"]).first()
    if body is None:
        institution = Institution.objects.get(code=settings.TANGGUH_NATIONAL_COORDINATOR_CODE)
        body = IssuingBody(institution=institution, **ISSUING_BODY)
        body.full_clean()
        body.save()
    return body


def _version_data(spec: SchemeSpec, body: Any) -> dict[str, Any]:
    return {
        "name": spec.name,
        "name_en": spec.name_en,
        "description": spec.description,
        "target_positions": list(spec.target_positions),
        "target_position_kinds": list(spec.target_position_kinds),
        "requirements": spec.requirements,
        "validity_years": spec.validity_years,
        "issuing_body": body,
    }


def _units(units: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"code": code, "title": title} for code, title in units]


def _schemes(body: Any) -> int:
    """Each scheme through ``scheme_create``; the camat scheme's version 2 published."""
    from .models import Scheme
    from .services_schemes import scheme_create, scheme_version_publish

    created = 0
    existing = {s.code: s for s in Scheme.objects.prefetch_related("versions")}
    for spec in SCHEMES:
        scheme = existing.get(spec.code)
        if scheme is None:
            scheme = scheme_create(
                code=spec.code,
                version_data=_version_data(spec, body),
                units=_units(spec.units),
                actor=None,
            )
            created += 1
        if spec.v2_units and not scheme.versions.filter(version=2).exists():
            scheme_version_publish(
                scheme=scheme,
                version_data={**_version_data(spec, body), "change_note": spec.v2_note},
                units=_units(spec.units + spec.v2_units),
                actor=None,
            )
    return created


def _assessors() -> int:
    """The assessors' accounts (demo password) and licences, through ``licence_grant``."""
    from django.contrib.auth.hashers import make_password

    from tangguh.accounts.demo import DEMO_PASSWORD
    from tangguh.accounts.models import User
    from tangguh.core.roles import Role
    from tangguh.institutions.models import Institution

    from .models import AssessorLicence, Scheme
    from .services_schemes import licence_grant

    national = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
    institutions = {i.code: i for i in Institution.objects.filter(code__in=_assessor_codes())}
    schemes = {s.code: s for s in Scheme.objects.all()}
    taken = set(AssessorLicence.objects.values_list("number", flat=True))
    granted = 0
    password = ""  # hashed once: the same demo password for every assessor (hashing is slow)
    for n, spec in enumerate(ASSESSORS, start=1):
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "role": Role.ASSESSOR,
                    "institution": institutions[spec.institution or national],
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                },
            )
            if created:
                password = password or make_password(DEMO_PASSWORD)
                user.password = password
                user.save(update_fields=["password"])
        for code in spec.schemes:
            number = f"LIS-{code.upper()}-{n:03d}"
            if number in taken:
                continue
            licence_grant(
                assessor=user,
                scheme=schemes[code],
                number=number,
                valid_from=LICENCE_FROM,
                valid_until=EXPIRED_LICENCE_UNTIL if spec.expired else LICENCE_UNTIL,
                actor=None,
            )
            granted += 1
    return granted


def _assessor_codes() -> list[str]:
    national = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
    return [spec.institution or national for spec in ASSESSORS]


def _context(key: Any) -> Any:
    from tangguh.institutions.models import Institution

    from .demo_data import PROVINCE_PLAN
    from .demo_history import Context
    from .models import AssessorLicence, Scheme, SchemeVersion

    national = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
    codes = [*PROVINCE_PLAN, national]
    institutions = {i.code: i.pk for i in Institution.objects.filter(code__in=codes)}
    institutions[""] = institutions[national]
    versions = SchemeVersion.objects.select_related("scheme", "issuing_body").prefetch_related(
        "units"
    )
    return Context(
        schemes={s.code: s for s in Scheme.objects.all()},
        versions={(v.scheme.code, v.version): v for v in versions},
        institutions=institutions,
        licences=list(AssessorLicence.objects.select_related("assessor", "scheme")),
        key=key,
    )


def _revoke(number: str) -> int:
    from .models import Certificate
    from .services_certificates import certificate_revoke

    certificate = Certificate.objects.filter(number=number, revoked_at__isnull=True).first()
    if certificate is None:
        return 0
    certificate_revoke(certificate=certificate, reason=REVOCATION_REASON, actor=None)
    return 1
