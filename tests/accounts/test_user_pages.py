"""User management pages (/akun/pengguna/, /akun/sandi/…): the permission suite of every URL."""

from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.invitations import invitation_path
from tangguh.accounts.models import User
from tangguh.core.roles import Role
from tests.permissions import (
    ListPermissionSuite,
    ObjectPermissionSuite,
    PublicURLSuite,
    WritePermissionSuite,
    make_user,
)

pytestmark = pytest.mark.django_db


def operator_of(institution: Any, **extra: Any) -> User:
    return make_user(Role.OPERATOR, institution.code, **extra)


class TestUserList(ListPermissionSuite):
    url_name = "accounts:users"
    denied_role = Role.OPERATOR

    def make_object(self, institution: Any) -> User:
        return operator_of(institution, username="operator.cari")

    def marker(self, obj: Any) -> str:
        return obj.username


class TestUserDetail(ObjectPermissionSuite):
    url_name = "accounts:user-detail"
    denied_role = Role.OPERATOR

    def make_object(self, institution: Any) -> User:
        return operator_of(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}


class TestUserCreate(WritePermissionSuite):
    """Kota Surabaya's administrator creates an operator there; Sleman's cannot choose
    Surabaya, and Jawa Timur's may create only administrators below it: both get the
    form back with the reason (400), and no account."""

    url_name = "accounts:user-create"
    refused_status = (400,)

    def request(self, client: Any, obj: Any) -> Any:
        from tangguh.institutions.models import Institution

        surabaya = Institution.objects.get(code="35.78")
        data = {"username": "operator.baru", "institution": surabaya.code, "role": Role.OPERATOR}
        return client.post(reverse(self.url_name), data)

    def state(self, obj: Any) -> Any:
        return list(User.objects.filter(username="operator.baru").values_list("role"))


class _OnOneAccount(WritePermissionSuite):
    """A write on one operator of Kota Surabaya: Sleman's administrator does not see it
    (404); Jawa Timur's sees it but manages only the administrators below (403)."""

    ok_status = (302,)

    def make_object(self, institution: Any) -> User:
        return operator_of(institution)

    def url_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    def location(self, obj: Any) -> str:
        return reverse("accounts:user-detail", kwargs={"pk": obj.pk})


class TestUserEdit(_OnOneAccount):
    url_name = "accounts:user-edit"

    def request(self, client: Any, obj: Any) -> Any:
        data = {"institution": obj.institution.code, "role": Role.ASSESSOR, "first_name": "Baru"}
        return client.post(self.url(obj), data)

    def state(self, obj: Any) -> Any:
        return User.objects.values_list("role", "first_name").get(pk=obj.pk)


class TestUserDeactivate(_OnOneAccount):
    url_name = "accounts:user-deactivate"

    def state(self, obj: Any) -> Any:
        return User.objects.get(pk=obj.pk).is_active


class TestUserReactivate(_OnOneAccount):
    url_name = "accounts:user-reactivate"

    def make_object(self, institution: Any) -> User:
        return operator_of(institution, is_active=False)

    def state(self, obj: Any) -> Any:
        return User.objects.get(pk=obj.pk).is_active


class TestUserPasswordReset(_OnOneAccount):
    url_name = "accounts:user-password-reset"
    ok_status = (200,)  # the page with the new link

    def state(self, obj: Any) -> Any:
        return User.objects.get(pk=obj.pk).password


class TestSetPassword(PublicURLSuite):
    url_name = "accounts:set-password"

    def make_object(self, institution: Any) -> User:
        user = operator_of(institution)
        user.set_unusable_password()
        user.save()
        return user

    def url(self, obj: Any) -> str:
        return invitation_path(obj)
