"""Permission suites of the publication pages: every signed-in role reads a published
ranking; only the national administrator publishes (from anywhere else: 403, nothing
written); the award's public page is for everyone."""

from typing import Any

from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.rankings.models import Publication
from tests.permissions import (
    LoginRequiredSuite,
    PublicURLSuite,
    WritePermissionSuite,
    make_user,
)
from tests.rankings.factories import CategoryFactory
from tests.rankings.publishing import camat_batch, examine, published


class _OnePublication:
    """The URL is about a publication made for the test."""

    publication: Publication | None = None

    def the_publication(self) -> Publication:
        if self.publication is None:
            self.publication = published()
        return self.publication


class TestPublications(LoginRequiredSuite):
    url_name = "rankings:publications"


class TestPublication(_OnePublication, LoginRequiredSuite):
    url_name = "rankings:publication"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": self.the_publication().pk}


class TestPublicationExplain(_OnePublication, LoginRequiredSuite):
    url_name = "rankings:publication_explain"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": self.the_publication().pk, "institution": "35"}


class TestPublicationXlsx(_OnePublication, LoginRequiredSuite):
    url_name = "rankings:publication_xlsx"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": self.the_publication().pk}


class TestAwardPdf(_OnePublication, LoginRequiredSuite):
    url_name = "rankings:award_pdf"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": self.the_publication().pk, "institution": "35"}


class TestAwardsPdf(_OnePublication, LoginRequiredSuite):
    url_name = "rankings:awards_pdf"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": self.the_publication().pk}


class TestAwardPublic(PublicURLSuite):
    url_name = "rankings_public:award"

    def make_object(self, institution: Any) -> Publication:
        return published()

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"content_hash": obj.content_hash}


class TestPublish(WritePermissionSuite):
    """Publishing: the national administrator only; version 1 of the category's period."""

    url_name = "rankings:publish"
    allowed_role = Role.NATIONAL_ADMIN
    denied_role = Role.INSTITUTION_ADMIN
    province_role = Role.INSTITUTION_ADMIN
    ok_status = (302,)
    data = {"periode": "2020-2022"}

    def make_object(self, institution: Any) -> Any:
        examine(camat_batch(), "35", 1)
        return CategoryFactory(code="terbit-uji")

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"code": obj.code}

    def state(self, obj: Any) -> Any:
        return list(Publication.objects.filter(category=obj).values_list("version", "content_hash"))

    def location(self, obj: Any) -> str:
        latest = Publication.objects.filter(category=obj).latest("version")
        return reverse("rankings:publication", args=[latest.pk])

    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        """Only the national administrator publishes: an operator elsewhere is refused."""
        self._refused(make_user(Role.OPERATOR, "34.04"), (403,))

    def test_a_civil_servant_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.CIVIL_SERVANT), (403,))

    def test_an_auditor_is_refused_and_nothing_changes(self) -> None:
        self._refused(make_user(Role.AUDITOR, "35"), (403,))
