"""The metrics a category can rank by: code, defined once, shared by the ranking,
the dashboard, the API and the command line.

A metric computes a value per institution from the records (``values``) and says
what one institution's value is made of (``explain``): the records behind it, each
naming its source and what it contributes. The contributions add up to the value,
or, for a ratio (``numerator``/``denominator`` set), to the numerator.

The metrics are registered by the ``metrics_*`` modules (imported by ``metrics.py``);
a category names one by its code and the services refuse an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.certification.metrics import Period
from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message


class Unit(models.TextChoices):
    COUNT = "count", gettext_lazy("count")
    RUPIAH = "rupiah", gettext_lazy("Rupiah")
    SHARE = "share", gettext_lazy("share")
    JP = "jp", gettext_lazy("JP")


class PeriodKind(models.TextChoices):
    YEAR = "year", gettext_lazy("one fiscal year")
    RANGE = "range", gettext_lazy("a year or a range of years")


@dataclass
class Record:
    """One record behind a value: a budget revision, a scheme, a person, a ledger entry."""

    kind: str  # "budget_revision", "scheme", "civil_servant", "participation", "ledger_entry", ...
    id: int  # the source row's primary key
    contribution: Decimal  # what it adds to the value (or to the numerator of a ratio)
    label: str  # a human name: "Revisi 2 (APBD-P)", "Camat", "Siti Rahma · 1985…"
    source: str  # the source model's label: "development.BudgetRevision"
    details: dict[str, Any] = field(default_factory=dict)  # JSON-able: dates, the rows behind it
    # A label made of translatable words ("Revisi 2 · APBD-P"): kept as a stored message
    # too, so a publication's frozen records read in each reader's language.
    label_message: Message | None = None

    def as_json(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "id": self.id,
            "contribution": json_number(self.contribution),
            "label": self.label,
            "source": self.source,
            **self.details,
        }
        if self.label_message is not None:
            data["label_m"] = self.label_message.as_json()
        return data


@dataclass
class Explanation:
    """One institution's value and the records behind it."""

    value: Decimal
    records: list[Record]
    numerator: Decimal | None = None  # a ratio: value = numerator / denominator
    denominator: Decimal | None = None
    denominator_label: str = ""  # what the denominator counts ("active civil servants on …")

    @property
    def total(self) -> Decimal:
        """The sum of the contributions: the value, or the numerator of a ratio."""
        return sum((r.contribution for r in self.records), Decimal(0))

    def as_json(self) -> dict[str, Any]:
        """The shape the command line, the API and a publication share."""
        data: dict[str, Any] = {"value": json_number(self.value)}
        if self.denominator is not None:
            data["numerator"] = json_number(self.numerator)
            data["denominator"] = json_number(self.denominator)
        data["records"] = [record.as_json() for record in self.records]
        return data


# values(period, institution ids) -> {institution id: value}; an institution without a
# value is absent (the engine reads it as zero).
ValuesFn = Callable[[Period, Sequence[int]], dict[int, Decimal]]
ExplainFn = Callable[[Period, int], Explanation]


@dataclass(frozen=True)
class Metric:
    code: str
    label: Promise  # "Competency-development budget allocation"
    method: Promise  # the method in plain words, with %(period)s
    unit: str  # Unit
    period_kind: str  # PeriodKind
    values: ValuesFn
    explain: ExplainFn
    # The models whose rows an explanation lists: who may see the records (access.py).
    record_models: tuple[str, ...] = ()
    # Names of the sources the cache watches (cache.py): "participations", "budgets", ...
    sources: tuple[str, ...] = ()
    decimals: int = 0  # how many decimals a value shows

    def check_period(self, period: Period) -> None:
        if self.period_kind == PeriodKind.YEAR and period.start.year != period.end.year:
            raise DomainError(
                _("The metric “%(metric)s” is computed for one fiscal year, not %(period)s.")
                % {"metric": self.label, "period": period},
                code="period",
            )


_METRICS: dict[str, Metric] = {}


def register_metric(metric: Metric) -> Metric:
    _METRICS[metric.code] = metric
    return metric


def all_metrics() -> list[Metric]:
    return list(_METRICS.values())


def get_metric(code: str) -> Metric:
    """The metric named ``code``; a sentence naming the known ones otherwise."""
    try:
        return _METRICS[code]
    except KeyError:
        raise DomainError(
            _("“%(code)s” is not a known metric. Known metrics: %(known)s.")
            % {"code": (code or "")[:64], "known": ", ".join(sorted(_METRICS))},
            code="metric",
        ) from None


def metric_choices() -> list[tuple[str, str]]:
    return [(m.code, str(m.label)) for m in _METRICS.values()]


def record_for_reader(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record (``Record.as_json``) for a reader: its label in the reader's
    language when it was kept as a message, without the stored message itself."""
    data = dict(record)
    message = data.pop("label_m", None)
    if isinstance(message, dict):
        data["label"] = Message.from_json(message).render()
    return data


def display_value(value: Decimal | int | None, unit: str) -> str:
    """A value as the pages show it, in the active language: "Rp 1.250.000", "45,2 %",
    "12,5 JP", "1.204"."""
    from tangguh.core.formatting import format_number, format_rupiah

    if value is None:
        return "—"
    value = Decimal(value)
    if unit == Unit.RUPIAH:
        return format_rupiah(value)
    if unit == Unit.SHARE:
        return f"{format_number((value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP))} %"
    if unit == Unit.JP:
        return f"{format_number(value.quantize(Decimal('0.1'), ROUND_HALF_UP))} JP"
    if value == value.to_integral_value():
        return format_number(int(value))
    return format_number(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def json_number(value: Decimal | int | None) -> int | float | None:
    """A value for JSON: an integer when whole, else a float (shares, means)."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)
