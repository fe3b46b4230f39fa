"""The demo's view of the register: who is where, read once for the whole step."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from random import Random

from django.conf import settings

from tangguh.accounts.models import User
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee, EmploymentStatus


@dataclass(frozen=True)
class Person:
    id: int
    nip: str
    name: str
    institution_id: int
    since: date | None  # start of the current period (None: always)
    kind: str

    def there_on(self, day: date) -> bool:
        return self.since is None or self.since <= day


class Register:
    """Active civil servants per institution, the institutions by code, the demo users."""

    def __init__(self, *, exclude_nips: tuple[str, ...] = ()) -> None:
        self.institutions = {
            i.code: i for i in Institution.objects.only("id", "code", "name", "kind", "parent")
        }
        national = settings.TANGGUH_NATIONAL_COORDINATOR_CODE
        self.institutions[""] = self.institutions[national]
        self.codes = {i.pk: code for code, i in self.institutions.items() if code}
        self.by_institution: dict[int, list[Person]] = defaultdict(list)
        self.by_nip: dict[str, Person] = {}
        rows = (
            Employee.objects.filter(status=EmploymentStatus.ACTIVE)
            .values_list(
                "pk",
                "nip",
                "title_front",
                "full_name",
                "title_back",
                "institution_id",
                "period_start",
                "employee_kind",
            )
            .order_by("nip")
        )
        for pk, nip, front, name, back, inst, since, kind in rows:
            shown = " ".join(p for p in (front, name) if p)
            person = Person(pk, nip, f"{shown}, {back}" if back else shown, inst, since, kind)
            self.by_nip[nip] = person
            if nip not in exclude_nips:
                self.by_institution[inst].append(person)
        self.users = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERNAMES)}

    def institution_id(self, code: str) -> int | None:
        found = self.institutions.get(code)
        return found.pk if found else None

    def pick(self, rng: Random, institution_code: str, count: int, day: date) -> list[Person]:
        """``count`` people (at most) who worked at the institution on ``day``."""
        inst = self.institution_id(institution_code)
        pool = [p for p in self.by_institution.get(inst or 0, []) if p.there_on(day)]
        return rng.sample(pool, min(count, len(pool)))

    def user(self, username: str) -> User | None:
        return self.users.get(username)


_DEMO_USERNAMES = (
    "nasional",
    "admin.jatim",
    "operator.jatim",
    "admin.surabaya",
    "operator.surabaya",
    "pegawai.surabaya",
    "admin.sleman",
)
# The demo user who administers an institution (approves guests, budgets), by code.
ADMINS = {"35": "admin.jatim", "35.78": "admin.surabaya", "34.04": "admin.sleman"}
OPERATORS = {"35": "operator.jatim", "35.78": "operator.surabaya"}
