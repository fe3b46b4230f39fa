"""A permission suite for every results, plenary and "My certification" page.

The object lives in Kota Surabaya (35.78). Where a page writes, the batch is organised by
Kota Surabaya itself (a factory row: the services that create batches let only a
province or the national coordinator organise), so that the suite's "province over
the regency" proves the organiser's side is the institution itself, not its province.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.urls import reverse

from tangguh.certification.models import Participation, UnitResult
from tangguh.core.roles import Role
from tests.permissions import (
    ListPermissionSuite,
    LoginRequiredSuite,
    ObjectPermissionSuite,
    WritePermissionSuite,
)

from .factories import BatchAssessorFactory, BatchFactory, ParticipationFactory


def _organised_by(institution: Any) -> Participation:
    """A participant of a batch organised by ``institution``, with an assigned assessor."""
    batch = BatchFactory(organiser=institution)
    BatchAssessorFactory(batch=batch, licence__scheme=batch.scheme)
    return ParticipationFactory(batch=batch)


def _results(p: Participation) -> list[tuple[str, str]]:
    return list(
        UnitResult.objects.filter(participation=p)
        .order_by("unit__code")
        .values_list("unit__code", "recommendation")
    )


class TestWorklist(ListPermissionSuite):
    url_name = "certification:worklist"
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return BatchFactory(organiser=institution)

    def marker(self, obj: Any) -> str:
        return obj.code


class TestResultsGrid(ObjectPermissionSuite):
    """The nominating institution reads its own participants' results."""

    url_name = "certification:results"
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return ParticipationFactory(institution=institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}


class TestPlenaryPage(TestResultsGrid):
    url_name = "certification:plenary"


class _OrganiserPage(ObjectPermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.CIVIL_SERVANT

    def make_object(self, institution: Any) -> Any:
        return _organised_by(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}


class TestParticipantResultsForm(_OrganiserPage):
    url_name = "certification:results_participant"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id, "participation": obj.pk}


class TestResultsImportPage(_OrganiserPage):
    url_name = "certification:results_import"


class TestResultsTemplate(_OrganiserPage):
    url_name = "certification:results_template"

    def request(self, client: Any, obj: Any) -> Any:
        response = client.get(self.url(obj))
        if response.status_code == 200:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            assert obj.nip.encode() not in response.content  # zipped, but not empty
            assert len(response.content) > 3000
        return response


class TestPlenaryDecideForm(_OrganiserPage):
    url_name = "certification:plenary_decide"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id, "participation": obj.pk}


class _OrganiserWrite(WritePermissionSuite):
    allowed_role = Role.OPERATOR
    denied_role = Role.AUDITOR  # reads the results, records none

    def make_object(self, institution: Any) -> Any:
        return _organised_by(institution)

    def state(self, obj: Any) -> Any:
        return _results(obj)


class TestParticipantResultsSave(_OrganiserWrite):
    url_name = "certification:results_participant"
    ok_status = (302,)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id, "participation": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        unit = obj.batch.scheme_version.units.order_by("order").first()
        assessor = obj.batch.batch_assessors.get().assessor
        data = {"assessor": assessor.pk, f"rec_{unit.pk}": "K", f"notes_{unit.pk}": "Baik"}
        return client.post(self.url(obj), data)

    def location(self, obj: Any) -> str:
        return reverse("certification:results", kwargs={"pk": obj.batch_id})


def _sheet(obj: Any) -> io.BytesIO:
    assessor = obj.batch.batch_assessors.get().assessor
    text = f"NIP;Kode Unit;Rekomendasi;Asesor\n{obj.nip};U.01;K;{assessor.username}\n"
    upload = io.BytesIO(text.encode())
    upload.name = "hasil.csv"
    return upload


class TestResultsImportUpload(_OrganiserWrite):
    url_name = "certification:results_import"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}

    def request(self, client: Any, obj: Any) -> Any:
        return client.post(self.url(obj), {"file": _sheet(obj)})  # no dry run, not strict


class TestResultsImportConfirm(_OrganiserWrite):
    url_name = "certification:results_import_confirm"

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id}

    def request(self, client: Any, obj: Any) -> Any:
        check = reverse("certification:results_import", kwargs={"pk": obj.batch_id})
        client.post(check, {"file": _sheet(obj), "dry_run": "on"})
        assert _results(obj) == [], "the check wrote"
        pending = client.session.get("certification.results.pending") or {}
        return client.post(self.url(obj), {"token": pending.get("token", "")})


class TestPlenaryDecide(_OrganiserWrite):
    url_name = "certification:plenary_decide"
    ok_status = (302,)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.batch_id, "participation": obj.pk}

    def request(self, client: Any, obj: Any) -> Any:
        data = {"outcome": "not_certified", "decided_on": date.today().isoformat(), "confirm": "1"}
        return client.post(self.url(obj), data)

    def state(self, obj: Any) -> Any:
        return Participation.objects.filter(pk=obj.pk).values_list("outcome", "decided_on").get()

    def location(self, obj: Any) -> str:
        return reverse("certification:plenary", kwargs={"pk": obj.batch_id})


class TestMyCertification(LoginRequiredSuite):
    url_name = "certification:my"
