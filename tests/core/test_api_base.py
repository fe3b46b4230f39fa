"""The API foundation: schema and docs, token sign-in, scoped base views, the error handler."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tangguh.accounts.models import ApiToken
from tangguh.accounts.services import api_token_issue
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee
from tests.accounts.factories import PASSWORD, UserFactory
from tests.permissions import PublicURLSuite

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
TEST_URLS = pytest.mark.urls("tests.core.api_test_urls")


# --- schema and docs -------------------------------------------------------------------


def test_schema_is_openapi_and_public():
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Tangguh API"
    assert {"/api/v1/institutions/", "/api/v1/institutions/{code}/", TOKEN_URL} <= set(
        schema["paths"]
    )


def test_schema_describes_the_filters():
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/institutions/"]["get"]["parameters"]}
    assert {"kind", "parent_code", "q", "page", "page_size"} <= set(params)
    assert set(params["kind"]["schema"]["enum"]) == {
        "provinsi",
        "kabupaten",
        "kota",
        "kementerian",
        "lembaga",
    }


def test_schema_generates_without_warnings(tmp_path):
    # A warning means an endpoint is described wrongly (e.g. its filters are missing).
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_schema_default_format_is_yaml():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_docs_page_is_public():
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    script = APIClient().get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema").encode() in script.content
    assert b'"validatorUrl": null' in script.content  # no badge from validator.swagger.io


def test_docs_page_loads_nothing_from_the_internet():
    html = APIClient().get("/api/v1/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert len(scripts) == 3  # Swagger UI's bundle and preset, then its start-up script
    assert sources and not [s for s in sources if re.match(r"(https?:)?//", s)], sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in scripts
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html


@pytest.mark.parametrize(
    "path",
    [
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "css/api-docs.css",
    ],
)
def test_docs_page_files_are_served_locally(client, path):  # type: ignore[no-untyped-def]
    assert client.get(f"/static/{path}").status_code == 200


# --- token sign-in ---------------------------------------------------------------------


class TestTokenObtain(PublicURLSuite):
    url_name = "api:auth-token"
    method = "post"
    ok_status = (201,)  # a new token each time

    def make_object(self, institution):  # type: ignore[no-untyped-def]
        return UserFactory(username="api.client", institution=institution)

    def request(self, client, obj):  # type: ignore[no-untyped-def]
        return client.post(self.url(obj), {"username": "api.client", "password": PASSWORD})

    def state(self, obj):  # type: ignore[no-untyped-def]
        return ApiToken.objects.filter(user=obj, revoked_at=None).count()

    def assert_done(self, obj, before):  # type: ignore[no-untyped-def]
        assert (before, self.state(obj)) == (0, 1)


def test_wrong_password_is_a_clear_400():
    user = UserFactory()
    response = APIClient().post(
        TOKEN_URL,
        {"username": user.username, "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert "password is wrong" in body["detail"]
    assert not ApiToken.objects.filter(user=user).exists()


def test_missing_fields_are_named():
    response = APIClient().post(TOKEN_URL, {"username": "someone"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == ["password"]


def test_inactive_user_gets_no_token():
    user = UserFactory(is_active=False)
    response = APIClient().post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 400


def test_token_endpoint_locks_out_like_the_login_form():
    user = UserFactory()
    client = APIClient()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [
        client.post(TOKEN_URL, {"username": user.username, "password": f"wrong{i}"}).status_code
        for i in range(limit)
    ]
    assert statuses == [400] * (limit - 1) + [429]
    # Locked: even the right password is refused, with a JSON answer.
    locked = client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert not ApiToken.objects.filter(user=user).exists()
    # The same lock holds on the login form.
    form = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert form.status_code == 429


def test_failures_of_one_user_do_not_lock_another():
    victim, other = UserFactory(), UserFactory()
    client = APIClient()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": victim.username, "password": f"wrong{i}"})
    response = client.post(TOKEN_URL, {"username": other.username, "password": PASSWORD})
    assert response.status_code == 201


# --- token authentication against a scoped view -----------------------------------------


@pytest.fixture
def employees(surabaya, sleman):  # type: ignore[no-untyped-def]
    return [
        Employee.objects.create(
            nip="198507122010012003", full_name="Siti Rahmawati", institution=surabaya
        ),
        Employee.objects.create(
            nip="199203152015022001", full_name="Andi Saputra", institution=sleman
        ),
    ]


@TEST_URLS
def test_token_authenticates_and_the_rows_are_scoped(employees):  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.OPERATOR, institution=Institution.objects.get(code="35.78"))
    client = APIClient()
    key = client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}).json()["token"]

    anonymous = client.get("/api/test/employees/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/test/employees/")
    assert response.status_code == 200
    assert [e["nip"] for e in response.json()["results"]] == ["198507122010012003"]


@TEST_URLS
def test_bad_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/test/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@TEST_URLS
def test_token_of_a_deactivated_user_stops_working():
    user = UserFactory(role=Role.NATIONAL_ADMIN)
    key = api_token_issue(user=user).key
    user.is_active = False
    user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/test/employees/").status_code == 401


@TEST_URLS
def test_role_without_the_grant_is_403():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.OPERATOR))  # no grant on accounts.User
    response = client.get("/api/test/users/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@TEST_URLS
def test_role_with_the_grant_sees_only_its_scope(surabaya, sleman):  # type: ignore[no-untyped-def]
    admin = UserFactory(role=Role.INSTITUTION_ADMIN, institution=surabaya)
    colleague = UserFactory(institution=surabaya)
    UserFactory(institution=sleman)
    client = APIClient()
    client.force_authenticate(admin)
    response = client.get("/api/test/users/")
    assert response.status_code == 200
    assert sorted(u["username"] for u in response.json()["results"]) == sorted(
        [admin.username, colleague.username]
    )


@TEST_URLS
def test_view_without_scoped_model_refuses_to_run():
    client = APIClient()
    client.force_authenticate(UserFactory(role=Role.NATIONAL_ADMIN))
    with pytest.raises(ImproperlyConfigured, match="UnscopedAPI declares no scoped_model"):
        client.get("/api/test/unscoped/")


@TEST_URLS
def test_view_without_an_action_for_the_method_refuses_to_run():
    with pytest.raises(ImproperlyConfigured, match="UnmappedAPI maps no action to GET"):
        APIClient().get("/api/test/unmapped/")


# --- the exception handler ------------------------------------------------------------------


@TEST_URLS
@pytest.mark.parametrize(
    ("error", "status", "code", "detail", "errors"),
    [
        (
            "domain",
            400,
            "year_closed",
            "The budget year is closed.",
            [{"field": "year", "message": "closed"}],
        ),
        ("conflict", 409, "conflict", "Already imported.", []),
        (
            "django_validation_dict",
            400,
            "invalid",
            "The data is not valid.",
            [{"field": "nip", "message": "NIP must have 18 digits."}],
        ),
        (
            "django_validation_list",
            400,
            "invalid",
            "The data is not valid.",
            [{"field": None, "message": "The file is empty."}],
        ),
        (
            "permission_denied",
            403,
            "permission_denied",
            "You do not have permission to do this.",
            None,
        ),
        ("http404", 404, "not_found", "Not found.", None),
    ],
)
def test_errors_become_clear_json(error, status, code, detail, errors):  # type: ignore[no-untyped-def]
    response = APIClient().get("/api/test/raise/", {"error": error}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert body["detail"] == detail
    if errors is not None:
        assert body["errors"] == errors


@TEST_URLS
def test_serializer_errors_keep_their_fields():
    response = APIClient().post(
        "/api/test/raise/", {"year": 1999}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "The data is not valid."
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"year", "name"}
    assert "2000" in fields["year"]


@TEST_URLS
def test_valid_input_passes_the_same_view():
    response = APIClient().post(
        "/api/test/raise/", {"year": 2026, "name": "Rakornas"}, format="json"
    )
    assert response.status_code == 200


def test_handler_can_be_called_directly():
    from tangguh.core.api_errors import exception_handler
    from tangguh.core.exceptions import DomainError

    response = exception_handler(DomainError("Nope", code="nope"), {})
    assert (response.status_code, response.data) == (
        400,
        {"detail": "Nope", "code": "nope", "errors": []},
    )
    assert exception_handler(ValueError("a bug stays a bug"), {}) is None
