"""Which dictionary versions are in force, and the competencies they hold.

In force for an institution: the national dictionary's published version, and the
institution's own published version (its technical competencies). Codes never
collide: the services refuse an institution's code that the national dictionary uses.
"""

from __future__ import annotations

from .models import Competency, Framework, FrameworkVersion, VersionStatus


def national_framework() -> Framework:
    """The national dictionary (shipped by the migrations; there is exactly one)."""
    return Framework.objects.get(owner__isnull=True)


def published_versions(institution_id: int | None) -> list[FrameworkVersion]:
    """The published versions in force for ``institution_id`` (national first)."""
    versions = FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
        "framework__owner"
    )
    if institution_id is None:
        versions = versions.filter(framework__owner__isnull=True)
    else:
        from django.db.models import Q

        versions = versions.filter(
            Q(framework__owner__isnull=True) | Q(framework__owner_id=institution_id)
        )
    return sorted(versions, key=lambda v: (v.framework.owner_id is not None, v.pk))


def current_competencies(institution_id: int | None) -> dict[str, Competency]:
    """Code → the competency row of the version in force, in dictionary order."""
    versions = published_versions(institution_id)
    rows = (
        Competency.objects.filter(version__in=versions)
        .select_related("version__framework")
        .order_by("version__framework__owner_id", "order", "code")
    )
    national = [c for c in rows if c.version.framework.owner_id is None]
    own = [c for c in rows if c.version.framework.owner_id is not None]
    return {c.code: c for c in national + own}


def version_label(version: FrameworkVersion) -> dict[str, object]:
    """How a report names the version it used: ``{"framework", "version"}``."""
    owner = version.framework.owner
    return {"framework": owner.code if owner else "national", "version": version.number}
