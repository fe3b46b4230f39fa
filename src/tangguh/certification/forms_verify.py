"""The public form that checks a credential: pasted text or an uploaded .json file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import MAX_BYTES, CredentialError, parse_credential


class CredentialCheckForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the credential (JSON)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("or upload its .json file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, upload = data.get("text"), data.get("file")
        if text and upload:
            raise forms.ValidationError(_("Paste the credential or upload its file, not both."))
        if not text and not upload:
            raise forms.ValidationError(
                _("Paste the credential's JSON or choose its .json file to check it.")
            )
        if upload:
            raw = upload.read(MAX_BYTES + 1)
            field = "file"
        else:
            raw = (text or "").encode("utf-8")
            field = "text"
        try:
            data["credential"] = parse_credential(raw)
        except CredentialError as exc:
            self.add_error(field, str(exc.message))
        return data
