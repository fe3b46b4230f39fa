"""Signing in and out through the login form, and django-axes' lockout."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
DASHBOARD = reverse("core:dashboard")
LOCKED_TEXT = "Too many failed sign-in attempts"
WRONG_TEXT = "The username or password is wrong"


def english(**extra) -> Client:  # type: ignore[no-untyped-def]
    """Behaviour tests read English text (chosen with the switch's cookie); the
    Indonesian page is checked on its own below."""
    client = Client(**extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def is_signed_in(client: Client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_login_page_shows_the_form():
    response = english().get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'autocomplete="current-password"' in html


def test_sign_in_goes_to_the_dashboard():
    user = UserFactory(first_name="Siti", last_name="Rahmawati")
    client = english()
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    assert "Siti Rahmawati" in page.content.decode()


def test_sign_in_follows_a_safe_next_only():
    user = UserFactory()
    response = sign_in(english(), user.username, next="/instansi/?kind=kota")
    assert response["Location"] == "/instansi/?kind=kota"
    response = sign_in(english(), user.username, next="https://evil.example/")
    assert response["Location"] == DASHBOARD


def test_protected_page_sends_visitor_to_login_and_back():
    user = UserFactory()
    client = english()
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DASHBOARD}"
    response = sign_in(client, user.username, next=DASHBOARD)
    assert response["Location"] == DASHBOARD


def test_wrong_password_shows_an_error_and_does_not_sign_in():
    user = UserFactory()
    client = english()
    response = sign_in(client, user.username, "not-the-password")
    assert response.status_code == 200
    assert WRONG_TEXT in response.content.decode()
    assert not is_signed_in(client)


def test_inactive_user_cannot_sign_in():
    user = UserFactory(is_active=False)
    client = english()
    response = sign_in(client, user.username)
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_signed_in_user_skips_the_login_page():
    client = english()
    client.force_login(UserFactory())
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_logout_needs_post_and_ends_the_session():
    user = UserFactory()
    client = english()
    sign_in(client, user.username)
    assert client.get(LOGOUT).status_code == 405  # a link cannot sign anyone out
    assert is_signed_in(client)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_signed_in(client)


# --- django-axes -----------------------------------------------------------------------


def test_lockout_after_the_failure_limit():
    user = UserFactory()
    client = english()
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 3
    for i in range(limit - 1):
        response = sign_in(client, user.username, f"wrong-{i}")
        assert response.status_code == 200, i
        assert LOCKED_TEXT not in response.content.decode()
    response = sign_in(client, user.username, "wrong-last")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "15 minutes" in response.content.decode()


def test_locked_account_refuses_even_the_right_password():
    user = UserFactory()
    client = english()
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, f"wrong-{i}")
    response = sign_in(client, user.username)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert not is_signed_in(client)


def test_lockout_is_per_username_and_address():
    user = UserFactory()
    other = UserFactory()
    attacker = english(REMOTE_ADDR="203.0.113.7")
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, user.username, f"wrong-{i}")
    # Another account from the same address still signs in ...
    assert sign_in(attacker, other.username).status_code == 302
    # ... and so does the owner from their own address.
    owner = english(REMOTE_ADDR="198.51.100.20")
    assert sign_in(owner, user.username).status_code == 302


def test_success_resets_the_failure_count():
    user = UserFactory()
    client = english()
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit - 1):
        sign_in(client, user.username, f"wrong-{i}")
    assert sign_in(client, user.username).status_code == 302
    client.post(LOGOUT)
    for i in range(limit - 1):
        assert sign_in(client, user.username, f"again-{i}").status_code == 200
    assert sign_in(client, user.username).status_code == 302


def test_lockout_page_in_indonesian_by_default():
    user = UserFactory()
    client = Client()  # no language chosen: the default, Indonesian
    for i in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, user.username, f"wrong-{i}")
    assert response.status_code == 429
    with translation.override("id"):
        expected = escape(translation.gettext(LOCKED_TEXT))
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert expected in html
