"""`tangguh certificates keys list|rotate`: the keys that sign credentials.

``rotate`` makes a new current key (its private file in TANGGUH_CREDENTIAL_KEY_DIR,
mode 0600) and retires the others: they stay published so that what they signed still
verifies. ``list`` shows every key, the current one first. The command line is the
system (audited without a user).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError

from .. import keys


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("keys", help="List or rotate the credential signing keys.")
    parser.add_argument("action", choices=["list", "rotate"])


def run(command: Any, options: dict[str, Any]) -> None:
    try:
        if options["action"] == "rotate":
            row = keys.key_rotate(actor=None)
            command.stdout.write(
                _("New signing key %(key)s; the earlier keys are retired and still verify.")
                % {"key": row.key_id}
            )
            command.stdout.write(str(keys.key_dir() / f"{row.key_id}.pem"))
            return
        listed = keys.public_keys()
        if not listed:
            command.stdout.write(_("No signing key yet: the first certificate issued makes one."))
        for key in listed:
            state = (
                _("retired %(when)s") % {"when": key["retired"]} if key["retired"] else _("current")
            )
            command.stdout.write(
                f"{key['key_id']}\t{key['created']}\t{state}\t{key['publicKeyMultibase']}"
            )
    except DomainError as exc:
        raise CommandError(str(exc.message)) from exc
