"""The JP conversion table: every form with its current rule and its history; the
national administrator adds a rule from a date (never edits one) and adds or retires
forms. Writes go through ``services_rules``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.exceptions import DomainError
from tangguh.core.scoping import has_permission
from tangguh.core.views import RestrictedView

from ..forms_activities import FormAddForm, RuleForm
from ..jp_rules import rule_text
from ..models import DevelopmentForm, JpRule
from ..services_rules import RuleInput, form_add, form_set_active, rule_add
from .activities import form_refused


def table_rows(today: Any = None) -> list[dict[str, Any]]:
    """Each form with the rule in force today, the rules to come and the past ones."""
    today = today or timezone.localdate()
    rules: dict[int, list[JpRule]] = {}
    for rule in JpRule.objects.select_related("form").order_by("-valid_from"):
        rules.setdefault(rule.form_id, []).append(rule)
    rows = []
    for form in DevelopmentForm.objects.order_by("order", "code"):
        own = rules.get(form.pk, [])
        current = next((r for r in own if r.valid_from <= today), None)
        rows.append(
            {
                "form": form,
                "current": current,
                "current_text": _terms(current) if current else None,
                "future": [r for r in own if r.valid_from > today],
                "past": [r for r in own if r.valid_from <= today and r is not current],
            }
        )
    return rows


def _terms(rule: JpRule) -> str:
    """The rule without the form's name (the table's first column names it)."""
    return str(rule_text(rule)).removeprefix(f"{rule.form.name}: ")


class RuleListView(RestrictedView):
    model = JpRule

    def get(self, request: HttpRequest) -> HttpResponse:
        ctx = {
            "title": _("JP conversion table"),
            "rows": table_rows(),
            "may_add": has_permission(request.user, JpRule, "add"),
            "may_manage": has_permission(request.user, DevelopmentForm, "change"),
            "current_url_name": "development:ledger",
        }
        return render(request, "development/rules/list.html", ctx)


def _rule_input(data: dict[str, Any]) -> RuleInput:
    return RuleInput(
        valid_from=data["valid_from"],
        basis=data["basis"],
        jp_per_unit=data.get("jp_per_unit"),
        is_maximum=bool(data.get("is_maximum")),
        max_units_per_month=data.get("max_units_per_month"),
        max_jp_per_year=data.get("max_jp_per_year"),
        source=data.get("source") or "",
    )


class RuleAddView(RestrictedView):
    """A new row from a date: the rows before it keep judging the activities of their time."""

    model = JpRule
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {}
        code = request.GET.get("form", "")
        current = (
            JpRule.objects.filter(form__code=code).order_by("-valid_from").first() if code else None
        )
        if current is not None:
            initial = {
                "form": code,
                "basis": current.basis,
                "jp_per_unit": current.jp_per_unit,
                "is_maximum": current.is_maximum,
                "max_units_per_month": current.max_units_per_month,
                "max_jp_per_year": current.max_jp_per_year,
            }
        return self.page(RuleForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RuleForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            rule = rule_add(
                form=form.cleaned_data["form"],
                data=_rule_input(form.cleaned_data),
                actor=request.user,
            )
        except DomainError as exc:
            form_refused(form, exc)
            return self.page(form, status=400)
        messages.success(request, _("The rule is added: %(rule)s.") % {"rule": rule_text(rule)})
        return redirect("development:rules")

    def page(self, form: RuleForm, status: int = 200) -> HttpResponse:
        ctx = {"title": _("New JP rule"), "form": form, "current_url_name": "development:rules"}
        return render(self.request, "development/rules/add.html", ctx, status=status)


class FormsManageView(RestrictedView):
    """Add a form of development (with its first rule), retire one or bring it back."""

    model = DevelopmentForm
    action = "change"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(FormAddForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        code = request.POST.get("toggle")
        if code:
            target = DevelopmentForm.objects.filter(code=code).first()
            if target is not None:
                done = form_set_active(
                    form=target, active=request.POST.get("active") == "1", actor=request.user
                )
                messages.success(
                    request,
                    (
                        _("%(name)s is in use again.")
                        if done.is_active
                        else _("%(name)s is retired.")
                    )
                    % {"name": done.name},
                )
            return redirect("development:forms_manage")
        form = FormAddForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            added = form_add(
                code=data["code"],
                name=data["name"],
                name_en=data.get("name_en") or "",
                category=data["category"],
                rule=_rule_input(data),
                actor=request.user,
            )
        except DomainError as exc:
            form_refused(form, exc)
            return self.page(form, status=400)
        messages.success(request, _("The form %(name)s is added.") % {"name": added.name})
        return redirect("development:rules")

    def page(self, form: FormAddForm, status: int = 200) -> HttpResponse:
        ctx = {
            "title": _("Forms of development"),
            "form": form,
            "forms": DevelopmentForm.objects.order_by("order", "code"),
            "current_url_name": "development:rules",
        }
        return render(self.request, "development/rules/forms.html", ctx, status=status)
