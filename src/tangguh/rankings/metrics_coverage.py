"""Certificate coverage: among the serving civil servants in positions a scheme targets,
the share who hold a valid certificate of that scheme at the end of the period.

It generalises ``certification.metrics.camat_coverage`` (the reports' camat figure)
over every scheme whose newest version names target positions, and counts with it,
scheme by scheme: a position is matched by ``position_q``, a certificate is valid by
``valid_certificates_q``, positions and status are the register's as they are now.
A person in a position two schemes target counts once for each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification import metrics as cert
from tangguh.certification.metrics import Period
from tangguh.certification.models import Certificate, Scheme, SchemeVersion
from tangguh.core.formatting import format_date
from tangguh.people.models import Employee, EmploymentStatus

from .metrics_jp import share
from .registry import Explanation, Metric, PeriodKind, Record, Unit, register_metric


def day_of(period: Period) -> date:
    """The day coverage is read on: the period's last day, or today while it runs."""
    return min(period.end, timezone.localdate())


def targeting_schemes() -> list[tuple[Scheme, list[str], str]]:
    """``(scheme, target positions, name)`` of the schemes whose newest version names
    positions: one query."""
    newest: dict[int, SchemeVersion] = {}
    versions = SchemeVersion.objects.select_related("scheme").order_by("scheme_id", "version")
    for version in versions.only(
        "scheme__code", "scheme_id", "version", "name", "target_positions"
    ):
        newest[version.scheme_id] = version  # the last one read is the newest
    return [
        (v.scheme, list(v.target_positions), v.name)
        for v in newest.values()
        if any(str(name).strip() for name in v.target_positions or [])
    ]


def _counts(period: Period, ids: Sequence[int]) -> dict[int, cert.Coverage]:
    """Serving and certified per institution, summed over the schemes."""
    on = day_of(period)
    employees = Employee.objects.filter(institution_id__in=list(ids))
    serving: dict[int, int] = {}
    certified: dict[int, int] = {}
    for scheme, _names, _label in targeting_schemes():
        for pk, coverage in cert.camat_coverage(on, employees, scheme=scheme).items():
            serving[pk] = serving.get(pk, 0) + coverage.serving
            certified[pk] = certified.get(pk, 0) + coverage.certified
    return {pk: cert.Coverage(n, certified.get(pk, 0)) for pk, n in serving.items()}


def _coverage(period: Period, ids: Sequence[int]) -> dict[int, Decimal]:
    return {
        pk: share(c.certified, c.serving) for pk, c in _counts(period, ids).items() if c.serving
    }


def _explain(period: Period, institution_id: int) -> Explanation:
    on = day_of(period)
    records: list[Record] = []
    for scheme, names, scheme_name in targeting_schemes():
        valid = Certificate.objects.filter(
            cert.valid_certificates_q(on), scheme=scheme, nip=OuterRef("nip")
        ).order_by("-issued_on", "-id")
        serving = (
            Employee.objects.filter(
                cert.position_q(names),
                institution_id=institution_id,
                status=EmploymentStatus.ACTIVE,
            )
            .annotate(
                certificate_id=Subquery(valid.values("id")[:1]),
                certificate_number=Subquery(valid.values("number")[:1]),
            )
            .values_list(
                "id", "nip", "full_name", "position__name", "certificate_id", "certificate_number"
            )
        )
        for pk, nip, name, position, certificate_id, number in serving:
            records.append(
                Record(
                    kind="civil_servant",
                    id=pk,
                    contribution=Decimal(1 if certificate_id else 0),
                    label=f"{name} · {nip}",
                    source="people.Employee",
                    details={
                        "nip": nip,
                        "position": position,
                        "scheme_code": scheme.code,
                        "scheme": scheme_name,
                        "certificate": certificate_id,
                        "certificate_number": number,
                    },
                )
            )
    records.sort(key=lambda r: (r.label.casefold(), r.id, r.details["scheme_code"]))
    numerator = sum((r.contribution for r in records), Decimal(0))
    return Explanation(
        value=share(int(numerator), len(records)) if records else Decimal(0),
        records=records,
        numerator=numerator,
        denominator=Decimal(len(records)),
        denominator_label=_(
            "serving civil servants in positions a certification scheme targets, on %(day)s"
        )
        % {"day": format_date(on)},
    )


CERTIFICATE_COVERAGE = register_metric(
    Metric(
        code="certificate_coverage",
        label=gettext_lazy("Certificate coverage of positions that require one"),
        method=gettext_lazy(
            "The value is the share of the institution's active civil servants in a "
            "position that a certification scheme targets (as the register records them "
            "now) who hold a certificate of that scheme valid on the last day of "
            "%(period)s (today while it runs). A person in a position two schemes target "
            "counts once for each."
        ),
        unit=Unit.SHARE,
        period_kind=PeriodKind.RANGE,
        values=_coverage,
        explain=_explain,
        record_models=("people.Employee", "certification.Certificate"),
        sources=("certificates", "register"),
        decimals=1,  # shown as a percentage
    )
)
