"""Who may do what with competencies. Scopes: docs/permissions.md, "Competencies".

The dictionaries are read by every signed-in role. The national administrator writes
the national dictionary; an institution's administrator writes the institution's own
(technical) dictionary. Standards: the national defaults by the national administrator,
an institution's defaults and its positions' standards by its administrator; every
staff role reads them. The assessment methods are national reference data.

Assessments and the current profile are personal data: read in the institution's tree
by its staff, by the person themselves (SELF); recorded by the institution's
operators, administrators and assessors (the services refuse an assessor assessing
themselves outside a self-assessment). The needs analysis (AKPK) is the institution's:
prepared by its operators and administrators, filed by its administrator. Plans: the
person drafts and submits their own; the institution's administrator or operator
approves (never their own plan: the service checks).
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
_OWN_WRITES = {
    "view": Scope.ALL,
    "add": Scope.INSTITUTION,
    "change": Scope.INSTITUTION,
    "delete": Scope.INSTITUTION,
}

# --- the dictionaries (national, and each institution's technical one)
for label in (
    "competencies.Framework",
    "competencies.FrameworkVersion",
    "competencies.Competency",
    "competencies.CompetencyLevel",
):
    grant(label, {**_EVERYONE_READS, Role.INSTITUTION_ADMIN: _OWN_WRITES})

# --- standards: national defaults, an institution's defaults and positions
grant("competencies.StandardItem", {**_EVERYONE_READS, Role.INSTITUTION_ADMIN: _OWN_WRITES})

# --- assessments and the profile
grant("competencies.AssessmentMethod", _EVERYONE_READS)
_records = {"view": Scope.TREE, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION}
grant(
    "competencies.Assessment",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: _records,
        Role.OPERATOR: _records,
        Role.ASSESSOR: {"view": Scope.INSTITUTION, "add": Scope.INSTITUTION},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)
grant(
    "competencies.CurrentLevel",
    {
        Role.NATIONAL_ADMIN: _READ_ALL,
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE},
        Role.ASSESSOR: {"view": Scope.INSTITUTION},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)

# --- the needs analysis (AKPK)
for label in ("competencies.NeedsAnalysis", "competencies.NeedsLine"):
    grant(
        label,
        {
            Role.NATIONAL_ADMIN: ALL_ACTIONS,
            Role.INSTITUTION_ADMIN: _records,
            Role.OPERATOR: _records,
            Role.AUDITOR: {"view": Scope.TREE},
        },
    )

# --- personal development plans
_self_plans = {"view": Scope.SELF, "add": Scope.SELF, "change": Scope.SELF, "delete": Scope.SELF}
for label in ("competencies.DevelopmentPlan", "competencies.PlanItem"):
    grant(
        label,
        {
            Role.NATIONAL_ADMIN: ALL_ACTIONS,
            Role.INSTITUTION_ADMIN: {**_records, "delete": Scope.INSTITUTION},
            Role.OPERATOR: {**_records, "delete": Scope.INSTITUTION},
            Role.AUDITOR: {"view": Scope.TREE},
            Role.CIVIL_SERVANT: _self_plans,
        },
    )
