"""Certificate pages: the list (filters, Excel export), one certificate, its PDF, and the
national administrator's revocation and renewal, each through a confirmation page.

Reads go through ``selectors_certificates`` (the scoping); every page that shows a
holder to staff records the read (UU PDP). Writes go through ``services_certificates``;
a refusal comes back on the form as a sentence, never as an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.audit import action_label, audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.formatting import format_date, format_number
from tangguh.core.models import AuditEntry
from tangguh.core.scoping import Scope, has_permission, may, scope_for
from tangguh.core.views import RestrictedView
from tangguh.people.models import Employee
from tangguh.people.parsing.nip import format_nip

from .. import selectors_certificates as selectors
from .. import services_certificates as services
from ..exports_certificates import certificates_xlsx
from ..filters_certificates import CertificateFilter
from ..forms_certificates import CertificateRenewForm, CertificateRevokeForm
from ..models import Batch, Certificate
from ..pdf import certificate_pdf
from ..public_urls import verify_url

PAGE_SIZE = 50
# Rows of one Excel export: writing a row costs about 0.6 ms (openpyxl), so this is ~15 s.
EXPORT_LIMIT = 25_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_holder_only(user: Any) -> bool:
    """A civil servant reads their own certificates on "My certification", not on the list."""
    return scope_for(user, Certificate, "view") == Scope.SELF


def status_of(certificate: Certificate) -> str:
    return certificate.status_on(timezone.localdate())


class _StaffCertificatesView(RestrictedView):
    model = Certificate

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and is_holder_only(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filterset(self) -> CertificateFilter:
        return CertificateFilter(
            self.request.GET,
            selectors.certificate_list(user=self.request.user),
            request=self.request,
        )


class CertificateListView(_StaffCertificatesView):
    template_name = "certification/certificates/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filterset()
        paginator = Paginator(filters.qs.values_list("pk", flat=True), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = selectors.certificate_rows_for(page.object_list)
        for c in rows:
            c.status_today = status_of(c)  # type: ignore[attr-defined]
        audit_read(
            request=request,
            action="certification.certificate_list",
            nips=[c.nip for c in rows],
            institution_ids=[c.institution_id for c in rows],
        )
        query = request.GET.copy()
        query.pop("page", None)
        applied = filters.applied()
        ctx = {
            "title": _("Certificates"),
            "form": filters.bar(),
            "certificates": rows,
            "page": page,
            "count": paginator.count,
            "query_string": query.urlencode(),
            "filtered": bool(applied),
            "active_filters": len(applied),
        }
        template = self.template_name
        if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
            template = "certification/certificates/_results.html"
        return render(request, template, ctx)


class CertificateExportView(_StaffCertificatesView):
    """The list's current filter as an Excel file (the same FilterSet: the same rows)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filterset()
        qs = filters.qs
        count = qs.count()
        if count > EXPORT_LIMIT:
            messages.warning(
                request,
                _(
                    "%(count)s certificates match: an Excel file holds at most %(limit)s. "
                    "Narrow the filters (an institution, a scheme, a year), or list them all "
                    "with the command tangguh certificates list --json."
                )
                % {"count": format_number(count), "limit": format_number(EXPORT_LIMIT)},
            )
            query = request.GET.urlencode()
            return redirect(reverse("certification:certificates") + (f"?{query}" if query else ""))
        audit_read(
            request=request,
            action="certification.certificate_export",
            queryset=qs,
            query={"filters": filters.applied(), "format": "xlsx"},
        )
        response = HttpResponse(certificates_xlsx(qs), content_type=XLSX)
        return as_attachment(response, _("certificates"), "xlsx", dated=True)


def _certificate(request: HttpRequest, number: str) -> Certificate:
    try:
        return selectors.certificate_get(user=request.user, number=number)
    except ObjectDoesNotExist:
        raise Http404 from None


def _record_read(request: HttpRequest, certificate: Certificate, action: str) -> None:
    audit_read(
        request=request,
        action=action,
        nips=[certificate.nip],
        institution=certificate.institution_id,
        target=certificate,
    )


class CertificateDetailView(RestrictedView):
    """One certificate: holder, scheme version, dates, status, renewals, revocation, audit."""

    model = Certificate
    template_name = "certification/certificates/detail.html"

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        certificate = _certificate(request, number)
        _record_read(request, certificate, "certification.certificate_view")
        user = request.user
        audit: list[AuditEntry] = []
        if has_permission(user, AuditEntry, "view"):
            audit = list(selectors.certificate_audit(user=user, certificate=certificate)[:20])
            for entry in audit:
                entry.label = action_label(entry.action)  # type: ignore[attr-defined]
        ctx = {
            "title": _("Certificate %(number)s") % {"number": certificate.number},
            "c": certificate,
            "status": status_of(certificate),
            "nip": format_nip(certificate.nip),
            "units": list(certificate.scheme_version.units.order_by("order", "code")),
            "chain": selectors.renewal_chain(certificate),
            "audit": audit,
            "verify_url": verify_url(certificate.number),
            "staff": not is_holder_only(user),
            "links": {
                "holder": Employee.objects.restrict(user, "view")
                .filter(pk=certificate.employee_id)
                .exists(),
                "batch": has_permission(user, Batch, "view"),
            },
            "may_revoke": certificate.revoked_at is None
            and may(user, Certificate, "change", certificate.institution_id),
            "may_renew": certificate.revoked_at is None
            and not Certificate.objects.filter(renewed_from=certificate).exists()
            and may(user, Certificate, "add", certificate.institution_id),
        }
        return render(request, self.template_name, ctx)


class CertificatePdfView(RestrictedView):
    """The printable certificate: its holder (SELF) and staff in scope."""

    model = Certificate

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        certificate = _certificate(request, number)
        _record_read(request, certificate, "certification.certificate_pdf")
        response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
        return as_attachment(response, _("certificate"), "pdf", key=certificate.number)


class _CertificateWriteView(RestrictedView):
    """A national administrator's write on one certificate, with a confirmation step: the
    first POST shows what will happen, the second (``confirmed=1``) does it."""

    model = Certificate
    form_class: type[Form]
    template_name: str
    confirm_template: str

    def certificate(self, request: HttpRequest, number: str) -> Certificate:
        qs = Certificate.objects.restrict(request.user, self.action).select_related(
            "scheme", "scheme_version", "institution", "issuing_body", "renewed_from"
        )
        certificate = (
            qs.filter(number=number).first() if selectors.plausible_number(number) else None
        )
        if certificate is None:
            raise Http404
        return certificate

    def page(
        self, request: HttpRequest, c: Certificate, form: Form, error: str = "", status: int = 200
    ) -> HttpResponse:
        ctx = {
            "title": self.title(c),
            "c": c,
            "form": form,
            "error": error,
            "nip": format_nip(c.nip),
        }
        return render(request, self.template_name, ctx, status=status)

    def title(self, c: Certificate) -> str:
        raise NotImplementedError

    def write(self, request: HttpRequest, c: Certificate, data: dict[str, Any]) -> Certificate:
        raise NotImplementedError

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        c = self.certificate(request, number)
        return self.page(request, c, self.form_class())

    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        c = self.certificate(request, number)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.page(request, c, form, status=400)
        if request.POST.get("confirmed") != "1":
            ctx = {"title": self.title(c), "c": c, "form": form, "nip": format_nip(c.nip)}
            return render(request, self.confirm_template, ctx)
        try:
            result = self.write(request, c, form.cleaned_data)
        except DomainError as exc:
            for problem in exc.errors:
                if problem.get("field") in form.fields:
                    form.add_error(problem["field"], str(problem["message"]))
            return self.page(request, c, form, error=str(exc.message), status=exc.status_code)
        return redirect("certification:certificate", number=result.number)


class CertificateRevokeView(_CertificateWriteView):
    action = "change"
    form_class = CertificateRevokeForm
    template_name = "certification/certificates/revoke.html"
    confirm_template = "certification/certificates/revoke_confirm.html"

    def title(self, c: Certificate) -> str:
        return _("Revoke certificate %(number)s") % {"number": c.number}

    def write(self, request: HttpRequest, c: Certificate, data: dict[str, Any]) -> Certificate:
        done = services.certificate_revoke(certificate=c, reason=data["reason"], actor=request.user)
        messages.success(
            request,
            _("Certificate %(number)s is revoked: its verification page says so from now on.")
            % {"number": done.number},
        )
        return done


class CertificateRenewView(_CertificateWriteView):
    action = "add"
    form_class = CertificateRenewForm
    template_name = "certification/certificates/renew.html"
    confirm_template = "certification/certificates/renew_confirm.html"

    def title(self, c: Certificate) -> str:
        return _("Renew certificate %(number)s") % {"number": c.number}

    def write(self, request: HttpRequest, c: Certificate, data: dict[str, Any]) -> Certificate:
        new = services.certificate_renew(
            certificate=c, actor=request.user, issued_on=data.get("issued_on")
        )
        messages.success(
            request,
            _("Certificate %(new)s renews %(old)s, valid until %(date)s.")
            % {
                "new": new.number,
                "old": c.number,
                "date": format_date(new.expires_on),
            },
        )
        return new
