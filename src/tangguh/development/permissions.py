"""Who may do what in competency development. Scopes: docs/permissions.md, "Development".

The forms of development, the JP conversion table and the yearly duty are national
reference data: the national administrator writes them, every signed-in role reads
them. The catalogue (programmes and their sessions, co-hosts, quotas and facilitators)
is read by every signed-in role, so that anyone can find a programme; the organiser
writes it (the services check the organiser's side for co-hosts, quotas and
facilitators, and hide drafts from everyone else).

An enrolment belongs both to the sending institution and to the host (tuple scope):
the sending institution nominates and approves its people's applications, the host
approves guests, records attendance and completion (the services check which side
acts). A civil servant applies, cancels and reads their own (SELF).

The JP ledger is read where the entry was earned and where the person now works;
entries are written only through ``ledger.py`` by the services of sessions and
activities; an operator or administrator reverses an entry (a correction). Budgets:
entered by operators and administrators for their institution and the ones below it
(a province enters its regencies' figures), approved by an administrator who did not
enter them (checked by the service).
"""

from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, grant

ALL_ACTIONS = {"view": Scope.ALL, "add": Scope.ALL, "change": Scope.ALL, "delete": Scope.ALL}
_READ_ALL = {"view": Scope.ALL}
_EVERYONE_READS = {
    Role.NATIONAL_ADMIN: ALL_ACTIONS,
    Role.INSTITUTION_ADMIN: _READ_ALL,
    Role.OPERATOR: _READ_ALL,
    Role.ASSESSOR: _READ_ALL,
    Role.AUDITOR: _READ_ALL,
    Role.CIVIL_SERVANT: _READ_ALL,
}

# --- national reference data
for label in ("development.DevelopmentForm", "development.JpRule", "development.DutyRule"):
    grant(label, _EVERYONE_READS)

# --- the catalogue: read by everyone signed in, written by the organiser
_organiser_writes = {
    "view": Scope.ALL,
    "add": Scope.INSTITUTION,
    "change": Scope.INSTITUTION,
    "delete": Scope.INSTITUTION,
}
for label in (
    "development.Programme",
    "development.ProgrammeHost",
    "development.ProgrammeQuota",
    "development.Session",
    "development.Facilitator",
):
    grant(
        label,
        {
            **_EVERYONE_READS,
            Role.INSTITUTION_ADMIN: _organiser_writes,
            Role.OPERATOR: _organiser_writes,
        },
    )

# --- enrolment and attendance: the sending institution and the host
_both_sides = {"view": Scope.TREE, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION}
grant(
    "development.Enrolment",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: _both_sides,
        Role.OPERATOR: _both_sides,
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF, "add": Scope.SELF, "change": Scope.SELF},
    },
)
grant(
    "development.Attendance",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: _both_sides,
        Role.OPERATOR: _both_sides,
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)

# --- activities recorded afterwards: the person submits, their institution approves
grant(
    "development.Activity",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: _both_sides,
        Role.OPERATOR: _both_sides,
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF, "add": Scope.SELF, "change": Scope.SELF},
    },
)

# --- the ledger and the yearly totals: read by scope; "add" is a correction
_ledger_staff = {"view": Scope.TREE, "add": Scope.INSTITUTION}
grant(
    "development.LedgerEntry",
    {
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "add": Scope.ALL},
        Role.INSTITUTION_ADMIN: _ledger_staff,
        Role.OPERATOR: _ledger_staff,
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)
grant(
    "development.JpYearTotal",
    {
        Role.NATIONAL_ADMIN: _READ_ALL,
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)

# --- budgets: operators and administrators enter (a province for its regencies too);
# administrators approve ("change"), never their own entry (the service checks).
grant(
    "development.Budget",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE, "add": Scope.TREE, "change": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE, "add": Scope.TREE},
        Role.AUDITOR: {"view": Scope.TREE},
    },
)
grant(
    "development.BudgetRevision",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE, "add": Scope.TREE, "change": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE, "add": Scope.TREE},
        Role.AUDITOR: {"view": Scope.TREE},
    },
)
