"""Numbers under concurrency (PostgreSQL): plenaries deciding at once never share a number,
even for the first certificate of a scheme and year (the sequence row does not exist yet)."""

import threading

import pytest
from django.db import connection, connections

from tangguh.certification import services_certificates as svc
from tangguh.certification.models import Certificate, CertificateSequence
from tangguh.institutions.services import institutions_load

from .certificates_helpers import certified

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need a server database"
    ),
]

WORKERS = 6


@pytest.fixture(autouse=True)
def _institutions() -> None:
    # Transactional: the database is as the test before left it (perhaps flushed).
    institutions_load()


def test_simultaneous_issues_get_consecutive_distinct_numbers():
    first = certified()
    parts = [first] + [certified(batch=first.batch) for _ in range(WORKERS - 1)]
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def issue(part):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            svc.certificate_issue(participation=part, actor=None)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [n.rsplit("-", 1)[1] for n in numbers] == [f"{i:05d}" for i in range(1, WORKERS + 1)]
    assert CertificateSequence.objects.get(scheme=first.scheme).last == WORKERS
