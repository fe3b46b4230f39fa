"""Reads of schemes, their versions and the assessor licences, always through ``restrict()``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from .models import AssessorLicence, Scheme, SchemeUnit, SchemeVersion
from .services_schemes import version_diff


def scheme_list(*, user: Any) -> QuerySet[Scheme]:
    """The schemes ``user`` reads, each with its newest version (``latest``) and counts."""
    newest = SchemeVersion.objects.filter(scheme=OuterRef("pk")).order_by("-version")
    schemes = (
        Scheme.objects.restrict(user, "view")
        .annotate(
            latest_version=Subquery(newest.values("version")[:1]),
            latest_name=Subquery(newest.values("name")[:1]),
            latest_validity=Subquery(newest.values("validity_years")[:1]),
            batch_count=Count("batches", distinct=True),
        )
        .order_by("code")
    )
    return cast("QuerySet[Scheme]", schemes)


_CODE = re.compile(r"[-a-zA-Z0-9_]{1,32}")  # what a SlugField(max_length=32) can hold


def scheme_get(*, user: Any, code: str) -> Scheme:
    """One scheme by code (DoesNotExist outside the user's sight, and for any text that
    cannot be a code: a NUL in an address is refused by PostgreSQL, not matched)."""
    if not _CODE.fullmatch(code):
        raise Scheme.DoesNotExist
    return Scheme.objects.restrict(user, "view").get(code=code)


def scheme_versions(*, user: Any, scheme: Scheme) -> list[SchemeVersion]:
    """Every version of ``scheme``, newest first, with units and issuing body."""
    units = Prefetch("units", queryset=SchemeUnit.objects.order_by("order", "code"))
    return list(
        SchemeVersion.objects.restrict(user, "view")
        .filter(scheme=scheme)
        .select_related("issuing_body", "created_by")
        .prefetch_related(units)
        .annotate(batch_count=Count("batches"))
        .order_by("-version")
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionChanges:
    """What version ``new`` changed from ``old``: fields and units added, removed or renamed."""

    old: SchemeVersion
    new: SchemeVersion
    fields: list[FieldChange]
    units_added: list[SchemeUnit]
    units_removed: list[SchemeUnit]
    units_renamed: list[tuple[SchemeUnit, SchemeUnit]]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.units_added or self.units_removed or self.units_renamed)


def version_changes(old: SchemeVersion, new: SchemeVersion) -> VersionChanges:
    """The difference the scheme page shows between two versions."""
    changed = version_diff(old, new)
    changed.pop("units", None)
    fields = [FieldChange(name, before, after) for name, (before, after) in changed.items()]
    old_units = {u.code: u for u in old.units.all()}
    new_units = {u.code: u for u in new.units.all()}
    return VersionChanges(
        old=old,
        new=new,
        fields=fields,
        units_added=[u for c, u in new_units.items() if c not in old_units],
        units_removed=[u for c, u in old_units.items() if c not in new_units],
        units_renamed=[
            (old_units[c], u)
            for c, u in new_units.items()
            if c in old_units and old_units[c].title != u.title
        ],
    )


def licence_list(*, user: Any) -> QuerySet[AssessorLicence]:
    """The licences ``user`` reads (national: all; a province its tree; an assessor theirs)."""
    return (
        AssessorLicence.objects.restrict(user, "view")
        .select_related("assessor", "scheme", "institution")
        .order_by("-valid_until", "number")
    )


def licence_state(licence: AssessorLicence, day: Any = None) -> str:
    """``valid``, ``expired``, ``revoked`` or ``future`` on ``day`` (today by default)."""
    day = day or timezone.localdate()
    if licence.revoked_at is not None:
        return "revoked"
    if licence.valid_until < day:
        return "expired"
    if licence.valid_from > day:
        return "future"
    return "valid"
