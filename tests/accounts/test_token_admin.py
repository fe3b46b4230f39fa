"""API tokens in the Django admin (superusers): read, revoke; the admin's password change revokes."""

import pytest
from django.test import Client

from tangguh.accounts.models import ApiToken
from tangguh.accounts.services import api_token_issue
from tangguh.core.models import AuditEntry
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(institution=None, is_superuser=True, is_staff=True))
    return client


def test_superuser_reads_tokens_without_their_hash(superuser_client):  # type: ignore[no-untyped-def]
    token = api_token_issue(user=UserFactory()).token
    listing = superuser_client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    detail = superuser_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert detail.status_code == 200
    assert token.key_hash not in detail.content.decode()
    assert superuser_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_superuser_revokes_with_the_action(superuser_client):  # type: ignore[no-untyped-def]
    token = api_token_issue(user=UserFactory()).token
    response = superuser_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.api_token_revoked").count() == 1


def test_password_change_in_the_admin_revokes_the_tokens(superuser_client):  # type: ignore[no-untyped-def]
    user = UserFactory()
    token = api_token_issue(user=user).token
    response = superuser_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {
            "password1": "Another#Pass-2026",
            "password2": "Another#Pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    token.refresh_from_db()
    assert token.revoke_reason == ApiToken.RevokeReason.PASSWORD_CHANGED
