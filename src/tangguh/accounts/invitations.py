"""One-time links to set a password: an invitation for a new account, or after a forced reset.

The token is Django's password-reset token under its own salt: it is signed with the
account's password hash and last sign-in, so it stops working once the password is
set (one use), and after ``PASSWORD_RESET_TIMEOUT`` (3 days by default).
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import User

logger = logging.getLogger(__name__)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    # Its own salt: a link made here is not a Django password-reset link, nor the reverse.
    key_salt = "tangguh.accounts.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of a fresh one-time link for ``user`` (any earlier one keeps working until used)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "accounts:set-password", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)}
    )


def invitation_user(uidb64: str, token: str) -> User | None:
    """The active account a link is for, or None when the link is wrong, used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user


def invitation_lifetime_days() -> int:
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def invitation_email(*, user: User, link: str) -> bool:
    """Send ``link`` to the account's e-mail address; False when there is none or sending failed.

    The link is shown on screen whatever happens here, so a mail server that is down
    is logged, not raised.
    """
    if not user.email:
        return False
    subject = _("Your Tangguh account")
    body = _(
        "Hello %(name)s,\n\nAn account in Tangguh has been prepared for you (username: "
        "%(username)s). Choose your password with this link; it works once, for %(days)s "
        "days:\n\n%(link)s\n\nIf you did not expect this message, ignore it."
    ) % {
        "name": user.display_name,
        "username": user.username,
        "days": invitation_lifetime_days(),
        "link": link,
    }
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("invitation e-mail to account %s not sent: %s", user.pk, exc)
        return False
    return True


def absolute_link(request: Any, path: str) -> str:
    return str(request.build_absolute_uri(path))
