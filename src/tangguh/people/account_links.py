"""The register tells accounts what a NIP linked to an account means (accounts/linking.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from tangguh.accounts.linking import RegisterLink, register_account_link

from .models import Employee
from .parsing import NipError, parse_identifier


def _clean_nip(text: str) -> str:
    """The import's NIP rules; a NI PPPK passes the import's lenient check for it."""
    try:
        return parse_identifier(text, today=date.today()).nip
    except NipError as pns_error:
        try:
            return parse_identifier(text, today=date.today(), kind_hint="PPPK").nip
        except NipError:
            raise ValidationError(pns_error.message) from None


def _in_register(user: Any, nip: str) -> bool:
    return Employee.objects.restrict(user, "view").filter(nip=nip).exists()


register_account_link(RegisterLink(clean_nip=_clean_nip, in_register=_in_register))
