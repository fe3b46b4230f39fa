"""The dictionaries' API: every signed-in role reads the competencies in force, the
versions and one version's competencies; an unknown institution or version is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.competencies.models import FrameworkVersion, VersionStatus
from tangguh.competencies.services_framework import competency_add, draft_start, version_publish
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.competencies.test_framework_permissions import competency_input, national_published
from tests.permissions import LoginRequiredSuite, client_for, make_user


class TestCompetencyListAPI(LoginRequiredSuite):
    url_name = "api:competencies-list"
    is_api = True


class TestVersionListAPI(LoginRequiredSuite):
    url_name = "api:competencies-version-list"
    is_api = True


class TestVersionDetailAPI(LoginRequiredSuite):
    url_name = "api:competencies-version-detail"
    is_api = True

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": national_published().pk}


def publish_own() -> FrameworkVersion:
    surabaya = Institution.objects.get(code="35.78")
    draft = draft_start(institution=surabaya, actor=None)
    competency_add(version=draft, data=competency_input("T.35.01"), actor=None)
    return version_publish(version=draft, actor=None)


@pytest.mark.django_db
def test_the_competencies_in_force_name_their_version_and_five_levels() -> None:
    publish_own()
    client = client_for(make_user(Role.CIVIL_SERVANT))
    rows = client.get(reverse("api:competencies-list")).json()
    assert [r["code"] for r in rows][-1] == "T.35.01"
    m01 = rows[0]
    assert m01["code"] == "M.01" and m01["is_product_summary"] is True
    assert m01["version"] == {"framework": "national", "version": 1}
    assert [lv["level"] for lv in m01["levels"]] == [1, 2, 3, 4, 5]
    assert len(m01["levels"][0]["indicators"]) >= 3
    sleman = client_for(make_user(Role.OPERATOR, "34.04"))
    codes = [r["code"] for r in sleman.get(reverse("api:competencies-list")).json()]
    assert "T.35.01" not in codes and len(codes) == 10
    asked = sleman.get(reverse("api:competencies-list"), {"institution": "35.78"}).json()
    assert asked[-1]["version"] == {"framework": "35.78", "version": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99.99", "x" * 300, "\x00"])
def test_an_unknown_institution_is_a_400(value: str) -> None:
    client = client_for(make_user(Role.OPERATOR))
    response = client.get(reverse("api:competencies-list"), {"institution": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "institution"


@pytest.mark.django_db
def test_versions_and_one_version() -> None:
    own = publish_own()
    draft_start(institution=None, actor=None)
    client = client_for(make_user(Role.AUDITOR, "34.04"))
    rows = client.get(reverse("api:competencies-version-list")).json()
    pairs = {(r["framework"], r["number"], r["status"]) for r in rows}
    assert {
        ("national", 1, "published"),
        ("national", 2, "draft"),
        ("35.78", 1, "published"),
    } <= pairs
    body = client.get(reverse("api:competencies-version-detail", kwargs={"pk": own.pk})).json()
    assert body["status"] == VersionStatus.PUBLISHED and body["competencies"] == 1
    assert body["items"][0]["code"] == "T.35.01"
    assert body["items"][0]["version"] == {"framework": "35.78", "version": 1}
    missing = client.get(reverse("api:competencies-version-detail", kwargs={"pk": 10**9}))
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    anonymous = Client().get(reverse("api:competencies-version-detail", kwargs={"pk": own.pk}))
    assert anonymous.status_code in (401, 403)
