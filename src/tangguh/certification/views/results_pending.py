"""The results file between its check and its import: kept in the default storage, named
in the uploader's session (one per session), for a day at most; and the result page."""

from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.importing.results import ImportResult

from ..models import Batch
from ..results_import import results_summary
from ..services_results import results_import

NAV_CURRENT = "certification:worklist"  # the menu marks "Assessment"
PENDING_KEY = "certification.results.pending"
PENDING_DIR = "results-imports"
PENDING_MAX_AGE = timedelta(days=1)
ERRORS_SHOWN = 1000
SUMMARY_KEYS = (
    ("total_rows", gettext_lazy("Rows read")),
    ("created", gettext_lazy("New")),
    ("updated", gettext_lazy("Changed")),
    ("unchanged", gettext_lazy("Unchanged")),
    ("skipped", gettext_lazy("Without a result")),
    ("rejected", gettext_lazy("Rejected")),
)


def run(
    *, batch: Batch, content: bytes, name: str, actor: Any, dry_run: bool, strict: bool
) -> ImportResult:
    return results_import(
        batch=batch, source=io.BytesIO(content), filename=name, actor=actor,
        dry_run=dry_run, strict=strict,
    )  # fmt: skip


def keep(request: HttpRequest, batch: Batch, content: bytes, name: str, strict: bool) -> str:
    """Store the checked file for its confirmation; its token."""
    forget(request)
    _sweep()
    token = uuid.uuid4().hex
    extension = os.path.splitext(name)[1].lower()
    path = default_storage.save(f"{PENDING_DIR}/{token}{extension}", ContentFile(content))
    request.session[PENDING_KEY] = {
        "token": token, "path": path, "name": name, "batch": batch.pk, "strict": strict,
    }  # fmt: skip
    return token


def take(request: HttpRequest, batch: Batch, token: str) -> tuple[bytes, str, bool] | None:
    """The kept file of ``token`` for ``batch`` (content, name, strict), forgotten; None
    when there is none (imported already, expired, another batch's)."""
    pending = request.session.get(PENDING_KEY) or {}
    if not token or pending.get("token") != token or pending.get("batch") != batch.pk:
        return None
    try:
        with default_storage.open(pending["path"], "rb") as fh:
            content = fh.read()
    except FileNotFoundError:
        content = None
    forget(request)
    if content is None:
        return None
    return content, pending["name"], bool(pending["strict"])


def forget(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending and pending.get("path"):
        default_storage.delete(pending["path"])


def _sweep() -> None:
    """Delete checked files nobody confirmed within a day."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    oldest = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < oldest:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def render_result(
    request: HttpRequest, batch: Batch, result: ImportResult, name: str, *, token: str | None
) -> HttpResponse:
    counts = result.counts()
    ctx = {
        "current_url_name": NAV_CURRENT,  # the menu marks "Assessment"
        "title": _("Results from %(name)s") % {"name": name},
        "batch": batch,
        "file_name": name,
        "result": result,
        "summary": [(key, label, counts[key]) for key, label in SUMMARY_KEYS],
        "summary_text": results_summary(result),
        "errors": result.errors[:ERRORS_SHOWN],
        "errors_hidden": max(result.errors_total - ERRORS_SHOWN, 0),
        "token": token,
    }
    return render(request, "certification/results/import_result.html", ctx)
