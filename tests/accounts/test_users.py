"""User management: who may grant which role where, and what each write does and records."""

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tangguh.accounts import rules, services_users
from tangguh.accounts.invitations import invitation_path, invitation_tokens
from tangguh.accounts.models import ApiToken, User
from tangguh.accounts.services import api_token_issue
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tests.accounts.factories import PASSWORD
from tests.permissions import client_for, make_user

pytestmark = pytest.mark.django_db

VALID_NIP = "198507122010012003"
NEW_PASSWORD = "Kopi-Tubruk#2026"


def english(user: Any) -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def create(client: Client, institution: Any, role: str, **extra: Any) -> Any:
    data = {"username": "akun.baru", "institution": institution.code, "role": role, **extra}
    return client.post(reverse("accounts:user-create"), data)


def audit_of(account: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(account.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- the rule ----------------------------------------------------------------------------


def test_the_grant_table(jatim, surabaya, sleman, coordinator):  # type: ignore[no-untyped-def]
    national = make_user(Role.NATIONAL_ADMIN, coordinator.code)
    province = make_user(Role.INSTITUTION_ADMIN, "35")
    city = make_user(Role.INSTITUTION_ADMIN, "35.78")
    assert rules.grantable_roles(national, sleman.pk) == tuple(Role.values)
    assert rules.grantable_roles(province, surabaya.pk) == (Role.INSTITUTION_ADMIN,)
    assert Role.INSTITUTION_ADMIN not in rules.grantable_roles(province, jatim.pk)
    assert Role.OPERATOR in rules.grantable_roles(province, jatim.pk)
    assert rules.grantable_roles(province, sleman.pk) == ()
    assert Role.NATIONAL_ADMIN not in rules.offered_roles(city)
    assert rules.grantable_roles(make_user(Role.OPERATOR), surabaya.pk) == ()


# --- create ------------------------------------------------------------------------------


def test_city_admin_creates_an_operator_and_gets_the_link(surabaya):  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN)
    response = create(client_for(admin), surabaya, Role.OPERATOR, first_name="Budi")
    assert response.status_code == 200
    account = User.objects.get(username="akun.baru")
    assert (account.role, account.institution, account.is_active) == (
        Role.OPERATOR,
        surabaya,
        True,
    )
    assert not account.has_usable_password()
    assert invitation_path(account).rsplit("/", 2)[0] in response.content.decode()
    entry = AuditEntry.objects.get(action="accounts.user_created")
    assert (entry.actor, entry.institution_id, entry.data["role"]) == (
        admin,
        surabaya.pk,
        Role.OPERATOR,
    )
    assert mail.outbox == []  # no e-mail address, no mail
    page = client_for(admin).get(reverse("accounts:user-detail", args=[account.pk]))
    assert [c[2] for c in page.context["trail"][0]["changes"]] == [
        Role.OPERATOR.label,
        "Kota Surabaya",
    ]


def test_city_admin_granting_national_admin_is_refused_with_the_reason(surabaya):  # type: ignore[no-untyped-def]
    response = create(english(make_user(Role.INSTITUTION_ADMIN)), surabaya, Role.NATIONAL_ADMIN)
    assert response.status_code == 400
    assert "Only a national administrator may grant the role National administrator." in (
        response.content.decode()
    )
    assert not User.objects.filter(username="akun.baru").exists()
    assert not AuditEntry.objects.filter(action="accounts.user_created").exists()


def test_an_admin_makes_no_peer_in_their_own_institution(surabaya):  # type: ignore[no-untyped-def]
    response = create(english(make_user(Role.INSTITUTION_ADMIN)), surabaya, Role.INSTITUTION_ADMIN)
    assert response.status_code == 400
    assert "You may not grant the role Institution administrator in Kota Surabaya" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="akun.baru").exists()


def test_province_admin_creates_a_city_admin_but_no_city_operator(surabaya):  # type: ignore[no-untyped-def]
    province = english(make_user(Role.INSTITUTION_ADMIN, "35"))
    refused = create(province, surabaya, Role.OPERATOR)
    assert refused.status_code == 400
    assert "You may grant: Institution administrator." in refused.content.decode()
    assert not User.objects.filter(username="akun.baru").exists()
    assert create(province, surabaya, Role.INSTITUTION_ADMIN).status_code == 200
    assert User.objects.get(username="akun.baru").role == Role.INSTITUTION_ADMIN


def test_an_institution_outside_the_scope_is_refused_by_the_service(sleman):  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN)
    with pytest.raises(ValidationError) as refused:
        services_users.user_create(
            actor=admin, username="x", institution=sleman, role=Role.OPERATOR
        )
    assert "institution" in refused.value.message_dict
    assert not User.objects.filter(username="x").exists()


def test_national_admin_grants_any_role_anywhere(sleman, coordinator):  # type: ignore[no-untyped-def]
    national = make_user(Role.NATIONAL_ADMIN, coordinator.code)
    assert create(client_for(national), sleman, Role.NATIONAL_ADMIN).status_code == 200
    assert User.objects.get(username="akun.baru").role == Role.NATIONAL_ADMIN


def test_the_link_is_mailed_when_the_account_has_an_address(surabaya):  # type: ignore[no-untyped-def]
    create(client_for(make_user(Role.INSTITUTION_ADMIN)), surabaya, Role.OPERATOR, email="b@x.id")
    account = User.objects.get(username="akun.baru")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["b@x.id"]
    uid = invitation_path(account).split("/")[-3]
    assert f"/akun/sandi/{uid}/" in mail.outbox[0].body


# --- NIP ---------------------------------------------------------------------------------


def test_a_wrong_nip_is_refused_on_its_field(surabaya):  # type: ignore[no-untyped-def]
    client = english(make_user(Role.INSTITUTION_ADMIN))
    response = create(client, surabaya, Role.OPERATOR, nip="12345")
    assert response.status_code == 400
    assert 'data-testid="error-nip"' in response.content.decode()
    assert not User.objects.filter(username="akun.baru").exists()


def test_a_staff_account_may_hold_a_nip_not_yet_in_the_register(surabaya):  # type: ignore[no-untyped-def]
    client = english(make_user(Role.INSTITUTION_ADMIN))
    response = create(client, surabaya, Role.OPERATOR, nip="1985 0712 2010 01 2 003")
    assert response.status_code == 200
    assert User.objects.get(username="akun.baru").nip == VALID_NIP
    assert "is not in the register yet" in response.content.decode()


def test_one_account_per_nip(surabaya):  # type: ignore[no-untyped-def]
    make_user(Role.CIVIL_SERVANT, nip=VALID_NIP)
    response = create(
        english(make_user(Role.INSTITUTION_ADMIN)), surabaya, Role.OPERATOR, nip=VALID_NIP
    )
    assert response.status_code == 400
    assert "already linked to another account" in response.content.decode()


# --- change, deactivate, reset --------------------------------------------------------------


def test_a_change_is_audited_old_to_new_and_shown_on_the_account(surabaya):  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN)
    account = make_user(Role.OPERATOR)
    client = english(admin)
    data = {"institution": surabaya.code, "role": Role.AUDITOR, "first_name": account.first_name,
            "last_name": account.last_name}  # fmt: skip
    assert client.post(reverse("accounts:user-edit", args=[account.pk]), data).status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user_changed")
    assert entry.data["changes"] == {"role": [Role.OPERATOR, Role.AUDITOR]}
    page = client.get(reverse("accounts:user-detail", args=[account.pk])).content.decode()
    assert "Institution operator → Auditor (read-only)" in page
    assert audit_of(account) == ["accounts.user_changed"]
    # The same values again change nothing and record nothing.
    client.post(reverse("accounts:user-edit", args=[account.pk]), data)
    assert AuditEntry.objects.filter(action="accounts.user_changed").count() == 1


def test_an_edit_cannot_raise_the_role_above_the_granter(surabaya):  # type: ignore[no-untyped-def]
    account = make_user(Role.OPERATOR)
    data = {"institution": surabaya.code, "role": Role.NATIONAL_ADMIN}
    client = english(make_user(Role.INSTITUTION_ADMIN))
    response = client.post(reverse("accounts:user-edit", args=[account.pk]), data)
    assert response.status_code == 400
    assert "Only a national administrator may grant" in response.content.decode()
    account.refresh_from_db()
    assert account.role == Role.OPERATOR


def test_an_admin_cannot_deactivate_themselves():  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN)
    client = english(admin)
    response = client.post(reverse("accounts:user-deactivate", args=[admin.pk]), follow=True)
    assert "You cannot deactivate your own account." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    with pytest.raises(PermissionDenied):
        services_users.user_deactivate(actor=admin, user=admin)


def test_deactivation_revokes_tokens_and_is_audited():  # type: ignore[no-untyped-def]
    admin, account = make_user(Role.INSTITUTION_ADMIN), make_user(Role.OPERATOR)
    api_token_issue(user=account)
    client_for(admin).post(reverse("accounts:user-deactivate", args=[account.pk]))
    account.refresh_from_db()
    assert not account.is_active
    assert not ApiToken.objects.active().filter(user=account).exists()
    assert "accounts.user_deactivated" in audit_of(account)
    client_for(admin).post(reverse("accounts:user-reactivate", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active and audit_of(account)[-1] == "accounts.user_reactivated"


def test_a_forced_reset_ends_password_sessions_and_tokens():  # type: ignore[no-untyped-def]
    admin, account = make_user(Role.INSTITUTION_ADMIN), make_user(Role.OPERATOR)
    api_token_issue(user=account)
    own_session = client_for(account)
    response = client_for(admin).post(reverse("accounts:user-password-reset", args=[account.pk]))
    assert response.status_code == 200
    account.refresh_from_db()
    assert not account.check_password(PASSWORD)
    assert not ApiToken.objects.active().filter(user=account).exists()
    assert own_session.get(reverse("core:dashboard")).status_code == 302  # signed out
    assert audit_of(account) == ["accounts.api_tokens_revoked", "accounts.user_password_reset"]


def test_the_service_refuses_an_account_outside_the_actor_reach():  # type: ignore[no-untyped-def]
    province = make_user(Role.INSTITUTION_ADMIN, "35")
    city_operator = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        services_users.user_password_reset(actor=province, user=city_operator)
    with pytest.raises(PermissionDenied):
        services_users.user_update(actor=make_user(Role.INSTITUTION_ADMIN, "34.04"),
                                   user=city_operator, first_name="X")  # fmt: skip


# --- the one-time link ----------------------------------------------------------------------


def invited(**extra: Any) -> User:
    account = make_user(Role.OPERATOR, **extra)
    account.set_unusable_password()
    account.save()
    return account


def test_the_link_sets_the_password_once_then_the_owner_signs_in():  # type: ignore[no-untyped-def]
    account = invited()
    path = invitation_path(account)
    response = Client().post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert audit_of(account) == ["accounts.user_password_set"]
    again = Client().post(
        path, {"new_password1": "Lain#Sekali-2026", "new_password2": "Lain#Sekali-2026"}
    )
    assert again.status_code == 404
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    signed_in = Client()
    signed_in.post(
        reverse("accounts:login"), {"username": account.username, "password": NEW_PASSWORD}
    )
    assert signed_in.session.get(SESSION_KEY) == str(account.pk)


def test_a_weak_password_is_refused_by_the_validators():  # type: ignore[no-untyped-def]
    account = invited()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        invitation_path(account), {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 400
    assert "too common" in response.content.decode()
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_the_link_expires(monkeypatch):  # type: ignore[no-untyped-def]
    account = invited()
    path = invitation_path(account)
    later = invitation_tokens._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    assert Client().get(path).status_code == 404


def test_a_deactivated_account_link_does_not_work():  # type: ignore[no-untyped-def]
    account = invited(is_active=False)
    assert Client().get(invitation_path(account)).status_code == 404


# --- the list ------------------------------------------------------------------------------


def test_search_and_filters():  # type: ignore[no-untyped-def]
    admin = make_user(Role.INSTITUTION_ADMIN)
    make_user(Role.OPERATOR, username="op.satu", first_name="Wulan", last_name="Sari")
    make_user(Role.ASSESSOR, username="as.dua", nip=VALID_NIP, is_active=False)
    client = client_for(admin)

    def shown(**query: str) -> set[str]:
        page = client.get(reverse("accounts:users"), query).context["page"]
        return {u.username for u in page}

    assert shown(q="wulan") == {"op.satu"}
    assert shown(q="19850712") == {"as.dua"}
    assert shown(role=Role.ASSESSOR) == {"as.dua"}
    assert shown(active="0") == {"as.dua"}
    assert admin.username in shown()


def test_province_admin_reads_the_city_accounts_without_managing_them():  # type: ignore[no-untyped-def]
    province = make_user(Role.INSTITUTION_ADMIN, "35")
    operator, city_admin = make_user(Role.OPERATOR), make_user(Role.INSTITUTION_ADMIN)
    client = client_for(province)
    assert (
        client.get(reverse("accounts:user-detail", args=[operator.pk])).context["may_manage"]
        is False
    )
    assert (
        client.get(reverse("accounts:user-detail", args=[city_admin.pk])).context["may_manage"]
        is True
    )


def test_without_the_register_a_nip_is_only_checked_for_18_digits(monkeypatch):  # type: ignore[no-untyped-def]
    from tangguh.accounts import linking

    monkeypatch.setattr(linking, "_link", None)
    assert services_users.user_nip_clean("1985-0712 2010.01 2 003", account=None) == VALID_NIP
    with pytest.raises(ValidationError) as refused:
        services_users.user_nip_clean("12345", account=None)
    assert list(refused.value.message_dict) == ["nip"]
    assert linking.nip_in_register(make_user(Role.NATIONAL_ADMIN), VALID_NIP) is False


def test_the_register_rules_judge_the_nip():  # type: ignore[no-untyped-def]
    # A birth date that does not exist: the import's rule, in the import's words.
    with pytest.raises(ValidationError) as refused:
        services_users.user_nip_clean("198502302010012003", account=None)
    assert "19850230" in refused.value.message_dict["nip"][0]


def test_province_admin_resets_a_city_admin_password():  # type: ignore[no-untyped-def]
    province = make_user(Role.INSTITUTION_ADMIN, "35")
    city_admin = make_user(Role.INSTITUTION_ADMIN)
    response = client_for(province).post(
        reverse("accounts:user-password-reset", args=[city_admin.pk])
    )
    assert response.status_code == 200
    city_admin.refresh_from_db()
    assert not city_admin.has_usable_password()
    entry = AuditEntry.objects.get(action="accounts.user_password_reset")
    assert (entry.actor, entry.institution.code) == (province, "35.78")
