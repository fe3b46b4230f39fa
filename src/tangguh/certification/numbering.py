"""Certificate numbers and expiry dates (docs/certification.md, "Certificate numbers").

A number reads ``SKP-<SCHEME CODE>-<YEAR>-<NNNNN>``: *Sertifikat Kompetensi
Pemerintahan*, the scheme's code in capitals, the year of issue and a sequence per
scheme and year, five digits (more once a scheme passes 99,999 in a year). Numbers are
URL-safe (the code is a slug), consecutive and never reused: the sequence row of the
scheme and year is locked while the number is taken, so a rolled-back issue gives its
number back and two issues at once never get the same one.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CertificateSequence, Scheme

PREFIX = "SKP"
SEQUENCE_DIGITS = 5
# What a number looks like, for a quick refusal of anything else (verification, search).
NUMBER_RE = re.compile(r"^SKP-[A-Z0-9_-]+-\d{4}-\d{5,}$")


def format_number(scheme_code: str, year: int, sequence: int) -> str:
    return f"{PREFIX}-{scheme_code.upper()}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"


def looks_like_number(text: str) -> bool:
    return bool(NUMBER_RE.match(text or ""))


def next_number(*, scheme: Scheme, year: int) -> str:
    """Take the next number of ``scheme`` in ``year``; call inside the issue's transaction."""
    with transaction.atomic():
        taken = CertificateSequence.objects.filter(scheme=scheme, year=year).update(
            last=F("last") + 1
        )
        if not taken:
            try:
                with transaction.atomic():  # a savepoint: another issue may create it first
                    CertificateSequence.objects.create(scheme=scheme, year=year, last=1)
            except IntegrityError:
                CertificateSequence.objects.filter(scheme=scheme, year=year).update(
                    last=F("last") + 1
                )
        # The row is locked by the update above until the caller's transaction ends.
        last = CertificateSequence.objects.values_list("last", flat=True).get(
            scheme=scheme, year=year
        )
    return format_number(scheme.code, year, last)


def expiry_date(issued_on: date, validity_years: int) -> date:
    """``issued_on`` plus ``validity_years`` years; a 29 February becomes 28 February."""
    year = issued_on.year + validity_years
    try:
        return issued_on.replace(year=year)
    except ValueError:
        return issued_on.replace(year=year, day=28)
