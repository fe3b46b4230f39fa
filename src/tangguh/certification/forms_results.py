"""Forms of the results and plenary pages: one participant's recommendations, the upload
of an assessor's spreadsheet, and a plenary decision. They check the shape of the input;
the rules are the services' (a refusal comes back on the form as their sentence)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.text_safety import NoBidiControls
from tangguh.people.forms import IMPORT_EXTENSIONS, validate_import_file

from .models import Outcome, Recommendation, SchemeUnit, UnitResult
from .results_rules import TEXT_LIMIT, person_name
from .services_results import Entry

# A batch's results file holds tens of participants × a few units.
RESULTS_MAX_BYTES = 4 * 1024 * 1024
_RECOMMENDATIONS = [("", _("Not yet assessed")), *Recommendation.choices]


class AssessorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class ParticipantResultsForm(forms.Form):
    """The recommendations of one participant, one group of fields per unit.

    ``assessors``: when the organiser's side records on an assessor's behalf, the
    batch's assessors to choose from (None: the assessor records their own).
    """

    def __init__(
        self,
        *args: Any,
        units: list[SchemeUnit],
        results: dict[int, UnitResult],
        assessors: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        if assessors is not None:
            self.fields["assessor"] = AssessorChoice(
                label=_("Assessor"),
                queryset=assessors,
                empty_label=_("Choose the assessor who gave the recommendations"),
                help_text=_("You record the recommendations on this assessor's behalf."),
            )
        for unit in units:
            given = results.get(unit.pk)
            self.fields[f"rec_{unit.pk}"] = forms.ChoiceField(
                label=unit.title,
                choices=_RECOMMENDATIONS,
                required=False,
                widget=forms.RadioSelect,
                initial=given.recommendation if given else "",
            )
            self.fields[f"notes_{unit.pk}"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.notes if given else "",
                validators=[NoBidiControls(_("Notes"))],
            )
            self.fields[f"evidence_{unit.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.evidence if given else "",
                validators=[NoBidiControls(_("Evidence"))],
                help_text=_("Documents seen, observation, interview; or a link to them."),
            )

    def unit_rows(self) -> list[dict[str, Any]]:
        """Per unit: the unit and its three bound fields (for the template)."""
        return [
            {
                "unit": unit,
                "recommendation": self[f"rec_{unit.pk}"],
                "notes": self[f"notes_{unit.pk}"],
                "evidence": self[f"evidence_{unit.pk}"],
            }
            for unit in self.units
        ]

    def entries(self) -> list[Entry]:
        data = self.cleaned_data
        return [
            Entry(
                unit=unit,
                recommendation=data.get(f"rec_{unit.pk}") or "",
                notes=(data.get(f"notes_{unit.pk}") or "").strip(),
                evidence=(data.get(f"evidence_{unit.pk}") or "").strip(),
            )
            for unit in self.units
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for unit in self.units:
            written = data.get(f"notes_{unit.pk}") or data.get(f"evidence_{unit.pk}")
            if written and not data.get(f"rec_{unit.pk}"):
                self.add_error(
                    f"rec_{unit.pk}",
                    _("Choose K or BK for %(unit)s: its notes or evidence are filled in.")
                    % {"unit": unit.code},
                )
        return data


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Results file"),
        help_text=_(
            "CSV or Excel (.xlsx) with the columns NIP, Kode Unit and Rekomendasi (K or BK), "
            "and Catatan and Bukti if you have them: the template has them all."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
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
        initial=True,
        help_text=_("Otherwise the good rows are imported and the bad ones are listed."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > RESULTS_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "“%(name)s” is %(size)s; a batch's results file is at most %(limit)s. Is it "
                    "the results file?"
                ),
                code="file_too_large",
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(RESULTS_MAX_BYTES),
                },
            )
        return validate_import_file(upload)


class PlenaryDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Outcome.CERTIFIED, _("Competent: certified")),
            (Outcome.NOT_CERTIFIED, _("Not yet competent")),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label=_("Date of the plenary"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Not before the exam, not in the future."),
    )
    note = forms.CharField(
        label=_("Plenary note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[NoBidiControls(_("Plenary note"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
