"""The demo's camat, lurah and widyaiswara: people the generated register has too few of.

They join the register the way any civil servant does, through the register's own
import (``people.services.employee_import``), one file per institution, so a second
run finds every row unchanged. Their NIPs end in 9xx: the generator hands out sequence
numbers from 001 up per birth day and appointment month, so they never collide with a
generated civil servant.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from random import Random

from django.conf import settings

from tangguh.institutions.models import Institution
from tangguh.people.generator import (
    TEMPLATE_FIELDS,
    NipAllocator,
    generate_rows,
    reference_institutions,
)
from tangguh.people.parsing.headers import TEMPLATE_HEADER_BY_FIELD

from .demo_data import OFFICIALS

_STEMS = ("Suka", "Sido", "Karang", "Sumber", "Wono", "Mekar", "Jati", "Tegal", "Purwo", "Margo")
_ENDS = ("maju", "mulyo", "jaya", "sari", "rejo", "agung", "harjo", "asri", "makmur", "mukti")
_DIRECTIONS = ("Utara", "Selatan", "Timur", "Barat", "Tengah", "Kota")


def _places(rng: Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_STEMS) + rng.choice(_ENDS)
        if rng.random() < 0.3:
            name = f"{name} {rng.choice(_DIRECTIONS)}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _people(code: str, count: int, seed: int, sequences: Counter[str]) -> Iterator[dict[str, str]]:
    """Generated PNS born before 1989, as ``{field: text}``, with a 9xx NIP sequence
    (``sequences``: the last one given per first 15 digits, shared by every institution)."""
    ref = next(r for r in reference_institutions() if r.code == code)
    made = 0
    rows = generate_rows(ref, count * 6 + 20, seed=seed, allocator=NipAllocator())
    for row in rows:
        values = dict(zip(TEMPLATE_FIELDS, row, strict=True))
        if values["employment_status"] != "PNS" or int(values["nip"][:4]) > 1988:
            continue
        prefix = values["nip"][:15]
        sequences[prefix] += 1
        values["nip"] = f"{prefix}{900 + sequences[prefix]:03d}"
        yield values
        made += 1
        if made == count:
            return
    raise RuntimeError(f"not enough generated officials for {code}")


def officials_rows(
    code: str, counts: tuple[int, int, int], *, seed: int, sequences: Counter[str]
) -> list[dict[str, str]]:
    """The officials of one institution (camat, lurah, widyaiswara), deterministic for ``seed``."""
    camat, lurah, widyaiswara = counts
    rng = Random(f"{seed}:officials:{code}")
    people = _people(code, camat + lurah + widyaiswara, seed + 9, sequences)
    taken: set[str] = set()
    rows: list[dict[str, str]] = []
    for place in _places(rng, camat, taken):
        rows.append(
            next(people)
            | {
                "position": f"Camat {place}",
                "position_kind": "Administrator",
                "rank": rng.choice(("III/d", "IV/a", "IV/a")),
                "work_unit": f"Kecamatan {place}",
            }
        )
    for place in _places(rng, lurah, taken):
        rows.append(
            next(people)
            | {
                "position": f"Lurah {place}",
                "position_kind": "Pengawas",
                "rank": rng.choice(("III/c", "III/d")),
                "work_unit": f"Kelurahan {place}",
            }
        )
    for _ in range(widyaiswara):
        rows.append(
            next(people)
            | {
                "position": rng.choice(("Widyaiswara Ahli Madya", "Widyaiswara Ahli Muda")),
                "position_kind": "Fungsional",
                "rank": rng.choice(("III/d", "IV/a", "IV/b")),
                "work_unit": "Badan Pengembangan Sumber Daya Manusia",
            }
        )
    return rows


def load_officials(*, seed: int) -> Counter[str]:
    """Import every institution's officials (unchanged on a second run)."""
    from tangguh.people.services import employee_import

    totals: Counter[str] = Counter()
    sequences: Counter[str] = Counter()
    national = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
    codes = [code or national for code, *_ in OFFICIALS]
    institutions = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    with tempfile.TemporaryDirectory(prefix="tangguh-demo-") as tmp:
        for code, camat, lurah, widyaiswara in OFFICIALS:
            institution = institutions[code or national]
            rows = officials_rows(
                code or national, (camat, lurah, widyaiswara), seed=seed, sequences=sequences
            )
            path = Path(tmp) / f"pejabat-{institution.code}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(TEMPLATE_HEADER_BY_FIELD[f] for f in TEMPLATE_FIELDS)
                writer.writerows([r[f] for f in TEMPLATE_FIELDS] for r in rows)
            result = employee_import(
                source=path, filename=path.name, institution=institution, actor=None
            )
            totals.update({k: v for k, v in result.counts().items() if type(v) is int})
    return totals
