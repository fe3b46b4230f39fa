"""Attendance pages of the host: the grid (participants × the session's days), a whole
day at once, the sheet to download, its import (checked first, then confirmed).

A day outside the session's dates is refused by the service with the dates in the
sentence, and nothing is written.
"""

from __future__ import annotations

import io
import os
import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.audit import audit_read
from tangguh.core.downloads import as_attachment
from tangguh.core.exceptions import DomainError
from tangguh.core.views import RestrictedView

from ..attendance_import import attendance_template_xlsx, import_attendance
from ..forms_enrolment import AttendanceImportForm
from ..models import AttendanceMark, Enrolment, Session
from ..selectors_enrolment import attendance_grid, is_host_side
from ..services_attendance import Mark, attendance_record
from .enrolment import SESSION_NAV, XLSX, staff_only, visible_session

PENDING_KEY = "development.attendance.pending"
PENDING_LIMIT = 1024 * 1024  # a checked sheet kept in the session until confirmed


def host_session(request: HttpRequest, pk: int) -> Session:
    """The session, if the user acts for its host; 404 otherwise."""
    staff_only(request)
    session = visible_session(request, pk)
    if not is_host_side(request.user, session):
        raise Http404
    return session


def _parse_cells(post: Any) -> list[Mark] | None:
    """The grid's cells ``m-<enrolment>-<yyyy-mm-dd>``; None when one is malformed."""
    cells: list[Mark] = []
    for name, value in post.items():
        if not name.startswith("m-"):
            continue
        try:
            _prefix, enrolment_id, day = name.split("-", 2)
            cells.append(Mark(int(enrolment_id), date.fromisoformat(day), value))
        except ValueError:
            return None
    return cells


class AttendanceView(RestrictedView):
    """The grid: each participant's mark per day; POST saves the grid (or one day)."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/attendance.html"

    def page(
        self, request: HttpRequest, session: Session, error: str = "", status: int = 200
    ) -> HttpResponse:
        days, rows = attendance_grid(session=session)
        if rows:
            audit_read(
                request=request,
                action="development.attendance_read",
                nips=[r.enrolment.nip for r in rows],
                institution=session.organiser_id,
                target=session,
            )
        ctx = {
            "title": _("Attendance"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "days": days,
            "rows": rows,
            "marks": AttendanceMark.choices,
            "error": error,
            "day_value": request.POST.get("day", ""),
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, host_session(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = host_session(request, pk)
        if "day" in request.POST:  # one day at once: everyone gets the same mark
            try:
                day = date.fromisoformat(request.POST.get("day", ""))
            except ValueError:
                return self.page(request, session, _("Choose a day."), status=400)
            mark = request.POST.get("day_mark", AttendanceMark.PRESENT)
            _days, rows = attendance_grid(session=session)
            cells = [Mark(r.enrolment.pk, day, mark) for r in rows]
        else:
            parsed = _parse_cells(request.POST)
            if parsed is None:
                return self.page(request, session, _("The grid was not understood."), status=400)
            cells = parsed
        try:
            counts = attendance_record(session=session, marks=cells, actor=request.user)
        except DomainError as exc:
            return self.page(request, session, str(exc.message), status=exc.status_code)
        messages.success(request, _("Attendance saved (%(n)s marks).") % {"n": counts["written"]})
        return redirect("development:attendance", pk=session.pk)


class AttendanceTemplateView(RestrictedView):
    """The session's attendance sheet: a row per participant, a column per day."""

    model = Enrolment
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = host_session(request, pk)
        content = attendance_template_xlsx(session)
        response = HttpResponse(content, content_type=XLSX)
        return as_attachment(response, _("attendance"), "xlsx", key=session.pk)


class AttendanceImportView(RestrictedView):
    """Upload the sheet: it is checked (nothing written) and shown; confirm to import."""

    model = Enrolment
    action = "change"
    template_name = "development/enrolment/attendance_import.html"

    def page(
        self, request: HttpRequest, session: Session, form: Any, status: int = 200, **extra: Any
    ) -> HttpResponse:
        ctx = {
            "title": _("Import attendance"),
            "current_url_name": SESSION_NAV,
            "session": session,
            "form": form,
            **extra,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, host_session(request, pk), AttendanceImportForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = host_session(request, pk)
        form = AttendanceImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, session, form, status=400)
        upload = form.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        content = upload.read()
        request.session.pop(PENDING_KEY, None)
        try:
            result = import_attendance(
                session=session, source=io.BytesIO(content), filename=name,
                actor=request.user, dry_run=True,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            return self.page(request, session, form, status=400)
        token = None
        keep = not result.file_rejected and (result.created or result.updated)
        if keep and len(content) <= PENDING_LIMIT:
            token = uuid.uuid4().hex
            request.session[PENDING_KEY] = {
                "token": token, "session": session.pk, "name": name, "content": content.hex(),
            }  # fmt: skip
        return self.page(
            request, session, AttendanceImportForm(), result=result, file_name=name,
            token=token, status=400 if result.file_rejected else 200,
        )  # fmt: skip


class AttendanceImportConfirmView(RestrictedView):
    """After a good check: the same file, imported for real."""

    model = Enrolment
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = host_session(request, pk)
        pending = request.session.get(PENDING_KEY) or {}
        token = request.POST.get("token") or ""
        if not token or pending.get("token") != token or pending.get("session") != session.pk:
            messages.error(
                request,
                _("This check was imported already, or it expired. Upload the file again."),
            )
            return redirect("development:attendance_import", pk=session.pk)
        request.session.pop(PENDING_KEY, None)
        try:
            result = import_attendance(
                session=session, source=io.BytesIO(bytes.fromhex(pending["content"])),
                filename=pending["name"], actor=request.user,
            )  # fmt: skip
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
            return redirect("development:attendance_import", pk=session.pk)
        if result.file_rejected:
            messages.error(request, _("The sheet changed meanwhile: nothing was imported."))
            return redirect("development:attendance_import", pk=session.pk)
        messages.success(
            request,
            _("Attendance imported: %(new)s new, %(changed)s changed, %(same)s unchanged.")
            % {"new": result.created, "changed": result.updated, "same": result.unchanged},
        )
        return redirect("development:attendance", pk=session.pk)
