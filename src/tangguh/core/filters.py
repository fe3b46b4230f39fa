"""One filter definition per list: a django-filter ``FilterSet`` serves the page, the API
and the export alike (docs/adding-a-domain.md, "Filters").

A list's FilterSet (``<domain>/filters.py``, a ``ListFilterSet``) declares each filter
once: its label (the page's filter bar), its ``help_text`` (the API's description of the
parameter) and what a value may be. The selector returns the restricted queryset (the
permission stays in the queryset); the FilterSet narrows it, for

* **the page**: ``filterset.qs``, where a value that does not validate (a stale link, a
  typo in the address) is dropped, never an error page, and ``filterset.form`` renders
  the filter bar;
* **the API**: ``filterset_class`` with ``FilterBackend``: a value that does not
  validate is a 400 naming the parameter, and the schema's parameters are the filters;
* **the export**: the same FilterSet on the same parameters as the page it exports.

A blank value is no value everywhere (django-filter skips empty values; the schema
says ``allowEmptyValue``): ``?status=`` filters nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import django_filters
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from .api_filters import ID_MAX

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class IdField(forms.IntegerField):
    """An object's id: a whole number of ASCII digits from 1 to ``ID_MAX``.

    Stricter than ``IntegerField``, which reads "5.0", "5_000" and other scripts'
    digits as numbers; and never handed to the database beyond what a bigint holds
    (SQLite overflowed on ``?work_unit=81564618498373386240``, issue 8 finding 8).
    """

    default_error_messages = {
        "invalid": _("Give the id as a whole number."),
        "max_value": _("No object has an id this large."),
        "min_value": _("Ids start at 1."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text.lstrip("+-0")) > len(str(ID_MAX)):  # before int(): no huge conversion
            raise forms.ValidationError(self.error_messages["max_value"], code="max_value")
        return int(text)


class IdFilter(django_filters.Filter):
    """A filter on an object's id; the schema gives the type and both bounds."""

    field_class = IdField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = {"type": "integer", "format": "int64", "minimum": 1, "maximum": ID_MAX}
        if kwargs.get("help_text"):
            schema["description"] = str(kwargs["help_text"])
        extend_schema_field(schema)(self)


class StrictBooleanField(forms.NullBooleanField):
    """true or false (and the spellings DRF reads: 1/0, yes/no, on/off, any case); blank
    is no value; anything else is an error (``NullBooleanField`` reads every unknown word
    as "no value", which would quietly drop the filter on the API)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Give true or false.")}
    _WORDS: ClassVar[dict[str, bool]] = {
        **dict.fromkeys(("true", "t", "yes", "y", "on", "1"), True),
        **dict.fromkeys(("false", "f", "no", "n", "off", "0"), False),
    }

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if isinstance(value, bool):
            return value
        if value in self.empty_values:
            return None
        found = self._WORDS.get(str(value).strip().lower())
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found

    def validate(self, value: Any) -> None:
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class LazyChoices(BaseChoiceIterator):
    """Choices read when used, not when the module is imported (registries fill up in
    ``AppConfig.ready``). Iterable, not callable: the schema lists them as an enum."""

    def __init__(self, source: Callable[[], Iterable[tuple[Any, Any]]]) -> None:
        self.source = source

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        yield from self.source()

    def __len__(self) -> int:
        return len(list(self.source()))


class OfferedSelect(forms.Select):
    """A select of the values a page offers. A valid value it does not offer (a link from
    elsewhere) is shown as it stands, so the bar never hides a filter that applies."""

    def __init__(
        self, *args: Any, label_of: Callable[[str], str | None] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.label_of = label_of or str

    def build_attrs(self, base_attrs: Any, extra_attrs: Any = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)  # the text field's limit: no attribute of a select
        return attrs

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        offered = {str(v) for v, _label in self.choices}
        for current in value:
            if current in ("", None) or str(current) in offered:
                continue
            label = self.label_of(current)  # None: not a valid value, so not in force
            if label is not None:
                option = self.create_option(name, current, label, True, len(groups), attrs=attrs)
                groups.append((None, [option], len(groups)))
        return groups


class ListFilterSet(django_filters.FilterSet):
    """The base of every list's FilterSet."""

    # A page's own default for a parameter that is absent (not blank): the transfers
    # page opens on pending ones. The API has no defaults: absent filters nothing.
    page_defaults: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``help_text`` describes the parameter in the API's schema (read from the class's
        # filters); the page shows the label only, and a form field with a help text
        # would point aria-describedby at an element no template draws.
        for flt in self.filters.values():
            if flt.extra.pop("help_text", None) is not None:
                flt.__dict__.pop("_field", None)

    @classmethod
    def for_page(cls, request: Any, queryset: Any, **kwargs: Any) -> ListFilterSet:
        data = request.GET.copy()
        for name, value in cls.page_defaults.items():
            if name not in data:
                data[name] = value
        return cls(data, queryset, request=request, **kwargs)

    def set_widget(self, name: str, widget: forms.Widget) -> None:
        """Dress one filter's field for the page (before the form is built)."""
        flt = self.filters[name]
        flt.extra["widget"] = widget
        flt.__dict__.pop("_field", None)  # a field built earlier (the schema) is rebuilt

    def applied(self) -> dict[str, Any]:
        """The filters in force: valid and not blank, by parameter name (for the audit)."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in data.items()
            if value not in (None, "", [], ())
        }

    def value_of(self, name: str) -> Any:
        """The valid value of one filter, or None (invalid, blank or absent)."""
        self.is_valid()
        return getattr(self.form, "cleaned_data", {}).get(name)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend that leaves the FilterSet on the view (``view.filterset``),
    so the view can read a cleaned value (the audit records the NIP asked about)."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset
