"""Installs the shipped national dictionary, methods and default standards
(``dictionary_data``); called by migration 0002 with the historical models."""

from __future__ import annotations

from typing import Any

from . import dictionary_data as data


def install(apps: Any) -> None:
    Framework = apps.get_model("competencies", "Framework")
    FrameworkVersion = apps.get_model("competencies", "FrameworkVersion")
    Competency = apps.get_model("competencies", "Competency")
    CompetencyLevel = apps.get_model("competencies", "CompetencyLevel")
    AssessmentMethod = apps.get_model("competencies", "AssessmentMethod")
    StandardItem = apps.get_model("competencies", "StandardItem")
    from django.utils import timezone

    framework = Framework.objects.create(owner=None)
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        status="published",
        note="Kamus nasional yang dikirim bersama Tangguh.",
        published_at=timezone.now(),
    )
    rows = {}
    for entry in data.COMPETENCIES:
        competency = Competency.objects.create(
            version=version,
            code=entry["code"],
            kind=entry["kind"],
            name=entry["name"],
            name_en=entry["name_en"],
            definition=entry["definition"],
            definition_en=entry["definition_en"],
            is_product_summary=True,
            order=entry["order"],
        )
        rows[competency.code] = competency
        CompetencyLevel.objects.bulk_create(
            CompetencyLevel(competency=competency, **level) for level in entry["levels"]
        )
    for order, (code, name, name_en, rank, months, is_self) in enumerate(data.METHODS):
        AssessmentMethod.objects.create(
            code=code,
            name=name,
            name_en=name_en,
            rank=rank,
            valid_months=months,
            is_self=is_self,
            order=order + 1,
        )
    StandardItem.objects.bulk_create(
        StandardItem(
            institution=None,
            tier=tier,
            competency=rows[code],
            code=code,
            required_level=level,
        )
        for tier, level in data.TIER_LEVELS.items()
        for code in data.DEFAULT_CODES
    )


def uninstall(apps: Any) -> None:
    for name in (
        "StandardItem",
        "AssessmentMethod",
        "CompetencyLevel",
        "Competency",
        "FrameworkVersion",
        "Framework",
    ):
        apps.get_model("competencies", name).objects.all().delete()
