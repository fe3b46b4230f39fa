"""The permission suites refuse to prove nothing: a write without its effect, a redirect
without its destination (tests/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.accounts.models import ApiToken
from tangguh.accounts.services import api_token_issue
from tangguh.core.roles import Role
from tests.permissions import (
    COVERED_URL_NAMES,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    PublicURLSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)


def test_a_write_suite_without_state_cannot_be_defined() -> None:
    with pytest.raises(TypeError, match=r"TestRevoke \(POST accounts:token-revoke\) is a write"):

        class TestRevoke(ObjectPermissionSuite):
            url_name = "accounts:token-revoke"
            method = "post"


def test_the_write_suite_itself_needs_state_too() -> None:
    with pytest.raises(TypeError, match="declare state"):

        class TestCreate(WritePermissionSuite):
            url_name = "api:employee-list"


def test_a_delete_is_a_write() -> None:
    with pytest.raises(TypeError, match="is a write"):

        class TestRevokeAPI(ObjectPermissionSuite):
            url_name = "api:token-revoke"
            method = "delete"
            ok_status = (204,)


def test_a_suite_accepting_a_redirect_must_say_where_it_leads() -> None:
    with pytest.raises(TypeError, match=r"TestRoot \(GET core:home\) accepts a redirect"):

        class TestRoot(PublicURLSuite):
            url_name = "core:home"
            ok_status = (302,)


def test_a_refused_definition_covers_no_url() -> None:
    before = set(COVERED_URL_NAMES)
    with pytest.raises(TypeError):

        class TestUnproven(ObjectPermissionSuite):
            url_name = "an-unknown-url"
            method = "post"

    assert before == COVERED_URL_NAMES


# --- at run time -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_that_writes_behind_a_get_suite_fails() -> None:
    """``method`` says GET, ``request()`` posts: caught when the request is sent."""

    class Sneaky(ObjectPermissionSuite):  # not "Test...": no check at definition
        url_name = "accounts:token-create"

        def request(self, client: Client, obj: Any) -> Any:
            return client.post(self.url(obj), {"name": "sneaky"})

    with pytest.raises(pytest.fail.Exception, match="sends a POST: declare state"):
        Sneaky().send(client_for(make_user(Role.OPERATOR)), None)


@pytest.mark.django_db
def test_a_write_that_answers_but_changes_nothing_fails() -> None:
    """The revoke answers 302 but the token stays active: the suite does not accept it."""

    class Revoke(ObjectPermissionSuite):
        url_name = "accounts:token-revoke"
        method = "post"
        ok_status = (302,)

        def url_kwargs(self, obj: Any) -> dict[str, Any]:
            return {"pk": obj.pk}

        def state(self, obj: Any) -> Any:
            return ApiToken.objects.get(pk=obj.pk).revoked_at

        def location(self, obj: Any) -> str:
            return reverse("accounts:tokens")

    user = make_user(Role.OPERATOR)
    token = api_token_issue(user=user).token
    suite = Revoke()
    response, before = suite.send(client_for(user), token)
    suite.assert_accepted(response, token, before)  # the real revoke: accepted
    # The same answer with the state as before it: refused by assert_done.
    with pytest.raises(AssertionError, match="changed nothing"):
        suite.assert_accepted(response, token, suite.state(token))


@pytest.mark.django_db
def test_a_redirect_elsewhere_fails() -> None:
    class Root(PublicURLSuite):
        url_name = "core:home"
        ok_status = (302,)

        def location(self, obj: Any) -> str:
            return reverse("core:dashboard")

    suite = Root()
    response, before = suite.send(Client(), None)  # a visitor goes to the login page
    with pytest.raises(AssertionError):
        suite.assert_accepted(response, None, before)


@pytest.mark.django_db
def test_a_login_redirect_must_bring_the_visitor_back() -> None:
    class Dashboard(LoginRequiredSuite):
        url_name = "core:dashboard"

    suite = Dashboard()
    response, _before = suite.send(Client(), None)
    suite.assert_anonymous_refused(response)
    response["Location"] = reverse("accounts:login")  # no way back
    with pytest.raises(AssertionError):
        suite.assert_anonymous_refused(response)
