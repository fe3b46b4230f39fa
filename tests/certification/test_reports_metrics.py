"""The figures of ``certification.metrics``: what counts, for whom, and when."""

from datetime import date, timedelta

import pytest
from django.db.models.functions import ExtractYear
from django.utils import timezone

from tangguh.certification import metrics
from tangguh.certification.metrics import Period
from tangguh.certification.models import Outcome, ParticipationStatus
from tangguh.core.exceptions import DomainError
from tangguh.people.models import EmploymentStatus
from tests.certification.reports_data import camat, certify, institution, participate

pytestmark = pytest.mark.django_db

P2021 = Period.years(2021)


def test_period_parsing_and_labels():
    assert Period.parse("2020-2022") == Period(date(2020, 1, 1), date(2022, 12, 31))
    assert Period.parse(" 2021 ") == Period.years(2021)
    assert str(Period.parse("2020–2022")) == "2020-2022"
    assert str(Period.years(2024)) == "2024"
    assert Period.default(date(2026, 3, 1)) == Period.years(2024, 2026)
    for bad, word in (("20-22", "bukan periode"), ("2022-2020", "berakhir"), ("1800", "antara")):
        with pytest.raises(DomainError, match=word):
            Period.parse(bad)


def test_counts_by_nominating_institution_within_the_period_without_withdrawn():
    surabaya, sleman = institution("35.78"), institution("34.04")
    person = participate("35.78", scheme="camat", outcome=Outcome.CERTIFIED).employee
    participate("35.78", scheme="lurah", outcome=Outcome.NOT_CERTIFIED, employee=person)
    participate("35.78", scheme="jpt", outcome=Outcome.CERTIFIED)
    participate("35.78", scheme="widyaiswara", status=ParticipationStatus.WITHDRAWN)
    participate("35.78", scheme="sekcam", exam=date(2022, 1, 1))  # outside 2021
    participate("34.04", scheme="camat", organiser="34")
    # Organised by Jawa Timur, nominated by Sleman: it counts for Sleman.
    participate("34.04", scheme="lurah", organiser="35", outcome=Outcome.CERTIFIED)

    assert metrics.distinct_schemes(P2021) == {surabaya.pk: 3, sleman.pk: 2}
    assert metrics.participants(P2021) == {surabaya.pk: 2, sleman.pk: 2}
    assert metrics.certified(P2021) == {surabaya.pk: 2, sleman.pk: 1}
    rates = metrics.pass_rate(P2021)
    assert (rates[surabaya.pk].decided, rates[surabaya.pk].certified) == (3, 2)
    assert rates[surabaya.pk].rate == pytest.approx(2 / 3)
    assert rates[sleman.pk].rate == 1.0


def test_the_period_includes_both_ends():
    participate("35.78", exam=date(2021, 1, 1))
    participate("35.78", exam=date(2021, 12, 31))
    participate("35.78", exam=date(2020, 12, 31))
    assert metrics.participants(P2021) == {institution("35.78").pk: 2}


def test_days_to_decision_median_mean_and_within_a_month():
    for days in (10, 20, 30, 100):
        participate("35.78", outcome=Outcome.CERTIFIED, days=days)
    participate("35.78")  # pending: not decided, not counted
    times = metrics.days_to_decision(P2021)[institution("35.78").pk]
    assert (times.decided, times.median, times.mean, times.within) == (4, 25.0, 40.0, 3)
    assert times.within_share == 0.75


def test_a_source_narrows_and_a_grouping_rolls_up():
    participate("35.78", outcome=Outcome.CERTIFIED)
    participate("35.73", outcome=Outcome.CERTIFIED)
    participate("35")
    participate("34.04", organiser="34")
    from tangguh.certification.models import Participation

    jatim = institution("35")
    assert metrics.participants(P2021, by=metrics.PROVINCE) == {
        jatim.pk: 3,
        institution("34").pk: 1,
    }
    only = Participation.objects.filter(institution__code="35.78")
    assert metrics.participants(P2021, only) == {institution("35.78").pk: 1}
    assert metrics.certified(P2021, by=ExtractYear("exam_date")) == {2021: 2}


def test_a_person_in_two_regencies_of_a_province_counts_once_for_the_province():
    person = participate("35.78").employee
    participate("35.73", employee=person, scheme="lurah")
    assert metrics.participants(P2021, by=metrics.PROVINCE) == {institution("35").pk: 1}


def test_camat_coverage_counts_serving_camat_with_a_valid_certificate():
    today = timezone.localdate()
    surabaya = institution("35.78").pk
    valid = camat("35.78", "Camat Wonokromo")
    certify(valid, issued=today - timedelta(days=100))
    expired = camat("35.78", "camat Genteng")
    certify(expired, issued=today - timedelta(days=4 * 365), years=3)
    revoked = camat("35.78", "Camat")
    certify(revoked, issued=today - timedelta(days=30), revoked_at=timezone.now())
    camat("35.78", "Camat Tegalsari")  # serving, no certificate
    camat("35.78", "Sekretaris Camat Wonokromo")  # not a camat
    camat("35.78", "Camat Lama", status=EmploymentStatus.RETIRED)  # not serving
    lurah = camat("35.78", "Lurah Darmo")
    certify(lurah, scheme="lurah", issued=today - timedelta(days=5))

    coverage = metrics.camat_coverage(today)[surabaya]
    assert (coverage.serving, coverage.certified) == (4, 1)
    assert coverage.rate == 0.25
    # On a day before the revocation, the revoked certificate was valid.
    yesterday = metrics.camat_coverage(today - timedelta(days=1))[surabaya]
    assert yesterday.certified == 2


def test_no_camat_scheme_means_no_coverage():
    camat("35.78")
    assert metrics.camat_coverage(timezone.localdate()) == {}


def test_summary_agrees_with_each_figure_and_region_keeps_ministries_apart():
    participate("35.78", outcome=Outcome.CERTIFIED)
    participate("35.78", outcome=Outcome.NOT_CERTIFIED, scheme="lurah")
    participate("35", outcome=Outcome.CERTIFIED)
    participate("K.09", organiser="35", outcome=Outcome.CERTIFIED)
    for by in (metrics.INSTITUTION, metrics.PROVINCE, metrics.REGION):
        summary = metrics.summary(P2021, by=by)
        assert {k: s.schemes for k, s in summary.items()} == metrics.distinct_schemes(P2021, by=by)
        assert {k: s.participants for k, s in summary.items()} == metrics.participants(P2021, by=by)
        assert {k: s.certified for k, s in summary.items()} == metrics.certified(P2021, by=by)
        rates = metrics.pass_rate(P2021, by=by)
        assert {k: s.decided for k, s in summary.items() if s.decided} == {
            k: r.decided for k, r in rates.items()
        }
    region = metrics.participants(P2021, by=metrics.REGION)
    assert region == {institution("35").pk: 3, institution("K.09").pk: 1}
    assert institution("K.09").pk not in metrics.participants(P2021, by=metrics.PROVINCE)


def test_median_of_an_odd_and_an_even_count():
    for days in (3, 9, 30):
        participate("35.78", outcome=Outcome.CERTIFIED, days=days)
    for days in (1, 2):
        participate("34.04", outcome=Outcome.NOT_CERTIFIED, days=days, organiser="34")
    times = metrics.days_to_decision(P2021)
    assert times[institution("35.78").pk].median == 9.0
    assert times[institution("34.04").pk].median == 1.5
    assert times[institution("34.04").pk].mean == 1.5
