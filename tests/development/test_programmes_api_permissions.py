"""Every catalogue, programme and session endpoint of the API in a permission suite:
reads by every signed-in role (drafts only by the organiser), writes by the
organiser's side with their effect, refusals from outside with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.roles import Role
from tangguh.development.models import (
    Access,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    ProgrammeStatus,
    Session,
)
from tests.development.catalogue_suites import CatalogueReadSuite, OrganiserAPIWriteSuite
from tests.development.factories import (
    ProgrammeFactory,
    ProgrammeHostFactory,
    ProgrammeQuotaFactory,
    SessionFactory,
)
from tests.permissions import HOME_CODE, OTHER_CODE, client_for, make_user


def _programme(**extra: Any) -> Programme:
    values: dict[str, Any] = {"title": "Bimtek Pengadaan Barang dan Jasa"}
    values.update(extra)
    return ProgrammeFactory(**values)


class _API:
    is_api = True


# --- reads ---------------------------------------------------------------------------


class TestCatalogueAPI(_API, CatalogueReadSuite):
    url_name = "api:development-catalogue"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme())

    def make_draft(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme(title="Draf API", status=ProgrammeStatus.DRAFT))

    def marker(self, obj: Session) -> str:
        return obj.programme.title

    is_list = True
    organiser_sees_draft = False  # drafts are on "our programmes", not in the catalogue


class TestProgrammeListAPI(_API, CatalogueReadSuite):
    url_name = "api:development-programmes"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def make_draft(self, institution: Any) -> Any:
        return _programme(title="Draf Daftar", status=ProgrammeStatus.DRAFT)

    def marker(self, obj: Programme) -> str:
        return obj.title

    is_list = True


class TestProgrammeDetailAPI(_API, CatalogueReadSuite):
    url_name = "api:development-programme"

    def make_object(self, institution: Any) -> Any:
        host = ProgrammeHostFactory(programme=_programme())
        return host.programme

    def make_draft(self, institution: Any) -> Any:
        return _programme(title="Draf Rinci", status=ProgrammeStatus.DRAFT)

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Programme) -> str:
        return obj.title


class TestProgrammeHostsReadAPI(_API, CatalogueReadSuite):
    url_name = "api:development-programme-hosts"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeHostFactory(programme=_programme()).programme

    def make_draft(self, institution: Any) -> Any:
        return ProgrammeHostFactory(programme=_programme(status=ProgrammeStatus.DRAFT)).programme

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Programme) -> str:
        return '"institution":"35"'


class TestProgrammeQuotasReadAPI(_API, CatalogueReadSuite):
    url_name = "api:development-programme-quotas"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeQuotaFactory(programme=_programme(access=Access.LISTED)).programme

    def make_draft(self, institution: Any) -> Any:
        programme = _programme(access=Access.LISTED, status=ProgrammeStatus.DRAFT)
        return ProgrammeQuotaFactory(programme=programme).programme

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Programme) -> str:
        return '"institution":"35.15"'


class TestSessionListAPI(_API, CatalogueReadSuite):
    url_name = "api:development-sessions"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme(), place="Aula Sesi API")

    def make_draft(self, institution: Any) -> Any:
        programme = _programme(status=ProgrammeStatus.DRAFT)
        return SessionFactory(programme=programme, place="Aula Draf")

    def marker(self, obj: Session) -> str:
        return obj.place

    is_list = True


class TestSessionDetailAPI(_API, CatalogueReadSuite):
    url_name = "api:development-session"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme(), place="Aula Rinci")

    def make_draft(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme(status=ProgrammeStatus.DRAFT), place="Aula Draf")

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def marker(self, obj: Session) -> str:
        return obj.place


# --- writes --------------------------------------------------------------------------


def _json(client: Any, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(url, data=data, content_type="application/json")


@pytest.mark.django_db
class TestProgrammeCreateAPI(OrganiserAPIWriteSuite):
    url_name = "api:development-programmes"
    outsiders = (
        (Role.CIVIL_SERVANT, HOME_CODE, (403,)),
        (Role.AUDITOR, HOME_CODE, (403,)),
        (Role.OPERATOR, OTHER_CODE, (403,)),  # naming Surabaya as the organiser
    )

    def make_object(self, institution: Any) -> Any:
        return None

    def request(self, client: Any, obj: Any) -> Any:
        body = {
            "organiser": HOME_CODE,
            "code": "webinar-smart-city",
            "title": "Webinar Smart City",
            "form": "seminar",
            "jp": "4",
            "mode": "online",
            "cost_per_participant": "0",
            "capacity": 500,
            "access": "everyone",
            "competencies": [{"code": "M.07", "level": 2}],
        }
        return _json(client, "post", reverse(self.url_name), body)

    def state(self, obj: Any) -> Any:
        return list(Programme.objects.filter(organiser__code=HOME_CODE).values_list("code"))


class TestProgrammeUpdateAPI(OrganiserAPIWriteSuite):
    url_name = "api:development-programme"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def url_kwargs(self, obj: Programme) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Programme) -> Any:
        return _json(client, "patch", self.url(obj), {"title": "Judul API", "capacity": 40})

    def state(self, obj: Programme) -> Any:
        return Programme.objects.values_list("title", "capacity").get(pk=obj.pk)


class _OnProgrammeAPI(OrganiserAPIWriteSuite):
    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestProgrammeHostsWriteAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-hosts"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def request(self, client: Any, obj: Programme) -> Any:
        return _json(client, "post", self.url(obj), {"institution": "35", "cost_share": "25.5"})

    def state(self, obj: Programme) -> Any:
        return list(ProgrammeHost.objects.filter(programme=obj).values_list("cost_share"))


class TestProgrammeHostsDeleteAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-hosts"
    method = "delete"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeHostFactory(programme=_programme()).programme

    def request(self, client: Any, obj: Programme) -> Any:
        return client.delete(self.url(obj) + "?institution=35")

    def state(self, obj: Programme) -> Any:
        return ProgrammeHost.objects.filter(programme=obj).count()


class TestProgrammeQuotasWriteAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-quotas"

    def make_object(self, institution: Any) -> Any:
        return _programme(access=Access.LISTED)

    def request(self, client: Any, obj: Programme) -> Any:
        return _json(client, "post", self.url(obj), {"institution": "35.15", "seats": 4})

    def state(self, obj: Programme) -> Any:
        return list(ProgrammeQuota.objects.filter(programme=obj).values_list("seats"))


class TestProgrammeQuotasDeleteAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-quotas"
    method = "delete"

    def make_object(self, institution: Any) -> Any:
        return ProgrammeQuotaFactory(programme=_programme(access=Access.LISTED)).programme

    def request(self, client: Any, obj: Programme) -> Any:
        return client.delete(self.url(obj) + "?institution=35.15")

    def state(self, obj: Programme) -> Any:
        return ProgrammeQuota.objects.filter(programme=obj).count()


class TestProgrammePublishAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-publish"

    def make_object(self, institution: Any) -> Any:
        return _programme(status=ProgrammeStatus.DRAFT)

    def state(self, obj: Programme) -> Any:
        return Programme.objects.get(pk=obj.pk).status


class TestProgrammeCloseAPI(_OnProgrammeAPI):
    url_name = "api:development-programme-close"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def state(self, obj: Programme) -> Any:
        return Programme.objects.get(pk=obj.pk).status


def _day(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


class TestSessionCreateAPI(OrganiserAPIWriteSuite):
    url_name = "api:development-sessions"

    def make_object(self, institution: Any) -> Any:
        return _programme()

    def request(self, client: Any, obj: Programme) -> Any:
        body = {
            "programme": obj.pk,
            "start_date": _day(10),
            "end_date": _day(11),
            "place": "Aula API",
            "facilitators": [{"name": "Dra. Lestari", "role": "Widyaiswara"}],
        }
        return _json(client, "post", reverse(self.url_name), body)

    def state(self, obj: Programme) -> Any:
        return list(Session.objects.filter(programme=obj).values_list("place"))


class TestSessionUpdateAPI(OrganiserAPIWriteSuite):
    url_name = "api:development-session"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme())

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Session) -> Any:
        return _json(client, "patch", self.url(obj), {"place": "Aula Baru", "capacity": 9})

    def state(self, obj: Session) -> Any:
        return Session.objects.values_list("place", "capacity").get(pk=obj.pk)


class TestSessionCancelAPI(OrganiserAPIWriteSuite):
    url_name = "api:development-session-cancel"

    def make_object(self, institution: Any) -> Any:
        return SessionFactory(programme=_programme())

    def url_kwargs(self, obj: Session) -> dict[str, Any]:
        return {"pk": obj.pk}

    def request(self, client: Any, obj: Session) -> Any:
        return _json(client, "post", self.url(obj), {"reason": "Anggaran dialihkan"})

    def state(self, obj: Session) -> Any:
        return Session.objects.values_list("status", "cancel_reason").get(pk=obj.pk)


@pytest.mark.django_db
class TestJunkIdsAre404:
    @pytest.mark.parametrize("name", ["api:development-programme", "api:development-session"])
    def test_junk(self, name: str) -> None:
        client = client_for(make_user(Role.OPERATOR))
        url = reverse(name, kwargs={"pk": 1}).replace("/1/", "/99999999999999999999/")
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
