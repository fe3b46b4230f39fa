"""Position standards: setting a tier's defaults and a position's own items, the resolved
standard the pages show, and who may write which."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tangguh.competencies.models import StandardItem
from tangguh.competencies.services_standards import position_standard_set, tier_standard_set
from tangguh.competencies.standards import required_for
from tangguh.core.audit import AuditEntry
from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tests.competencies.factories import AdministratorPositionFactory, TechnicalCompetencyFactory
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    """The sentences are checked in their source language (pages: in Indonesian)."""
    with translation.override("en"):
        yield


def surabaya() -> Institution:
    return Institution.objects.get(code="35.78")


def levels(position: Any) -> dict[str, tuple[int, str]]:
    return {code: (r.level, r.source) for code, r in required_for(position).items()}


def test_a_position_requires_its_tier_then_the_institution_then_its_own() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    position = AdministratorPositionFactory(name="Camat Tegalsari")
    assert levels(position)["M.01"] == (3, "national")
    assert "P.01" not in levels(position)

    tier_standard_set(tier="administrator", institution=surabaya(), levels={"M.01": 4}, actor=admin)
    position_standard_set(position=position, levels={"P.01": 3, "M.02": 2}, actor=admin)

    got = levels(position)
    assert got["M.01"] == (4, "institution")
    assert got["P.01"] == (3, "position")
    assert got["M.02"] == (2, "position")
    assert got["M.03"] == (3, "national")
    # An empty level removes the own item: back to the default.
    position_standard_set(position=position, levels={"M.02": None}, actor=admin)
    assert levels(position)["M.02"] == (3, "national")
    entries = AuditEntry.objects.filter(action="competencies.standard_position_set")
    assert entries.count() == 2
    assert entries.order_by("pk").first().data["levels"] == {  # type: ignore[union-attr]
        "P.01": [None, 3],
        "M.02": [None, 2],
    }


def test_nothing_to_change_writes_no_audit() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    position = AdministratorPositionFactory()
    position_standard_set(position=position, levels={"P.01": 2}, actor=admin)
    assert position_standard_set(position=position, levels={"P.01": 2}, actor=admin) == {}
    assert AuditEntry.objects.filter(action="competencies.standard_position_set").count() == 1


@pytest.mark.parametrize(
    ("levels_in", "sentence"),
    [({"X.99": 3}, "is not a competency in force"), ({"M.01": 6}, "is not a level")],
)
def test_an_unknown_code_or_a_level_outside_1_to_5_is_refused(
    levels_in: dict[str, int], sentence: str
) -> None:
    position = AdministratorPositionFactory()
    with pytest.raises(DomainError, match=sentence):
        position_standard_set(
            position=position, levels=levels_in, actor=make_user(Role.INSTITUTION_ADMIN)
        )
    assert not StandardItem.objects.filter(position=position).exists()


def test_only_the_national_administrator_writes_the_national_defaults() -> None:
    before = StandardItem.objects.get(institution__isnull=True, tier="pelaksana", code="M.01")
    for role in (Role.INSTITUTION_ADMIN, Role.OPERATOR):
        with pytest.raises(PermissionDenied):
            tier_standard_set(
                tier="pelaksana", institution=None, levels={"M.01": 5}, actor=make_user(role)
            )
    before.refresh_from_db()
    assert before.required_level == 1
    national = make_user(Role.NATIONAL_ADMIN, "K.09")
    tier_standard_set(tier="pelaksana", institution=None, levels={"M.01": 2}, actor=national)
    before.refresh_from_db()
    assert before.required_level == 2


def test_another_institutions_admin_cannot_set_a_position_or_its_defaults() -> None:
    position = AdministratorPositionFactory()
    sleman = make_user(Role.INSTITUTION_ADMIN, "34.04")
    province = make_user(Role.INSTITUTION_ADMIN, "35")
    for actor in (sleman, province):
        with pytest.raises(PermissionDenied):
            position_standard_set(position=position, levels={"P.01": 3}, actor=actor)
        with pytest.raises(PermissionDenied):
            tier_standard_set(
                tier="administrator", institution=surabaya(), levels={"M.01": 5}, actor=actor
            )
    assert not StandardItem.objects.filter(institution=surabaya()).exists()


def test_an_institutions_own_technical_competency_can_be_required() -> None:
    technical = TechnicalCompetencyFactory(code="T.77")
    position = AdministratorPositionFactory()
    position_standard_set(
        position=position, levels={"T.77": 2}, actor=make_user(Role.INSTITUTION_ADMIN)
    )
    item = StandardItem.objects.get(position=position)
    assert (item.code, item.competency_id) == ("T.77", technical.pk)
    # Sleman's dictionary does not hold it.
    other = AdministratorPositionFactory(institution=Institution.objects.get(code="34.04"))
    with pytest.raises(DomainError):
        position_standard_set(
            position=other, levels={"T.77": 2}, actor=make_user(Role.INSTITUTION_ADMIN, "34.04")
        )


# --- the pages ---------------------------------------------------------------------------


def test_the_position_page_says_where_each_level_comes_from() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    position = AdministratorPositionFactory(name="Camat Genteng")
    position_standard_set(position=position, levels={"P.01": 3}, actor=admin)
    page = client_for(admin).get(
        reverse("competencies:position_standard", kwargs={"pk": position.pk})
    )
    html = page.content.decode()
    row = html[html.index('data-code="P.01"') :]
    row = row[: row.index("</tr>")]
    assert "<strong>3</strong>" in row
    assert "own" in row.lower() or "jabatan" in row.lower()
    assert "national v1" in html


def test_a_bad_level_posted_is_a_field_message_and_nothing_changes() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    position = AdministratorPositionFactory()
    response = client_for(admin).post(
        reverse("competencies:position_standard", kwargs={"pk": position.pk}),
        {"level_P.01": "9"},
    )
    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    assert not StandardItem.objects.filter(position=position).exists()


def test_the_grid_marks_the_institutions_own_defaults() -> None:
    admin = make_user(Role.INSTITUTION_ADMIN)
    tier_standard_set(tier="pengawas", institution=surabaya(), levels={"M.04": 5}, actor=admin)
    html = client_for(admin).get(reverse("competencies:standards")).content.decode()
    assert '<td class="num std-own" data-tier="pengawas">5</td>' in html
    sleman = client_for(make_user(Role.INSTITUTION_ADMIN, "34.04"))
    assert 'std-own">5' not in sleman.get(reverse("competencies:standards")).content.decode()


def test_an_unknown_tier_is_a_404() -> None:
    response = client_for(make_user(Role.INSTITUTION_ADMIN)).get(
        reverse("competencies:standard_tier", kwargs={"tier": "raja"})
    )
    assert response.status_code == 404
