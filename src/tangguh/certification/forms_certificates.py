"""Forms of the certificate pages: revoking (a reason) and renewing (a date of issue)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import RefuseBidiControlsMixin

from .services_certificates import REASON_MAX


class CertificateRevokeForm(RefuseBidiControlsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revocation"),
        max_length=REASON_MAX,
        help_text=_("Required. It is kept with the certificate and in the audit."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )


class CertificateRenewForm(forms.Form):
    issued_on = forms.DateField(
        label=_("Date of issue of the new certificate (optional)"),
        required=False,
        help_text=_("Leave empty: today. The new certificate is valid from this date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
