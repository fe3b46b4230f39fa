"""Reads of transfers: what each side may see of one, and nothing more than a read would.

A transfer is visible from both institutions (``TransferRequest`` is scoped on both),
but the person is not: the receiving side asked about a NIP registered elsewhere and
must not learn that person's current record (name, titles, status) or, outside its
own read scope, even which institution holds them. So each transfer is shown through
a :class:`TransferSight`:

- whoever may read the person's record (the holder's staff, national roles, a
  province over its regencies) sees the current record next to the values sent;
- anyone else sees only what was sent (the payload), the status and the decision;
- the holding institution is named only to users who may read that institution's
  register, or who asked for the person from the start page (where it was shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from tangguh.core.scoping import institution_ids_in_scope

from .import_spec import WRITTEN_FIELDS
from .models import (
    Employee,
    TransferRequest,
    TransferStatus,
)
from .parsing.nip import format_nip
from .services_transfer import IDENTITY_FIELDS, decides_by_role


# The values compared on the decide page, in order: (payload key, label).
def _field(name: str) -> Any:
    return Employee._meta.get_field(name)


def _label(name: str) -> Any:
    return capfirst(_field(name).verbose_name)


# Every field the register's import writes, with the record field's label, in the
# import's column order (people/import_spec.py).
COMPARED = tuple((f, _label(f)) for f in WRITTEN_FIELDS)
# Coded values shown by their label: every written field with choices.
_CHOICES = {f: dict(_field(f).choices or ()) for f in WRITTEN_FIELDS if _field(f).choices}
# The payload keys an API client gets back as "sent".
SENT_KEYS = ("nip", *(key for key, _label in COMPARED), "valid_from")


@dataclass
class Compared:
    """One line of the side-by-side view."""

    key: str
    label: str
    current: str
    sent: str
    identity: bool

    @property
    def differs(self) -> bool:
        return bool(self.sent) and self.sent != self.current


@dataclass
class TransferSight:
    """One transfer as one user may see it."""

    transfer: TransferRequest
    reads_record: bool  # may read the person's current record
    names_source: bool  # may read the holding institution's register
    can_decide: bool
    sent: dict[str, Any] = field(default_factory=dict)
    viewer_institution_id: int | None = None

    def who_decides(self) -> str:
        """The sentence telling this viewer who decides a pending transfer ("" once decided)."""
        t = self.transfer
        if t.status != TransferStatus.PENDING:
            return ""
        if self.can_decide:
            return gettext("You decide: confirm or reject.")
        if self.viewer_institution_id == t.from_institution_id:
            return gettext(
                "Waiting for the decision of an administrator of %(institution)s: the record "
                "is held here, and only an administrator of the institution that holds it "
                "(or a national administrator) may confirm or reject."
            ) % {"institution": t.from_institution.name}
        if self.source_name:
            return gettext("Waiting for the decision of %(institution)s.") % {
                "institution": self.source_name
            }
        return gettext("Waiting for the decision of the institution that holds the record.")

    @property
    def nip(self) -> str:
        return self.transfer.employee.nip if self.reads_record else str(self.sent.get("nip", ""))

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def name(self) -> str:
        if self.reads_record:
            return self.transfer.employee.display_name
        return _display_name(self.sent)

    @property
    def source_name(self) -> str | None:
        """The holding institution's name, or None: "another institution"."""
        return self.transfer.from_institution.name if self.names_source else None

    @property
    def source_code(self) -> str | None:
        return self.transfer.from_institution.code if self.names_source else None

    def current(self) -> dict[str, Any] | None:
        """The person's record now, for those who may read it (raw values, as the API gives)."""
        if not self.reads_record:
            return None
        e = self.transfer.employee
        values: dict[str, Any] = {"nip": e.nip}
        for key in WRITTEN_FIELDS:
            value = getattr(e, key)
            if key == "position":
                value = value.name if value else ""
            elif key == "work_unit":
                value = value.path if value else ""
            elif isinstance(value, date):
                value = value.isoformat()
            values[key] = value
        values["institution_code"] = e.institution.code
        return values

    def compared(self) -> list[Compared]:
        """Both sides' values line by line (the current side empty for who may not read it)."""
        current = self.current() or {}
        return [
            Compared(
                key=key,
                label=str(label),
                current=_shown(key, current.get(key)),
                sent=_shown(key, self.sent.get(key)),
                identity=key in IDENTITY_FIELDS,
            )
            for key, label in COMPARED
        ]


def transfer_get(*, user: Any, pk: int) -> TransferRequest:
    """One transfer in ``user``'s view scope; ``TransferRequest.DoesNotExist`` otherwise."""
    return related(TransferRequest.objects.restrict(user, "view")).get(pk=pk)


def transfer_sights(*, user: Any, transfers: list[TransferRequest]) -> list[TransferSight]:
    """Each transfer as ``user`` may see it (two or three queries, whatever the number)."""
    ids = {t.employee_id for t in transfers}
    readable = set(
        Employee.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", flat=True)
    )
    registers = _readable_registers(user)
    # may_decide for every row at once: the role per row, the change scope in one query.
    pending = [t.pk for t in transfers if t.status == "pending" and decides_by_role(user, t)]
    decidable = (
        set(
            TransferRequest.objects.restrict(user, "change")
            .filter(pk__in=pending)
            .values_list("pk", flat=True)
        )
        if pending
        else set()
    )
    return [
        TransferSight(
            transfer=t,
            reads_record=t.employee_id in readable,
            # A transfer asked for from the page (it has the asker's reason) names the
            # holder to the asking side: the start page showed it to them already.
            names_source=registers is None
            or t.from_institution_id in registers
            or bool(t.request_note),
            can_decide=t.pk in decidable,
            sent={k: (t.payload or {}).get(k) for k in SENT_KEYS},
            viewer_institution_id=getattr(user, "institution_id", None),
        )
        for t in transfers
    ]


def transfer_sight(*, user: Any, transfer: TransferRequest) -> TransferSight:
    return transfer_sights(user=user, transfers=[transfer])[0]


def related(qs: QuerySet[TransferRequest]) -> QuerySet[TransferRequest]:
    """``qs`` with what a :class:`TransferSight` reads, joined (no query per row)."""
    return qs.select_related(
        "employee",
        "employee__institution",
        "employee__work_unit",
        "employee__position",
        "from_institution",
        "to_institution",
        "requested_by",
        "decided_by",
    )


def _readable_registers(user: Any) -> set[int] | None:
    """Ids of the institutions whose register ``user`` may read; None: every one."""
    ids = institution_ids_in_scope(user, Employee, "view")
    return None if ids is None else set(ids)


def _display_name(values: dict[str, Any]) -> str:
    name = " ".join(p for p in (values.get("title_front"), values.get("full_name")) if p)
    back = values.get("title_back")
    return f"{name}, {back}" if back else name


def _shown(key: str, value: Any) -> str:
    """A value as a person reads it: labels for codes, dates in the page's format."""
    if value in (None, ""):
        return ""
    if key in _CHOICES:
        return str(_CHOICES[key].get(value, value))
    if Employee._meta.get_field(key).get_internal_type() == "DateField":
        return date_format(date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT")
    return str(value)
