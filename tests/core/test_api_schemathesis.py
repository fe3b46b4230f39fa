"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

For every operation of ``/api/v1/schema/`` and every caller (an anonymous visitor,
each role with a token -- Kota Surabaya's, the national administrator at the national
coordinator, the civil servant holding a record -- and a superuser), schemathesis
generates valid and invalid requests and checks the rule of the project: bad input
gets a clear error and loses nothing. That is

- never a 5xx;
- every status code and body is the one the schema documents;
- every error body says what is wrong (``detail``);
- a refused write writes nothing.

Requests go in-process through Django's WSGI handler inside the test's
transaction: no server, no network. Examples are few and derandomized so the
file stays fast and gives the same answer on every run: the visitor, the operator
and the national administrator get the most; the other callers, whose answers
differ mostly by permission, fewer (tests/core/test_query_parameters.py tries
hostile values of every parameter for every caller by hand).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings

from tangguh.accounts.services import api_token_issue
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.people.models import Employee, EmploymentHistory, ImportJob, TransferRequest
from tests.people.test_views_permissions import (
    csv_upload,
    dry_run,
    employee,
    new_nip,
    row,
    transfer,
)
from tests.permissions import HOME_CODE, OTHER_CODE, _institution, make_user

NATIONAL_CODE = "K.09"  # BPSDM Kemendagri, the national coordinator in the test data
MAX_EXAMPLES = 12
FEWER_EXAMPLES = 4
MAIN_CALLERS = ["anonymous", Role.OPERATOR, Role.NATIONAL_ADMIN]
OTHER_CALLERS = [r for r in Role.values if r not in MAIN_CALLERS] + ["superuser"]


class _InProcessApp:
    """Django's WSGI handler, minus the end-of-request connection cleanup.

    ``close_old_connections`` would close the connection that holds the test's
    transaction; ``django.test.Client`` disconnects it for the same reason.
    """

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            return self.handler(environ, start_response)
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def _load_schema(*, examples: int, coverage: bool) -> Any:
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", _InProcessApp())
    loaded.config.generation.update(
        max_examples=examples,
        deterministic=True,
        # NUL bytes in text are refused by PostgreSQL and cleaned by DRF; keep them in.
        allow_x00=True,
    )
    # The coverage phase sends every boundary the schema defines (blank, min - 1, max + 1,
    # each enum value...), whatever max_examples says: thorough, and most of the time.
    loaded.config.phases.update(
        phases=["examples", "fuzzing", "coverage"] if coverage else ["examples", "fuzzing"]
    )
    # Schema-valid is not always valid: a NIP has a checksum of dates, a password can be
    # wrong. A 400 with the reason for such input is right, so that check is left out;
    # every other check of schemathesis runs.
    loaded.config.checks.update(excluded_check_names=["positive_data_acceptance"])
    # The upload takes a register file: random bytes only ever prove the file check,
    # which the hand-written test below covers with files that mean something.
    return loaded.exclude(path="/api/v1/imports/", method="POST")


schema = _load_schema(examples=MAX_EXAMPLES, coverage=True)
# The other callers differ from the main ones mostly by permission: fewer examples, no
# boundary sweep (tests/core/test_query_parameters.py sends them hostile values by hand).
light_schema = _load_schema(examples=FEWER_EXAMPLES, coverage=False)

# Rows whose count must not move when the API refuses a request.
WRITTEN = (Employee, EmploymentHistory, ImportJob, TransferRequest, AuditEntry)


def _counts() -> dict[str, Any]:
    counts: dict[str, Any] = {m.__name__: m.objects.count() for m in WRITTEN}
    counts["pending transfers"] = TransferRequest.objects.filter(status="pending").count()
    return counts


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """A small register in Surabaya and Sleman: rows to find, to refuse, to decide."""
    from tests.accounts.factories import UserFactory

    surabaya, sleman = _institution(HOME_CODE), _institution(OTHER_CODE)
    own = None
    for inst in (surabaya, sleman):
        own = own or employee(inst)
        transfer(inst)
        actor = make_user(Role.OPERATOR, inst.code)
        dry_run(institution=inst, actor=actor, rows=[row(new_nip()), row("1985")])
    users = {role: make_user(role, HOME_CODE) for role in Role.values}
    users[Role.NATIONAL_ADMIN] = make_user(Role.NATIONAL_ADMIN, NATIONAL_CODE)
    users[Role.CIVIL_SERVANT] = make_user(Role.CIVIL_SERVANT, HOME_CODE, nip=own.nip)
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True, role=Role.OPERATOR)
    return {
        "anonymous": None,
        **{caller: api_token_issue(user=user).key for caller, user in users.items()},
        "pks": {
            "employee": list(Employee.objects.values_list("pk", flat=True)),
            "imports": list(ImportJob.objects.values_list("pk", flat=True)),
            "transfers": list(TransferRequest.objects.values_list("pk", flat=True)),
        },
    }


def _aim_at_real_rows(case: Any, pks: dict[str, list[int]]) -> None:
    """Half of the generated ids (and codes) point at rows that exist, in scope or not."""
    code = (case.path_parameters or {}).get("code")
    if isinstance(code, str) and len(code) % 2 == 0:
        case.path_parameters["code"] = (HOME_CODE, OTHER_CODE, NATIONAL_CODE)[len(code) % 3]
    pk = (case.path_parameters or {}).get("id")
    if not isinstance(pk, int) or pk % 2:
        return
    resource = case.path.split("/")[3]
    rows = pks.get(resource) or pks.get(resource.rstrip("s"))
    if rows:
        case.path_parameters["id"] = rows[(pk // 2) % len(rows)]


def _settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.parametrize("caller", MAIN_CALLERS)
@schema.parametrize()
@_settings(MAX_EXAMPLES)
def test_api_answers_as_documented(case: Any, caller: str, world: dict[str, Any]) -> None:
    _call_and_check(case, caller, world)


@pytest.mark.parametrize("caller", OTHER_CALLERS)
@light_schema.parametrize()
@_settings(FEWER_EXAMPLES)
def test_api_answers_every_other_caller_as_documented(
    case: Any, caller: str, world: dict[str, Any]
) -> None:
    _call_and_check(case, caller, world)


def _call_and_check(case: Any, caller: str, world: dict[str, Any]) -> None:
    _aim_at_real_rows(case, world["pks"])
    headers = {"Authorization": f"Token {world[caller]}"} if world[caller] else {}
    before = _counts()
    response = case.call_and_validate(headers=headers)
    assert response.status_code < 500
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and body.get("detail"), body
        assert _counts() == before, "a refused request wrote to the database"


def test_upload_refuses_bad_input_clearly_and_keeps_nothing(world: dict[str, Any]) -> None:
    """The upload is left out of the fuzzing above: here, by hand, what it must refuse."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {world[Role.OPERATOR]}", HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("api:import-create")
    bad = [
        {},
        {"file": "not a file"},
        {"file": SimpleUploadedFile("x.csv", b"")},
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")},
        {"file": SimpleUploadedFile("x.xlsx", b"PK not a workbook")},
        {"file": csv_upload([row(new_nip())]), "dry_run": "perhaps"},
        {"file": csv_upload([row(new_nip())]), "institution": "99.99"},
        {"file": csv_upload([row(new_nip())]), "institution": OTHER_CODE},
        {"file": csv_upload([row(new_nip())]), "institution": "35.78\x00"},
    ]
    before = _counts()
    for data in bad:
        response = client.post(url, data)
        assert 400 <= response.status_code < 500, (data, response.status_code)
        body = response.json()
        assert body["detail"] and body["code"], body
    # Neither JSON nor a form: 415, still with a sentence.
    response = client.post(url, {"file": "x"}, content_type="application/json")
    assert response.status_code == 415 and response.json()["detail"]
    assert _counts() == before
