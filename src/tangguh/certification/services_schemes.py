"""Writes about schemes and assessor licences (the national administrator's).

A scheme's content lives in its versions: publishing a change makes version n+1, and
the versions a batch ran stay as they were. Every write checks the grants with
``may``, validates with ``full_clean`` (constraint messages become field errors) and
records its audit entry in its transaction.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.core.formatting import format_date
from tangguh.core.roles import Role
from tangguh.core.scoping import may
from tangguh.people.models import Education, PositionKind

from .models import AssessorLicence, IssuingBody, Scheme, SchemeUnit, SchemeVersion

# What a version says; the rest (number, author, date) the service sets.
VERSION_FIELDS = (
    "name",
    "name_en",
    "description",
    "target_positions",
    "target_position_kinds",
    "requirements",
    "min_education",
    "min_rank",
    "validity_years",
    "issuing_body",
    "change_note",
)
UNIT_FIELDS = ("code", "title", "competency_code")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def validated(obj: Model, failed: str, exclude: list[str] | None = None) -> None:
    """``full_clean`` or a DomainError that lists each field's problem."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = [
            {"field": None if f == "__all__" else f, "message": m}
            for f, messages in exc.message_dict.items()
            for m in messages
        ]
        text = " ".join([failed, *(str(e["message"]) for e in errors)])
        raise DomainError(text, errors=errors) from None


def _refused(failed: str, field: str | None, message: str) -> DomainError:
    return DomainError(f"{failed} {message}", errors=[{"field": field, "message": message}])


def _require(actor: Any, model: type[Model], action: str, institution: Any = None) -> None:
    if not may(actor, model, action, institution):
        raise PermissionDenied(_("You do not have permission to do this."))


def _issuing_body(value: Any, failed: str) -> IssuingBody:
    if isinstance(value, IssuingBody):
        return value
    found = None
    if value not in (None, ""):
        found = IssuingBody.objects.filter(
            **({"pk": value} if str(value).isdigit() else {"code": value})
        ).first()
    if found is None:
        raise _refused(failed, "issuing_body", _("Choose the issuing body."))
    return found


def _clean_list(values: Any) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[,\n;]", values)
    seen: list[str] = []
    for value in values or []:
        text = " ".join(str(value).split())
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen.append(text)
    return seen


def _version(scheme: Scheme, number: int, data: dict[str, Any], actor: Any, failed: str) -> Any:
    unknown = set(data) - set(VERSION_FIELDS)
    if unknown:
        raise _refused(
            failed, None, _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    values["issuing_body"] = _issuing_body(values.get("issuing_body"), failed)
    values["target_positions"] = _clean_list(values.get("target_positions"))
    values["target_position_kinds"] = _clean_list(values.get("target_position_kinds"))
    kinds = set(PositionKind.values)
    bad_kinds = [k for k in values["target_position_kinds"] if k not in kinds]
    if bad_kinds:
        raise _refused(
            failed,
            "target_position_kinds",
            _("Unknown position kind: %(kinds)s.") % {"kinds": ", ".join(bad_kinds)},
        )
    if not values["target_positions"] and not values["target_position_kinds"]:
        raise _refused(
            failed,
            "target_positions",
            _("Name at least one position or position kind the scheme is for."),
        )
    if values.get("min_education") and values["min_education"] not in Education.values:
        raise _refused(failed, "min_education", _("Unknown level of education."))
    for key in ("name", "name_en", "description", "requirements", "min_rank", "change_note"):
        values[key] = str(values.get(key) or "").strip()
    values["min_education"] = values.get("min_education") or ""
    years = values.get("validity_years")
    if not isinstance(years, int) or not 1 <= years <= 20:
        raise _refused(failed, "validity_years", _("The validity must be between 1 and 20 years."))
    version = SchemeVersion(scheme=scheme, version=number, created_by=_user(actor), **values)
    validated(version, failed, exclude=["scheme"])
    return version


def _units(version: SchemeVersion, units: list[dict[str, Any]], failed: str) -> list[SchemeUnit]:
    if not units:
        raise _refused(failed, "units", _("A scheme needs at least one competency unit."))
    made: list[SchemeUnit] = []
    seen: set[str] = set()
    for index, unit in enumerate(units, start=1):
        code = str(unit.get("code") or "").strip()
        title = " ".join(str(unit.get("title") or "").split())
        if not code or not title:
            raise _refused(
                failed, "units", _("Unit %(n)s needs a code and a title.") % {"n": index}
            )
        if code.casefold() in seen:
            raise _refused(
                failed, "units", _("The unit code %(code)s appears twice.") % {"code": code}
            )
        seen.add(code.casefold())
        row = SchemeUnit(
            version=version,
            order=index,
            code=code,
            title=title,
            competency_code=str(unit.get("competency_code") or "").strip(),
        )
        validated(row, failed, exclude=["version"])
        made.append(row)
    return made


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def scheme_create(
    *, code: str, version_data: dict[str, Any], units: list[dict[str, Any]], actor: Any
) -> Scheme:
    """A new scheme with its first version and units (national administrator)."""
    _require(actor, Scheme, "add")
    failed = _("The scheme was not created.")
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise _refused(
            failed,
            "code",
            _("The code may hold lower-case letters, digits and hyphens (at most 32), e.g. camat."),
        )
    if Scheme.objects.filter(code=code).exists():
        raise Conflict(
            _("A scheme with the code %(code)s already exists.") % {"code": code},
            errors=[{"field": "code", "message": _("This code is taken.")}],
        )
    scheme = Scheme(code=code)
    version = _version(scheme, 1, version_data, actor, failed)
    rows = _units(version, units, failed)
    with transaction.atomic():
        scheme.save()
        version.scheme = scheme
        version.save()
        for row in rows:
            row.version = version
        SchemeUnit.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="certification.scheme_create",
            target=scheme,
            data={"code": code, "name": version.name, "units": [r.code for r in rows]},
        )
    return scheme


def latest_version(scheme: Scheme) -> SchemeVersion | None:
    return scheme.versions.order_by("-version").first()


def version_values(version: SchemeVersion) -> dict[str, Any]:
    """A version as ``version_data`` (the issuing body as its instance)."""
    values = {f: getattr(version, f) for f in VERSION_FIELDS if f != "change_note"}
    values["change_note"] = ""
    return values


def unit_values(version: SchemeVersion) -> list[dict[str, Any]]:
    return [{f: getattr(u, f) for f in UNIT_FIELDS} for u in version.units.order_by("order")]


def scheme_version_publish(
    *,
    scheme: Scheme,
    version_data: dict[str, Any],
    units: list[dict[str, Any]] | None,
    actor: Any,
) -> SchemeVersion:
    """Version n+1 of ``scheme``: the latest version's content with ``version_data`` over it,
    and ``units`` (None: the latest version's). Refused when nothing changed."""
    _require(actor, Scheme, "change")
    failed = _("The new version was not published.")
    with transaction.atomic():
        locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
        current = latest_version(locked)
        number = (locked.versions.aggregate(n=Max("version"))["n"] or 0) + 1
        base = version_values(current) if current is not None else {}
        data = {**base, **version_data}
        unit_data = units if units is not None else (unit_values(current) if current else [])
        version = _version(locked, number, data, actor, failed)
        rows = _units(version, unit_data, failed)
        if current is not None and _same(current, version, rows):
            raise _refused(
                failed, None, _("Nothing differs from version %(n)s.") % {"n": current.version}
            )
        version.save()
        for row in rows:
            row.version = version
        SchemeUnit.objects.bulk_create(rows)
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="certification.scheme_version_publish",
            target=locked,
            data={
                "code": locked.code,
                "version": number,
                "note": version.change_note,
                "changed": sorted(version_diff(current, version, rows)) if current else [],
            },
        )
    return version


def version_diff(
    old: SchemeVersion, new: SchemeVersion, new_units: list[SchemeUnit] | None = None
) -> dict[str, tuple[Any, Any]]:
    """The fields that differ between two versions: {field: (old, new)}; "units" too."""
    changed: dict[str, tuple[Any, Any]] = {}
    for name in VERSION_FIELDS:
        if name == "change_note":
            continue
        before, after = getattr(old, name), getattr(new, name)
        if name == "issuing_body":
            before, after = old.issuing_body_id, new.issuing_body_id
        if before != after:
            changed[name] = (getattr(old, name), getattr(new, name))
    rows = new_units if new_units is not None else list(new.units.order_by("order"))
    old_units = [(u.code, u.title, u.competency_code) for u in old.units.order_by("order")]
    new_list = [(u.code, u.title, u.competency_code) for u in rows]
    if old_units != new_list:
        changed["units"] = (old_units, new_list)
    return changed


def _same(old: SchemeVersion, new: SchemeVersion, rows: list[SchemeUnit]) -> bool:
    return not version_diff(old, new, rows)


def scheme_set_active(*, scheme: Scheme, is_active: bool, actor: Any) -> Scheme:
    """Open or close a scheme for new batches (batches already made keep running)."""
    _require(actor, Scheme, "change")
    with transaction.atomic():
        scheme.is_active = is_active
        scheme.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="certification.scheme_update",
            target=scheme,
            data={"code": scheme.code, "is_active": is_active},
        )
    return scheme


# --- assessor licences ----------------------------------------------------------------


def licence_grant(
    *,
    assessor: Any,
    scheme: Scheme,
    number: str,
    valid_from: date,
    valid_until: date,
    actor: Any,
) -> AssessorLicence:
    """A licence for ``assessor`` (a user with the assessor role) to assess ``scheme``."""
    _require(actor, AssessorLicence, "add", assessor.institution_id)
    failed = _("The licence was not granted.")
    if assessor.role != Role.ASSESSOR:
        raise _refused(
            failed,
            "assessor",
            _("%(name)s does not have the assessor role.") % {"name": _name(assessor)},
        )
    number = (number or "").strip()
    if AssessorLicence.objects.filter(number=number).exists():
        raise Conflict(
            _("A licence numbered %(number)s already exists.") % {"number": number},
            errors=[{"field": "number", "message": _("This number is taken.")}],
        )
    licence = AssessorLicence(
        assessor=assessor,
        institution_id=assessor.institution_id,
        scheme=scheme,
        number=number,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=_user(actor),
    )
    validated(licence, failed)
    with transaction.atomic():
        licence.save()
        audit_record(
            actor=actor,
            action="certification.licence_grant",
            target=licence,
            data={
                "number": number,
                "assessor": assessor.username,
                "scheme": scheme.code,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
            },
        )
    return licence


def licence_revoke(*, licence: AssessorLicence, reason: str, actor: Any) -> AssessorLicence:
    """End a licence now (with a reason); the batches it served keep their history."""
    _require(actor, AssessorLicence, "change", licence.institution_id)
    failed = _("The licence was not revoked.")
    reason = (reason or "").strip()
    if not reason:
        raise _refused(failed, "reason", _("Give the reason for the revocation."))
    if licence.revoked_at is not None:
        raise Conflict(
            _("The licence %(number)s was already revoked on %(date)s.")
            % {"number": licence.number, "date": format_date(licence.revoked_at)}
        )
    with transaction.atomic():
        licence.revoked_at = timezone.now()
        licence.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="certification.licence_revoke",
            target=licence,
            data={"number": licence.number, "reason": reason[:1000]},
        )
    return licence


def _name(user: Any) -> str:
    return user.get_full_name() or user.username
