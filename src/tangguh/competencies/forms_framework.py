"""Forms of the dictionaries: a competency with its five levels (behaviour indicators
one per line), and the note that goes with a new or published version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LEVELS, Competency, CompetencyKind
from .services_framework import CompetencyInput, LevelInput

_AREA = {"rows": 3}
_LIST = {"rows": 5}


class CompetencyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Letters and digits in parts separated by dots, for example T.35.01."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CompetencyKind.choices)
    name = forms.CharField(label=_("Name (Indonesian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    definition = forms.CharField(
        label=_("Definition (Indonesian)"), widget=forms.Textarea(attrs=_AREA), max_length=4000
    )
    definition_en = forms.CharField(
        label=_("Definition (English)"),
        widget=forms.Textarea(attrs=_AREA),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, national: bool = True, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
            self.fields["code"].help_text = _("The code names the competency across versions.")
        if not national:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (CompetencyKind.TECHNICAL.value, CompetencyKind.TECHNICAL.label)
            ]
        for n in LEVELS:
            self.fields[f"level_{n}_description"] = forms.CharField(
                label=_("Level %(level)s: description (Indonesian)") % {"level": n},
                widget=forms.Textarea(attrs=_AREA),
                max_length=4000,
            )
            self.fields[f"level_{n}_description_en"] = forms.CharField(
                label=_("Level %(level)s: description (English)") % {"level": n},
                widget=forms.Textarea(attrs=_AREA),
                max_length=4000,
                required=False,
            )
            self.fields[f"level_{n}_indicators"] = forms.CharField(
                label=_("Level %(level)s: behaviour indicators (Indonesian)") % {"level": n},
                help_text=_("One behaviour indicator per line."),
                widget=forms.Textarea(attrs=_LIST),
                max_length=6000,
                required=False,
            )
            self.fields[f"level_{n}_indicators_en"] = forms.CharField(
                label=_("Level %(level)s: behaviour indicators (English)") % {"level": n},
                help_text=_("One behaviour indicator per line."),
                widget=forms.Textarea(attrs=_LIST),
                max_length=6000,
                required=False,
            )

    @staticmethod
    def initial_for(competency: Competency) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "code": competency.code,
            "kind": competency.kind,
            "name": competency.name,
            "name_en": competency.name_en,
            "definition": competency.definition,
            "definition_en": competency.definition_en,
        }
        for lv in competency.levels.all():
            initial[f"level_{lv.level}_description"] = lv.description
            initial[f"level_{lv.level}_description_en"] = lv.description_en
            initial[f"level_{lv.level}_indicators"] = "\n".join(lv.indicators or [])
            initial[f"level_{lv.level}_indicators_en"] = "\n".join(lv.indicators_en or [])
        return initial

    def level_groups(self) -> list[dict[str, Any]]:
        """The level fields grouped by level, for the template."""
        return [
            {
                "level": n,
                "fields": [
                    self[f"level_{n}_description"],
                    self[f"level_{n}_description_en"],
                    self[f"level_{n}_indicators"],
                    self[f"level_{n}_indicators_en"],
                ],
            }
            for n in LEVELS
        ]

    def to_input(self) -> CompetencyInput:
        d = self.cleaned_data
        return CompetencyInput(
            code=d.get("code") or "",
            kind=d["kind"],
            name=d["name"],
            name_en=d.get("name_en") or "",
            definition=d["definition"],
            definition_en=d.get("definition_en") or "",
            levels=[
                LevelInput(
                    level=n,
                    description=d[f"level_{n}_description"],
                    description_en=d.get(f"level_{n}_description_en") or "",
                    indicators=(d.get(f"level_{n}_indicators") or "").splitlines(),
                    indicators_en=(d.get(f"level_{n}_indicators_en") or "").splitlines(),
                )
                for n in LEVELS
            ],
        )


class VersionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
