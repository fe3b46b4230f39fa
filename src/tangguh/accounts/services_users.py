"""Writes on accounts: create, change, (de)activate, force a new password, set it by link.

Each checks the actor against accounts/rules.py (and ``may``) itself, whatever the
view did, and writes its audit entry in the change's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_record
from tangguh.core.roles import Role
from tangguh.core.scoping import may

from . import linking, rules
from .invitations import invitation_path
from .models import ApiToken, User
from .services import api_tokens_revoke_all

# The account fields an administrator sets, in the order the audit lists them.
EDITABLE = ("first_name", "last_name", "email", "institution", "role", "nip")


@dataclass(frozen=True)
class Invitation:
    user: User
    path: str  # the one-time link's path; the view makes it absolute


def user_create(
    *,
    actor: Any,
    username: str,
    institution: Any,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    nip: str = "",
) -> Invitation:
    """A new active account without a password, and the link to choose one."""
    _check_grant(actor, institution, role, action="add")
    user = User(
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        institution=institution,
        role=role,
        nip=user_nip_clean(nip, account=None),
    )
    user.set_unusable_password()
    user.full_clean()
    with transaction.atomic():
        user.save()
        _audit(actor, "accounts.user_created", user, {**_describe(user), "invitation": True})
    return Invitation(user=user, path=invitation_path(user))


def user_update(*, actor: Any, user: User, **values: Any) -> User:
    """Change the fields of ``EDITABLE`` given in ``values``; nothing changed records nothing."""
    _check_manage(actor, user)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    institution = values.get("institution", user.institution)
    role = values.get("role", user.role)
    _check_grant(actor, institution, role, action="change")
    if "nip" in values:
        values["nip"] = user_nip_clean(values["nip"], account=user)
    changes: dict[str, list[Any]] = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for field in EDITABLE:
            if field not in values:
                continue
            new = values[field].strip() if isinstance(values[field], str) else values[field]
            old = getattr(user, field)
            if old != new:
                changes[field] = [_shown(old), _shown(new)]
                setattr(user, field, new)
        if not changes:
            return user
        user.full_clean()
        user.save()
        _audit(
            actor, "accounts.user_changed", user, {"username": user.username, "changes": changes}
        )
    return user


def user_deactivate(*, actor: Any, user: User) -> User:
    """Deactivate: no sign-in, no API (its tokens are revoked by ``User.save``)."""
    return _set_active(actor, user, active=False)


def user_reactivate(*, actor: Any, user: User) -> User:
    return _set_active(actor, user, active=True)


def user_password_reset(*, actor: Any, user: User) -> Invitation:
    """Force a new password: the old one stops working at once, so do the account's
    sessions (their hash is the password's) and API tokens; a new one-time link is made."""
    _check_manage(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        api_tokens_revoke_all(user=user, reason=ApiToken.RevokeReason.PASSWORD_CHANGED, actor=actor)
        _audit(actor, "accounts.user_password_reset", user, {"username": user.username})
    return Invitation(user=user, path=invitation_path(user))


def user_invite_link(*, actor: Any, user: User) -> Invitation:
    """Another link for an account that has no password yet (the first one was lost)."""
    _check_manage(actor, user)
    if user.has_usable_password():
        raise ValidationError(
            _("This account already has a password; force a password reset instead.")
        )
    with transaction.atomic():
        _audit(actor, "accounts.user_invited", user, {"username": user.username})
    return Invitation(user=user, path=invitation_path(user))


def user_password_set(*, user: User, password: str) -> User:
    """The account's owner chose a password through a one-time link (already checked)."""
    with transaction.atomic():
        user.set_password(password)
        user.save()
        _audit(user, "accounts.user_password_set", user, {"username": user.username})
    return user


def user_nip_clean(raw: str, *, account: User | None) -> str:
    """The NIP to link, as 18 digits, or '' for none; a wrong NIP names what is wrong.

    The NIP rules are the register's (``accounts/linking.py``). One account per NIP.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        nip = linking.nip_clean(text)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.messages}) from None
    taken = User.objects.filter(nip=nip)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise ValidationError({"nip": _("This NIP is already linked to another account.")})
    return nip


def _set_active(actor: Any, user: User, *, active: bool) -> User:
    _check_manage(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        _audit(
            actor,
            "accounts.user_reactivated" if active else "accounts.user_deactivated",
            user,
            {"username": user.username},
        )
    return user


def _check_manage(actor: Any, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own account here."))
    if not may(actor, User, "change", user.institution_id) or not rules.may_manage(actor, user):
        raise PermissionDenied(_("You may not manage this account."))


def _check_grant(actor: Any, institution: Any, role: str, *, action: str) -> None:
    """Refuse, naming the field, an institution or a role outside what ``actor`` may grant."""
    inst_id = getattr(institution, "pk", institution)
    if institution is None or not may(actor, User, action, inst_id):
        raise ValidationError(
            {"institution": _("You may not manage the accounts of this institution.")}
        )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    allowed = rules.grantable_roles(actor, inst_id)
    if role in allowed:
        return
    label = Role(role).label
    if role == Role.NATIONAL_ADMIN:
        message = _("Only a national administrator may grant the role %(role)s.") % {"role": label}
    elif not allowed:
        message = _("You may not grant any role in %(institution)s.") % {"institution": institution}
    else:
        message = _(
            "You may not grant the role %(role)s in %(institution)s: it is above what your "
            "own role allows there. You may grant: %(roles)s."
        ) % {
            "role": label,
            "institution": institution,
            "roles": ", ".join(str(Role(r).label) for r in allowed),
        }
    raise ValidationError({"role": message})


def _audit(actor: Any, action: str, user: User, data: dict[str, Any]) -> None:
    # nips=[]: an account is not the person's register record, whose audit it would join.
    audit_record(
        actor=actor, action=action, target=user, institution=user.institution_id, data=data, nips=[]
    )


def _describe(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "role": user.role,
        "institution": str(user.institution) if user.institution_id else "",
        "nip": user.nip,
    }


def _shown(value: Any) -> Any:
    # Audit data is JSON: an institution is kept as its name.
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)
