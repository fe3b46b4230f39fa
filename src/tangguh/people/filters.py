"""The register's lists, filtered once: the same FilterSet for the page, the API and the export.

``core.filters`` says how a list's filters are declared and what each consumer does with
an invalid value (the page drops it, the API answers 400 naming it).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import BigIntegerField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from tangguh.core.api_filters import parse_id
from tangguh.core.filters import IdFilter, LazyChoices, ListFilterSet, OfferedSelect
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker

from .forms import institutions_in_scope
from .models import (
    Education,
    Employee,
    EmploymentStatus,
    PositionKind,
    TransferRequest,
    TransferStatus,
    WorkUnit,
)
from .parsing.values import PNS_GOLONGAN_RUANG, PPPK_GRADES

# Golongan/ruang of PNS (III/a) and grades of PPPK (IX): the values a rank can take.
RANK_CHOICES: list[tuple[str, str]] = [
    (f"{g}/{r}", f"{g}/{r}") for g, ruang in PNS_GOLONGAN_RUANG.items() for r in ruang
] + [(g, f"{g} (PPPK)") for g in PPPK_GRADES]


def nip_prefix_range(prefix: str) -> dict[str, str]:
    """A NIP prefix as a range: the plain NIP index serves it whatever the collation
    (``LIKE 'prefix%'`` needs a pattern index under a non-C collation)."""
    if len(prefix) == 18:
        return {"nip": prefix}
    upper = str(int(prefix) + 1).zfill(len(prefix)) if prefix.strip("9") else "A"
    return {"nip__gte": prefix, "nip__lt": upper}


class EmployeeFilter(ListFilterSet):
    """The register's list: ``/pegawai/``, its CSV/XLSX export and ``/api/v1/employees/``."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        help_text="Name, or the first digits of the NIP.",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name or NIP (the first digits)")}
        ),
    )
    institution = django_filters.CharFilter(
        field_name="institution__code",
        label=_("Institution"),
        max_length=Institution._meta.get_field("code").max_length,
        help_text="An institution's code.",
    )
    work_unit = IdFilter(
        field_name="work_unit_id", label=_("Work unit"), help_text="A work unit's id."
    )
    position_kind = django_filters.ChoiceFilter(
        label=_("Position kind"),
        choices=PositionKind.choices,
        empty_label=_("All position kinds"),
        help_text="The kind of position.",
    )
    rank = django_filters.ChoiceFilter(
        label=_("Rank"),
        choices=RANK_CHOICES,
        empty_label=_("All ranks"),
        help_text="Golongan/ruang of a PNS (III/a), or the grade of a PPPK (IX).",
    )
    education = django_filters.ChoiceFilter(
        label=_("Highest education"), choices=Education.choices,
        empty_label=_("All levels of education"), help_text="SD, SMP, SMA, D1–D4, S1–S3.",
    )  # fmt: skip
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EmploymentStatus.choices,
        empty_label=_("All statuses"),
        help_text="The employment status.",
    )
    # After an import: the people it created or updated (see by_import).
    impor = IdFilter(
        label=_("Import"),
        method="by_import",
        help_text="An import job's id: the people that import created or updated.",
    )

    class Meta:
        model = Employee
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the page's bar offers, read only when the bar is drawn (never on the API).
        # A search box over the institutions in scope (627 for a national role), not a select.
        self.set_widget(
            "institution",
            InstitutionPicker(
                purpose="register",
                institutions=lambda: institutions_in_scope(
                    getattr(self.request, "user", None), Employee, "view"
                ),
                empty_label=_("All institutions"),
            ),
        )
        self.set_widget(
            "work_unit",
            OfferedSelect(choices=LazyChoices(self._unit_choices), label_of=self._unit_label),
        )

    def search(self, queryset: QuerySet[Employee], name: str, value: str) -> QuerySet[Employee]:
        """A NIP prefix (digits, spaces and Excel's apostrophe allowed) or part of a name."""
        text = " ".join(value.split())
        if not text:
            return queryset
        digits = text.replace(" ", "").lstrip("'")
        if digits.isascii() and digits.isdigit():  # not "²", which isdigit() but int() refuses
            return queryset.filter(**nip_prefix_range(digits[:18]))
        return queryset.filter(full_name__icontains=text)

    def by_import(self, queryset: QuerySet[Employee], name: str, value: int) -> QuerySet[Employee]:
        """The people an import created or updated, as its audit entry names them (the
        merge writes one, with each NIP, in its transaction). A job outside the user's
        scope, or one that changed nobody, lists nobody: nothing tells them apart."""
        from tangguh.core.models import AuditEntry, AuditSubject

        from .models import ImportJob

        user = getattr(self.request, "user", None)
        job = ImportJob.objects.restrict(user, "view").filter(pk=value, dry_run=False)
        if not job.exists():
            return queryset.none()
        entries = AuditEntry.objects.filter(
            action="people.import", target_type=ImportJob._meta.label_lower, target_id=str(value)
        )
        touched = AuditSubject.objects.filter(
            entry__in=entries,
            change__in=(AuditSubject.Change.CREATED, AuditSubject.Change.UPDATED),
            # Subjects are keyed by the NIP as a number (core.models.NipKey).
            nip=Cast(OuterRef("nip"), BigIntegerField()),
        )
        return queryset.filter(Exists(touched))

    # --- what the page offers -------------------------------------------------------

    @cached_property
    def offered_institutions(self) -> list[Institution]:
        """The institutions whose register the user may read, by name."""
        user = getattr(self.request, "user", None)
        return list(institutions_in_scope(user, Employee, "view").only("id", "code", "name"))

    @cached_property
    def single_institution(self) -> Institution | None:
        """The one institution the list is narrowed to (chosen, or the user's only one)."""
        code = self.value_of("institution")
        if code:
            return next((i for i in self.offered_institutions if i.code == code), None)
        return self.offered_institutions[0] if len(self.offered_institutions) == 1 else None

    @cached_property
    def offered_units(self) -> list[WorkUnit]:
        """Units are offered once the list is narrowed to one institution."""
        if self.single_institution is None:
            return []
        return list(
            WorkUnit.objects.restrict(getattr(self.request, "user", None), "view")
            .filter(institution=self.single_institution)
            .only("id", "path")
            .order_by("path")
        )

    def _unit_choices(self) -> list[tuple[str, Any]]:
        return [("", _("All work units")), *((str(u.pk), u.path) for u in self.offered_units)]

    def _unit_label(self, value: str) -> str | None:
        pk = parse_id(value)
        if pk is None:
            return None  # dropped: not shown as if it applied
        unit = (
            WorkUnit.objects.restrict(getattr(self.request, "user", None), "view")
            .filter(pk=pk)
            .values_list("path", flat=True)
            .first()
        )
        return unit or f"#{pk}"

    def bar(self) -> forms.Form:
        """The page's filter bar: a filter with nothing to offer and no value stays out."""
        self.is_valid()
        form = self.form
        if len(self.offered_institutions) <= 1 and not self.data.get("institution"):
            form.fields.pop("institution", None)
        if not self.offered_units and not self.data.get("work_unit"):
            form.fields.pop("work_unit", None)
        if not self.data.get("impor"):
            form.fields.pop("impor", None)  # offered only by an import's page, as a link
        return form


class TransferFilter(ListFilterSet):
    """Transfers: ``/pegawai/mutasi/`` (its chips) and ``/api/v1/transfers/``."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("all", _("All")), *TransferStatus.choices],
        method="by_status",
        empty_label=None,
        help_text="pending, confirmed or rejected; all (or blank): every status.",
    )

    page_defaults = {"status": TransferStatus.PENDING}

    class Meta:
        model = TransferRequest
        fields: list[str] = []

    def by_status(
        self, queryset: QuerySet[TransferRequest], name: str, value: str
    ) -> QuerySet[TransferRequest]:
        return queryset if value == "all" else queryset.filter(status=value)
