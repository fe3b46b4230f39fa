"""The staging step's failure paths: what an import does when the database refuses a block."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from tangguh.core.importing import fastpath
from tangguh.core.importing.staging import PostgreSQLDialect
from tangguh.institutions.models import Institution
from tangguh.institutions.services import institutions_load
from tangguh.people.importing import Importer
from tangguh.people.models import Employee, WorkUnit

from .helpers import person, run, write_csv

# Outside a test transaction, as an import runs (its staging in autocommit).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipelined COPY is PostgreSQL's")
def test_a_copy_failing_in_its_worker_thread_is_raised_and_writes_nothing(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import polars as pl

    institutions_load()
    surabaya = Institution.objects.get(code="35.78")
    monkeypatch.setattr(Importer, "fast_min_rows", 1)
    monkeypatch.setattr(fastpath, "BLOCK_BYTES", 1500)
    path = write_csv(tmp_path, [person(n) for n in range(1, 61)])
    copy = PostgreSQLDialect._copy_frame
    blocks: list[int] = []

    def failing(self, raw, frame):  # type: ignore[no-untyped-def]
        blocks.append(frame.height)
        if len(blocks) == 2:  # the server refuses the second block: a date it cannot read
            frame = frame.with_columns(birth_date=pl.lit("1970-13-45"))
        return copy(self, raw, frame)

    monkeypatch.setattr(PostgreSQLDialect, "_copy_frame", failing)
    with pytest.raises(psycopg.errors.DatetimeFieldOverflow):
        run(path, surabaya)
    assert len(blocks) >= 2
    assert not Employee.objects.exists() and not WorkUnit.objects.exists()
    # Nothing is left behind on the connection: no staging table, and it still works.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'tangguh_stage_%%'")
        assert cursor.fetchone()[0] == 0
    monkeypatch.setattr(PostgreSQLDialect, "_copy_frame", copy)
    again = run(path, surabaya)
    assert (again.created, again.rejected) == (60, 0)
