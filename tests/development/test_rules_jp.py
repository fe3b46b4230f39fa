"""The conversion table applied to claims: what each basis allows, and refusals naming the rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from tangguh.core.exceptions import DomainError
from tangguh.core.messages import Message
from tangguh.development.jp_rules import Claim, judge, rule_for, rule_text
from tangguh.development.models import JpRule
from tests.development.factories import form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    """The sentences are checked in their source language (pages: in Indonesian)."""
    with translation.override("en"):
        yield


D = date(2025, 3, 3)


def _claim(days=1, quantity=None, jp=None, **kw):  # type: ignore[no-untyped-def]
    end = date.fromordinal(D.toordinal() + days - 1)
    return Claim(D, end, quantity, None if jp is None else Decimal(str(jp)), **kw)


def _rule(code):  # type: ignore[no-untyped-def]
    return rule_for(form(code), D)


def test_a_seminar_credits_4_jp_a_day_and_a_claim_above_is_refused_naming_the_rule():
    allowance = judge(_rule("seminar"), _claim(days=2, jp=8))
    assert allowance.credited == Decimal("8.00") and allowance.quantity == 2
    with pytest.raises(DomainError) as refused:
        judge(_rule("seminar"), _claim(days=2, jp=10))
    text = str(refused.value.message)
    assert "Seminar/konferensi/sarasehan: 4 JP per day" in text
    assert "2 days allow at most 8 JP" in text and "you claimed 10 JP" in text
    assert refused.value.errors[0]["field"] == "jp_claimed"


def test_an_empty_claim_takes_what_the_rule_allows():
    assert judge(_rule("workshop"), _claim(days=3)).credited == Decimal("15.00")


def test_days_cannot_exceed_the_dates_span():
    with pytest.raises(DomainError) as refused:
        judge(_rule("seminar"), _claim(days=2, quantity=3, jp=4))
    assert "span only 2 days" in str(refused.value.message)
    assert refused.value.errors[0]["field"] == "quantity"


def test_a_ceiling_allows_less_never_more():
    assert judge(_rule("e-learning"), _claim(days=2, jp=4)).credited == Decimal("4.00")
    with pytest.raises(DomainError) as refused:
        judge(_rule("e-learning"), _claim(days=2, jp=7))
    assert "at most 3 JP per day" in str(refused.value.message)


def test_coaching_counts_at_most_two_sessions_a_month_with_the_persons_others():
    assert judge(_rule("coaching"), _claim(quantity=2, jp=4)).credited == Decimal("4.00")
    with pytest.raises(DomainError) as refused:
        judge(_rule("coaching"), _claim(quantity=1, jp=2, month_units=2))
    text = str(refused.value.message)
    assert "at most 2 sessions a month" in text and "already has 2 sessions" in text


def test_actual_hours_are_capped_at_8_a_day_and_occurrences_multiply():
    assert judge(_rule("bimtek"), _claim(days=3, jp=24)).credited == Decimal("24.00")
    with pytest.raises(DomainError):
        judge(_rule("bimtek"), _claim(days=3, jp=25))
    assert judge(_rule("patok-banding"), _claim(quantity=2, jp=20)).credited == Decimal("20.00")
    assert judge(_rule("tugas-belajar"), _claim(days=180, quantity=1)).credited == Decimal("20.00")


def test_a_yearly_cap_counts_what_the_person_already_has():
    seminar = form("seminar")
    rule = JpRule.objects.create(
        form=seminar, valid_from=date(2025, 1, 1), basis="per_day", jp_per_unit=4,
        max_jp_per_year=12,
    )  # fmt: skip
    assert rule_for(seminar, D) == rule and rule_for(seminar, date(2024, 12, 31)) != rule
    judge(rule, _claim(days=1, jp=4, year_jp=Decimal(8)))
    with pytest.raises(DomainError) as refused:
        judge(rule, _claim(days=1, jp=4, year_jp=Decimal(9)))
    assert "at most 12 JP a year" in str(refused.value.message)


def test_no_rule_before_the_table_began():
    seminar = form("seminar")
    with pytest.raises(DomainError) as refused:
        judge(
            rule_for(seminar, date(2010, 1, 1)),
            Claim(date(2010, 1, 1), date(2010, 1, 1), None, None),
            form=seminar,
        )
    assert refused.value.code == "no_rule"


def test_the_note_is_a_stored_message_rendered_in_the_readers_language():
    from django.utils import translation

    note = judge(_rule("seminar"), _claim(days=2, jp=8)).note
    stored = Message.from_json(note.as_json())
    with translation.override("en"):
        assert str(stored).endswith("8 JP credited")
    assert "Seminar" in str(rule_text(_rule("seminar")))


def test_the_refusal_reads_in_indonesian_for_an_indonesian_reader():
    with translation.override("id"), pytest.raises(DomainError) as refused:
        judge(_rule("seminar"), _claim(days=2, jp=10))
    assert str(refused.value.message) == (
        "Seminar/konferensi/sarasehan: 4 JP per hari; 2 hari memberi paling banyak 8 JP; "
        "Anda mengklaim 10 JP."
    )
