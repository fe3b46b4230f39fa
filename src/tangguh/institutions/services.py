"""Writes for institutions: loading the reference list."""

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tangguh.core.audit import audit_record

from .models import Institution, InstitutionKind, InstitutionNameChange

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    renamed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _Row:
    code: str
    kind: str
    name: str
    parent_code: str | None = None
    short_name: str = ""
    name_en: str = ""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _reference_rows(data_dir: Path) -> list[_Row]:
    rows = [
        _Row(r["code"], InstitutionKind.PROVINSI, r["name"])
        for r in _read(data_dir / "provinces.csv")
    ]
    for r in _read(data_dir / "regencies.csv"):
        # Kemendagri codes: NN 01-69 are kabupaten, 71-99 kota.
        kind = (
            InstitutionKind.KOTA
            if int(r["code"].split(".")[1]) >= 71
            else InstitutionKind.KABUPATEN
        )
        rows.append(_Row(r["code"], kind, r["name"], parent_code=r["province_code"]))
    for r in _read(data_dir / "central.csv"):
        rows.append(_Row(r["code"], r["kind"], r["name"], None, r["short_name"], r["name_en"]))
    return rows


@transaction.atomic
def institutions_load(*, actor: Any = None, data_dir: Path | None = None) -> LoadResult:
    """Create or update every reference institution, matched on code. Idempotent."""
    rows = _reference_rows(data_dir or DATA_DIR)
    existing = {i.code: i for i in Institution.objects.all()}
    coordinator = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
    result = LoadResult()
    # Parents (no parent_code) first so children can point at them.
    for row in sorted(rows, key=lambda r: r.parent_code is not None):
        parent = existing[row.parent_code] if row.parent_code else None
        wanted = {
            "name": row.name,
            "kind": row.kind,
            "parent_id": parent.id if parent else None,
            "short_name": row.short_name,
            "name_en": row.name_en,
            "is_national_coordinator": row.code == coordinator,
        }
        inst = existing.get(row.code)
        if inst is None:
            inst = Institution(code=row.code, **wanted)
            inst.save()
            existing[row.code] = inst
            result.created += 1
            continue
        changed = {k: v for k, v in wanted.items() if getattr(inst, k) != v}
        if not changed:
            result.unchanged += 1
            continue
        if "name" in changed:
            InstitutionNameChange.objects.create(
                institution=inst, old_name=inst.name, new_name=row.name, source="reference data"
            )
            result.renamed.append((inst.code, inst.name, row.name))
        for k, v in changed.items():
            setattr(inst, k, v)
        inst.save(update_fields=[*changed, "updated_at"])
        result.updated += 1
    if result.created or result.updated:
        audit_record(
            actor=actor,
            action="institutions.load",
            data={"created": result.created, "updated": result.updated, "renamed": result.renamed},
        )
    return result
