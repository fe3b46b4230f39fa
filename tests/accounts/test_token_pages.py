"""API tokens in the web pages (/akun/token/) and the permission suites of every token URL."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tangguh.accounts.models import ApiToken
from tangguh.accounts.services import api_token_issue
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ListPermissionSuite,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    _institution,
    client_for,
    make_user,
)

pytestmark = pytest.mark.django_db


def english(user: Any) -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(reverse("api:token-list")).status_code == 200


def token_in(institution: Any, role: str = Role.OPERATOR) -> ApiToken:
    """A token of ``institution``'s user, with its key at hand (``token.key``) to try it."""
    issued = api_token_issue(user=make_user(role, institution.code))
    issued.token.key = issued.key  # type: ignore[attr-defined]
    return issued.token


# --- permission suites ----------------------------------------------------------------------
#
# Every role holds the grant on its OWN tokens, so no role gets a 403 here: the
# suites' "role without permission" case becomes "a colleague without the
# administrator's grant": 404 for someone else's token, which keeps working.


class _OthersTokensStayOut:
    def test_role_without_permission_gets_403(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))  # type: ignore[attr-defined]
        colleague = make_user(Role.OPERATOR)
        response, before = self.send(client_for(colleague), obj)  # type: ignore[attr-defined]
        if isinstance(self, ObjectPermissionSuite):
            self.assert_refused(response, obj, before, (404,))
            assert works(obj.key)
        else:
            assert response.status_code == 200, response.status_code
            assert self.marker(obj) not in self.content(response)  # type: ignore[attr-defined]


class _TokenRevoke(_OthersTokensStayOut, ObjectPermissionSuite):
    """Revoking: the token stops working; refused, it keeps working."""

    def make_object(self, institution: Any) -> Any:
        return token_in(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        token = ApiToken.objects.get(pk=obj.pk)
        return (token.revoked_at is not None, works(obj.key))

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == ((False, True), (True, False))


class TestTokenListPage(_OthersTokensStayOut, ListPermissionSuite):
    url_name = "accounts:tokens"

    def make_object(self, institution: Any) -> Any:
        return token_in(institution)

    def marker(self, obj: Any) -> str:
        return obj.prefix


class TestTokenListAPI(_OthersTokensStayOut, ListPermissionSuite):
    url_name = "api:token-list"
    is_api = True

    def make_object(self, institution: Any) -> Any:
        return token_in(institution)

    def marker(self, obj: Any) -> str:
        return obj.prefix


class TestTokenCreatePage(LoginRequiredSuite):
    """Every role may make itself a token: one more token named "laptop", and it works."""

    url_name = "accounts:token-create"
    method = "post"
    data = {"name": "laptop"}

    def state(self, obj: Any) -> Any:
        return sorted(ApiToken.objects.filter(name="laptop").values_list("pk", flat=True))

    def assert_done(self, obj: Any, before: Any) -> None:
        made = ApiToken.objects.filter(name="laptop").exclude(pk__in=before)
        assert made.count() == 1
        assert made.get().is_active


class TestTokenRevokePage(_TokenRevoke):
    url_name = "accounts:token-revoke"
    method = "post"
    ok_status = (302,)

    def location(self, obj: Any) -> str:
        return reverse("accounts:tokens")


class TestTokenRevokeAPI(_TokenRevoke):
    url_name = "api:token-revoke"
    method = "delete"
    is_api = True
    ok_status = (204,)


# --- the pages ----------------------------------------------------------------------------


def test_creating_a_token_shows_the_key_once():
    user = make_user(Role.OPERATOR)
    client = english(user)
    response = client.post(reverse("accounts:token-create"), {"name": "Laptop script"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=user)
    key = response.context["issued"].key
    assert key in html
    assert token.name == "Laptop script"
    assert "shown only this once" in html
    assert "no-store" in response["Cache-Control"]
    assert works(key)
    # The list afterwards shows the token by its prefix, never the key again.
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert token.prefix in again and key not in again
    assert AuditEntry.objects.filter(action="accounts.api_token_issued", actor=user).exists()


def test_a_name_too_long_is_refused_with_a_sentence():
    user = make_user(Role.OPERATOR)
    response = english(user).post(reverse("accounts:token-create"), {"name": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


def test_get_on_create_goes_back_to_the_list():
    response = client_for(make_user(Role.OPERATOR)).get(reverse("accounts:token-create"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:tokens")


def test_owner_revokes_from_the_page():
    user = make_user(Role.CIVIL_SERVANT)
    issued = api_token_issue(user=user)
    client = english(user)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}) in page
    response = client.post(
        reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}), follow=True
    )
    assert "is revoked" in response.content.decode()
    assert not works(issued.key)


def test_admin_sees_whose_tokens_and_revokes_them():
    operator = make_user(Role.OPERATOR, first_name="Budi", last_name="Santoso")
    issued = api_token_issue(user=operator)
    admin = make_user(Role.INSTITUTION_ADMIN)
    html = english(admin).get(reverse("accounts:tokens")).content.decode()
    assert "Budi Santoso" in html
    assert reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}) in html
    english(admin).post(reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}))
    assert not works(issued.key)


def test_auditor_reads_the_institution_tokens_but_gets_no_revoke_button():
    issued = api_token_issue(user=make_user(Role.OPERATOR))
    auditor = make_user(Role.AUDITOR)
    html = english(auditor).get(reverse("accounts:tokens")).content.decode()
    assert issued.token.prefix in html
    assert reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}) not in html
    response = english(auditor).post(
        reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk})
    )
    assert response.status_code == 404
    assert works(issued.key)


def test_outside_admin_cannot_revoke_from_the_page():
    issued = api_token_issue(user=make_user(Role.OPERATOR))
    outsider = make_user(Role.INSTITUTION_ADMIN, OTHER_CODE)
    response = client_for(outsider).post(
        reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk})
    )
    assert response.status_code == 404
    assert works(issued.key)


def test_ended_tokens_show_under_all():
    user = make_user(Role.OPERATOR)
    issued = api_token_issue(user=user)
    client = english(user)
    client.post(reverse("accounts:token-revoke", kwargs={"pk": issued.token.pk}), follow=True)
    assert issued.token.prefix not in client.get(reverse("accounts:tokens")).content.decode()
    everything = client.get(reverse("accounts:tokens"), {"active": ""}).content.decode()
    assert issued.token.prefix in everything
    assert "revoked" in everything
