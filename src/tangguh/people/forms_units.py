"""Forms of the work-unit screens: which institution's tree, and the upload of a unit file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tangguh.institutions.models import Institution

from .forms import IMPORT_EXTENSIONS, validate_import_file

# A file of work units holds at most a few thousand short rows (the import refuses more
# than 20,000): a larger upload is another file.
UNITS_MAX_BYTES = 8 * 1024 * 1024


class UnitInstitutionForm(forms.Form):
    """The institution whose tree is shown (a GET form: a choice only with several)."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        # Its own ids: the upload form on the same page has an "institution" field too.
        kwargs.setdefault("auto_id", "choose_%s")
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Work-unit file"),
        help_text=_(
            "CSV or Excel (.xlsx) with the columns Kode Unit, Nama Unit and Kode Unit Induk, "
            "one work unit per row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), to_field_name="code"
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"),
        required=False,
        initial=True,
        help_text=_("Nothing is saved: you see what would happen, then confirm."),
    )
    strict = forms.BooleanField(
        label=_("Reject the whole file if any row is bad"),
        required=False,
        help_text=_("Otherwise the good rows are imported and the bad ones are listed."),
    )

    def __init__(
        self,
        *args: Any,
        institutions: QuerySet[Institution],
        initial_institution: Institution | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        only = institutions.first() if institutions.count() == 1 else None
        if initial_institution is not None or only is not None:
            field.initial = (initial_institution or only).code  # type: ignore[union-attr]
        if only is not None:
            field.widget = forms.HiddenInput()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > UNITS_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "“%(name)s” is %(size)s; a file of work units is at most %(limit)s. Is it "
                    "the work-unit file?"
                ),
                code="file_too_large",
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(UNITS_MAX_BYTES),
                },
            )
        return validate_import_file(upload)
