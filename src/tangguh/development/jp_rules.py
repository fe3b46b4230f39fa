"""How many JP an activity may be credited: the conversion table applied to one claim.

One computation for the screen (the live allowance), the API, the service and the
import. :func:`rule_for` finds the rule valid on the activity's first day (the row
with the latest ``valid_from`` on or before it); :func:`judge` applies it to the
dates, the quantity and the JP claimed, with what the person already has in the same
month (a cap on sessions a month) and year (a cap on JP a year), and either returns
the :class:`Allowance` or raises a :class:`DomainError` whose sentence names the rule:
"Seminar: 4 JP per day; 2 days allow at most 8 JP; you claimed 10 JP."

The sentences are :class:`Message` objects, so the service can store the one that
explains the credit (``Activity.rule_note``) and render it in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_date
from tangguh.core.messages import Message

from .models import DevelopmentForm, JpBasis, JpRule

JP_PLACES = Decimal("0.01")
# The sanity cap of a form credited its actual lesson hours: 8 JP (6 hours) a day.
ACTUAL_JP_PER_DAY = Decimal(8)


def jp_value(value: Decimal | int | float | str | None) -> int | float | None:
    """A JP figure as a message parameter: an int when whole (24), else a float (4.5), so
    that it is written in the reader's format without trailing zeros."""
    if value is None:
        return None
    amount = Decimal(str(value))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def form_label(form: DevelopmentForm) -> str:
    """The form's name in the active language (the names are data, not the catalogue)."""
    if (get_language() or "").startswith("en") and form.name_en:
        return form.name_en
    return form.name


def rule_for(form: DevelopmentForm, day: date) -> JpRule | None:
    """The rule of ``form`` valid on ``day`` (latest ``valid_from`` ≤ day), or None."""
    return (
        JpRule.objects.filter(form=form, valid_from__lte=day)
        .select_related("form")
        .order_by("-valid_from")
        .first()
    )


def rule_text(rule: JpRule) -> Message:
    """The rule in one sentence: "Seminar: 4 JP per day", "Coaching: 2 JP per session,
    at most 2 sessions a month"."""
    form = rule.form.name
    jp = jp_value(rule.jp_per_unit)
    if rule.basis == JpBasis.ACTUAL:
        text = Message(
            _("%(form)s: the actual lesson hours (45 minutes each), at most %(cap)s JP a day"),
            {"form": form, "cap": jp_value(ACTUAL_JP_PER_DAY)},
        )
    elif rule.basis == JpBasis.PER_DAY:
        text = Message(
            _("%(form)s: at most %(jp)s JP per day")
            if rule.is_maximum
            else _("%(form)s: %(jp)s JP per day"),
            {"form": form, "jp": jp},
        )
    elif rule.basis == JpBasis.PER_SESSION:
        text = Message(
            _("%(form)s: at most %(jp)s JP per session")
            if rule.is_maximum
            else _("%(form)s: %(jp)s JP per session"),
            {"form": form, "jp": jp},
        )
        if rule.max_units_per_month:
            text = Message(
                _("%(rule)s, at most %(count)s sessions a month"),
                {"rule": text, "count": rule.max_units_per_month},
            )
    elif rule.basis == JpBasis.PER_OCCURRENCE:
        text = Message(
            _("%(form)s: at most %(jp)s JP per occurrence")
            if rule.is_maximum
            else _("%(form)s: %(jp)s JP per occurrence"),
            {"form": form, "jp": jp},
        )
    else:
        text = Message(
            _("%(form)s: at most %(jp)s JP per semester")
            if rule.is_maximum
            else _("%(form)s: %(jp)s JP per semester"),
            {"form": form, "jp": jp},
        )
    if rule.max_jp_per_year:
        text = Message(
            _("%(rule)s, at most %(cap)s JP a year"),
            {"rule": text, "cap": jp_value(rule.max_jp_per_year)},
        )
    return text


@dataclass(frozen=True)
class Claim:
    """What a person says they did: the form's rule is judged against it."""

    start: date
    end: date
    quantity: int | None
    jp_claimed: Decimal | None
    # What the person already has (approved or awaiting approval) besides this claim:
    month_units: int = 0  # units of the form in the calendar month of ``start``
    year_jp: Decimal = Decimal(0)  # JP of the form in the year of ``start``

    @property
    def span(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Allowance:
    """The rule applied: at most ``allowed`` JP; ``credited`` is what approval writes."""

    rule: JpRule
    quantity: int
    allowed: Decimal
    credited: Decimal
    note: Message  # how the JP were counted (stored on the activity)

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.pk,
            "quantity": self.quantity,
            "allowed": str(self.allowed),
            "credited": str(self.credited),
            "note": str(self.note),
        }


def _refuse(rule: JpRule, reason: Message, field: str) -> DomainError:
    message = Message(_("%(rule)s; %(reason)s"), {"rule": rule_text(rule), "reason": reason})
    return DomainError(
        str(message) + ".",
        errors=[{"field": field, "message": str(message) + "."}],
        code="jp_rule",
    )


def _units(rule: JpRule, claim: Claim) -> int:
    """Days, sessions, occurrences or semesters: given, or (days) the dates' span."""
    if claim.quantity is None:
        return claim.span if rule.basis in (JpBasis.PER_DAY, JpBasis.ACTUAL) else 1
    return claim.quantity


def _allowed(rule: JpRule, units: int, claim: Claim) -> tuple[Decimal, Message]:
    if rule.basis == JpBasis.ACTUAL:
        allowed = ACTUAL_JP_PER_DAY * claim.span
        return allowed, Message(
            _("%(days)s days allow at most %(jp)s JP"),
            {"days": claim.span, "jp": jp_value(allowed)},
        )
    per_unit = rule.jp_per_unit or Decimal(0)
    allowed = per_unit * units
    unit_word = {
        JpBasis.PER_DAY: _("%(count)s days allow at most %(jp)s JP"),
        JpBasis.PER_SESSION: _("%(count)s sessions allow at most %(jp)s JP"),
        JpBasis.PER_OCCURRENCE: _("%(count)s occurrences allow at most %(jp)s JP"),
        JpBasis.PER_SEMESTER: _("%(count)s semesters allow at most %(jp)s JP"),
    }[JpBasis(rule.basis)]
    return allowed, Message(unit_word, {"count": units, "jp": jp_value(allowed)})


def judge(rule: JpRule | None, claim: Claim, *, form: DevelopmentForm | None = None) -> Allowance:
    """Apply ``rule`` to ``claim``: the allowance, or a DomainError naming the rule.

    ``jp_claimed`` None means "what the rule allows" (the screen fills it in).
    """
    if rule is None:
        raise DomainError(
            _("No JP rule of %(form)s was in force on %(date)s.")
            % {"form": form.name if form else "", "date": format_date(claim.start)},
            errors=[{"field": "start_date", "message": str(_("No JP rule on this date."))}],
            code="no_rule",
        )
    if claim.end < claim.start:
        raise DomainError(
            _("The last day cannot be before the first day."),
            errors=[
                {
                    "field": "end_date",
                    "message": str(_("The last day cannot be before the first day.")),
                }
            ],
            code="dates",
        )
    units = _units(rule, claim)
    if units < 1:
        raise _refuse(rule, Message(_("the quantity must be at least one")), "quantity")
    if rule.basis == JpBasis.PER_DAY and units > claim.span:
        raise _refuse(
            rule,
            Message(
                _("%(count)s days were claimed but the dates span only %(span)s days"),
                {"count": units, "span": claim.span},
            ),
            "quantity",
        )
    monthly = rule.max_units_per_month if rule.basis == JpBasis.PER_SESSION else None
    if monthly and claim.month_units + units > monthly:
        raise _refuse(
            rule,
            Message(
                _(
                    "%(month)s already has %(used)s sessions of this form and this claim "
                    "adds %(count)s"
                ),
                {
                    "month": claim.start.strftime("%m/%Y"),
                    "used": claim.month_units,
                    "count": units,
                },
            ),
            "quantity",
        )
    allowed, how = _allowed(rule, units, claim)
    claimed = allowed if claim.jp_claimed is None else claim.jp_claimed
    try:
        claimed = Decimal(claimed).quantize(JP_PLACES)
    except InvalidOperation:
        raise _refuse(rule, Message(_("the JP claimed is not a number")), "jp_claimed") from None
    if claimed <= 0:
        raise _refuse(rule, Message(_("the JP claimed must be more than zero")), "jp_claimed")
    if claimed > allowed:
        raise _refuse(
            rule,
            Message(
                _("%(how)s; you claimed %(claimed)s JP"),
                {"how": how, "claimed": jp_value(claimed)},
            ),
            "jp_claimed",
        )
    if rule.max_jp_per_year is not None and claim.year_jp + claimed > rule.max_jp_per_year:
        raise _refuse(
            rule,
            Message(
                _(
                    "%(year)s already has %(used)s JP of this form and you claimed %(claimed)s "
                    "JP more"
                ),
                {
                    "year": claim.start.year,
                    "used": jp_value(claim.year_jp),
                    "claimed": jp_value(claimed),
                },
            ),
            "jp_claimed",
        )
    note = Message(
        _("%(rule)s; %(how)s; %(credited)s JP credited"),
        {"rule": rule_text(rule), "how": how, "credited": jp_value(claimed)},
    )
    return Allowance(rule=rule, quantity=units, allowed=allowed, credited=claimed, note=note)
