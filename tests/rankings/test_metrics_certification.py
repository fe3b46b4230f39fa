"""Certification metrics: counted by the nominating institution, withdrawn left out, a
person examined twice counted once; each explanation adds up to the value."""

import random
from datetime import date
from decimal import Decimal

import pytest

from tangguh.certification.metrics import Period
from tangguh.certification.models import Outcome, ParticipationStatus
from tangguh.institutions.models import Institution
from tangguh.rankings.registry import get_metric
from tests.certification.factories import (
    BatchFactory,
    CertificateFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)
from tests.people.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PERIOD = Period.years(2020, 2022)


def _inst(code):
    return Institution.objects.get(code=code)


def _batch(scheme_version, day):
    return BatchFactory(scheme_version=scheme_version, exam_start=day)


@pytest.fixture
def records():
    """Jawa Timur (35): two schemes, three people (one examined twice), one withdrawn,
    one examined outside the period; Jawa Tengah (33): one person, certified."""
    jatim, jateng = _inst("35"), _inst("33")
    camat = SchemeVersionFactory(name="Sertifikasi Camat", units=0)
    lurah = SchemeVersionFactory(name="Sertifikasi Lurah", units=0)
    b_camat_2021 = _batch(camat, date(2021, 5, 10))
    b_lurah_2022 = _batch(lurah, date(2022, 3, 1))
    b_camat_2023 = _batch(camat, date(2023, 2, 1))
    siti, budi, ani, dewi = (EmployeeFactory(institution=jatim) for _ in range(4))
    twice = [
        ParticipationFactory(batch=b_camat_2021, employee=siti, outcome=Outcome.CERTIFIED),
        ParticipationFactory(batch=b_lurah_2022, employee=siti),
    ]
    ParticipationFactory(batch=b_camat_2021, employee=budi, outcome=Outcome.NOT_CERTIFIED)
    # Withdrawn, and outside the period: neither counts.
    ParticipationFactory(batch=b_lurah_2022, employee=ani, status=ParticipationStatus.WITHDRAWN)
    ParticipationFactory(batch=b_camat_2023, employee=dewi, outcome=Outcome.CERTIFIED)
    # A person moved later: the participation keeps the nominating institution.
    moved = EmployeeFactory(institution=jateng)
    kept = ParticipationFactory(
        batch=b_lurah_2022, employee=moved, institution=jatim, outcome=Outcome.CERTIFIED
    )
    certificate = CertificateFactory(participation=twice[0])
    tengah = EmployeeFactory(institution=jateng)
    ParticipationFactory(batch=b_camat_2021, employee=tengah, outcome=Outcome.CERTIFIED)
    return {
        "jatim": jatim,
        "jateng": jateng,
        "siti": siti,
        "twice": twice,
        "kept": kept,
        "certificate": certificate,
        "camat": camat.scheme,
    }


def _values(code, ids, period=PERIOD):
    return get_metric(code).values(period, ids)


def test_schemes_count_distinct_schemes_of_the_nominating_institution(records):
    values = _values("certification_schemes", [records["jatim"].pk, records["jateng"].pk])
    assert values == {records["jatim"].pk: Decimal(2), records["jateng"].pk: Decimal(1)}


def test_participants_count_a_person_examined_twice_once(records):
    jatim = records["jatim"].pk
    # siti (twice), budi, the moved person; ani withdrawn, dewi in 2023.
    assert _values("certification_participants", [jatim]) == {jatim: Decimal(3)}


def test_certified_counts_certified_participations(records):
    jatim = records["jatim"].pk
    assert _values("certification_certified", [jatim]) == {jatim: Decimal(2)}


def test_an_institution_without_records_has_no_value():
    assert _values("certification_participants", [_inst("11").pk]) == {}
    explanation = get_metric("certification_participants").explain(PERIOD, _inst("11").pk)
    assert explanation.value == 0
    assert explanation.records == []


def test_a_later_period_counts_the_2023_exam_alone(records):
    jatim = records["jatim"].pk
    assert _values("certification_participants", [jatim], Period.years(2023)) == {jatim: Decimal(1)}


def test_the_schemes_explanation_lists_each_scheme_with_its_participations(records):
    explanation = get_metric("certification_schemes").explain(PERIOD, records["jatim"].pk)
    assert explanation.value == explanation.total == 2
    labels = [r.label for r in explanation.records]
    assert labels == ["Sertifikasi Camat", "Sertifikasi Lurah"]
    camat = explanation.records[0]
    assert camat.kind == "scheme"
    assert camat.id == records["camat"].pk
    assert camat.source == "certification.Scheme"
    assert camat.details["scheme_code"] == records["camat"].code
    assert camat.details["participants"] == 2
    assert records["twice"][0].pk in camat.details["participations"]
    assert len(camat.details["participations"]) == 2


def test_the_participants_explanation_lists_each_person_once(records):
    explanation = get_metric("certification_participants").explain(PERIOD, records["jatim"].pk)
    assert explanation.value == explanation.total == 3
    siti = next(r for r in explanation.records if r.id == records["siti"].pk)
    assert siti.kind == "civil_servant"
    assert siti.contribution == 1
    assert siti.label == f"{records['siti'].full_name} · {records['siti'].nip}"
    assert sorted(siti.details["participations"]) == sorted(p.pk for p in records["twice"])
    assert len(siti.details["schemes"]) == 2
    assert [r.label.casefold() for r in explanation.records] == sorted(
        r.label.casefold() for r in explanation.records
    )


def test_the_certified_explanation_names_the_certificate(records):
    explanation = get_metric("certification_certified").explain(PERIOD, records["jatim"].pk)
    assert explanation.value == explanation.total == 2
    by_id = {r.id: r for r in explanation.records}
    assert set(by_id) == {records["twice"][0].pk, records["kept"].pk}
    first = by_id[records["twice"][0].pk]
    assert first.kind == "participation"
    assert first.source == "certification.Participation"
    assert first.details["certificate_number"] == records["certificate"].number
    assert first.details["exam_date"] == "2021-05-10"
    assert by_id[records["kept"].pk].details["certificate_number"] is None


@pytest.mark.parametrize(
    "code", ["certification_schemes", "certification_participants", "certification_certified"]
)
def test_values_agree_with_the_explanations_for_every_province(records, code):
    metric = get_metric(code)
    ids = list(Institution.objects.filter(kind="provinsi").values_list("pk", flat=True))
    values = metric.values(PERIOD, ids)
    for pk in ids:
        explanation = metric.explain(PERIOD, pk)
        assert explanation.value == values.get(pk, Decimal(0))
        assert explanation.total == explanation.value
        assert explanation.as_json()["value"] == int(explanation.value)


def test_an_explanation_reads_in_a_few_queries(records, django_assert_max_num_queries):
    metric = get_metric("certification_schemes")
    with django_assert_max_num_queries(2):
        metric.explain(PERIOD, records["jatim"].pk)
    with django_assert_max_num_queries(1):
        get_metric("certification_participants").explain(PERIOD, records["jatim"].pk)
    with django_assert_max_num_queries(2):
        get_metric("certification_certified").explain(PERIOD, records["jatim"].pk)


def test_values_and_explanations_equal_a_plain_count_of_mixed_records():
    """Random participations (people reused across batches and schemes, withdrawals,
    exam dates around the period's edges): each value is the plain count in Python."""
    rng = random.Random(13)
    institutions = [_inst(code) for code in ("35", "33", "32")]
    versions = [SchemeVersionFactory(units=0) for _ in range(3)]
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2021, 7, 1), date(2022, 12, 31)]
    batches = [_batch(v, d) for v in versions for d in days]
    people = [EmployeeFactory(institution=rng.choice(institutions)) for _ in range(8)]
    rows = []
    for batch in batches:
        for person in rng.sample(people, 3):
            rows.append(
                ParticipationFactory(
                    batch=batch,
                    employee=person,
                    institution=rng.choice(institutions),
                    status=rng.choice(["nominated", "nominated", "withdrawn"]),
                    outcome=rng.choice(list(Outcome.values)),
                )
            )
    counted = [
        p for p in rows if p.status != "withdrawn" and PERIOD.start <= p.exam_date <= PERIOD.end
    ]
    assert any(p.status == "withdrawn" for p in rows)
    assert len(counted) > 10
    ids = [i.pk for i in institutions]
    plain = {
        "certification_schemes": lambda pk: {
            p.scheme_id for p in counted if p.institution_id == pk
        },
        "certification_participants": lambda pk: {
            p.employee_id for p in counted if p.institution_id == pk
        },
        "certification_certified": lambda pk: {
            p.pk for p in counted if p.institution_id == pk and p.outcome == Outcome.CERTIFIED
        },
    }
    for code, expected in plain.items():
        metric = get_metric(code)
        values = metric.values(PERIOD, ids)
        for pk in ids:
            explanation = metric.explain(PERIOD, pk)
            assert {r.id for r in explanation.records} == expected(pk), code
            assert values.get(pk, Decimal(0)) == explanation.value == len(expected(pk))
            assert explanation.total == explanation.value
