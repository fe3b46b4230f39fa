"""`tangguh demo`: one user per role, deterministic and idempotent, every login works."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

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
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_creates_one_user_per_role(demo):  # type: ignore[no-untyped-def]
    users = User.objects.filter(username__in=[u[0] for u in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert {u.role for u in users} == {r.value for r in Role}
    assert f"Demo users: {len(DEMO_USERS)} created" in demo


@pytest.mark.parametrize(
    ("username", "role", "code"),
    [
        ("nasional", Role.NATIONAL_ADMIN, "K.09"),
        ("auditor.nasional", Role.AUDITOR, "K.09"),
        ("admin.jatim", Role.INSTITUTION_ADMIN, "35"),
        ("admin.surabaya", Role.INSTITUTION_ADMIN, "35.78"),
        ("pegawai.surabaya", Role.CIVIL_SERVANT, "35.78"),
        ("admin.sleman", Role.INSTITUTION_ADMIN, "34.04"),
    ],
)
def test_demo_users_sit_where_the_docs_say(demo, username, role, code):  # type: ignore[no-untyped-def]
    user = User.objects.select_related("institution").get(username=username)
    assert (user.role, user.institution.code) == (role, code)
    assert not user.is_superuser


def test_national_demo_users_are_at_the_national_coordinator(demo):  # type: ignore[no-untyped-def]
    coordinator = Institution.objects.get(is_national_coordinator=True)
    assert set(User.objects.filter(institution=coordinator).values_list("username", flat=True)) >= {
        "nasional",
        "auditor.nasional",
    }


def test_demo_civil_servant_has_a_nip(demo):  # type: ignore[no-untyped-def]
    nip = User.objects.get(username="pegawai.surabaya").nip
    assert len(nip) == 18
    assert nip.isdigit()


def test_running_the_demo_twice_changes_nothing(demo):  # type: ignore[no-untyped-def]
    before = row_counts()
    users = set(User.objects.values_list("username", "password", "role", "institution_id"))
    out = StringIO()
    call_command("demo", stdout=out)
    assert row_counts() == before
    assert before["accounts.user"] >= len(DEMO_USERS)
    assert before["institutions.institution"] == Institution.objects.count() > 552
    # Passwords are not reset either: a demo user who changed theirs keeps it.
    assert set(User.objects.values_list("username", "password", "role", "institution_id")) == users
    assert f"Demo users: 0 created, {len(DEMO_USERS)} already there." in out.getvalue()
    assert "Institutions: 0 created, 0 updated" in out.getvalue()


def test_every_demo_user_can_sign_in_with_the_demo_password(demo):  # type: ignore[no-untyped-def]
    for username, *_ in DEMO_USERS:
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
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
