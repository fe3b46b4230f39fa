"""Headers every answer carries: the Content-Security-Policy, private caching, the rest.

Finding 9 of issue 8: no Content-Security-Policy, and no ``Cache-Control: no-store``
on person pages and exports.
"""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse
from rest_framework.test import APIClient

from tangguh.accounts.services import api_token_issue
from tangguh.core.middleware import error_page_style_hash
from tangguh.core.roles import Role
from tests.people.factories import EmployeeFactory
from tests.permissions import HOME_CODE, _institution, client_for, make_user

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(settings.PACKAGE_DIR).glob("**/templates/**/*.html"))
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {
        d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else ""
        for d in (part.strip() for part in header.split(";"))
        if d
    }


def signed_in(role: str = Role.INSTITUTION_ADMIN) -> Client:
    return client_for(make_user(role))


# --- Content-Security-Policy --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/akun/masuk/", "/instansi/", "/api/v1/institutions/"])
def test_strict_policy_on_public_answers(url):  # type: ignore[no-untyped-def]
    response = Client().get(url)
    assert response.status_code == 200
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives[name] == value, name
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_strict_policy_on_pages_of_signed_in_users():
    employee = EmployeeFactory(institution=_institution(HOME_CODE))
    client = signed_in()
    for url in ("/beranda/", reverse("people:detail", kwargs={"pk": employee.pk})):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response)["script-src"] == "'self'", url


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/?script"])
def test_the_api_docs_get_the_strict_policy_too(url):  # type: ignore[no-untyped-def]
    # Swagger UI is served from static files with its start-up script at ?script: no
    # CDN, no inline script or style, so no exception to the policy (issue 10).
    response = Client().get(url)
    assert response.status_code == 200
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives[name] == value, name


@pytest.mark.urls(__name__)
def test_the_500_page_may_use_its_own_style_and_nothing_else():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style, "the 500 page is self-contained"
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert error_page_style_hash() == f"'sha256-{digest}'"
    assert policy(response)["style-src"] == f"'self' 'sha256-{digest}'"
    assert policy(response)["script-src"] == "'self'"


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom)]
handler500 = "tangguh.core.views.server_error"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_templates_hold_no_inline_script_or_style(template):  # type: ignore[no-untyped-def]
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle\s*=", text), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "event handler attribute"
    assert not re.search(r"\shx-on", text), "hx-on handler (needs eval)"
    assert "javascript:" not in text
    # The 500 page's one <style> is allowed by hash (see above); a *_pdf.html template is
    # rendered to a PDF on the server (WeasyPrint) and never reaches a browser as a page.
    if template.name != "500.html" and not template.name.endswith("_pdf.html"):
        assert "<style" not in text


# --- Cache-Control ------------------------------------------------------------------------


def assert_private(response) -> None:  # type: ignore[no-untyped-def]
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]
    assert "public" not in directives


def test_person_page_is_not_stored():
    employee = EmployeeFactory(institution=_institution(HOME_CODE))
    response = signed_in().get(reverse("people:detail", kwargs={"pk": employee.pk}))
    assert response.status_code == 200
    assert_private(response)


def test_export_is_not_stored():
    EmployeeFactory(institution=_institution(HOME_CODE))
    response = signed_in(Role.AUDITOR).get(reverse("people:export"))
    assert response.status_code == 200
    assert_private(response)


def test_htmx_fragment_is_not_stored():
    response = signed_in().get(reverse("people:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert_private(response)


def test_api_answers_with_a_token_are_not_stored():
    employee = EmployeeFactory(institution=_institution(HOME_CODE))
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_issue(user=make_user(Role.OPERATOR)).key}"
    )
    for url in ("/api/v1/employees/", f"/api/v1/employees/{employee.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)


def test_api_answers_to_a_session_are_not_stored():
    response = signed_in().get("/api/v1/institutions/35.78/")
    assert response.status_code == 200
    assert_private(response)


def test_login_page_is_not_stored():
    assert_private(Client().get(reverse("accounts:login")))


def test_public_pages_for_visitors_may_be_cached():
    response = Client().get("/instansi/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_keep_their_caching_for_signed_in_users():
    response = signed_in().get("/static/css/tangguh.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- other headers ------------------------------------------------------------------------


def test_security_headers_on_every_page():
    response = signed_in().get("/beranda/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
