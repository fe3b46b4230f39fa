"""Forms of the register screens: the import upload and the transfer decisions.

The list's filters are a FilterSet (``filters.py``), shared with the API and the export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tangguh.core.importing.guard import upload_limit
from tangguh.core.importing.readers import (
    ALLOWED_EXTENSIONS,
    XLSX_EXTENSIONS,
    file_kind,
    sniff_head,
)
from tangguh.core.scoping import Scope, institution_ids_in_scope, scope_for
from tangguh.core.text_safety import RefuseBidiControlsMixin
from tangguh.institutions.models import Institution
from tangguh.institutions.widgets import InstitutionPicker, register_picker_purpose

from .importing import ImportFileError
from .models import ImportJob

# What the import engine reads; the extension is checked, then the content is sniffed,
# so that a wrong file is refused on the form, in words, before a job is queued.
IMPORT_EXTENSIONS = ALLOWED_EXTENSIONS
_ZIP_MAGIC = b"PK\x03\x04"  # xlsx is a zip file
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def import_max_bytes(filename: str = "") -> int:
    """The largest upload accepted for ``filename``: a limit per format (CSV when unnamed)."""
    return upload_limit(filename or "register.csv")


def institutions_in_scope(user: Any, model: Any, action: str) -> QuerySet[Institution]:
    """The institutions whose rows of ``model`` the user may ``action`` (from the grants)."""
    ids = institution_ids_in_scope(user, model, action)
    qs = Institution.objects.order_by("name")
    return qs if ids is None else qs.filter(id__in=ids)


# The institution pickers of the register (``institutions.widgets``): what each may offer.
register_picker_purpose("import", "people.ImportJob", "add")
register_picker_purpose("register", "people.Employee", "view")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_("CSV or Excel (.xlsx), one civil servant per row, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        to_field_name="code",
        error_messages={"required": _("Choose the institution whose register this file is.")},
    )
    strict = forms.BooleanField(
        label=_("Reject the whole file if any row is bad"),
        required=False,
        help_text=_("Otherwise the good rows are imported and the bad ones are listed."),
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = institutions
        own = institutions.filter(pk=getattr(user, "institution_id", None)).first()
        if institutions.count() == 1 and own is not None:
            field.initial = own.code
            field.widget = forms.HiddenInput()
            return
        # Searchable, not 627 options. A national administrator imports for everyone, so
        # no institution is preselected: a regional file must not land in the ministry by
        # default. An institution's own administrator starts from their own.
        field.widget = InstitutionPicker(purpose="import", institutions=lambda: institutions)
        field.widget.is_required = True
        if own is not None and scope_for(user, ImportJob, "add") != Scope.ALL:
            field.initial = own.code

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        return validate_import_file(upload)


def validate_import_file(upload: Any) -> Any:
    """Refuse, in words an operator understands, what the import engine cannot read."""
    name = upload.name or ""
    extension = Path(name).suffix.lower()
    if extension == ".ods":
        raise forms.ValidationError(
            _(
                "“%(name)s” is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook "
                "(.xlsx) or CSV from your spreadsheet program (File > Save As), then upload it again."
            ),
            code="file_type",
            params={"name": name},
        )
    if extension == ".xls":
        raise forms.ValidationError(
            _(
                "“%(name)s” is in the old Excel format (.xls). Open it in your spreadsheet "
                "program and save it as .xlsx (Excel Workbook) or .csv, then upload it again."
            ),
            code="file_type",
            params={"name": name},
        )
    if extension not in IMPORT_EXTENSIONS:
        raise forms.ValidationError(
            _("“%(name)s” is not a file we can read. Upload a CSV or Excel (.xlsx) file."),
            code="file_type",
            params={"name": name},
        )
    if not upload.size:
        raise forms.ValidationError(
            _(
                "“%(name)s” is empty. Choose the file again, or download the template to start from."
            ),
            code="file_empty",
            params={"name": name},
        )
    limit = import_max_bytes(name)
    if upload.size > limit:
        raise forms.ValidationError(
            _(
                "“%(name)s” is %(size)s; the largest file we accept is %(limit)s. Split it into several files."
            ),
            code="file_too_large",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    upload.seek(0)
    head = sniff_head(upload)
    if head.startswith(_OLE_MAGIC):
        # A password-protected workbook is an OLE file too: let the engine say which.
        _engine_verdict(name, head)
    if extension in XLSX_EXTENSIONS and not head.startswith(_ZIP_MAGIC):
        raise forms.ValidationError(
            _(
                "“%(name)s” is not a real Excel workbook, although its name ends in "
                "%(extension)s. Save it again from your spreadsheet program, as .xlsx or .csv."
            ),
            code="file_type",
            params={"name": name, "extension": extension},
        )
    if extension not in XLSX_EXTENSIONS and head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise forms.ValidationError(
            _(
                "“%(name)s” is a spreadsheet saved with a %(extension)s name. Save it as CSV "
                "from your spreadsheet program, or upload it as .xlsx."
            ),
            code="file_type",
            params={"name": name, "extension": extension},
        )
    _engine_verdict(name, head)  # what the engine would refuse (a binary file, ...)
    return upload


def _engine_verdict(name: str, head: bytes) -> None:
    try:
        file_kind(name, head)
    except ImportFileError as exc:
        raise forms.ValidationError(str(exc.message), code="file_type") from None


# --- transfers -------------------------------------------------------------------


class TransferConfirmForm(RefuseBidiControlsMixin, forms.Form):
    """The holder confirms a move; identity values are kept unless explicitly taken."""

    apply_identity = forms.BooleanField(
        label=_("Also take the identity values sent (name, titles, birth date, sex)"),
        required=False,
        help_text=_(
            "Leave this off to keep your record's identity values; only the employment "
            "values (status, kind, rank, position, work unit) and the institution change."
        ),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferRejectForm(RefuseBidiControlsMixin, forms.Form):
    """The holder refuses a move; the reason is required and the asking side reads it."""

    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=1000,
        help_text=_("Required. The institution that asked for the transfer reads it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _(
                "Give the reason for the rejection: the institution that asked for the transfer reads it."
            )
        },
    )


class TransferStartForm(RefuseBidiControlsMixin, forms.Form):
    """The receiving institution asks for a civil servant registered elsewhere."""

    nip = forms.CharField(
        label=_("NIP or NI PPPK"),
        max_length=40,
        help_text=_("The 18 digits of the civil servant registered in another institution."),
        error_messages={"required": _("Type the NIP of the civil servant you ask for.")},
    )
    position = forms.CharField(
        label=_("New position"),
        max_length=255,
        error_messages={"required": _("Give the new position.")},
    )
    work_unit = forms.CharField(
        label=_("New work unit"),
        max_length=1000,
        help_text=_("A unit of your institution; a name it does not have yet creates it."),
        widget=forms.TextInput(attrs={"list": "work-units", "autocomplete": "off"}),
        error_messages={"required": _("Give the new work unit.")},
    )
    valid_from = forms.DateField(
        label=_("Effective date (TMT, optional)"),
        required=False,
        help_text=_("Leave empty: the move takes effect on the day it is confirmed."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    request_note = forms.CharField(
        label=_("Reason for the request"),
        max_length=1000,
        help_text=_("Required. The institution that holds the record reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the reason for the request: the holding institution reads it.")
        },
    )
