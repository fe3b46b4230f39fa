"""Demo users: one per role, in Jawa Timur, Kota Surabaya and the national coordinator."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from tangguh.core.demo import register_demo_step
from tangguh.core.roles import Role
from tangguh.institutions.models import Institution

from .models import User

DEMO_PASSWORD = "Tangguh#2026"  # noqa: S105  printed by `make run`; demo only

# username, role, institution code (None: the national coordinator), first, last, nip
DEMO_USERS = [
    ("nasional", Role.NATIONAL_ADMIN, None, "Rina", "Kusumawati", ""),
    ("auditor.nasional", Role.AUDITOR, None, "Hendra", "Wijaya", ""),
    ("admin.jatim", Role.INSTITUTION_ADMIN, "35", "Sri", "Wahyuni", ""),
    ("operator.jatim", Role.OPERATOR, "35", "Agus", "Prasetyo", ""),
    ("asesor.jatim", Role.ASSESSOR, "35", "Dewi", "Lestari", ""),
    ("auditor.jatim", Role.AUDITOR, "35", "Bambang", "Susilo", ""),
    ("admin.surabaya", Role.INSTITUTION_ADMIN, "35.78", "Fitri", "Handayani", ""),
    ("operator.surabaya", Role.OPERATOR, "35.78", "Yusuf", "Hidayat", ""),
    ("pegawai.surabaya", Role.CIVIL_SERVANT, "35.78", "Siti", "Rahmawati", "198507122010012003"),
    ("admin.sleman", Role.INSTITUTION_ADMIN, "34.04", "Andi", "Saputra", ""),
]


@register_demo_step("users", order=20)
@transaction.atomic
def demo_users(*, out: Callable[[str], None], **_: object) -> None:
    created = 0
    for username, role, code, first, last, nip in DEMO_USERS:
        inst = Institution.objects.get(code=code or settings.TANGGUH_NATIONAL_COORDINATOR_CODE)
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "institution": inst,
                "first_name": first,
                "last_name": last,
                "nip": nip,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
    out(f"Demo users: {created} created, {len(DEMO_USERS) - created} already there.")
