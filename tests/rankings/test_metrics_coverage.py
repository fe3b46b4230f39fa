"""Certificate coverage: serving civil servants in targeted positions holding a valid
certificate of the scheme; the camat report's figure, over every targeting scheme."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tangguh.certification import metrics as cert
from tangguh.certification.metrics import Period
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee
from tangguh.rankings.metrics_coverage import day_of
from tangguh.rankings.registry import get_metric
from tests.certification.factories import (
    BatchFactory,
    CertificateFactory,
    ParticipationFactory,
    SchemeVersionFactory,
)
from tests.people.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
PERIOD = Period.years(TODAY.year - 2, TODAY.year)


def _inst(code):
    return Institution.objects.get(code=code)


def _holder(institution, position, version=None, **certificate):
    person = EmployeeFactory(
        institution=institution,
        position=PositionFactory(institution=institution, name=position),
        status=certificate.pop("status", "active"),
    )
    if version is not None:
        batch = BatchFactory(scheme_version=version)
        CertificateFactory(
            participation=ParticipationFactory(batch=batch, employee=person), **certificate
        )
    return person


@pytest.fixture
def coverage():
    """Surabaya: camat certified, camat expired, camat revoked, a sekretaris camat
    (not a camat), a retired camat, a lurah certified; a scheme without positions."""
    surabaya = _inst("35.78")
    camat = SchemeVersionFactory(name="Sertifikasi Camat", target_positions=["Camat"], units=0)
    lurah = SchemeVersionFactory(name="Sertifikasi Lurah", target_positions=["Lurah"], units=0)
    SchemeVersionFactory(name="Tanpa jabatan", target_positions=[], units=0)
    ok = _holder(surabaya, "Camat Wonokromo", camat)
    expired_on = TODAY - timedelta(days=5)
    _holder(surabaya, "Camat Rungkut", camat, issued_on=date(2019, 1, 1), expires_on=expired_on)
    _holder(surabaya, "Camat Gubeng", camat, revoked_at=timezone.now() - timedelta(days=1))
    _holder(surabaya, "Sekretaris Camat", camat)
    _holder(surabaya, "Camat Tegalsari", camat, status="retired")
    lurah_ok = _holder(surabaya, "Lurah Ketintang", lurah)
    # A lurah certificate does not cover a camat.
    _holder(surabaya, "Camat Sawahan", lurah)
    return {"surabaya": surabaya, "ok": ok, "lurah_ok": lurah_ok, "camat": camat.scheme}


def test_coverage_counts_valid_certificates_of_the_targeting_scheme(coverage):
    pk = coverage["surabaya"].pk
    # Serving: 4 camat (Wonokromo, Rungkut, Gubeng, Sawahan) + 1 lurah; covered: 2.
    assert get_metric("certificate_coverage").values(PERIOD, [pk]) == {pk: Decimal("0.4")}


def test_the_camat_part_is_the_camat_report_figure(coverage):
    pk = coverage["surabaya"].pk
    employees = Employee.objects.filter(institution_id=pk)
    camat = cert.camat_coverage(day_of(PERIOD), employees, scheme=coverage["camat"])[pk]
    explanation = get_metric("certificate_coverage").explain(PERIOD, pk)
    code = coverage["camat"].code
    of_camat = [r for r in explanation.records if r.details["scheme_code"] == code]
    assert (len(of_camat), sum(r.contribution for r in of_camat)) == (
        camat.serving,
        camat.certified,
    )


def test_the_explanation_lists_everyone_serving(coverage):
    explanation = get_metric("certificate_coverage").explain(PERIOD, coverage["surabaya"].pk)
    assert explanation.denominator == len(explanation.records) == 5
    assert explanation.numerator == explanation.total == 2
    assert explanation.value == Decimal("0.4")
    ok = next(r for r in explanation.records if r.id == coverage["ok"].pk)
    assert ok.kind == "civil_servant"
    assert ok.contribution == 1
    assert ok.details["position"] == "Camat Wonokromo"
    assert ok.details["scheme"] == "Sertifikasi Camat"
    assert ok.details["certificate_number"].startswith("SKP-TEST")
    positions = {r.details["position"] for r in explanation.records}
    assert "Sekretaris Camat" not in positions
    assert "Camat Tegalsari" not in positions


def test_an_earlier_period_reads_the_certificates_valid_then(coverage):
    pk = coverage["surabaya"].pk
    before = Period.years(2020)  # nothing issued yet then, Rungkut's issued in 2019
    explanation = get_metric("certificate_coverage").explain(before, pk)
    assert explanation.numerator == 1
    assert get_metric("certificate_coverage").values(before, [pk]) == {pk: Decimal("0.2")}


def test_an_institution_without_targeted_positions_has_no_value(coverage):
    pk = _inst("34.04").pk
    assert get_metric("certificate_coverage").values(PERIOD, [pk]) == {}
    explanation = get_metric("certificate_coverage").explain(PERIOD, pk)
    assert explanation.value == 0
    assert explanation.records == []


def test_values_agree_with_the_explanations(coverage):
    metric = get_metric("certificate_coverage")
    ids = [coverage["surabaya"].pk, _inst("35").pk, _inst("34.04").pk]
    values = metric.values(PERIOD, ids)
    for pk in ids:
        explanation = metric.explain(PERIOD, pk)
        assert explanation.value == values.get(pk, Decimal(0))
        assert explanation.total == explanation.numerator
