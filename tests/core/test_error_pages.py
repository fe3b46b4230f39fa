"""Tangguh's own error pages, as `make run` (DEBUG off) shows them, and the sign-in link
every public page has in its header (issue 10: a product, not a debug server)."""

import pytest
from django.test import Client
from django.urls import path

from tangguh.core.roles import Role
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db


def test_404_for_a_visitor_is_styled_and_offers_sign_in(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert "Halaman tidak ditemukan" in html  # Indonesian first
    assert "css/tangguh.css" in html  # base.html's page, with the header and footer
    assert 'data-testid="sign-in-link"' in html
    assert 'href="/akun/masuk/"' in html
    assert "URLconf" not in html and "urlpatterns" not in html  # never the debug page


def test_404_for_a_signed_in_user_leads_back_to_the_dashboard():
    response = client_for(make_user(Role.OPERATOR)).get("/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert 'href="/beranda/"' in html
    assert 'data-testid="sign-in-link"' not in html


def test_404_speaks_the_chosen_language():
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/tidak-ada/")
    assert b"Page not found" in response.content
    assert b"Halaman tidak ditemukan" not in response.content
    assert b'lang="en"' in response.content


def test_403_is_tangguhs_page():
    # The audit is for administrators and auditors; an operator is refused.
    response = client_for(make_user(Role.OPERATOR)).get("/audit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-page"' in html
    assert "Akses ditolak" in html
    assert 'href="/beranda/"' in html


def test_login_page_marks_its_own_sign_in_link():
    html = Client().get("/akun/masuk/").content.decode()
    assert 'data-testid="sign-in-link"' in html
    assert 'aria-current="page"' in html


def test_public_institution_list_has_the_sign_in_link():
    response = Client().get("/instansi/")
    assert response.status_code == 200
    assert b'data-testid="sign-in-link"' in response.content


@pytest.mark.urls(__name__)
def test_500_is_the_self_contained_page_in_both_languages(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html and "Something went wrong" in html
    assert 'href="/"' in html
    assert "Traceback" not in html and "a bug" not in html


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom)]
handler500 = "tangguh.core.views.server_error"
