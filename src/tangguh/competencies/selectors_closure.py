"""Reads for the gap-closure page and API: which institutions the reader may look at,
and the closure of one of them.

Gap closure counts the people of an institution, so it is read by the staff whose
grant on assessments covers institutions (TREE, INSTITUTION or ALL); a civil servant
(SELF: their own assessments only) has no institution to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tangguh.core.scoping import Scope, may, scope_for
from tangguh.institutions.models import Institution

from .closure import YearClosure, institution_closure
from .models import Assessment

READ_SCOPES = (Scope.ALL, Scope.TREE, Scope.INSTITUTION)
_CODE_MAX = 20


def may_read(user: Any) -> bool:
    return scope_for(user, Assessment, "view") in READ_SCOPES


def check_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied


def choices(user: Any) -> list[Institution]:
    """The institutions in the reader's scope with assessments, and the reader's own."""
    ids = set(
        Assessment.objects.restrict(user, "view")
        .order_by()
        .values_list("institution_id", flat=True)
        .distinct()
    )
    own = getattr(user, "institution_id", None)
    if own and may(user, Assessment, "view", own):
        ids.add(own)
    return list(Institution.objects.filter(pk__in=ids).order_by("name"))


def _reads(user: Any, institution_id: int) -> bool:
    return Assessment.objects.restrict(user, "view").filter(institution_id=institution_id).exists()


def institution_for(user: Any, code: str | None) -> Institution | None:
    """The institution asked for (``?institution=``; 404 outside the scope), else the
    reader's own when it has assessments, else the first with assessments, else the
    reader's own; None when none is in the reader's scope."""
    check_reader(user)
    options = choices(user)
    if code:
        if len(code) > _CODE_MAX or "\x00" in code:
            raise Http404
        found = next((i for i in options if i.code == code), None)
        if found is None:
            institution = Institution.objects.filter(code=code).first()
            if institution is None or not _in_scope(user, institution):
                raise Http404
            return institution
        return found
    own = next((i for i in options if i.pk == getattr(user, "institution_id", None)), None)
    with_data = [i for i in options if _reads(user, i.pk)]
    if own is not None and own in with_data:
        return own
    return with_data[0] if with_data else own


def _in_scope(user: Any, institution: Institution) -> bool:
    return may(user, Assessment, "view", institution)


@dataclass(frozen=True)
class ClosureReport:
    institution: Institution
    years: list[YearClosure]


def closure_report(user: Any, institution: Institution) -> ClosureReport:
    """The institution's closure per year (the caller checked the institution is the
    reader's to read: ``institution_for``)."""
    check_reader(user)
    if not _in_scope(user, institution):
        raise Http404
    return ClosureReport(institution, institution_closure(institution.pk))
