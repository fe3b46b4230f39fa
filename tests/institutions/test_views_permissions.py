from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.permissions import LoginRequiredSuite, PublicURLSuite, client_for


class TestInstitutionList(PublicURLSuite):
    url_name = "institutions:list"


class TestInstitutionDetail(PublicURLSuite):
    url_name = "institutions:detail"

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"code": "35.78"}


class TestInstitutionListAPI(PublicURLSuite):
    url_name = "api:institution-list"


class TestInstitutionDetailAPI(PublicURLSuite):
    url_name = "api:institution-detail"

    def url_kwargs(self, obj):  # type: ignore[no-untyped-def]
        return {"code": "35.78"}


class TestDashboard(LoginRequiredSuite):
    url_name = "core:dashboard"


class TestHome(PublicURLSuite):
    """The root sends a visitor to the login page, a signed-in user to the dashboard."""

    url_name = "core:home"
    ok_status = (302,)

    def location(self, obj: Any) -> str:
        return reverse("accounts:login")


class TestLogin(PublicURLSuite):
    url_name = "accounts:login"


def sessions_of(user: Any) -> int:
    return sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    )


class TestLogout(PublicURLSuite):
    """Signing out ends the session (the user's session row is gone), then the login page."""

    url_name = "accounts:logout"
    method = "post"
    ok_status = (302,)

    def make_object(self, institution: Any) -> Any:
        return UserFactory(institution=institution)

    def caller(self, user: Any) -> Client:
        return client_for(user)

    def state(self, user: Any) -> int:
        return sessions_of(user)

    def assert_done(self, user: Any, before: Any) -> None:
        assert (before, self.state(user)) == (1, 0)

    def location(self, obj: Any) -> str:
        return reverse("accounts:login")
