"""No write outside the writer's scope, and answers to a write reveal no more than a read would.

Every write path of the register (web and API imports, the API's create, transfer
decisions) runs the write suite of tests/permissions.py, which proves each refusal by
its effect: the row did not change. Then the takeover by import (issue 8, finding 1)
on every import path and for every status of the person, and what the answers say
about a NIP outside the scope (finding 6).
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tangguh.core.messages import render
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.people import services
from tangguh.people.importing.merge import TRANSFER_REQUESTED
from tangguh.people.models import Employee, ImportIssue, ImportJob, TransferRequest
from tests.people.factories import EmployeeFactory
from tests.people.test_views_permissions import csv_upload, dry_run, new_nip, row
from tests.permissions import (
    HOME_CODE,
    OTHER_CODE,
    ObjectPermissionSuite,
    WritePermissionSuite,
    client_for,
    make_user,
)

RECEIVER_CODE = "35.73"  # Kota Malang: the receiving side of the transfers below


def institution(code: str) -> Institution:
    return Institution.objects.get(code=code)


def english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def registered(nip: str) -> Any:
    return Employee.objects.filter(nip=nip).values_list("institution__code", flat=True).first()


# --- imports: web ------------------------------------------------------------------


class TestImportUploadWrite(WritePermissionSuite):
    """Uploading a file queues a check for an institution: only one the user may import into."""

    url_name = "people:import"
    allowed_role = Role.OPERATOR
    ok_status = (302,)
    refused_status = (400, 403, 404)  # another institution is not a choice of the form

    def make_object(self, inst: Any) -> Any:
        return SimpleNamespace(name=f"upload-{new_nip()}.csv", nip=new_nip())

    def request(self, client: Any, obj: Any) -> Any:
        data = {"file": csv_upload([row(obj.nip)], name=obj.name), "institution": HOME_CODE}
        return client.post(self.url(obj), data=data)

    def state(self, obj: Any) -> Any:
        return ImportJob.objects.filter(original_name=obj.name).count()

    def location(self, obj: Any) -> str:
        return reverse("people:import-job", args=[ImportJob.objects.get(original_name=obj.name).pk])


def _checked(inst: Any) -> Any:
    """A finished dry run of one new NIP, uploaded by the institution's operator."""
    nip = new_nip()
    actor = make_user(Role.OPERATOR, inst.code)
    return SimpleNamespace(job=dry_run(institution=inst, actor=actor, rows=[row(nip)]), nip=nip)


class TestImportConfirmWrite(WritePermissionSuite):
    url_name = "people:import-confirm"
    allowed_role = Role.OPERATOR
    ok_status = (302,)

    def make_object(self, inst: Any) -> Any:
        return _checked(inst)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.job.pk}

    def state(self, obj: Any) -> Any:
        return registered(obj.nip)

    def assert_done(self, obj: Any, before: Any) -> None:
        assert (before, self.state(obj)) == (None, HOME_CODE)

    def location(self, obj: Any) -> str:
        return reverse("people:import-job", args=[ImportJob.objects.get(dry_run_job=obj.job).pk])


# --- imports: API ------------------------------------------------------------------


class TestImportCreateAPIWrite(WritePermissionSuite):
    """A real import through the API (no dry run): the register changes only in scope."""

    url_name = "api:import-create"
    is_api = True
    allowed_role = Role.OPERATOR
    ok_status = (202,)

    def make_object(self, inst: Any) -> Any:
        return SimpleNamespace(nip=new_nip())

    def request(self, client: Any, obj: Any) -> Any:
        data = {"file": csv_upload([row(obj.nip)]), "institution": HOME_CODE, "dry_run": "false"}
        return client.post(self.url(obj), data=data)

    def state(self, obj: Any) -> Any:
        return registered(obj.nip)


class TestImportConfirmAPIWrite(WritePermissionSuite):
    url_name = "api:import-confirm"
    is_api = True
    allowed_role = Role.OPERATOR
    ok_status = (202,)

    def make_object(self, inst: Any) -> Any:
        return _checked(inst)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.job.pk}

    def state(self, obj: Any) -> Any:
        return registered(obj.nip)


class TestEmployeeCreateAPIWrite(WritePermissionSuite):
    url_name = "api:employee-list"
    is_api = True
    allowed_role = Role.OPERATOR
    ok_status = (201,)

    def make_object(self, inst: Any) -> Any:
        return SimpleNamespace(nip=new_nip())

    def request(self, client: Any, obj: Any) -> Any:
        data = {"institution": HOME_CODE, "nip": obj.nip, "full_name": "Dewi Lestari"}
        return client.post(self.url(obj), data=data, content_type="application/json")

    def state(self, obj: Any) -> Any:
        return registered(obj.nip)


# --- transfers ---------------------------------------------------------------------

SENT = {
    "nip": None,  # filled in with the person's NIP
    "full_name": "X Y",
    "title_front": "Dr.",
    "sex": "M",
    "status": "active",
    "rank": "III/c",
    "work_unit": "Dinas Baru",
    "position": "Analis Baru",
}


def make_transfer(inst: Any, to_code: str = RECEIVER_CODE, **employee: Any) -> TransferRequest:
    """A pending transfer of ``inst``'s civil servant to another institution, as an import makes it."""
    person = EmployeeFactory(institution=inst, **employee)
    return TransferRequest.objects.create(
        employee=person,
        from_institution=inst,
        to_institution=institution(to_code),
        payload={**SENT, "nip": person.nip},
    )


def transfer_state(t: TransferRequest) -> Any:
    t.refresh_from_db()
    e = Employee.objects.get(pk=t.employee_id)
    return (t.status, t.decision_note, t.identity_applied, e.institution_id, e.full_name, e.rank)


class _TransferDecisionWrite(WritePermissionSuite):
    allowed_role = Role.INSTITUTION_ADMIN
    denied_role = Role.OPERATOR  # sees transfers, may not decide them
    ok_status = (302,)

    def make_object(self, inst: Any) -> Any:
        return make_transfer(inst)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def state(self, obj: Any) -> Any:
        return transfer_state(obj)

    def location(self, obj: Any) -> str:
        return reverse("people:transfers")


class TestTransferConfirmWrite(_TransferDecisionWrite):
    url_name = "people:transfer-confirm"
    data = {"note": "Sesuai SK mutasi", "confirmed": "1"}

    def assert_done(self, obj: Any, before: Any) -> None:
        status, note, identity, inst, name, rank = self.state(obj)
        assert (status, note, identity) == ("confirmed", "Sesuai SK mutasi", False)
        assert inst == institution(RECEIVER_CODE).pk and rank == "III/c"
        assert name == before[4]  # the identity values were not taken


class TestTransferRejectWrite(_TransferDecisionWrite):
    url_name = "people:transfer-reject"
    data = {"reason": "Masih bertugas di sini", "confirmed": "1"}

    def assert_done(self, obj: Any, before: Any) -> None:
        assert self.state(obj) == ("rejected", "Masih bertugas di sini", *before[2:])


class TestTransferConfirmAPIWrite(TestTransferConfirmWrite):
    url_name = "api:transfer-confirm"
    is_api = True
    ok_status = (200,)


class TestTransferRejectAPIWrite(TestTransferRejectWrite):
    url_name = "api:transfer-reject"
    is_api = True
    ok_status = (200,)


class TestTransferDetail(ObjectPermissionSuite):
    url_name = "people:transfer-detail"
    allowed_role = Role.OPERATOR
    denied_role = Role.ASSESSOR

    def make_object(self, inst: Any) -> Any:
        return make_transfer(inst)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestTransferDetailAPI(TestTransferDetail):
    url_name = "api:transfer-detail"
    is_api = True


@pytest.mark.django_db
@pytest.mark.parametrize("api", [False, True])
@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_the_receiving_side_cannot_decide(api: bool, decision: str) -> None:
    """The receiving institution's administrator reaches the row (both sides see it) but
    may not pull the person in, nor refuse for the holder."""
    t = make_transfer(institution(HOME_CODE))
    before = transfer_state(t)
    name = f"{'api' if api else 'people'}:transfer-{decision}"
    client = client_for(make_user(Role.INSTITUTION_ADMIN, RECEIVER_CODE))
    response = client.post(reverse(name, args=[t.pk]), data={"reason": "Tidak", "note": ""})
    assert response.status_code == 403
    assert transfer_state(t) == before


# --- the takeover by import (issue 8, finding 1) -----------------------------------


def _snapshot(e: Employee) -> tuple[Any, ...]:
    e.refresh_from_db()
    return (
        e.institution_id, e.status, e.full_name, e.title_front, e.title_back, e.sex,
        e.birth_date, e.rank, e.employee_kind, e.work_unit_id, e.position_id,
        e.period_start, e.period_source, e.fingerprint, e.updated_at, e.history.count(),
    )  # fmt: skip


def _import_web(nip: str, **over: str) -> dict[str, Any]:
    client = client_for(make_user(Role.OPERATOR, HOME_CODE))
    upload = {
        "file": csv_upload([row(nip, "Nama Dari Surabaya", **over)]),
        "institution": HOME_CODE,
    }
    assert client.post(reverse("people:import"), data=upload).status_code == 302
    checked = ImportJob.objects.filter(dry_run=True).latest("pk")
    assert client.post(reverse("people:import-confirm", args=[checked.pk])).status_code == 302
    real = ImportJob.objects.filter(dry_run=False).latest("pk")
    return {"dry": checked.result, "real": real.result, "jobs": [checked, real]}


def _import_api(nip: str, **over: str) -> dict[str, Any]:
    client = client_for(make_user(Role.OPERATOR, HOME_CODE))
    url = reverse("api:import-create")
    answers = [
        client.post(
            url,
            {
                "file": csv_upload([row(nip, "Nama Dari Surabaya", **over)]),
                "institution": HOME_CODE,
                "dry_run": dry,
            },
        )
        for dry in ("true", "false")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    jobs = [ImportJob.objects.get(pk=a.json()["id"]) for a in answers]
    return {"dry": answers[0].json()["result"], "real": answers[1].json()["result"], "jobs": jobs}


def _import_cli(nip: str, tmp_path: Any, **over: str) -> dict[str, Any]:
    path = tmp_path / "surabaya.csv"
    path.write_bytes(csv_upload([row(nip, "Nama Dari Surabaya", **over)]).read())
    results = {}
    for key, extra in (("dry", ["--dry-run"]), ("real", [])):
        out = io.StringIO()
        call_command("employees", "import", str(path), "--institution", HOME_CODE, "--json", *extra, stdout=out)  # fmt: skip
        results[key] = json.loads(out.getvalue())
    return {**results, "jobs": []}


def _import_as_national_admin(nip: str, tmp_path: Any, **over: str) -> dict[str, Any]:
    """A national administrator importing into one institution: the same rule."""
    path = tmp_path / "surabaya.csv"
    path.write_bytes(csv_upload([row(nip, "Nama Dari Surabaya", **over)]).read())
    admin = make_user(Role.NATIONAL_ADMIN, "K.09")
    kwargs = {"source": path, "filename": path.name, "institution": institution(HOME_CODE)}
    dry = services.employee_import(**kwargs, actor=admin, dry_run=True)
    real = services.employee_import(**kwargs, actor=admin)
    return {"dry": dry.counts(), "real": real.counts(), "jobs": [], "errors": real.errors}


PATHS = {
    "web": lambda nip, tmp_path: _import_web(nip),
    "api": lambda nip, tmp_path: _import_api(nip),
    "cli": _import_cli,
    "national admin": _import_as_national_admin,
}


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["active", "retired", "moved_out", "deceased"])
@pytest.mark.parametrize("path", list(PATHS))
def test_an_import_never_takes_over_another_institutions_person(
    path: str, status: str, tmp_path: Any
) -> None:
    sleman = institution(OTHER_CODE)
    person = EmployeeFactory(institution=sleman, status=status, nip=new_nip())
    before = _snapshot(person)

    outcome = PATHS[path](person.nip, tmp_path)

    for key in ("dry", "real"):
        counts = {k: outcome[key][k] for k in ("created", "updated", "transfers_pending")}
        assert counts == {"created": 0, "updated": 0, "transfers_pending": 1}, (key, counts)
    assert _snapshot(person) == before  # Sleman's record untouched, history too
    transfer = TransferRequest.objects.get(employee=person)
    assert (transfer.from_institution, transfer.to_institution.code, transfer.status) == (
        sleman,
        HOME_CODE,
        "pending",
    )
    assert transfer.payload["full_name"] == "Nama Dari Surabaya"
    # Sleman's administrator still has their person; Surabaya cannot read them.
    detail = reverse("people:detail", args=[person.pk])
    assert client_for(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE)).get(detail).status_code == 200
    assert client_for(make_user(Role.OPERATOR, HOME_CODE)).get(detail).status_code == 404


@pytest.mark.django_db
def test_finding_1_exact_attack(tmp_path: Any) -> None:
    """admin.sleman imports their civil servant as Pensiun; operator.surabaya then imports the
    same NIP as PNS. Before the fix: "1 updated", the person moved to Surabaya with
    Surabaya's name, and Sleman's administrator got 404 on their own former employee."""
    nip = new_nip()
    sleman_admin = english(client_for(make_user(Role.INSTITUTION_ADMIN, OTHER_CODE)))
    upload = {"file": csv_upload([row(nip, "Sri Wahyuni", status="Pensiun")]), "institution": OTHER_CODE}  # fmt: skip
    assert sleman_admin.post(reverse("people:import"), data=upload).status_code == 302
    checked = ImportJob.objects.latest("pk")
    sleman_admin.post(reverse("people:import-confirm", args=[checked.pk]))
    person = Employee.objects.get(nip=nip)
    assert (person.institution.code, person.status, person.full_name) == (OTHER_CODE, "retired", "Sri Wahyuni")  # fmt: skip
    before = _snapshot(person)

    outcome = _import_web(nip, status="PNS")

    assert outcome["real"]["updated"] == 0 and outcome["real"]["transfers_pending"] == 1
    assert _snapshot(person) == before
    assert sleman_admin.get(reverse("people:detail", args=[person.pk])).status_code == 200
    # Surabaya's transfer list shows what Surabaya sent, not Sleman's record.
    surabaya = english(client_for(make_user(Role.OPERATOR, HOME_CODE)))
    page = surabaya.get(reverse("people:transfers")).content.decode()
    assert "Nama Dari Surabaya" in page
    assert "Sri Wahyuni" not in page and "Sleman" not in page


# --- what a write says about a NIP outside the scope (finding 6) --------------------


@pytest.mark.django_db
def test_the_row_message_is_the_same_sentence_for_every_status() -> None:
    """The dry run's counts and row messages are identical whatever the person's status
    (and whether a transfer is already waiting): they name neither person nor institution."""
    seen = []
    for status in ("active", "retired", "moved_out", "deceased", "pending"):
        person = EmployeeFactory(
            institution=institution(OTHER_CODE),
            status="active" if status == "pending" else status,
            full_name="Bambang Sleman",
            nip=new_nip(),
        )
        if status == "pending":
            _import_web(person.nip)  # a request waits already
        client = english(client_for(make_user(Role.OPERATOR, HOME_CODE)))
        upload = {"file": csv_upload([row(person.nip)]), "institution": HOME_CODE}
        client.post(reverse("people:import"), data=upload)
        job = ImportJob.objects.filter(dry_run=True).latest("pk")
        issues = list(ImportIssue.objects.filter(job=job).values_list("row", "column", "message"))
        page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
        assert "Bambang Sleman" not in page and "Sleman" not in page
        # The stored reports' names and the preview (it lists the NIP) are the job's own;
        # everything else is the same.
        result = {k: v for k, v in job.result.items() if k not in ("reports", "preview")}
        seen.append((result, job.message, issues))
    assert all(s == seen[0] for s in seen), seen
    result, _message, issues = seen[0]
    assert (result["transfers_pending"], result["updated"], result["created"]) == (1, 0, 0)
    assert [(r, c, render(m)) for r, c, m in issues] == [(2, "NIP", str(TRANSFER_REQUESTED))]
    assert str(TRANSFER_REQUESTED) == (
        "This NIP is already registered in another institution; a transfer request goes to "
        "that institution for its decision."
    )


@pytest.mark.django_db
def test_within_the_own_institution_an_import_updates_as_before() -> None:
    person = EmployeeFactory(institution=institution(HOME_CODE), status="retired", nip=new_nip())
    outcome = _import_web(person.nip, status="PNS Aktif")
    assert (outcome["real"]["updated"], outcome["real"]["transfers_pending"]) == (1, 0)
    person.refresh_from_db()
    assert (person.status, person.full_name) == ("active", "Nama Dari Surabaya")
    assert not TransferRequest.objects.exists()


@pytest.mark.django_db
def test_only_a_national_file_moves_people_directly(tmp_path: Any) -> None:
    """institution=None (each row's Kode Instansi): as before, someone no longer active
    elsewhere is moved directly, an active one becomes a transfer request."""
    sleman = institution(OTHER_CODE)
    retired = EmployeeFactory(institution=sleman, status="retired", nip=new_nip())
    active = EmployeeFactory(institution=sleman, status="active", nip=new_nip())
    header = "Kode Instansi,NIP,Nama,Status Kepegawaian"
    lines = [f"{HOME_CODE},{retired.nip},Pindah Ke Surabaya,PNS", f"{HOME_CODE},{active.nip},Aktif Di Sleman,PNS"]  # fmt: skip
    path = tmp_path / "nasional.csv"
    path.write_bytes(csv_upload(lines, header=header).read())
    admin = make_user(Role.NATIONAL_ADMIN, "K.09")
    result = services.employee_import(
        source=path, filename=path.name, institution=None, actor=admin
    )
    assert (result.updated, result.transfers_pending) == (1, 1)
    assert registered(retired.nip) == HOME_CODE
    assert registered(active.nip) == OTHER_CODE
    assert TransferRequest.objects.get().employee == active


@pytest.mark.django_db
def test_api_create_of_a_nip_outside_the_scope_names_nothing() -> None:
    person = EmployeeFactory(institution=institution(OTHER_CODE), status="retired", nip=new_nip())
    before = _snapshot(person)
    client = english(client_for(make_user(Role.OPERATOR, HOME_CODE)))
    data = {"institution": HOME_CODE, "nip": person.nip, "full_name": "Dewi Lestari"}
    response = client.post(reverse("api:employee-list"), data=data, content_type="application/json")
    assert response.status_code == 409
    body = response.content.decode()
    assert response.json()["detail"] == (
        "This NIP is already registered in another institution; ask for a transfer."
    )
    assert "Sleman" not in body and person.full_name not in body and "retired" not in body
    # As for a read: the person is not found.
    assert client.get(reverse("api:employee-detail", args=[person.pk])).status_code == 404
    assert _snapshot(person) == before


@pytest.mark.django_db
def test_api_create_of_a_nip_inside_the_read_scope_may_name_the_institution() -> None:
    """Jawa Timur's operator reads Kota Surabaya's register (roll-up): naming it tells
    nothing new."""
    person = EmployeeFactory(institution=institution(HOME_CODE), nip=new_nip())
    client = english(client_for(make_user(Role.OPERATOR, "35")))
    data = {"nip": person.nip, "full_name": "Dewi Lestari"}
    response = client.post(reverse("api:employee-list"), data=data, content_type="application/json")
    assert response.status_code == 409
    assert "Kota Surabaya" in response.json()["detail"]
    assert registered(person.nip) == HOME_CODE


@pytest.mark.django_db
def test_the_dry_run_page_says_transfer_rows_are_not_changed(surabaya, sleman):
    """A dry run with a NIP held elsewhere offers the import without calling it a rejected row."""
    held = EmployeeFactory(institution=sleman, nip=new_nip())
    operator = make_user(Role.OPERATOR)
    job = dry_run(institution=surabaya, actor=operator, rows=[row(held.nip), row(new_nip())])
    page = english(client_for(operator)).get(reverse("people:import-job", args=[job.pk]))
    text = page.content.decode()
    assert "each becomes a transfer request that institution decides" in text
    assert "The rejected rows are left out." not in text
    assert Employee.objects.get(pk=held.pk).institution == sleman
