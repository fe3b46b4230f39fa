"""A position's tier for the default standards: its kind, and a functional position's
grade told from the end of its name ("Analis Kebijakan Ahli Muda" → ``ahli_muda``).

A functional position whose name ends in no grade has no tier: it gets no default
standard, only what is set for the position itself.
"""

from __future__ import annotations

from tangguh.people.models import PositionKind

from .models import Tier

_KIND_TIERS = {
    PositionKind.JPT_UTAMA: Tier.JPT_UTAMA,
    PositionKind.JPT_MADYA: Tier.JPT_MADYA,
    PositionKind.JPT_PRATAMA: Tier.JPT_PRATAMA,
    PositionKind.ADMINISTRATOR: Tier.ADMINISTRATOR,
    PositionKind.PENGAWAS: Tier.PENGAWAS,
    PositionKind.PELAKSANA: Tier.PELAKSANA,
}

# Longest first: "ahli utama" before a bare "utama" could ever match.
_GRADES = (
    ("ahli utama", Tier.AHLI_UTAMA),
    ("ahli madya", Tier.AHLI_MADYA),
    ("ahli muda", Tier.AHLI_MUDA),
    ("ahli pertama", Tier.AHLI_PERTAMA),
    ("penyelia", Tier.PENYELIA),
    ("mahir", Tier.MAHIR),
    ("terampil", Tier.TERAMPIL),
    ("pemula", Tier.PEMULA),
)


def tier_of(kind: str, name: str) -> str:
    """The tier of a position of ``kind`` named ``name``; ``""`` when none applies."""
    if kind in _KIND_TIERS:
        return str(_KIND_TIERS[PositionKind(kind)])
    if kind == PositionKind.FUNGSIONAL:
        text = " ".join((name or "").lower().split())
        for suffix, tier in _GRADES:
            if text.endswith(suffix):
                return str(tier)
    return ""
