"""Who opens and writes the dictionaries: every signed-in role reads them; the national
administrator writes the national one; an institution's administrator its own."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tangguh.competencies.models import (
    Competency,
    CompetencyLevel,
    FrameworkVersion,
    VersionStatus,
)
from tangguh.competencies.services_framework import draft_start
from tangguh.core.roles import Role
from tests.competencies.factories import competency
from tests.permissions import (
    OTHER_CODE,
    LoginRequiredSuite,
    WritePermissionSuite,
    make_user,
)


def national_published() -> FrameworkVersion:
    return FrameworkVersion.objects.get(
        framework__owner__isnull=True, status=VersionStatus.PUBLISHED
    )


def national_draft() -> FrameworkVersion:
    return draft_start(institution=None, actor=None)


def own_draft(institution: Any) -> FrameworkVersion:
    return draft_start(institution=institution, actor=None)


def own_draft_with_entry(institution: Any) -> FrameworkVersion:
    from tangguh.competencies.services_framework import competency_add

    draft = own_draft(institution)
    competency_add(version=draft, data=competency_input("T.35.01"), actor=None)
    return draft


def competency_input(code: str, kind: str = "technical", name: str = "Pengelolaan Arsip"):  # type: ignore[no-untyped-def]
    from tangguh.competencies.services_framework import CompetencyInput, LevelInput

    return CompetencyInput(
        code=code,
        kind=kind,
        name=name,
        name_en="Records management",
        definition="Mengelola arsip dinamis sesuai ketentuan.",
        levels=[
            LevelInput(level=n, description=f"Tingkat {n}.", indicators=[f"Indikator {n}"])
            for n in range(1, 6)
        ],
    )


def form_data(code: str = "T.35.01", kind: str = "technical", **extra: str) -> dict[str, str]:
    data = {
        "code": code,
        "kind": kind,
        "name": "Pengelolaan Arsip",
        "name_en": "Records management",
        "definition": "Mengelola arsip dinamis sesuai ketentuan.",
        "definition_en": "Manages active records by the rules.",
    }
    for n in range(1, 6):
        data[f"level_{n}_description"] = f"Tingkat {n}: menerapkan pada lingkup {n}."
        data[f"level_{n}_indicators"] = f"Indikator satu {n}\nIndikator dua {n}"
    data.update(extra)
    return data


# --- reading -----------------------------------------------------------------------------


class TestFramework(LoginRequiredSuite):
    url_name = "competencies:framework"


class TestVersion(LoginRequiredSuite):
    url_name = "competencies:version"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": national_published().pk}


class TestCompetency(LoginRequiredSuite):
    url_name = "competencies:competency"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": national_published().pk, "code": "M.05"}


# --- the national dictionary: the national administrator only -------------------------


class _NationalWrite(WritePermissionSuite):
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.OPERATOR
    ok_status = (302,)

    def test_an_institution_administrator_is_refused_and_nothing_changes(self) -> None:
        """It writes its own dictionary, never the national one."""
        self._refused(make_user(Role.INSTITUTION_ADMIN), (403, 404))

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator writes it: an operator elsewhere is refused."""
        self._refused(make_user(Role.OPERATOR, OTHER_CODE), (403,))

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))


class TestNationalDraftStart(_NationalWrite):
    url_name = "competencies:draft_start"
    data = {"dictionary": "national", "note": "Pembaruan"}

    def state(self, obj: Any) -> Any:
        return list(
            FrameworkVersion.objects.filter(framework__owner__isnull=True).values_list(
                "number", "status"
            )
        )

    def location(self, obj: Any) -> str:
        draft = FrameworkVersion.objects.get(framework__owner__isnull=True, status="draft")
        return reverse("competencies:version", kwargs={"pk": draft.pk})


class TestNationalCompetencyEdit(_NationalWrite):
    url_name = "competencies:competency_edit"
    data = form_data("M.05", "managerial", level_3_description="Teks baru tingkat 3.")

    def make_object(self, institution: Any) -> Any:
        return national_draft()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk, "code": "M.05"}

    def state(self, obj: Any) -> Any:
        return CompetencyLevel.objects.get(
            competency__version=obj, competency__code="M.05", level=3
        ).description

    def location(self, obj: Any) -> str:
        return reverse("competencies:competency", kwargs={"pk": obj.pk, "code": "M.05"})


class TestNationalPublish(_NationalWrite):
    url_name = "competencies:version_publish"
    data = {"note": "Teks tingkat diperbarui"}

    def make_object(self, institution: Any) -> Any:
        return national_draft()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return list(
            FrameworkVersion.objects.filter(framework__owner__isnull=True)
            .order_by("number")
            .values_list("number", "status")
        )

    def location(self, obj: Any) -> str:
        return reverse("competencies:version", kwargs={"pk": obj.pk})


# --- an institution's technical dictionary: its administrator ---------------------------


class TestOwnDraftStart(WritePermissionSuite):
    url_name = "competencies:draft_start"
    data = {"dictionary": "35.78"}
    ok_status = (302,)

    def state(self, obj: Any) -> Any:
        return list(
            FrameworkVersion.objects.filter(framework__owner__code="35.78").values_list(
                "number", "status"
            )
        )

    def location(self, obj: Any) -> str:
        draft = FrameworkVersion.objects.get(framework__owner__code="35.78", status="draft")
        return reverse("competencies:version", kwargs={"pk": draft.pk})


class TestOwnCompetencyAdd(WritePermissionSuite):
    url_name = "competencies:competency_add"
    data = form_data()
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return own_draft(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return list(Competency.objects.filter(version=obj).values_list("code", "name", "kind"))

    def location(self, obj: Any) -> str:
        return reverse("competencies:version", kwargs={"pk": obj.pk})


class TestOwnCompetencyEdit(WritePermissionSuite):
    url_name = "competencies:competency_edit"
    data = form_data(name="Pengelolaan Arsip Dinamis")
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return own_draft_with_entry(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk, "code": "T.35.01"}

    def state(self, obj: Any) -> Any:
        return Competency.objects.get(version=obj, code="T.35.01").name

    def location(self, obj: Any) -> str:
        return reverse("competencies:competency", kwargs={"pk": obj.pk, "code": "T.35.01"})


class TestOwnPublish(WritePermissionSuite):
    url_name = "competencies:version_publish"
    data = {"note": "Kamus teknis pertama"}
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return own_draft_with_entry(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return FrameworkVersion.objects.get(pk=obj.pk).status

    def location(self, obj: Any) -> str:
        return reverse("competencies:version", kwargs={"pk": obj.pk})


def test_the_shipped_entries_are_marked_as_tangguhs_summary(db: Any) -> None:
    assert competency("M.01").is_product_summary
