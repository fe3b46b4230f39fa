"""Abstract permission suites: every URL of the project gets one (see test_url_coverage.py).

Subclass one of the suites in a ``Test...`` class and declare the URL:

    class TestEmployeeDetail(ObjectPermissionSuite):
        url_name = "people:detail"
        allowed_role = Role.OPERATOR          # may open it in its own institution
        denied_role = Role.ASSESSOR           # role without the action -> 403
        def make_object(self, institution): return EmployeeFactory(institution=institution)
        def url_kwargs(self, obj): return {"pk": obj.pk}

The suite then proves: visitors are sent to the login page (or get 401/403 on the
API); a role without the permission gets 403; a role with it gets 200 in its own
institution; the same role in another institution gets 404 (detail) or does
not see the row (list).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.core.roles import Role

COVERED_URL_NAMES: set[str] = set()

HOME_CODE = "35.78"  # Kota Surabaya: where the object and allowed user live
OTHER_CODE = "34.04"  # Kabupaten Sleman: another province entirely


def _institution(code: str) -> Any:
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)


def make_user(role: str, code: str = HOME_CODE, **extra: Any) -> Any:
    from tests.accounts.factories import UserFactory

    return UserFactory(role=role, institution=_institution(code), **extra)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


class _Suite:
    url_name: ClassVar[str]
    method: ClassVar[str] = "get"
    data: ClassVar[dict[str, Any] | None] = None
    is_api: ClassVar[bool] = False
    ok_status: ClassVar[tuple[int, ...]] = (200,)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__.startswith("Test") and getattr(cls, "url_name", None):
            COVERED_URL_NAMES.add(cls.url_name)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def url(self, obj: Any) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs(obj))

    def request(self, client: Client, obj: Any) -> Any:
        kwargs: dict[str, Any] = {}
        if self.data is not None:
            kwargs["data"] = self.data
        return getattr(client, self.method)(self.url(obj), **kwargs)

    def make_object(self, institution: Any) -> Any:
        return None

    def assert_anonymous_refused(self, response: Any) -> None:
        if self.is_api:
            assert response.status_code in (401, 403), response.status_code
        else:
            assert response.status_code == 302, response.status_code
            assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
class ObjectPermissionSuite(_Suite):
    """A URL about one object: 302/403/200/404."""

    allowed_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    denied_role: ClassVar[str | None] = Role.CIVIL_SERVANT

    def test_anonymous_is_refused(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        self.assert_anonymous_refused(self.request(Client(), obj))

    def test_role_without_permission_gets_403(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every URL has a role that may not use it")
        obj = self.make_object(_institution(HOME_CODE))
        response = self.request(client_for(make_user(self.denied_role)), obj)
        assert response.status_code == 403, response.status_code

    def test_role_with_permission_gets_200(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response = self.request(client_for(make_user(self.allowed_role)), obj)
        assert response.status_code in self.ok_status, response.status_code

    def test_same_role_in_another_institution_gets_404(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response = self.request(client_for(make_user(self.allowed_role, OTHER_CODE)), obj)
        assert response.status_code == 404, response.status_code


@pytest.mark.django_db
class ListPermissionSuite(_Suite):
    """A list (or export) URL: 302/403/200, and rows of other institutions stay out."""

    allowed_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    denied_role: ClassVar[str | None] = Role.CIVIL_SERVANT

    def marker(self, obj: Any) -> str:
        """Text that shows the object in the response (default: str(obj))."""
        return str(obj)

    def content(self, response: Any) -> str:
        if hasattr(response, "streaming_content"):
            return b"".join(response.streaming_content).decode("utf-8", "replace")
        return response.content.decode("utf-8", "replace")

    def test_anonymous_is_refused(self) -> None:
        self.assert_anonymous_refused(self.request(Client(), None))

    def test_role_without_permission_gets_403(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every URL has a role that may not use it")
        response = self.request(client_for(make_user(self.denied_role)), None)
        assert response.status_code == 403, response.status_code

    def test_role_with_permission_sees_own_rows(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response = self.request(client_for(make_user(self.allowed_role)), None)
        assert response.status_code in self.ok_status, response.status_code
        if obj is not None:
            assert self.marker(obj) in self.content(response)

    def test_rows_of_another_institution_stay_out(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        if obj is None:
            pytest.fail("make_object must create a row so the scoping can be proven")
        response = self.request(client_for(make_user(self.allowed_role, OTHER_CODE)), None)
        assert response.status_code in self.ok_status, response.status_code
        assert self.marker(obj) not in self.content(response)


@pytest.mark.django_db
class PublicURLSuite(_Suite):
    """A URL meant for everyone (the institutions directory, verification pages): 200 for visitors."""

    def test_visitor_gets_it(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response = self.request(Client(), obj)
        assert response.status_code in self.ok_status, response.status_code


@pytest.mark.django_db
class LoginRequiredSuite(_Suite):
    """A URL for every signed-in user whatever the role (dashboard): 302 for visitors, 200 signed in."""

    def test_anonymous_is_refused(self) -> None:
        self.assert_anonymous_refused(self.request(Client(), None))

    @pytest.mark.parametrize("role", [r.value for r in Role])
    def test_every_role_gets_it(self, role: str) -> None:
        response = self.request(client_for(make_user(role)), None)
        assert response.status_code in self.ok_status, response.status_code


PROVINCE_CODE = "35"  # Provinsi Jawa Timur: reads Kota Surabaya's rows (roll-up), writes none


@pytest.mark.django_db
class WritePermissionSuite(_Suite):
    """A URL that writes: proven by the effect on the database, not only by the status.

    Declare ``make_object(institution)`` (the row the write is about, made in Kota
    Surabaya; may return None when the write creates the row), ``request(client, obj)``
    (the write), and ``state(obj)``: what the write changes, read back from the
    database. The suite proves:

    - a visitor is refused and the state is unchanged;
    - a role without the permission gets 403 and the state is unchanged;
    - ``allowed_role`` in Kota Surabaya gets ``ok_status`` and the state changes
      (``assert_done`` may check more);
    - the same role in Kabupaten Sleman (another province) is refused with one of
      ``refused_status`` and the state is unchanged;
    - ``province_role`` of Jawa Timur, which reads Surabaya's rows (roll-up), is
      refused with one of ``refused_status`` and the state is unchanged.
    """

    method = "post"
    allowed_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    denied_role: ClassVar[str | None] = Role.ASSESSOR
    province_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    refused_status: ClassVar[tuple[int, ...]] = (403, 404)

    def state(self, obj: Any) -> Any:
        raise NotImplementedError("state(obj): what the write changes, read from the database")

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) != before, "the write answered but changed nothing"

    def _refused(self, user: Any, statuses: tuple[int, ...]) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        before = self.state(obj)
        client = Client() if user is None else client_for(user)
        response = self.request(client, obj)
        if user is None:
            self.assert_anonymous_refused(response)
        else:
            assert response.status_code in statuses, response.status_code
        assert self.state(obj) == before, "a refused write changed the database"

    def test_anonymous_is_refused_and_nothing_changes(self) -> None:
        self._refused(None, ())

    def test_role_without_permission_gets_403_and_nothing_changes(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every write has a role that may not use it")
        self._refused(make_user(self.denied_role), (403,))

    def test_role_in_own_scope_has_the_effect(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        before = self.state(obj)
        response = self.request(client_for(make_user(self.allowed_role)), obj)
        assert response.status_code in self.ok_status, response.status_code
        self.assert_done(obj, before)

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(self.allowed_role, OTHER_CODE), self.refused_status)

    def test_province_over_the_regency_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(self.province_role, PROVINCE_CODE), self.refused_status)
