"""Permission suites for the rankings' read pages: every signed-in role reads them."""

from tests.permissions import LoginRequiredSuite


class TestDashboard(LoginRequiredSuite):
    url_name = "rankings:dashboard"


class TestCategories(LoginRequiredSuite):
    url_name = "rankings:categories"
