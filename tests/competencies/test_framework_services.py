"""The dictionaries' services: a new version is a draft copied from the published one,
edited and published; the rules refuse what no dictionary may hold, and a refusal
changes nothing."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tangguh.competencies import dictionary_data
from tangguh.competencies.frameworks import current_competencies, version_label
from tangguh.competencies.models import (
    Competency,
    CompetencyLevel,
    FrameworkVersion,
    StandardItem,
    VersionStatus,
)
from tangguh.competencies.services_framework import (
    competency_add,
    competency_edit,
    draft_start,
    version_publish,
)
from tangguh.core.exceptions import DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.competencies.factories import AssessmentFactory, competency
from tests.competencies.test_framework_permissions import competency_input
from tests.permissions import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The services' sentences are matched in English (the pages test the Indonesian)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def surabaya() -> Institution:
    return Institution.objects.get(code="35.78")


def national_admin() -> Any:
    return make_user(Role.NATIONAL_ADMIN)


def snapshot() -> Any:
    return (
        list(FrameworkVersion.objects.order_by("pk").values_list("pk", "status", "number")),
        list(Competency.objects.order_by("pk").values_list("pk", "code", "name", "kind")),
        list(CompetencyLevel.objects.order_by("pk").values_list("pk", "description")),
    )


# --- the shipped texts --------------------------------------------------------------------


def test_every_shipped_entry_has_real_texts_in_both_languages() -> None:
    codes = [c["code"] for c in dictionary_data.COMPETENCIES]
    assert codes == [*(f"M.0{i}" for i in range(1, 9)), "S.01", "P.01"]
    for entry in dictionary_data.COMPETENCIES:
        assert entry["definition"] and entry["definition_en"]
        levels = entry["levels"]
        assert [lv["level"] for lv in levels] == [1, 2, 3, 4, 5]
        descriptions = {lv["description"] for lv in levels}
        assert len(descriptions) == 5, f"{entry['code']}: five different level texts"
        for lv in levels:
            assert lv["description_en"]
            assert 3 <= len(lv["indicators"]) <= 5
            assert len(lv["indicators_en"]) == len(lv["indicators"])
    # Each entry speaks of its own competency, not one template for all.
    assert len({e["levels"][0]["description"] for e in dictionary_data.COMPETENCIES}) == 10


def test_the_migration_installed_them_marked_as_tangguhs_summary() -> None:
    m05 = competency("M.05")
    assert m05.is_product_summary
    assert m05.definition == dictionary_data.COMPETENCIES[4]["definition"]
    level = m05.levels.get(level=3)
    assert level.indicators == dictionary_data.COMPETENCIES[4]["levels"][2]["indicators"]


# --- a national version, start to finish --------------------------------------------------


def test_publishing_a_national_version_supersedes_the_old_and_keeps_what_named_it() -> None:
    admin = national_admin()
    old = FrameworkVersion.objects.get(framework__owner__isnull=True, status="published")
    old_m05 = competency("M.05")
    standard = StandardItem.objects.filter(code="M.05", institution__isnull=True).first()
    assert standard is not None and standard.competency_id == old_m05.pk
    assessment = AssessmentFactory(competency=old_m05, code="M.05")

    draft = draft_start(institution=None, note="Pembaruan M.05", actor=admin)
    assert (draft.number, draft.status) == (old.number + 1, VersionStatus.DRAFT)
    assert draft.competencies.count() == 10
    assert CompetencyLevel.objects.filter(competency__version=draft).count() == 50
    # The draft is not in force yet.
    assert current_competencies(None)["M.05"].pk == old_m05.pk

    data = competency_input("M.05", kind="managerial", name="Pelayanan Publik")
    data.levels[2].description = "Menata ulang layanan unitnya dari keluhan masyarakat."
    edited = competency_edit(competency=draft.competencies.get(code="M.05"), data=data, actor=admin)
    assert not edited.is_product_summary
    version_publish(version=draft, note="", actor=admin)

    old.refresh_from_db()
    draft.refresh_from_db()
    assert old.status == VersionStatus.SUPERSEDED
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == admin
    in_force = current_competencies(None)["M.05"]
    assert in_force.version_id == draft.pk
    assert in_force.levels.get(level=3).description.startswith("Menata ulang")
    # What was made against version 1 still names version 1, with its old text.
    standard.refresh_from_db()
    assessment.refresh_from_db()
    assert version_label(standard.competency.version) == {"framework": "national", "version": 1}
    assert assessment.competency.version_id == old.pk
    assert old_m05.levels.get(level=3).description != in_force.levels.get(level=3).description
    actions = set(
        AuditEntry.objects.filter(action__startswith="competencies.").values_list(
            "action", flat=True
        )
    )
    assert {
        "competencies.draft_start",
        "competencies.competency_edit",
        "competencies.version_publish",
    } <= actions


def test_one_draft_at_a_time() -> None:
    admin = national_admin()
    draft_start(institution=None, actor=admin)
    before = snapshot()
    with pytest.raises(DomainError, match="already has a draft"):
        draft_start(institution=None, actor=admin)
    assert snapshot() == before


def test_a_published_version_never_changes() -> None:
    admin = national_admin()
    m01 = competency("M.01")
    before = snapshot()
    with pytest.raises(DomainError, match="Only a draft changes"):
        competency_edit(competency=m01, data=competency_input("M.01", "managerial"), actor=admin)
    with pytest.raises(DomainError):
        version_publish(version=m01.version, actor=admin)
    assert snapshot() == before


# --- an institution's technical dictionary ------------------------------------------------


def test_an_institution_writes_its_own_technical_dictionary() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=admin)
    assert draft.number == 1 and draft.competencies.count() == 0
    competency_add(version=draft, data=competency_input("T.35.01"), actor=admin)
    version_publish(version=draft, note="Pertama", actor=admin)
    assert "T.35.01" in current_competencies(surabaya().pk)
    assert "T.35.01" not in current_competencies(None)
    sleman = Institution.objects.get(code="34.04")
    assert "T.35.01" not in current_competencies(sleman.pk)


@pytest.mark.parametrize(
    ("code", "kind", "field"),
    [
        ("M.01", "technical", "code"),  # a national code
        ("P.01", "technical", "code"),
        ("T.35.02", "managerial", "kind"),  # an institution writes technical only
        ("t 35", "technical", "code"),  # not a code
        ("", "technical", "code"),
    ],
)
def test_an_institution_cannot_write_what_its_dictionary_may_not_hold(
    code: str, kind: str, field: str
) -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=admin)
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        competency_add(version=draft, data=competency_input(code, kind), actor=admin)
    assert caught.value.errors[0]["field"] == field
    assert snapshot() == before


def test_the_national_dictionary_cannot_take_an_institutions_code() -> None:
    own = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=own)
    competency_add(version=draft, data=competency_input("T.35.01"), actor=own)
    national = draft_start(institution=None, actor=national_admin())
    before = snapshot()
    with pytest.raises(DomainError, match="institution's technical dictionary uses this code"):
        competency_add(version=national, data=competency_input("T.35.01"), actor=national_admin())
    assert snapshot() == before


def test_five_levels_each_described() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=admin)
    before = snapshot()
    four = competency_input("T.35.01")
    four.levels = four.levels[:4]
    with pytest.raises(DomainError, match="five levels"):
        competency_add(version=draft, data=four, actor=admin)
    blank = competency_input("T.35.01")
    blank.levels[4].description = "  "
    with pytest.raises(DomainError, match="Describe level 5"):
        competency_add(version=draft, data=blank, actor=admin)
    with pytest.raises(DomainError, match="at least one competency"):
        version_publish(version=draft, actor=admin)
    assert snapshot() == before


def test_writers_outside_their_scope_are_refused() -> None:
    national = draft_start(institution=None, actor=None)
    own = draft_start(institution=surabaya(), actor=None)
    before = snapshot()
    for user, version in (
        (make_user(Role.INSTITUTION_ADMIN), national),  # not the national dictionary
        (make_user(Role.INSTITUTION_ADMIN, "34.04"), own),  # another institution's
        (make_user(Role.INSTITUTION_ADMIN, "35"), own),  # the province over it
        (make_user(Role.OPERATOR), own),
        (make_user(Role.CIVIL_SERVANT), own),
    ):
        with pytest.raises(PermissionDenied):
            competency_add(version=version, data=competency_input("T.35.09"), actor=user)
        with pytest.raises(PermissionDenied):
            version_publish(version=version, actor=user)
    with pytest.raises(PermissionDenied):
        draft_start(institution=surabaya(), actor=make_user(Role.INSTITUTION_ADMIN, "34.04"))
    with pytest.raises(PermissionDenied):
        draft_start(institution=None, actor=make_user(Role.INSTITUTION_ADMIN))
    assert snapshot() == before


# --- pages ---------------------------------------------------------------------------------


def test_the_competency_page_shows_five_levels_in_the_readers_language() -> None:
    client = Client()
    client.force_login(make_user(Role.CIVIL_SERVANT))
    m01 = competency("M.01")
    url = reverse("competencies:competency", kwargs={"pk": m01.version_id, "code": "M.01"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    for lv in m01.levels.all():
        assert lv.description in page
        assert lv.indicators[0] in page
    assert "PermenPANRB 38/2017" in page or "38/2017" in page


def test_a_refused_edit_on_the_page_says_why_and_saves_nothing() -> None:
    from tests.competencies.test_framework_permissions import form_data

    admin = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=admin)
    client = Client()
    client.force_login(admin)
    before = snapshot()
    response = client.post(
        reverse("competencies:competency_add", kwargs={"pk": draft.pk}),
        form_data("M.03"),
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert "dipakai kamus kompetensi nasional" in response.content.decode()
    assert snapshot() == before


# --- command line ----------------------------------------------------------------------------


def test_list_json_gives_code_name_kind_and_levels() -> None:
    out = StringIO()
    call_command("competencies", "list", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows][:3] == ["M.01", "M.02", "M.03"]
    assert len(rows) == 10
    assert set(rows[0]) == {"code", "name", "kind", "levels"}
    assert [lv["level"] for lv in rows[0]["levels"]] == [1, 2, 3, 4, 5]
    assert rows[0]["levels"][0]["description"] == competency("M.01").levels.get(level=1).description
    assert rows[9]["kind"] == "government"


def test_list_with_an_institution_adds_its_own_dictionary() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    draft = draft_start(institution=surabaya(), actor=admin)
    competency_add(version=draft, data=competency_input("T.35.01"), actor=admin)
    version_publish(version=draft, actor=admin)
    out = StringIO()
    call_command("competencies", "list", "--json", "--institution", "35.78", stdout=out)
    codes = [r["code"] for r in json.loads(out.getvalue())]
    assert codes[-1] == "T.35.01" and len(codes) == 11
    out = StringIO()
    call_command("competencies", "list", "--json", "--institution", "34.04", stdout=out)
    assert "T.35.01" not in out.getvalue()
    out = StringIO()
    call_command("competencies", "list", stdout=out)
    assert "national v1" in out.getvalue() and "M.08" in out.getvalue()
    with pytest.raises(CommandError, match=r"99\.99"):
        call_command("competencies", "list", "--institution", "99.99")


def test_an_english_reader_gets_the_english_texts() -> None:
    client = Client()
    client.force_login(make_user(Role.OPERATOR))
    m08 = competency("M.08")
    url = reverse("competencies:competency", kwargs={"pk": m08.version_id, "code": "M.08"})
    client.cookies["django_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    level = m08.levels.get(level=4)
    assert m08.name_en in page and level.description_en in page
    assert level.indicators_en[0] in page and level.description not in page
