"""Every catalogue, programme and session page in a permission suite: who reads it, who
is refused, and for each write the effect — or, from outside the organiser, nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import (
    Access,
    Facilitator,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
)
from tests.development.catalogue_suites import CatalogueReadSuite, OrganiserWriteSuite
from tests.development.factories import (
    ProgrammeFactory,
    ProgrammeHostFactory,
    ProgrammeQuotaFactory,
    SessionFactory,
)
from tests.permissions import (
    HOME_CODE,
    ListPermissionSuite,
    LoginRequiredSuite,
    client_for,
    make_user,
)


def _programme(**extra: Any) -> Programme:
    values: dict[str, Any] = {"title": "Bimtek Layanan Kependudukan"}
    values.update(extra)
    return ProgrammeFactory(**values)


# --- reads ---------------------------------------------------------------------------


class TestCatalogue(LoginRequiredSuite):
    url_name = "development:catalogue"


@pytest.mark.django_db
class TestCatalogueShowsPublishedNotDrafts:
    def test_published_sessions_everywhere_drafts_nowhere(self) -> None:
        SessionFactory(programme=_programme(title="Program Terbit"))
        SessionFactory(programme=_programme(title="Program Draf", status=ProgrammeStatus.DRAFT))
        for role, code in (
            (Role.OPERATOR, HOME_CODE),
            (Role.CIVIL_SERVANT, "34.04"),
            (Role.AUDITOR, "35"),
        ):
            page = client_for(make_user(role, code)).get(reverse("development:catalogue"))
            text = page.content.decode()
            assert "Program Terbit" in text
            assert "Program Draf" not in text


class TestProgrammeList(ListPermissionSuite):
    url_name = "development:programmes"
    allowed_role = Role.OPERATOR

    def make_object(self, institution: Any) -> Any:
        return _programme(status=ProgrammeStatus.DRAFT)

    def marker(self, obj: Programme) -> str:
        return obj.title


class TestProgrammeDetail(CatalogueReadSuite):
    url_name = "development:programme"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def make_draft(self, institution: Any) -> Any:
        return _programme(title="Draf Rahasia", status=ProgrammeStatus.DRAFT)

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Programme) -> str:
        return obj.title


class TestSessionDetail(CatalogueReadSuite):
    url_name = "development:session"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme(), place="Balai Diklat Jemursari")

    def make_draft(self, institution: Any) -> Any:
        return SessionFactory(
            programme=_programme(status=ProgrammeStatus.DRAFT), place="Tempat Draf"
        )

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Session) -> str:
        return obj.place


# --- programme writes ----------------------------------------------------------------

PROGRAMME_POST = {
    "title": "Pelatihan Kepemimpinan Pengawas",
    "code": "pkp-2026",
    "form": "",
    "description": "",
    "jp": "60",
    "mode": "in_person",
    "cost_per_participant": "2500000",
    "capacity": "30",
    "access": "everyone",
    "guests_pay": "on",
    "competency_code_0": "M.06",
    "competency_level_0": "3",
}


def _post(**extra: Any) -> dict[str, Any]:
    from tests.development.factories import form

    data = dict(PROGRAMME_POST, form=str(form("pelatihan-kepemimpinan").pk))
    data.update(extra)
    return data


@pytest.mark.django_db
class TestProgrammeCreate(OrganiserWriteSuite):
    """Creating a programme: for the user's own institution only (so another institution's
    operator creates its own, never Surabaya's: the state is Surabaya's programmes)."""

    url_name = "development:programme_create"
    outsiders = (
        (Role.CIVIL_SERVANT, HOME_CODE, (403,)),
        (Role.AUDITOR, HOME_CODE, (403,)),
    )

    def make_object(self, institution: Any) -> Any:
        return None

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(reverse(self.url_name), _post())

    def state(self, obj: Any) -> Any:
        return list(
            Programme.objects.filter(organiser__code=HOME_CODE).values_list("code", "status")
        )

    def location(self, obj: Any) -> str:
        made = Programme.objects.get(organiser__code=HOME_CODE, code="pkp-2026")
        return reverse("development:programme", args=[made.pk])

    # Another institution's staff create their own institution's programme: allowed,
    # and Surabaya's programmes are untouched (proven below instead of a refusal).
    def test_same_role_in_another_institution_is_refused_and_nothing_changes(self) -> None:
        before = self.state(None)
        response = self.request(client_for(make_user(self.allowed_role, "34.04")), None)
        assert response.status_code == 302
        assert self.state(None) == before
        assert Programme.objects.get(code="pkp-2026").organiser.code == "34.04"

    def test_province_over_the_regency_is_refused_and_nothing_changes(self) -> None:
        before = self.state(None)
        self.request(client_for(make_user(Role.INSTITUTION_ADMIN, "35")), None)
        assert self.state(None) == before

    def test_the_form_page_opens_for_staff_and_not_for_civil_servants(self) -> None:
        ok = client_for(make_user(Role.OPERATOR)).get(reverse(self.url_name))
        assert ok.status_code == 200
        refused = client_for(make_user(Role.CIVIL_SERVANT)).get(reverse(self.url_name))
        assert refused.status_code == 403

    def test_bad_input_is_shown_per_field_and_nothing_is_saved(self) -> None:
        client = client_for(make_user(Role.OPERATOR))
        response = client.post(
            reverse(self.url_name), _post(cost_per_participant="-5", competency_level_0="")
        )
        assert response.status_code == 400
        text = response.content.decode()
        assert "Tidak ada yang disimpan" in text or "Nothing was saved" in text
        assert self.state(None) == []


class _OnProgramme(OrganiserWriteSuite):
    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def location(self, obj: Any) -> str:
        return reverse("development:programme", args=[obj.pk])


class TestProgrammeEdit(_OnProgramme):
    url_name = "development:programme_edit"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def request(self, client: Any, obj: Programme) -> Any:
        return client.post(self.url(obj), _post(code=obj.code, title="Judul Baru"))

    def state(self, obj: Programme) -> Any:
        return Programme.objects.get(pk=obj.pk).title


class TestProgrammePublish(_OnProgramme):
    url_name = "development:programme_publish"

    def make_object(self, institution: Any) -> Any:
        return _programme(status=ProgrammeStatus.DRAFT)

    def state(self, obj: Programme) -> Any:
        return Programme.objects.get(pk=obj.pk).status


class TestProgrammeClose(_OnProgramme):
    url_name = "development:programme_close"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def state(self, obj: Programme) -> Any:
        return Programme.objects.get(pk=obj.pk).status


class TestProgrammeHostAdd(_OnProgramme):
    url_name = "development:programme_host_add"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def request(self, client: Any, obj: Programme) -> Any:
        return client.post(self.url(obj), {"host_institution": "35", "cost_share": "40"})

    def state(self, obj: Programme) -> Any:
        return list(ProgrammeHost.objects.filter(programme=obj).values_list("institution__code"))


class TestProgrammeHostRemove(OrganiserWriteSuite):
    url_name = "development:programme_host_remove"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeHostFactory(programme=_programme())

    def url_kwargs(self, obj: ProgrammeHost) -> dict[str, Any]:
        return {"pk": obj.programme_id, "host": obj.pk}

    def state(self, obj: ProgrammeHost) -> Any:
        return ProgrammeHost.objects.filter(pk=obj.pk).exists()

    def location(self, obj: ProgrammeHost) -> str:
        return reverse("development:programme", args=[obj.programme_id])


class TestProgrammeQuotaAdd(_OnProgramme):
    url_name = "development:programme_quota_add"

    def make_object(self, institution: Any) -> Any:
        return _programme(access=Access.LISTED)

    def request(self, client: Any, obj: Programme) -> Any:
        return client.post(self.url(obj), {"quota_institution": "35.15", "seats": "3"})

    def state(self, obj: Programme) -> Any:
        return list(ProgrammeQuota.objects.filter(programme=obj).values_list("seats"))


class TestProgrammeQuotaRemove(OrganiserWriteSuite):
    url_name = "development:programme_quota_remove"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeQuotaFactory(programme=_programme(access=Access.LISTED))

    def url_kwargs(self, obj: ProgrammeQuota) -> dict[str, Any]:
        return {"pk": obj.programme_id, "quota": obj.pk}

    def state(self, obj: ProgrammeQuota) -> Any:
        return ProgrammeQuota.objects.filter(pk=obj.pk).exists()

    def location(self, obj: ProgrammeQuota) -> str:
        return reverse("development:programme", args=[obj.programme_id])


# --- session writes ------------------------------------------------------------------


def _day(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


class TestSessionCreate(OrganiserWriteSuite):
    url_name = "development:session_create"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Programme) -> Any:
        data = {
            "start_date": _day(20),
            "end_date": _day(22),
            "place": "Hotel Bumi Surabaya",
            "facilitator_name_0": "Dr. Rina Wulandari",
            "facilitator_role_0": "Widyaiswara",
        }
        return client.post(self.url(obj), data)

    def state(self, obj: Programme) -> Any:
        return list(Session.objects.filter(programme=obj).values_list("number", "place"))

    def location(self, obj: Programme) -> str:
        return reverse("development:session", args=[obj.sessions.get().pk])

    def test_the_form_page_opens_for_the_organiser_only(self) -> None:
        programme = self.make_object(None)
        assert client_for(make_user(Role.OPERATOR)).get(self.url(programme)).status_code == 200
        other = client_for(make_user(Role.OPERATOR, "34.04")).get(self.url(programme))
        assert other.status_code == 404


class _OnSession(OrganiserWriteSuite):
    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme())

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def location(self, obj: Any) -> str:
        return reverse("development:session", args=[obj.pk])


class TestSessionEdit(_OnSession):
    url_name = "development:session_edit"

    def request(self, client: Any, obj: Session) -> Any:
        data = {
            "number": str(obj.number),
            "start_date": obj.start_date.isoformat(),
            "end_date": obj.end_date.isoformat(),
            "place": "Gedung Baru",
            "capacity": "12",
        }
        return client.post(self.url(obj), data)

    def state(self, obj: Session) -> Any:
        return Session.objects.values_list("place", "capacity").get(pk=obj.pk)

    def test_the_form_page_opens_for_the_organiser_only(self) -> None:
        session = self.make_object(None)
        assert client_for(make_user(Role.OPERATOR)).get(self.url(session)).status_code == 200
        other = client_for(make_user(Role.OPERATOR, "34.04")).get(self.url(session))
        assert other.status_code == 404


class TestSessionCancel(_OnSession):
    url_name = "development:session_cancel"

    def request(self, client: Any, obj: Session) -> Any:
        return client.post(self.url(obj), {"cancel-reason": "Narasumber berhalangan"})

    def state(self, obj: Session) -> Any:
        return Session.objects.values_list("status", "cancel_reason").get(pk=obj.pk)


class TestFacilitatorAdd(_OnSession):
    url_name = "development:session_facilitator_add"

    def request(self, client: Any, obj: Session) -> Any:
        return client.post(self.url(obj), {"fac-name": "Ir. Hendra", "fac-role": "Narasumber"})

    def state(self, obj: Session) -> Any:
        return list(Facilitator.objects.filter(session=obj).values_list("name"))


class TestFacilitatorRemove(OrganiserWriteSuite):
    url_name = "development:session_facilitator_remove"

    def make_object(self, institution: Any) -> Any:
        session = SessionFactory(programme=_programme())
        return Facilitator.objects.create(session=session, name="Drs. Agus", role="Coach")

    def url_kwargs(self, obj: Facilitator) -> dict[str, Any]:
        return {"pk": obj.session_id, "facilitator": obj.pk}

    def state(self, obj: Facilitator) -> Any:
        return Facilitator.objects.filter(pk=obj.pk).exists()

    def location(self, obj: Facilitator) -> str:
        return reverse("development:session", args=[obj.session_id])
