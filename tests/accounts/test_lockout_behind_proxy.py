"""The lockout keys on the client's address behind TANGGUH_TRUSTED_PROXY_COUNT proxies.

Finding 9 of issue 8: behind the TLS proxy, every client had the proxy's address,
so anyone could lock any named account for everyone.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from tangguh.accounts.client_address import client_address
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that came through the proxy
ALICE = "203.0.113.7"
BOB = "198.51.100.20"
LOGIN = reverse("accounts:login")
TOKEN_URL = "/api/v1/auth/token/"


def through_proxy(forwarded_for: str) -> Client:
    """A client whose request reached Django through the proxy with this X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def fail_until_locked(client: Client, username: str) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": username, "password": f"wrong-{i}"})
    assert client.post(LOGIN, {"username": username, "password": PASSWORD}).status_code == 429


def signs_in(client: Client, username: str) -> bool:
    status = client.post(LOGIN, {"username": username, "password": PASSWORD}).status_code
    assert status in (302, 429), status
    return status == 302


@override_settings(TANGGUH_TRUSTED_PROXY_COUNT=1)
def test_two_clients_behind_the_proxy_are_locked_separately():
    user = UserFactory()
    fail_until_locked(through_proxy(ALICE), user.username)
    assert signs_in(through_proxy(BOB), user.username)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}


@override_settings(TANGGUH_TRUSTED_PROXY_COUNT=1)
def test_a_forged_entry_cannot_choose_someone_elses_lock():
    user = UserFactory()
    # Alice writes Bob's address into the header; the proxy appends hers after it.
    fail_until_locked(through_proxy(f"{BOB}, {ALICE}"), user.username)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    assert signs_in(through_proxy(BOB), user.username)
    # Changing the forged part does not get Alice out of her own lock either.
    assert not signs_in(through_proxy(f"192.0.2.99, {ALICE}"), user.username)


@override_settings(TANGGUH_TRUSTED_PROXY_COUNT=1)
def test_the_token_endpoint_uses_the_same_address():
    user = UserFactory()
    client = through_proxy(ALICE)
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": user.username, "password": f"wrong-{i}"})
    assert (
        client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}).status_code == 429
    )
    bob = through_proxy(BOB).post(TOKEN_URL, {"username": user.username, "password": PASSWORD})
    assert bob.status_code == 201


@override_settings(TANGGUH_TRUSTED_PROXY_COUNT=0)
def test_without_proxies_the_header_is_ignored():
    user = UserFactory()
    fail_until_locked(Client(REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=BOB), user.username)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    # Another forged header from the same address is the same client, still locked ...
    assert not signs_in(Client(REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR="192.0.2.1"), user.username)
    # ... and the address named in the header was never locked.
    assert signs_in(Client(REMOTE_ADDR=BOB), user.username)


@pytest.mark.parametrize(
    ("count", "remote", "header", "expected"),
    [
        (0, ALICE, BOB, ALICE),
        (1, PROXY, ALICE, ALICE),
        (1, PROXY, f"{BOB}, {ALICE}", ALICE),
        (1, PROXY, f" {BOB} ,{ALICE} ", ALICE),
        (2, "10.0.0.3", f"{BOB}, {ALICE}, {PROXY}", ALICE),  # CDN, then the TLS proxy
        (2, "10.0.0.3", ALICE, "10.0.0.3"),  # fewer entries than proxies: not through them
        (1, PROXY, "", PROXY),  # no header at all
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_rule(count, remote, header, expected):  # type: ignore[no-untyped-def]
    meta = {"REMOTE_ADDR": remote}
    if header:
        meta["HTTP_X_FORWARDED_FOR"] = header
    request = RequestFactory().get("/", **meta)
    with override_settings(TANGGUH_TRUSTED_PROXY_COUNT=count):
        assert client_address(request) == expected
