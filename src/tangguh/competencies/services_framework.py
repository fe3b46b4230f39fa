"""Writing the dictionaries: a new version is a draft copied from the published one,
edited, then published (the published one becomes superseded).

The national administrator writes the national dictionary (managerial, socio-cultural,
government competency, shared technical entries); an institution's administrator
writes the institution's own technical dictionary, whose codes never collide with the
national ones. Only a draft changes; every competency has its five levels, each with a
description. Each write is audited in its transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import audit_record
from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import Scope, scope_for

from .models import (
    LEVELS,
    Competency,
    CompetencyKind,
    CompetencyLevel,
    Framework,
    FrameworkVersion,
    VersionStatus,
)

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,5}(\.[A-Z0-9]{1,6}){1,3}$")
MAX_INDICATORS = 10
MAX_TEXT = 4000


def _field_error(name: str, message: Any, code: str = "invalid") -> DomainError:
    return DomainError(message, errors=[{"field": name, "message": str(message)}], code=code)


@dataclass
class LevelInput:
    level: int
    description: str
    description_en: str = ""
    indicators: list[str] = field(default_factory=list)
    indicators_en: list[str] = field(default_factory=list)


@dataclass
class CompetencyInput:
    code: str
    kind: str
    name: str
    name_en: str = ""
    definition: str = ""
    definition_en: str = ""
    levels: list[LevelInput] = field(default_factory=list)


def may_write(actor: Any, framework: Framework | None, institution_id: int | None) -> bool:
    """Whether ``actor`` writes the dictionary of ``institution_id`` (None: national)."""
    if framework is not None:
        return Framework.objects.restrict(actor, "change").filter(pk=framework.pk).exists()
    # No dictionary yet: would the actor's scope hold one owned by that institution?
    scope = scope_for(actor, Framework, "add")
    if scope == Scope.ALL:
        return True
    if scope == Scope.INSTITUTION:
        return institution_id is not None and institution_id == getattr(
            actor, "institution_id", None
        )
    return False


def _check_writer(actor: Any, version: FrameworkVersion) -> None:
    if actor is not None and not may_write(actor, version.framework, version.framework.owner_id):
        raise PermissionDenied


def _check_draft(version: FrameworkVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise DomainError(
            _("Only a draft changes. Start a new version to edit this dictionary."),
            code="not_draft",
        )


def _clean_lines(values: list[str]) -> list[str]:
    return [" ".join(str(v).split()) for v in values if str(v).strip()]


def _check_input(data: CompetencyInput, version: FrameworkVersion, *, editing: Competency | None):
    """Refuse what no dictionary may hold; returns nothing, raises DomainError."""
    national = version.framework.owner_id is None
    if editing is None:
        data.code = (data.code or "").strip().upper()
        if not CODE_RE.match(data.code):
            raise _field_error(
                "code",
                _(
                    "A code is letters and digits in parts separated by dots, "
                    "starting with a capital letter (for example T.35.01)."
                ),
            )
        if version.competencies.filter(code=data.code).exists():
            raise _field_error(
                "code", _("This version already has a competency with this code."), "duplicate"
            )
        if national:
            taken = Competency.objects.filter(
                code=data.code, version__framework__owner__isnull=False
            ).exists()
            if taken:
                raise _field_error(
                    "code",
                    _("An institution's technical dictionary uses this code: choose another."),
                    "duplicate",
                )
        else:
            taken = Competency.objects.filter(
                code=data.code, version__framework__owner__isnull=True
            ).exists()
            if taken:
                raise _field_error(
                    "code",
                    _("The national dictionary uses this code: choose another."),
                    "duplicate",
                )
    if data.kind not in CompetencyKind.values:
        raise _field_error("kind", _("Choose the kind of competency."))
    if not national and data.kind != CompetencyKind.TECHNICAL:
        raise _field_error(
            "kind", _("An institution's own dictionary holds technical competencies only.")
        )
    if editing is not None and data.kind != editing.kind and not national:
        raise _field_error(
            "kind", _("An institution's own dictionary holds technical competencies only.")
        )
    data.name = " ".join((data.name or "").split())
    data.name_en = " ".join((data.name_en or "").split())
    if not data.name:
        raise _field_error("name", _("Give the competency's name."))
    if len(data.name) > 200 or len(data.name_en) > 200:
        raise _field_error("name", _("At most %(limit)s characters.") % {"limit": 200})
    data.definition = (data.definition or "").strip()
    data.definition_en = (data.definition_en or "").strip()
    if not data.definition:
        raise _field_error("definition", _("Give the competency's definition."))
    for name in ("definition", "definition_en"):
        if len(getattr(data, name)) > MAX_TEXT:
            raise _field_error(name, _("At most %(limit)s characters.") % {"limit": MAX_TEXT})
    by_level = {lv.level: lv for lv in data.levels}
    if sorted(by_level) != list(LEVELS) or len(data.levels) != len(LEVELS):
        raise _field_error("levels", _("A competency has five levels, 1 to 5, each described."))
    for lv in data.levels:
        lv.description = (lv.description or "").strip()
        lv.description_en = (lv.description_en or "").strip()
        lv.indicators = _clean_lines(lv.indicators)
        lv.indicators_en = _clean_lines(lv.indicators_en)
        if not lv.description:
            raise _field_error(
                f"level_{lv.level}_description",
                _("Describe level %(level)s.") % {"level": lv.level},
            )
        if len(lv.description) > MAX_TEXT or len(lv.description_en) > MAX_TEXT:
            raise _field_error(
                f"level_{lv.level}_description",
                _("At most %(limit)s characters.") % {"limit": MAX_TEXT},
            )
        for name in ("indicators", "indicators_en"):
            lines = getattr(lv, name)
            if len(lines) > MAX_INDICATORS or any(len(line) > 500 for line in lines):
                raise _field_error(
                    f"level_{lv.level}_{name}",
                    _("At most %(count)s behaviour indicators of 500 characters each.")
                    % {"count": MAX_INDICATORS},
                )


def _framework_for(institution: Any) -> Framework:
    if institution is None:
        return Framework.objects.get(owner__isnull=True)
    framework, _created = Framework.objects.get_or_create(owner=institution)
    return framework


@transaction.atomic
def draft_start(*, institution: Any, note: str = "", actor: Any) -> FrameworkVersion:
    """A draft of the next version of ``institution``'s dictionary (None: the national
    one), holding a copy of the published version's competencies and levels."""
    owner_id = getattr(institution, "pk", None)
    existing = (
        Framework.objects.filter(owner__isnull=True).first()
        if institution is None
        else Framework.objects.filter(owner=institution).first()
    )
    if actor is not None and not may_write(actor, existing, owner_id):
        raise PermissionDenied
    framework = existing or _framework_for(institution)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.versions.filter(status=VersionStatus.DRAFT).exists():
        raise DomainError(
            _("This dictionary already has a draft: continue it or publish it first."),
            code="draft_exists",
        )
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise _field_error("note", _("At most %(limit)s characters.") % {"limit": MAX_TEXT})
    number = (framework.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    user = actor if getattr(actor, "is_authenticated", False) else None
    draft = FrameworkVersion.objects.create(
        framework=framework, number=number, note=note, created_by=user
    )
    published = framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    copied = 0
    if published is not None:
        for old in published.competencies.prefetch_related("levels"):
            new = Competency.objects.create(
                version=draft,
                code=old.code,
                kind=old.kind,
                name=old.name,
                name_en=old.name_en,
                definition=old.definition,
                definition_en=old.definition_en,
                is_product_summary=old.is_product_summary,
                order=old.order,
            )
            CompetencyLevel.objects.bulk_create(
                CompetencyLevel(
                    competency=new,
                    level=lv.level,
                    description=lv.description,
                    description_en=lv.description_en,
                    indicators=list(lv.indicators),
                    indicators_en=list(lv.indicators_en),
                )
                for lv in old.levels.all()
            )
            copied += 1
    audit_record(
        actor=actor,
        action="competencies.draft_start",
        target=draft,
        institution=institution,
        data={
            "framework": institution.code if institution is not None else "national",
            "version": number,
            "from_version": published.number if published else None,
            "competencies": copied,
        },
    )
    return draft


def _write_levels(competency: Competency, levels: list[LevelInput]) -> None:
    competency.levels.all().delete()
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(
            competency=competency,
            level=lv.level,
            description=lv.description,
            description_en=lv.description_en,
            indicators=lv.indicators,
            indicators_en=lv.indicators_en,
        )
        for lv in sorted(levels, key=lambda x: x.level)
    )


@transaction.atomic
def competency_add(*, version: FrameworkVersion, data: CompetencyInput, actor: Any) -> Competency:
    """A new competency in a draft, with its five levels."""
    version = (
        FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    )
    _check_writer(actor, version)
    _check_draft(version)
    _check_input(data, version, editing=None)
    order = (version.competencies.aggregate(m=Max("order"))["m"] or 0) + 1
    competency = Competency(
        version=version,
        code=data.code,
        kind=data.kind,
        name=data.name,
        name_en=data.name_en,
        definition=data.definition,
        definition_en=data.definition_en,
        is_product_summary=False,
        order=order,
    )
    try:
        competency.full_clean(exclude=["version"])
        with transaction.atomic():
            competency.save()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    except IntegrityError:
        raise _field_error(
            "code", _("This version already has a competency with this code."), "duplicate"
        ) from None
    _write_levels(competency, data.levels)
    audit_record(
        actor=actor,
        action="competencies.competency_add",
        target=competency,
        institution=version.framework.owner,
        data={"code": competency.code, "kind": competency.kind, "version": version.number},
    )
    return competency


@transaction.atomic
def competency_edit(*, competency: Competency, data: CompetencyInput, actor: Any) -> Competency:
    """New texts for a draft's competency (its code stays: it names it across versions).

    Edited texts are no longer Tangguh's own summary: the mark is cleared."""
    version = (
        FrameworkVersion.objects.select_for_update()
        .select_related("framework")
        .get(pk=competency.version_id)
    )
    _check_writer(actor, version)
    _check_draft(version)
    competency = Competency.objects.get(pk=competency.pk)
    data.code = competency.code
    _check_input(data, version, editing=competency)
    before_name, before_definition = competency.name, competency.definition
    before_levels = {lv.level: lv.description for lv in competency.levels.all()}
    competency.kind = data.kind
    competency.name = data.name
    competency.name_en = data.name_en
    competency.definition = data.definition
    competency.definition_en = data.definition_en
    competency.is_product_summary = False
    try:
        competency.full_clean(exclude=["version"], validate_unique=False)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    competency.save()
    _write_levels(competency, data.levels)
    changed_levels = [
        lv.level for lv in data.levels if before_levels.get(lv.level) != lv.description
    ]
    audit_record(
        actor=actor,
        action="competencies.competency_edit",
        target=competency,
        institution=version.framework.owner,
        data={
            "code": competency.code,
            "version": version.number,
            "name_changed": before_name != competency.name,
            "definition_changed": before_definition != competency.definition,
            "levels_changed": changed_levels,
        },
    )
    return competency


@transaction.atomic
def version_publish(*, version: FrameworkVersion, note: str = "", actor: Any) -> FrameworkVersion:
    """Publish a draft: it is in force from now; the version it replaces is superseded
    (standards and assessments made against it keep naming it)."""
    version = (
        FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    )
    _check_writer(actor, version)
    _check_draft(version)
    competencies = list(version.competencies.prefetch_related("levels"))
    if not competencies:
        raise DomainError(
            _("A version needs at least one competency before it is published."), code="empty"
        )
    for c in competencies:
        levels = sorted(lv.level for lv in c.levels.all() if lv.description.strip())
        if levels != list(LEVELS):
            raise DomainError(
                _("%(code)s does not describe its five levels yet.") % {"code": c.code},
                code="incomplete",
            )
    note = (note or "").strip() or version.note
    if len(note) > MAX_TEXT:
        raise _field_error("note", _("At most %(limit)s characters.") % {"limit": MAX_TEXT})
    previous = version.framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.note = note
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save(update_fields=["status", "note", "published_at", "published_by"])
    audit_record(
        actor=actor,
        action="competencies.version_publish",
        target=version,
        institution=version.framework.owner,
        data={
            "framework": version.framework.owner.code if version.framework.owner else "national",
            "version": version.number,
            "superseded": previous.number if previous else None,
            "competencies": len(competencies),
        },
    )
    return version
