"""`tangguh demo`: one user per role, deterministic and idempotent, every login works."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tangguh.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution

pytestmark = pytest.mark.django_db

# Rows whose count may change between two runs for reasons other than the demo.
VOLATILE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def row_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in VOLATILE
    }


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    out = StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_creates_one_user_per_role(demo):  # type: ignore[no-untyped-def]
    users = User.objects.filter(username__in=[u[0] for u in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert {u.role for u in users} == {r.value for r in Role}
    assert f"Demo users: {len(DEMO_USERS)} created" in demo


# Where the demo accounts sit (the README and the demo_logins listing promise these).
PLACES = {
    "nasional": (Role.NATIONAL_ADMIN, "K.09"),
    "auditor.nasional": (Role.AUDITOR, "K.09"),
    "admin.jatim": (Role.INSTITUTION_ADMIN, "35"),
    "admin.surabaya": (Role.INSTITUTION_ADMIN, "35.78"),
    "pegawai.surabaya": (Role.CIVIL_SERVANT, "35.78"),
    "admin.sleman": (Role.INSTITUTION_ADMIN, "34.04"),
}


def test_demo_users_sit_where_the_docs_say(demo):  # type: ignore[no-untyped-def]
    users = {
        u.username: u
        for u in User.objects.select_related("institution").filter(username__in=PLACES)
    }
    assert {name: (u.role, u.institution.code) for name, u in users.items()} == PLACES
    assert not any(u.is_superuser or u.is_staff for u in users.values())
    # The national accounts are at the national coordinator, so the national auditor reads everything.
    assert users["auditor.nasional"].institution.is_national_coordinator
    nip = users["pegawai.surabaya"].nip
    assert len(nip) == 18
    assert nip.isdigit()


def test_running_the_demo_twice_changes_no_user_or_institution(demo):  # type: ignore[no-untyped-def]
    users = set(User.objects.values_list("username", "password", "role", "institution_id", "nip"))
    institutions = set(Institution.objects.values_list("code", "name", "kind", "parent_id"))
    out = StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)
    assert len(users) >= len(DEMO_USERS)
    assert len(institutions) > 552
    # Passwords are not reset either: a demo user who changed theirs keeps it.
    assert (
        set(User.objects.values_list("username", "password", "role", "institution_id", "nip"))
        == users
    )
    assert set(Institution.objects.values_list("code", "name", "kind", "parent_id")) == institutions
    assert f"Demo users: 0 created, {len(DEMO_USERS)} already there." in out.getvalue()
    assert "Institutions: 0 created, 0 updated" in out.getvalue()


def test_running_the_demo_twice_adds_no_row_anywhere(demo):  # type: ignore[no-untyped-def]
    # Every domain's step, audit entries included: a second run that changes nothing records nothing.
    before = row_counts()
    call_command("demo", stdout=StringIO())
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


def test_every_demo_user_can_sign_in_with_the_demo_password(demo):  # type: ignore[no-untyped-def]
    for username, *_ in DEMO_USERS:
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert response["Location"] == reverse("core:dashboard"), username
        assert client.get(reverse("core:dashboard")).status_code == 200, username


def test_demo_logins_prints_every_login(demo):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("demo_logins", "--port", "8010", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8010/" in text
    assert DEMO_PASSWORD in text
    for username, *_ in DEMO_USERS:
        assert f"  {username} " in text
