"""The demo's budgets: every province's and the demo regencies' and cities' budgets from
2020 to this year, each an initial revision and, some years, an amended one (APBD-P),
approved by an administrator other than their author (the demo loads them as the
system; the government's demo administrator, else the national one, approves). Jawa
Timur's amended budget for this year awaits approval, entered by its operator.

Idempotent per (institution, fiscal year): a budget found is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from tangguh.core.audit import audit_record
from tangguh.institutions.models import InstitutionKind

from .demo_catalogue import _aware
from .demo_data import (
    ALLOCATION_FACTOR,
    DEMO_SOURCE,
    FIRST_YEAR,
    PROVINCE_BUDGETS,
    REGENCY_BUDGETS,
    YEAR_FACTOR,
)
from .demo_people import ADMINS, Register
from .models import Budget, BudgetRevision, RevisionKind, RevisionStatus

BILLION = 1_000_000_000
PENDING_AT = "35"  # Jawa Timur: this year's APBD-P awaits approval


def _figures(rng: Random, base: int, per_mille: float, year: int) -> tuple[int, int]:
    last = max(YEAR_FACTOR)
    factor = YEAR_FACTOR.get(year, YEAR_FACTOR[last] * (1.03 ** (year - last)))
    allocation_factor = ALLOCATION_FACTOR.get(year, ALLOCATION_FACTOR[max(ALLOCATION_FACTOR)])
    total = base * BILLION * factor * rng.uniform(0.97, 1.03)
    share = per_mille / 1000 * allocation_factor * rng.uniform(0.9, 1.1)
    share = min(max(share, 0.001), 0.005)
    total_rp = int(total // 1_000_000 * 1_000_000)
    return total_rp, int(total_rp * share // 1000 * 1000)


def _document(name: str, year: int, amended: bool, number: int) -> str:
    what = "Perubahan APBD" if amended else "APBD"
    return (
        f"Perda {name} No. {number} Tahun {year - (0 if amended else 1)} tentang {what} TA {year}"
    )


def load_budgets(*, seed: int, register: Register, today: date) -> int:
    figures = {**PROVINCE_BUDGETS, **REGENCY_BUDGETS}
    institutions = {c: register.institutions[c] for c in figures if c in register.institutions}
    years = range(FIRST_YEAR, today.year + 1)
    existing = set(
        Budget.objects.filter(institution__in=institutions.values()).values_list(
            "institution_id", "fiscal_year"
        )
    )
    budgets: list[Budget] = []
    for _code, institution in sorted(institutions.items()):
        budgets += [
            Budget(institution=institution, fiscal_year=year)
            for year in years
            if (institution.pk, year) not in existing
        ]
    if not budgets:
        return 0
    Budget.objects.bulk_create(budgets)
    national = register.user("nasional")
    revisions: list[BudgetRevision] = []
    for budget in budgets:
        code = register.codes[budget.institution_id]
        year = budget.fiscal_year
        rng = Random(f"{seed}:development:budget:{code}:{year}")
        base, per_mille = figures[code]
        total, allocation = _figures(rng, base, per_mille, year)
        approver = register.user(ADMINS.get(code, "")) or national
        name = budget.institution.name
        if budget.institution.kind == InstitutionKind.PROVINSI:
            name = f"Provinsi {name}"
        common = {"budget": budget, "institution_id": budget.institution_id, "fiscal_year": year}
        revisions.append(
            BudgetRevision(
                **common,
                number=1,
                kind=RevisionKind.INITIAL,
                total_budget=Decimal(total),
                development_allocation=Decimal(allocation),
                document=_document(name, year, False, rng.randint(8, 20)),
                effective_date=date(year, 1, 1),
                status=RevisionStatus.APPROVED,
                source=DEMO_SOURCE,
                decided_by=approver,
                decided_at=_aware(date(year, 1, 3)),
            )
        )
        amend_on = date(year, 9, rng.randint(15, 30))
        pending = code == PENDING_AT and year == today.year
        amended = rng.random() < 0.55 and amend_on + timedelta(days=7) < today
        if amended or pending:
            amended_total = int(total * rng.uniform(1.02, 1.08) // 1_000_000 * 1_000_000)
            amended_allocation = int(allocation * rng.uniform(0.85, 1.15) // 1000 * 1000)
            revisions.append(
                BudgetRevision(
                    **common,
                    number=2,
                    kind=RevisionKind.AMENDED,
                    total_budget=Decimal(amended_total),
                    development_allocation=Decimal(min(amended_allocation, amended_total)),
                    document=_document(name, year, True, rng.randint(5, 12)),
                    effective_date=min(amend_on, today),
                    note="Perubahan APBD: penyesuaian pendapatan dan belanja pelatihan.",
                    status=RevisionStatus.SUBMITTED if pending else RevisionStatus.APPROVED,
                    source=DEMO_SOURCE,
                    entered_by=register.user("operator.jatim") if pending else None,
                    decided_by=None if pending else approver,
                    decided_at=None if pending else _aware(amend_on + timedelta(days=3)),
                )
            )
    BudgetRevision.objects.bulk_create(revisions)
    audit_record(
        actor=None,
        action="development.demo_budgets_load",
        data={"budgets": len(budgets), "revisions": len(revisions)},
    )
    return len(budgets)
