"""Permission suites of the Rakornas dashboard's report, workbook and province view:
read-only for every signed-in role, the login page for visitors."""

from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tests.permissions import LoginRequiredSuite, client_for, make_user


class TestDashboardPdf(LoginRequiredSuite):
    url_name = "rankings:dashboard_pdf"


class TestDashboardXlsx(LoginRequiredSuite):
    url_name = "rankings:dashboard_xlsx"


class TestProvince(LoginRequiredSuite):
    url_name = "rankings:province"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": "35"}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["35.78", "99", "zz", "3" * 40])
def test_a_code_that_is_not_a_province_is_404(code: str) -> None:
    response = client_for(make_user(Role.NATIONAL_ADMIN)).get(
        reverse("rankings:province", kwargs={"code": code})
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_no_page_of_the_dashboard_writes() -> None:
    """The dashboard is read-only: a POST is refused, whoever sends it."""
    client = client_for(make_user(Role.NATIONAL_ADMIN))
    for name, kwargs in (
        ("rankings:dashboard", {}),
        ("rankings:province", {"code": "35"}),
        ("rankings:dashboard_xlsx", {}),
    ):
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 405
