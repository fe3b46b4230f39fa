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

A status proves little on its own, so two declarations are required where it would
be all a test looks at (a suite missing one refuses to be defined, see
:meth:`_Suite.__init_subclass__`):

- a **write** (``method`` POST, PUT, PATCH or DELETE) declares ``state(obj)``: what
  the write changes, read back from the database. Every accepted answer must come
  with the change (``assert_done``), every refusal with the state as it was.
- a suite that accepts a **redirect** (302, 303…) declares ``location(obj)``: where
  it leads, compared with the ``Location`` header (called after the request, so it
  may look up the row the request made).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tangguh.core.roles import Role

COVERED_URL_NAMES: set[str] = set()

HOME_CODE = "35.78"  # Kota Surabaya: where the object and allowed user live
OTHER_CODE = "34.04"  # Kabupaten Sleman: another province entirely

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
            cls._refuse_unprovable()
            COVERED_URL_NAMES.add(cls.url_name)

    @classmethod
    def _refuse_unprovable(cls) -> None:
        """A suite whose success is a bare status cannot fail when the effect is missing."""
        where = f"{cls.__name__} ({cls.method.upper()} {cls.url_name})"
        if cls.method.upper() in WRITE_METHODS and not cls._declares_state():
            raise TypeError(
                f"{where} is a write: declare state(obj), what it changes read back from the "
                "database, so the suite can prove the effect and the refusals (tests/permissions.py)"
            )
        if REDIRECTS & set(cls.ok_status) and cls.location is _Suite.location:
            raise TypeError(
                f"{where} accepts a redirect: declare location(obj), where it must lead"
            )

    @classmethod
    def _declares_state(cls) -> bool:
        return cls.state is not _Suite.state  # type: ignore[comparison-overlap]

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

    # --- what the request did (declared by the suites that need it) -------------------
    def state(self, obj: Any) -> Any:
        raise NotImplementedError("state(obj): what the write changes, read from the database")

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) != before, "the write answered but changed nothing"

    def location(self, obj: Any) -> str:
        raise NotImplementedError("location(obj): where the accepted redirect leads")

    # --- running a request and judging the answer --------------------------------------
    def send(self, client: Client, obj: Any) -> tuple[Any, Any]:
        """``(response, state before)``: the request, with the state read just before it."""
        before = self.state(obj) if self._declares_state() else None
        response = self.request(client, obj)
        method = response.request["REQUEST_METHOD"].upper()
        if method in WRITE_METHODS and not self._declares_state():
            pytest.fail(f"{type(self).__name__} sends a {method}: declare state(obj)")
        return response, before

    def assert_accepted(self, response: Any, obj: Any, before: Any) -> None:
        assert response.status_code in self.ok_status, response.status_code
        if response.status_code in REDIRECTS:
            assert response["Location"] == self.location(obj), response["Location"]
        if self._declares_state():
            self.assert_done(obj, before)

    def assert_unchanged(self, obj: Any, before: Any) -> None:
        if self._declares_state():
            assert self.state(obj) == before, "a refused request changed the database"

    def assert_refused(
        self, response: Any, obj: Any, before: Any, statuses: tuple[int, ...]
    ) -> None:
        assert response.status_code in statuses, response.status_code
        self.assert_unchanged(obj, before)

    def assert_anonymous_refused(self, response: Any) -> None:
        if self.is_api:
            assert response.status_code in (401, 403), response.status_code
            return
        # To the login page, which brings the visitor back to where they were going.
        assert response.status_code == 302, response.status_code
        asked = response.request["PATH_INFO"]
        if response.request.get("QUERY_STRING"):
            asked += "?" + response.request["QUERY_STRING"]
        went = urlsplit(response["Location"])
        assert went.path == reverse("accounts:login"), response["Location"]
        assert parse_qs(went.query).get("next") == [asked], response["Location"]

    def refuse_anonymous(self, obj: Any) -> None:
        response, before = self.send(Client(), obj)
        self.assert_anonymous_refused(response)
        self.assert_unchanged(obj, before)


@pytest.mark.django_db
class ObjectPermissionSuite(_Suite):
    """A URL about one object: 302/403/200/404 (and for a write: the effect or none)."""

    allowed_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    denied_role: ClassVar[str | None] = Role.CIVIL_SERVANT

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(HOME_CODE)))

    def test_role_without_permission_gets_403(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every URL has a role that may not use it")
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.denied_role)), obj)
        self.assert_refused(response, obj, before, (403,))

    def test_role_with_permission_gets_200(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role)), obj)
        self.assert_accepted(response, obj, before)

    def test_same_role_in_another_institution_gets_404(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role, OTHER_CODE)), obj)
        self.assert_refused(response, obj, before, (404,))


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
        self.refuse_anonymous(None)

    def test_role_without_permission_gets_403(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every URL has a role that may not use it")
        response, before = self.send(client_for(make_user(self.denied_role)), None)
        self.assert_refused(response, None, before, (403,))

    def test_role_with_permission_sees_own_rows(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role)), None)
        self.assert_accepted(response, obj, before)
        if obj is not None:
            assert self.marker(obj) in self.content(response)

    def test_rows_of_another_institution_stay_out(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        if obj is None:
            pytest.fail("make_object must create a row so the scoping can be proven")
        response, before = self.send(client_for(make_user(self.allowed_role, OTHER_CODE)), None)
        self.assert_accepted(response, obj, before)
        assert self.marker(obj) not in self.content(response)


@pytest.mark.django_db
class PublicURLSuite(_Suite):
    """A URL meant for everyone (the institutions directory, verification pages): 200 for visitors.

    ``caller(obj)`` is who calls it: a visitor, unless the URL is about a session
    (signing out is for whoever is signed in).
    """

    def caller(self, obj: Any) -> Client:
        return Client()

    def test_visitor_gets_it(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(self.caller(obj), obj)
        self.assert_accepted(response, obj, before)


@pytest.mark.django_db
class LoginRequiredSuite(_Suite):
    """A URL for every signed-in user whatever the role (dashboard): 302 for visitors, 200 signed in."""

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(None)

    @pytest.mark.parametrize("role", [r.value for r in Role])
    def test_every_role_gets_it(self, role: str) -> None:
        response, before = self.send(client_for(make_user(role)), None)
        self.assert_accepted(response, None, before)


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

    def _refused(self, user: Any, statuses: tuple[int, ...]) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(user), obj)
        self.assert_refused(response, obj, before, statuses)

    def test_anonymous_is_refused_and_nothing_changes(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(HOME_CODE)))

    def test_role_without_permission_gets_403_and_nothing_changes(self) -> None:
        if self.denied_role is None:
            pytest.fail("declare denied_role: every write has a role that may not use it")
        self._refused(make_user(self.denied_role), (403,))

    def test_role_in_own_scope_has_the_effect(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role)), obj)
        self.assert_accepted(response, obj, before)

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(self.allowed_role, OTHER_CODE), self.refused_status)

    def test_province_over_the_regency_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(self.province_role, PROVINCE_CODE), self.refused_status)
