"""`tangguh certification results import`: the page's import from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.certification.models import UnitResult

from .factories import BatchAssessorFactory, ParticipationFactory
from .results_helpers import english  # noqa: F401  autouse

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("certification", "results", "import", *args, stdout=out)
    return out.getvalue()


def test_a_file_naming_its_assessor_is_imported_and_a_bad_row_reported(tmp_path):  # type: ignore[no-untyped-def]
    assigned = BatchAssessorFactory()
    p = ParticipationFactory(batch=assigned.batch)
    path = tmp_path / "hasil.csv"
    who = assigned.assessor.username
    path.write_text(
        f"NIP,Kode Unit,Rekomendasi,Asesor\n{p.nip},U.01,K,{who}\n{p.nip},U.02,X,{who}\n",
        encoding="utf-8",
    )
    refused = json.loads(_run(str(path), "--batch", assigned.batch.code, "--strict", "--json"))
    assert refused["file_rejected"] and refused["errors"][0]["row"] == 3
    assert not UnitResult.objects.exists()
    text = _run(str(path), "--batch", assigned.batch.code)
    assert "Row 3, column Rekomendasi" in text
    assert UnitResult.objects.get().assessor == assigned.assessor


def test_an_unknown_batch_or_an_unreadable_file_is_refused_in_words(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "hasil.csv"
    path.write_text("NIP,Rekomendasi\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No batch has the code"):
        _run(str(path), "--batch", "TIDAK-ADA")
    batch = BatchAssessorFactory().batch
    with pytest.raises(CommandError, match="no column for the unit code"):
        _run(str(path), "--batch", batch.code)
