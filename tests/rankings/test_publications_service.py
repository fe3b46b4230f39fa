"""Publishing: a published ranking is frozen (rows, values, records, hash) whatever
happens to the records beneath it; a correction is a new version that says why and
shows the differences; only the national administrator publishes, audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tangguh.certification.models import ParticipationStatus
from tangguh.core.exceptions import DomainError
from tangguh.core.models import AuditEntry
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution
from tangguh.rankings import selectors_publications as selectors
from tangguh.rankings import snapshot
from tangguh.rankings.models import Publication, PublishedRow
from tangguh.rankings.services_publications import ranking_publish
from tests.certification.factories import BatchFactory, ParticipationFactory, SchemeVersionFactory
from tests.people.factories import EmployeeFactory
from tests.permissions import make_user
from tests.rankings.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def _inst(code):
    return Institution.objects.get(code=code)


@pytest.fixture
def national():
    return make_user(Role.NATIONAL_ADMIN, "35")


@pytest.fixture
def batch():
    return BatchFactory(
        scheme_version=SchemeVersionFactory(name="Sertifikasi Camat", units=0),
        exam_start=date(2021, 5, 10),
    )


def _examine(batch, code, n):
    return [
        ParticipationFactory(batch=batch, employee=EmployeeFactory(institution=_inst(code)))
        for _ in range(n)
    ]


@pytest.fixture
def category(batch):
    """Participants 2020-2022: Jawa Tengah 3, Jawa Timur 2, Jawa Barat 1, others 0."""
    _examine(batch, "33", 3)
    _examine(batch, "35", 2)
    _examine(batch, "32", 1)
    return CategoryFactory(code="peserta-uji", places=2)


def _frozen(publication):
    return (
        list(
            PublishedRow.objects.filter(publication=publication)
            .order_by("position")
            .values_list("institution_code", "rank", "value", "awarded", "records", "records_hash")
        ),
        Publication.objects.get(pk=publication.pk).content_hash,
    )


def test_version_1_freezes_every_competitor_with_ranks_and_a_hash_that_verifies(category, national):
    publication = ranking_publish(category=category, period=None, actor=national)
    assert (publication.version, publication.supersedes_id, publication.period_label) == (
        1,
        None,
        "2020-2022",
    )
    rows = selectors.rows(publication)
    assert len(rows) == Institution.objects.filter(kind="provinsi", is_active=True).count()
    top = [(r.institution_code, r.rank, int(r.value), r.awarded) for r in rows[:4]]
    assert top == [
        ("33", 1, 3, True),
        ("35", 2, 2, True),
        ("32", 3, 1, False),
        (rows[3].institution_code, 4, 0, False),
    ]
    assert publication.definition["name_id"] == category.name_id
    assert publication.definition["metric"] == "certification_participants"
    assert len(publication.content_hash) == 64
    assert snapshot.verify(publication, deep=True)
    entry = AuditEntry.objects.get(action="rankings.ranking_publish")
    assert entry.actor == national and entry.data["winners"] == ["33", "35"]


def test_a_published_ranking_stays_identical_after_the_records_change(category, national, batch):
    publication = ranking_publish(category=category, period="2020-2022", actor=national)
    before = _frozen(publication)
    # New participations would make Jawa Barat first; a withdrawal lowers Jawa Tengah.
    _examine(batch, "32", 5)
    first = ParticipationFactory._meta.model.objects.filter(institution__code="33").first()
    first.status = ParticipationStatus.WITHDRAWN
    first.save()
    category.name_id = "Nama baru"
    category.places = 1
    category.save()
    assert _frozen(publication) == before
    assert snapshot.verify(Publication.objects.get(pk=publication.pk), deep=True)
    # The page's table too.
    assert [(r.institution_code, int(r.value)) for r in selectors.rows(publication)[:2]] == [
        ("33", 3),
        ("35", 2),
    ]


def test_a_corrected_version_needs_a_reason_supersedes_and_shows_the_differences(
    category, national, batch
):
    first = ranking_publish(category=category, period=None, actor=national)
    _examine(batch, "32", 5)  # Jawa Barat: 6, now first
    with pytest.raises(DomainError) as refused:
        ranking_publish(category=category, period=None, actor=national, reason="  ")
    assert refused.value.code == "reason"
    assert Publication.objects.count() == 1
    second = ranking_publish(
        category=category, period=None, actor=national, reason="Data Jawa Barat terlambat masuk."
    )
    assert (second.version, second.supersedes_id) == (2, first.pk)
    assert second.correction_reason == "Data Jawa Barat terlambat masuk."
    assert selectors.newer_version(first) == second
    diff = selectors.differences(second)
    assert diff is not None and diff.previous == first
    changed = {
        d.institution_code: (d.old_rank, d.new_rank, int(d.old_value), int(d.new_value))
        for d in diff.changes
    }
    assert changed["32"] == (3, 1, 1, 6)
    assert changed["33"] == (1, 2, 3, 3)
    assert changed["35"] == (2, 3, 2, 2)
    assert diff.winners_before == ["33", "35"] and diff.winners_after == ["32", "33"]
    assert diff.winners_changed
    assert selectors.differences(first) is None
    assert (
        AuditEntry.objects.filter(action="rankings.ranking_correct").get().data["supersedes"]
        == first.pk
    )
    # The first version is untouched, and both verify.
    assert snapshot.verify(first, deep=True) and snapshot.verify(second, deep=True)


@pytest.mark.parametrize(
    "role", [Role.INSTITUTION_ADMIN, Role.OPERATOR, Role.AUDITOR, Role.CIVIL_SERVANT]
)
@pytest.mark.parametrize("code", ["35", "35.78"])
def test_publishing_is_refused_outside_the_national_administrator_and_writes_nothing(
    category, role, code
):
    with pytest.raises(PermissionDenied):
        ranking_publish(category=category, period=None, actor=make_user(role, code))
    assert not Publication.objects.exists() and not PublishedRow.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="rankings.").exists()


def test_a_bad_period_is_refused_with_a_sentence_and_nothing_written(category, national):
    for period in ("2022-2020", "abc"):
        with pytest.raises(DomainError) as refused:
            ranking_publish(category=category, period=period, actor=national)
        assert refused.value.code == "period"
    assert not Publication.objects.exists()


def test_tampering_with_a_stored_value_is_detected(category, national):
    publication = ranking_publish(category=category, period=None, actor=national)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rankings_publishedrow SET value = 99 WHERE publication_id = %s AND position = 1",
            [publication.pk],
        )
    assert not snapshot.verify(publication)


def test_tampering_with_the_records_is_detected_by_the_deep_check(category, national):
    publication = ranking_publish(category=category, period=None, actor=national)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rankings_publishedrow SET records = %s WHERE publication_id = %s AND position = 1",
            ['[{"kind": "x", "id": 1, "contribution": 9}]', publication.pk],
        )
    assert snapshot.verify(publication)  # the table's own columns still match
    assert not snapshot.verify(publication, deep=True)


def test_periods_are_versioned_apart(category, national):
    a = ranking_publish(category=category, period="2020-2022", actor=national)
    b = ranking_publish(category=category, period="2021", actor=national)
    assert (a.version, b.version, b.supersedes_id) == (1, 1, None)
