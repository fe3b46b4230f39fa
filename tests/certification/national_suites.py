"""Permission suites for certification's national and organiser pages.

The project's suites assume rows belong to Kota Surabaya and that the same role in
another institution sees nothing. Two kinds of certification pages differ, and these
suites prove what holds for them instead:

- national reference data (schemes) and the batch catalogue are read by every staff
  role everywhere: :class:`NationalReadSuite` proves the row is shown in Surabaya *and*
  in Sleman, and refused to visitors and to the role without the page;
- writes of the national administrator (schemes, licences) and of a batch's organiser
  (a province): :class:`NationalWriteSuite` and :class:`OrganiserWriteSuite` prove the
  effect for the allowed role and the refusal, with nothing changed, for every role
  or institution outside.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from tangguh.core.roles import Role
from tests.permissions import HOME_CODE, OTHER_CODE, _institution, _Suite, client_for, make_user

NATIONAL_CODE = "K.09"  # Kemendagri: the national coordinator
PROVINCE_CODE = "35"  # Jawa Timur: organises batches
OTHER_PROVINCE_CODE = "34"  # DI Yogyakarta


@pytest.mark.django_db
class NationalReadSuite(_Suite):
    """A page every staff role reads wherever it works (``marker`` shows the row)."""

    allowed_role: ClassVar[str] = Role.INSTITUTION_ADMIN
    denied_role: ClassVar[str] = Role.CIVIL_SERVANT

    def marker(self, obj: Any) -> str:
        return str(obj)

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(HOME_CODE)))

    def test_role_without_the_page_gets_403(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.denied_role)), obj)
        self.assert_refused(response, obj, before, (403,))

    @pytest.mark.parametrize("code", [HOME_CODE, OTHER_CODE])
    def test_staff_anywhere_read_it(self, code: str) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role, code)), obj)
        self.assert_accepted(response, obj, before)
        assert self.marker(obj) in response.content.decode()


@pytest.mark.django_db
class NationalWriteSuite(_Suite):
    """A write only the national administrator makes: every other role is refused."""

    method = "post"
    ok_status: ClassVar[tuple[int, ...]] = (302,)
    refused_roles: ClassVar[tuple[tuple[str, str], ...]] = (
        (Role.INSTITUTION_ADMIN, PROVINCE_CODE),
        (Role.OPERATOR, HOME_CODE),
        (Role.ASSESSOR, PROVINCE_CODE),
        (Role.AUDITOR, NATIONAL_CODE),
    )

    def test_anonymous_is_refused_and_nothing_changes(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(HOME_CODE)))

    def test_other_roles_get_403_and_nothing_changes(self) -> None:
        for role, code in self.refused_roles:
            obj = self.make_object(_institution(HOME_CODE))
            response, before = self.send(client_for(make_user(role, code)), obj)
            self.assert_refused(response, obj, before, (403,))

    def test_national_administrator_has_the_effect(self) -> None:
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(Role.NATIONAL_ADMIN, NATIONAL_CODE)), obj)
        self.assert_accepted(response, obj, before)


@pytest.mark.django_db
class OrganiserWriteSuite(_Suite):
    """A write on a batch organised by Jawa Timur (35): its staff make it; another
    province, a regency below it and a role without the action are refused."""

    method = "post"
    ok_status: ClassVar[tuple[int, ...]] = (302,)
    allowed_role: ClassVar[str] = Role.OPERATOR
    denied_role: ClassVar[str] = Role.AUDITOR
    refused_status: ClassVar[tuple[int, ...]] = (400, 403, 404)

    def _refused(self, user: Any, statuses: tuple[int, ...]) -> None:
        obj = self.make_object(_institution(PROVINCE_CODE))
        response, before = self.send(client_for(user), obj)
        self.assert_refused(response, obj, before, statuses)

    def test_anonymous_is_refused_and_nothing_changes(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(PROVINCE_CODE)))

    def test_role_without_permission_gets_403_and_nothing_changes(self) -> None:
        self._refused(make_user(self.denied_role, PROVINCE_CODE), (403,))

    def test_organiser_has_the_effect(self) -> None:
        obj = self.make_object(_institution(PROVINCE_CODE))
        response, before = self.send(client_for(make_user(self.allowed_role, PROVINCE_CODE)), obj)
        self.assert_accepted(response, obj, before)

    def test_another_province_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(self.allowed_role, OTHER_PROVINCE_CODE), self.refused_status)

    def test_a_regency_below_the_organiser_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.INSTITUTION_ADMIN, HOME_CODE), self.refused_status)


@pytest.mark.django_db
class SignedInReadSuite(_Suite):
    """Reference data every signed-in role reads (the API's schemes): visitors are refused;
    every role, in Surabaya and in Sleman, reads the same row."""

    def marker(self, obj: Any) -> str:
        return str(obj)

    def test_anonymous_is_refused(self) -> None:
        self.refuse_anonymous(self.make_object(_institution(HOME_CODE)))

    @pytest.mark.parametrize("role", [r.value for r in Role])
    @pytest.mark.parametrize("code", [HOME_CODE, OTHER_CODE])
    def test_every_role_anywhere_reads_it(self, role: str, code: str) -> None:
        if role == Role.NATIONAL_ADMIN:
            code = NATIONAL_CODE
        obj = self.make_object(_institution(HOME_CODE))
        response, before = self.send(client_for(make_user(role, code)), obj)
        self.assert_accepted(response, obj, before)
        assert self.marker(obj) in response.content.decode()
