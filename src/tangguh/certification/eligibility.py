"""Who may be nominated for a scheme: the one rule the nomination page, the service and
the API share.

A check gives *blocking* reasons (the nomination is refused with them) and *warnings*
(stored on the participation; a warning that the person already holds a valid
certificate of the scheme needs an explicit "nominate anyway": a renewal). Every
reason is a :class:`~tangguh.core.messages.Message`, rendered in the reader's language.

The position rule (docs/certification.md): a position's name matches a target name when
it equals it or starts with it as whole words, case-insensitive ("Camat Wonokromo" is a
camat, "Sekretaris Camat" is not); a position kind in the version's kinds matches too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.messages import Message
from tangguh.people.models import Education, EmploymentStatus, PositionKind

from .models import Certificate, Participation, ParticipationStatus, SchemeVersion

EDUCATION_ORDER = [choice.value for choice in Education]
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
_ROMAN.update({"X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16})
_ROMAN["XVII"] = 17
_PNS_RANK = re.compile(r"^(I|II|III|IV)/([a-e])$")


@dataclass
class Eligibility:
    """What a check found: ``blocking`` refuses the nomination, ``warnings`` are told."""

    blocking: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    holding: Certificate | None = None  # a valid certificate of the scheme already held

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def needs_renewal_confirmation(self) -> bool:
        return self.holding is not None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def position_matches(position_name: str, targets: list[str]) -> bool:
    """Whether ``position_name`` is one of ``targets``: equal, or starting with it word-wise."""
    name = _words(position_name)
    for target in targets:
        words = _words(target)
        if words and name[: len(words)] == words:
            return True
    return False


def rank_order(rank: str) -> tuple[str, int] | None:
    """A comparable rank: ("PNS", 31) for III/a, ("PPPK", 9) for IX; None if unknown."""
    rank = (rank or "").strip()
    pns = _PNS_RANK.match(rank)
    if pns:
        return ("PNS", _ROMAN[pns.group(1)] * 10 + "abcde".index(pns.group(2)))
    grade = _ROMAN.get(rank.upper())
    return ("PPPK", grade) if grade else None


def rank_meets(rank: str, minimum: str) -> bool:
    have, need = rank_order(rank), rank_order(minimum)
    if need is None:
        return True  # a minimum the rules cannot read blocks no one
    return have is not None and have[0] == need[0] and have[1] >= need[1]


def education_meets(education: str, minimum: str) -> bool:
    if minimum not in EDUCATION_ORDER:
        return True
    return education in EDUCATION_ORDER and (
        EDUCATION_ORDER.index(education) >= EDUCATION_ORDER.index(minimum)
    )


def targets_text(version: SchemeVersion) -> str:
    """The positions a version is for, as one readable list ("Camat, Lurah, JPT pratama")."""
    kinds = dict(PositionKind.choices)
    names = list(version.target_positions or [])
    names += [str(kinds.get(k, k)) for k in version.target_position_kinds or []]
    return ", ".join(names)


def _position_check(version: SchemeVersion, employee: Any) -> Message | None:
    names, kinds = version.target_positions or [], version.target_position_kinds or []
    if not names and not kinds:
        return None
    position = employee.position.name if employee.position_id else ""
    if (position and position_matches(position, names)) or (
        employee.position_kind and employee.position_kind in kinds
    ):
        return None
    if not position:
        return Message(
            _("%(name)s has no position in the register; this scheme is for: %(targets)s."),
            {"name": employee.display_name, "targets": targets_text(version)},
        )
    return Message(
        _("%(name)s's position (%(position)s) is not one this scheme is for: %(targets)s."),
        {"name": employee.display_name, "position": position, "targets": targets_text(version)},
    )


def eligibility_check(*, version: SchemeVersion, employee: Any, on: date) -> Eligibility:
    """Whether ``employee`` may be nominated for ``version`` for an exam on ``on``."""
    result = Eligibility()
    name = employee.display_name
    if employee.status != EmploymentStatus.ACTIVE:
        result.blocking.append(
            Message(
                _("%(name)s is not an active civil servant (%(status)s)."),
                {"name": name, "status": employee.get_status_display()},
            )
        )
    position = _position_check(version, employee)
    if position is not None:
        result.blocking.append(position)
    if version.min_education and not education_meets(employee.education, version.min_education):
        result.blocking.append(
            Message(
                _("The scheme asks for at least %(minimum)s; %(name)s's education is %(have)s."),
                {
                    "minimum": version.min_education,
                    "name": name,
                    "have": employee.education or _("not recorded"),
                },
            )
        )
    if version.min_rank and not rank_meets(employee.rank, version.min_rank):
        result.blocking.append(
            Message(
                _("The scheme asks for rank %(minimum)s or higher; %(name)s's rank is %(have)s."),
                {
                    "minimum": version.min_rank,
                    "name": name,
                    "have": employee.rank or _("not recorded"),
                },
            )
        )
    held = (
        Certificate.objects.filter(
            employee=employee,
            scheme_id=version.scheme_id,
            revoked_at__isnull=True,
            issued_on__lte=on,
            expires_on__gte=on,
        )
        .order_by("-expires_on")
        .first()
    )
    if held is not None:
        result.holding = held
        result.warnings.append(
            Message(
                _(
                    "%(name)s already holds a valid certificate of this scheme (%(number)s, "
                    "valid until %(expires)s): nominating again is a re-certification."
                ),
                {"name": name, "number": held.number, "expires": held.expires_on},
            )
        )
    pending = (
        Participation.objects.filter(
            employee=employee,
            scheme_id=version.scheme_id,
            status=ParticipationStatus.NOMINATED,
            outcome="pending",
        )
        .select_related("batch")
        .first()
    )
    if pending is not None:
        result.warnings.append(
            Message(
                _("%(name)s is already nominated in batch %(batch)s, not yet decided."),
                {"name": name, "batch": pending.batch.code},
            )
        )
    return result
