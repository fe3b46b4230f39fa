"""Forms of the standards pages: the levels of a tier or a position, one field per
competency in force, and the standards sheet's upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.exceptions import DomainError

from .models import LEVELS, Competency


def _choices(empty_label: Any) -> list[tuple[str, Any]]:
    return [("", empty_label), *((str(n), str(n)) for n in LEVELS)]


class LevelsForm(forms.Form):
    """One select per competency (``level_<code>``): a level 1–5, or empty for none."""

    def __init__(
        self,
        *args: Any,
        competencies: list[Competency],
        initial_levels: dict[str, int | None],
        empty_labels: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: dict[str, str] = {}
        for competency in competencies:
            name = f"level_{competency.code}"
            self.codes[name] = competency.code
            level = initial_levels.get(competency.code)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.name}",
                choices=_choices(empty_labels.get(competency.code, _("Not required"))),
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if level is None else str(level),
            )

    def levels(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(name) for name, code in self.codes.items()}


class StandardsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Standards sheet (XLSX or CSV)"),
        help_text=_("One row per position and competency: Jabatan, Kode Kompetensi, Level."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): nothing is saved"), required=False, initial=False
    )


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put each of the service's messages on its field (the others above the form)."""
    for problem in exc.errors:
        name = f"level_{problem.get('field') or ''}"
        form.add_error(name if name in form.fields else None, str(problem["message"]))
    if not exc.errors:
        form.add_error(None, str(exc.message))
