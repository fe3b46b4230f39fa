"""/admin/ is for superusers only: it bypasses the scoping, so no institution role gets in."""

import pytest
from django.test import Client

from tangguh.core.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _client(user):  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_superuser_gets_the_admin():
    su = UserFactory(institution=None, is_superuser=True, is_staff=True)
    response = _client(su).get("/admin/")
    assert response.status_code == 200
    assert b"/admin/accounts/user/" in response.content
    assert _client(su).get("/admin/institutions/institution/?q=Surabaya").status_code == 200


def test_superuser_sees_the_admin_in_the_navigation():
    su = UserFactory(institution=None, is_superuser=True, is_staff=True)
    response = _client(su).get("/beranda/")
    assert b'data-testid="nav-admin"' in response.content
    assert b'href="/admin/"' in response.content


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_role_sees_the_admin_in_the_navigation(role):  # type: ignore[no-untyped-def]
    response = _client(UserFactory(role=role, is_staff=True)).get("/beranda/")
    assert response.status_code == 200
    assert b"/admin/" not in response.content


def test_visitor_is_sent_to_tangguhs_sign_in_not_a_second_login_form():
    client = Client()
    response = client.get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[-1][0] == "/akun/masuk/?next=/admin/accounts/user/"
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b"django-admin" not in response.content.lower()  # not the admin's own login page


def test_superuser_signs_in_through_tangguh_and_reaches_the_admin():
    UserFactory(username="root", institution=None, is_superuser=True, is_staff=True)
    client = Client()
    response = client.post(
        "/akun/masuk/?next=/admin/",
        {"username": "root", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert b"/admin/accounts/user/" in response.content


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_gets_access_denied(role):  # type: ignore[no-untyped-def]
    client = _client(UserFactory(role=role))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b'data-testid="error-page"' in response.content  # Tangguh's page, not the admin's form
    assert b'name="password"' not in response.content


def test_staff_flag_alone_does_not_open_the_admin():
    # Someone ticked "staff" on an institution administrator: still no way round the scoping.
    client = _client(UserFactory(role=Role.INSTITUTION_ADMIN, is_staff=True))
    assert client.get("/admin/", follow=True).status_code == 403
    assert client.get("/admin/accounts/user/", follow=True).status_code == 403
    assert client.get("/admin/login/").status_code == 403


def test_the_admin_login_address_posts_nothing_and_checks_no_password():
    # The admin's own form is gone: posting to it signs no one in.
    su = UserFactory(institution=None, is_superuser=True, is_staff=True)
    client = Client()
    response = client.post("/admin/login/", {"username": su.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
    assert "_auth_user_id" not in client.session


def test_admin_login_refuses_to_send_a_superuser_elsewhere():
    su = UserFactory(institution=None, is_superuser=True, is_staff=True)
    response = _client(su).get("/admin/login/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
