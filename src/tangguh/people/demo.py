"""Demo register: a few thousand believable civil servants, loaded through the import engine.

At scale "demo" each demo institution gets a generated file that goes through
``employee_import`` like any upload, so a second run finds everything unchanged.
The demo civil servant (pegawai.surabaya) gets a two-period history: first at
Jawa Timur, then moved to Kota Surabaya through a confirmed transfer.

At scale "national" the step only writes the national register files (one per
institution) and prints how to import them: importing 4.3 million rows is a
job for the command line, not for every `make run`.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from tangguh.core.demo import register_demo_step
from tangguh.institutions.models import Institution

from .generator import DEFAULT_TOTAL, NipAllocator, write_institution_file, write_national_files

# (institution code, civil servants); None is the national coordinator (Kemendagri).
DEMO_REGISTER: tuple[tuple[str | None, int], ...] = (
    ("35", 600),  # Jawa Timur
    ("35.78", 800),  # Kota Surabaya
    ("34.04", 300),  # Kabupaten Sleman
    (None, 400),  # Kementerian Dalam Negeri
    ("35.15", 50),  # Kabupaten Sidoarjo
    ("35.73", 50),  # Kota Malang
    ("34.71", 50),  # Kota Yogyakarta
    ("33", 450),  # Jawa Tengah
    ("L.01", 50),  # Badan Kepegawaian Negara
    ("L.02", 50),  # Lembaga Administrasi Negara
    # More provinces, so that certification's national roll-ups rank several regions.
    ("33.74", 600),  # Kota Semarang
    ("33.72", 200),  # Kota Surakarta
    ("32", 300),  # Jawa Barat
    ("32.73", 400),  # Kota Bandung
    ("34", 150),  # Daerah Istimewa Yogyakarta
    ("73", 150),  # Sulawesi Selatan
    ("73.71", 200),  # Kota Makassar
)

# The demo civil servant, as the demo user "pegawai.surabaya" knows her.
DEMO_EMPLOYEE_NIP = "198507122010012003"
_DEMO_EMPLOYEE = {
    "nip": DEMO_EMPLOYEE_NIP,
    "full_name": "Siti Rahmawati",
    "title_back": "S.Psi.",
    "sex": "P",
    "birth_date": "12-07-1985",
    "employment_status": "PNS",
    "position_kind": "Fungsional",
}
# Her first period: Jawa Timur's personnel agency, from her appointment.
_DEMO_EMPLOYEE_BEFORE = {
    **_DEMO_EMPLOYEE,
    "position": "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
    "rank": "III/a",
    "work_unit": "Badan Kepegawaian Daerah",
    "tmt": "01-01-2010",
}
# Her current period: Kota Surabaya's BKPSDM, after the move.
_DEMO_EMPLOYEE_NOW = {
    **_DEMO_EMPLOYEE,
    "position": "Analis Sumber Daya Manusia Aparatur Ahli Muda",
    "rank": "III/c",
    "work_unit": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "tmt": "01-03-2019",
}
_FIRST_CODE, _NOW_CODE = "35", "35.78"


@register_demo_step("people", order=30)
def demo_people(
    *,
    scale: str,
    seed: int,
    out: Callable[[str], None],
    out_dir: str = "var/national",
    people: int | None = None,
    **_: object,
) -> dict[str, int]:
    if scale == "national":
        return _write_national(out_dir=out_dir, total=people or DEFAULT_TOTAL, seed=seed, out=out)
    return _load_demo(seed=seed, out=out)


def _load_demo(*, seed: int, out: Callable[[str], None]) -> dict[str, int]:
    from .models import Employee, TransferRequest, TransferStatus
    from .services import employee_import, transfer_confirm

    started = time.perf_counter()
    institutions = _demo_institutions()
    totals: Counter[str] = Counter()

    def load(path: Path, institution: Institution) -> None:
        result = employee_import(
            source=path, filename=path.name, institution=institution, actor=None
        )
        totals.update({k: v for k, v in result.counts().items() if type(v) is int})

    allocator = NipAllocator()
    allocator.reserve(DEMO_EMPLOYEE_NIP)
    with tempfile.TemporaryDirectory(prefix="tangguh-demo-") as tmp:
        folder = Path(tmp)
        if not Employee.objects.filter(nip=DEMO_EMPLOYEE_NIP).exists():
            # Her first period, at Jawa Timur; the Surabaya file below then moves her.
            first = institutions[_FIRST_CODE]
            path = folder / "first-period.csv"
            write_institution_file(
                path, institution_code=first.code, kind=first.kind, count=1, seed=seed,
                extra_rows=[_DEMO_EMPLOYEE_BEFORE], with_tmt=True,
            )  # fmt: skip
            load(path, first)
        for code, count in DEMO_REGISTER:
            institution = institutions[code or settings.TANGGUH_NATIONAL_COORDINATOR_CODE]
            extra = [_DEMO_EMPLOYEE_NOW] if institution.code == _NOW_CODE else []
            path = folder / f"{institution.code}.csv"
            write_institution_file(
                path, institution_code=institution.code, kind=institution.kind, count=count,
                seed=seed, allocator=allocator, extra_rows=extra, with_tmt=bool(extra),
            )  # fmt: skip
            load(path, institution)
    pending = TransferRequest.objects.filter(
        employee__nip=DEMO_EMPLOYEE_NIP,
        to_institution__code=_NOW_CODE,
        status=TransferStatus.PENDING,
    ).select_related("employee", "to_institution", "from_institution")
    for transfer in pending:
        transfer_confirm(transfer=transfer, actor=_decider(transfer))
    _pending_transfer(seed=seed, load=load, institutions=institutions)
    out(
        "Civil servants: {created} created, {updated} updated, {unchanged} unchanged, "
        "{rejected} rejected, {transfers_pending} transfers".format(**_with_defaults(totals))
        + f" ({time.perf_counter() - started:.1f} s)."
    )
    return dict(totals)


def _pending_transfer(*, seed: int, load: Callable[..., None], institutions: Any) -> None:
    """One Surabaya civil servant appears in Jawa Timur's file: a transfer waiting for
    Surabaya's administrator (admin.surabaya) to confirm, so the screen has work on it."""
    from .models import Employee, TransferRequest

    mover = (
        Employee.objects.filter(institution__code=_NOW_CODE, status="active")
        .exclude(nip=DEMO_EMPLOYEE_NIP)
        .order_by("nip")
        .first()
    )
    if mover is None or TransferRequest.objects.filter(employee=mover).exists():
        return  # already asked: a second demo run changes nothing
    row = {
        "nip": mover.nip,
        "full_name": mover.full_name,
        "title_front": mover.title_front,
        "title_back": mover.title_back,
        "sex": "L" if mover.sex == "M" else "P",
        "birth_date": mover.birth_date.strftime("%d-%m-%Y") if mover.birth_date else "",
        "employment_status": mover.employee_kind,
        "position": "Analis Kebijakan Ahli Muda",
        "position_kind": "Fungsional",
        "rank": mover.rank,
        "work_unit": "Badan Perencanaan Pembangunan Daerah",
    }
    target = institutions[_FIRST_CODE]
    with tempfile.TemporaryDirectory(prefix="tangguh-demo-") as tmp:
        path = Path(tmp) / "mutasi.csv"
        write_institution_file(
            path, institution_code=target.code, kind=target.kind, count=1, seed=seed,
            extra_rows=[row],
        )  # fmt: skip
        load(path, target)


def _with_defaults(totals: Counter[str]) -> dict[str, int]:
    keys = ("created", "updated", "unchanged", "rejected", "transfers_pending")
    return {k: totals.get(k, 0) for k in keys}


def _demo_institutions() -> dict[str, Institution]:
    codes = [code or settings.TANGGUH_NATIONAL_COORDINATOR_CODE for code, _n in DEMO_REGISTER]
    return {i.code: i for i in Institution.objects.filter(code__in=codes)}


def _decider(transfer: Any) -> Any:
    """The demo administrator of the institution she leaves, else the national administrator."""
    from tangguh.accounts.models import User
    from tangguh.core.roles import Role

    admin = User.objects.filter(
        institution=transfer.from_institution, role=Role.INSTITUTION_ADMIN
    ).first()
    return admin or User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).first()


def _write_national(
    *, out_dir: str, total: int, seed: int, out: Callable[[str], None]
) -> dict[str, int]:
    started = time.perf_counter()
    files = write_national_files(out_dir, total=total, seed=seed, split=True)
    rows = sum(f.count for f in files)
    out(
        f"National register: {rows:,} civil servants in {len(files)} files (one per institution) "
        f"in {Path(out_dir).resolve()} ({time.perf_counter() - started:.0f} s). Not imported; "
        "to import them all:"
    )
    out(
        f'  for f in {out_dir}/*.csv; do tangguh employees import "$f" --institution "$(basename "$f" .csv)"; done'
    )
    return {"files": len(files), "rows": rows}
