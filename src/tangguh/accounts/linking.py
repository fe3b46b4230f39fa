"""What an account's NIP means in the register, as the register itself tells.

accounts sits below people (the import contract in pyproject.toml): it imports
neither the NIP rules nor the register. The register tells them here, from
``<domain>/account_links.py`` (found at start-up, like ``audit_actions.py``).
Without it, a NIP is only checked to be 18 digits and no account is said to be in
the register.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-_']")


@dataclass(frozen=True)
class RegisterLink:
    # The NIP as stored (18 digits), or ValidationError with a sentence on what is wrong.
    clean_nip: Callable[[str], str]
    # Is the NIP a civil servant of the register the user may see?
    in_register: Callable[[Any, str], bool]


_link: RegisterLink | None = None


def register_account_link(link: RegisterLink) -> None:
    global _link
    _link = link


def nip_clean(text: str) -> str:
    if _link is not None:
        return _link.clean_nip(text)
    digits = _SEPARATORS.sub("", text)
    if len(digits) != 18 or not digits.isdigit():
        raise ValidationError(_("A NIP has 18 digits."))
    return digits


def nip_in_register(user: Any, nip: str) -> bool:
    return bool(nip) and _link is not None and _link.in_register(user, nip)
