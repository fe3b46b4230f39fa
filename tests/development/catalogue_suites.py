"""Permission suites for the catalogue's pages and API (programmes, sessions).

The catalogue differs from the project's default suites in two ways, proven here:

- a published programme and its sessions are read by every signed-in role of every
  institution (:class:`CatalogueReadSuite`), while a draft is seen only by the
  organiser's side: every other institution and role gets 404;
- the organiser's operators and administrators write (:class:`OrganiserWriteSuite`,
  built on ``WritePermissionSuite``): besides the default refusals (visitor, a role
  without the action, the same role in Sleman, Jawa Timur over Surabaya), a civil
  servant, an auditor and an operator of another institution are refused with nothing
  changed.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from tangguh.core.roles import Role
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    WritePermissionSuite,
    _institution,
    _Suite,
    client_for,
    make_user,
)

NATIONAL_CODE = "K.09"


@pytest.mark.django_db
class CatalogueReadSuite(_Suite):
    """Every signed-in role, in Surabaya and in Sleman, reads a published row; a draft
    (``make_draft``) is 404 outside the organiser's writers."""

    # A list leaves a draft out (200 without it) where a detail answers 404.
    is_list: ClassVar[bool] = False
    # The catalogue leaves drafts out even for the organiser ("our programmes" has them).
    organiser_sees_draft: ClassVar[bool] = True

    def marker(self, obj: Any) -> str:
        return str(obj)

    def draft_marker(self, obj: Any) -> str:
        return self.marker(obj)

    def make_draft(self, institution: Any) -> Any:
        raise NotImplementedError

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

    @pytest.mark.parametrize(
        ("role", "code"),
        [
            (Role.OPERATOR, OTHER_CODE),
            (Role.INSTITUTION_ADMIN, "35"),
            (Role.CIVIL_SERVANT, HOME_CODE),
            (Role.AUDITOR, HOME_CODE),
        ],
    )
    def test_a_draft_is_hidden_outside_the_organiser(self, role: str, code: str) -> None:
        draft = self.make_draft(_institution(HOME_CODE))
        response = self.request(client_for(make_user(role, code)), draft)
        if self.is_list:
            assert response.status_code == 200, response.status_code
            assert self.draft_marker(draft) not in response.content.decode()
        else:
            assert response.status_code == 404, response.status_code

    def test_the_organiser_reads_its_draft(self) -> None:
        draft = self.make_draft(_institution(HOME_CODE))
        response = self.request(client_for(make_user(Role.OPERATOR, HOME_CODE)), draft)
        assert response.status_code == 200, response.status_code
        shown = self.draft_marker(draft) in response.content.decode()
        assert shown == self.organiser_sees_draft


@pytest.mark.django_db
class OrganiserWriteSuite(WritePermissionSuite):
    """A write of Surabaya's organiser side; outsiders refused with nothing changed."""

    ok_status: ClassVar[tuple[int, ...]] = (302,)
    allowed_role: ClassVar[str] = Role.OPERATOR
    outsiders: ClassVar[tuple[tuple[str, str, tuple[int, ...]], ...]] = (
        (Role.CIVIL_SERVANT, HOME_CODE, (403,)),
        (Role.AUDITOR, HOME_CODE, (403,)),
        (Role.OPERATOR, OTHER_CODE, (403, 404)),
        (Role.INSTITUTION_ADMIN, "35.15", (403, 404)),
    )

    def test_outsiders_are_refused_and_nothing_changes(self) -> None:
        for role, code, statuses in self.outsiders:
            self._refused(make_user(role, code), statuses)


class OrganiserAPIWriteSuite(OrganiserWriteSuite):
    is_api = True
    ok_status: ClassVar[tuple[int, ...]] = (200, 201)
