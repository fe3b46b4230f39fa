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


def test_visitor_is_sent_to_the_admin_login():
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_is_sent_to_the_admin_login(role):  # type: ignore[no-untyped-def]
    response = _client(UserFactory(role=role)).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_staff_flag_alone_does_not_open_the_admin():
    # Someone ticked "staff" on an institution administrator: still no way round the scoping.
    admin = UserFactory(role=Role.INSTITUTION_ADMIN, is_staff=True)
    assert _client(admin).get("/admin/").status_code == 302
    assert _client(admin).get("/admin/accounts/user/").status_code == 302


def test_admin_login_form_refuses_non_superusers():
    user = UserFactory(role=Role.NATIONAL_ADMIN, is_staff=True)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302
