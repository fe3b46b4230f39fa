"""Reads about certificates, always through ``restrict()``.

A certificate is read where its holder's institution (when it was issued) is read: the
institution and the provinces above it, the national administrator and auditor
everywhere, the holder through SELF (their own NIP). Status is derived from the dates
and the revocation (``Certificate.status_on``); :func:`with_status` filters on it in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tangguh.core.models import AuditEntry

from .models import Certificate

EXPIRING_DAYS = 90
STATUSES = ("valid", "expired", "revoked")
NUMBER_MAX = Certificate._meta.get_field("number").max_length or 64
# What happened to a certificate (its page's history): the writes, not the reads.
WRITE_ACTIONS = (
    "certification.certificate_issue",
    "certification.certificate_renew",
    "certification.certificate_revoke",
)


LIST_ORDER = ("-issued_on", "-number")
LIST_RELATED = ("scheme", "scheme_version", "institution", "issuing_body", "renewed_from")


def certificate_list(*, user: Any) -> QuerySet[Certificate]:
    """The certificates ``user`` may read, newest first (no joins: filter, count, page it,
    then :func:`certificate_rows_for` reads the page's rows)."""
    return Certificate.objects.restrict(user, "view").order_by(*LIST_ORDER)


def certificate_rows_for(ids: Any) -> list[Certificate]:
    """The certificates of one page, in the page's order, with what a list shows.

    A page is chosen on the certificate table alone and its rows read afterwards: sorting
    half a million rows joined to their schemes and institutions first cost a second
    (PostgreSQL, docs/certification.md); the signed credential is not read.
    """
    ids = list(ids)
    rows = Certificate.objects.filter(pk__in=ids).select_related(*LIST_RELATED).defer("credential")
    by_pk = {c.pk: c for c in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def plausible_number(number: str) -> bool:
    """Whether ``number`` could be stored at all: an address may carry a NUL (which
    PostgreSQL refuses in a query) or a text longer than any number."""
    return 0 < len(number) <= NUMBER_MAX and "\x00" not in number


def certificate_get(*, user: Any, number: str) -> Certificate:
    """One certificate by its number; ``Certificate.DoesNotExist`` when out of scope."""
    if not plausible_number(number):
        raise Certificate.DoesNotExist(number[:80])
    return (
        Certificate.objects.restrict(user, "view")
        .select_related(
            "scheme",
            "scheme_version__issuing_body",
            "institution",
            "issuing_body",
            "employee",
            "participation__batch__organiser",
            "renewed_from",
            "issued_by",
            "revoked_by",
        )
        .get(number=number)
    )


def status_q(status: str, on: date | None = None) -> Q:
    """The rows with ``status`` (valid, expired, revoked) on ``on`` (today by default)."""
    on = on or timezone.localdate()
    if status == "revoked":
        return Q(revoked_at__isnull=False)
    if status == "expired":
        return Q(revoked_at__isnull=True, expires_on__lt=on)
    if status == "valid":
        return Q(revoked_at__isnull=True, expires_on__gte=on)
    raise ValueError(status)


def with_status(qs: QuerySet[Certificate], status: str, on: date | None = None) -> Any:
    return qs.filter(status_q(status, on))


def expiring(
    qs: QuerySet[Certificate], *, days: int = EXPIRING_DAYS, on: date | None = None
) -> Any:
    """Valid certificates that expire within ``days`` days of ``on``."""
    on = on or timezone.localdate()
    return qs.filter(status_q("valid", on), expires_on__lte=on + timedelta(days=days))


def renewal_chain(certificate: Certificate) -> list[Certificate]:
    """The certificates of the same line, oldest first: what it renewed and what renewed it."""
    chain = [certificate]
    older = certificate.renewed_from
    while older is not None and len(chain) < 50:
        chain.insert(0, older)
        older = older.renewed_from
    newer = Certificate.objects.filter(renewed_from=certificate).first()
    while newer is not None and len(chain) < 50:
        chain.append(newer)
        newer = Certificate.objects.filter(renewed_from=newer).first()
    return chain


def certificate_audit(*, user: Any, certificate: Certificate) -> QuerySet[AuditEntry]:
    """What happened to ``certificate`` (issued, renewing another, revoked), as the audit
    entries the user may read say it."""
    return (
        AuditEntry.objects.restrict(user, "view")
        .filter(
            target_type=Certificate._meta.label_lower,
            target_id=str(certificate.pk),
            action__in=WRITE_ACTIONS,
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


CERTIFICATE_KEYS = (
    "number",
    "holder_name",
    "holder_nip",
    "institution_code",
    "scheme_code",
    "issued_on",
    "expires_on",
    "status",
)


def certificate_rows(
    qs: QuerySet[Certificate], *, on: date | None = None
) -> Iterator[dict[str, Any]]:
    """Plain rows, read as they are written (a national list holds half a million): the
    keys of ``tangguh certificates list --json`` (:data:`CERTIFICATE_KEYS`), dates in ISO,
    ``institution_code`` the holder's institution when the certificate was issued."""
    on = on or timezone.localdate()
    rows = qs.order_by("-issued_on", "number").values_list(
        "number",
        "holder_name",
        "nip",
        "institution__code",
        "scheme__code",
        "issued_on",
        "expires_on",
        "revoked_at",
    )
    for number, name, nip, code, scheme, issued, expires, revoked in rows.iterator(chunk_size=5000):
        status = "revoked" if revoked is not None else ("expired" if expires < on else "valid")
        yield dict(
            zip(
                CERTIFICATE_KEYS,
                (number, name, nip, code, scheme, issued.isoformat(), expires.isoformat(), status),
                strict=True,
            )
        )
