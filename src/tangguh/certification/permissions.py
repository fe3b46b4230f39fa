"""Who may do what in certification. Scopes: docs/permissions.md, "Certification".

Schemes are national: the national administrator writes them, every signed-in role
reads them. A batch is run by its organiser (a province's BPSDM or the national
coordinator) and is listed to every staff role, so that any institution can nominate
its people. A participation belongs both to the institution that nominated the person
and to the batch's organiser (a tuple scope); an assessor reads the participations of
the batches they are assigned to, and a civil servant their own, through
``Participation.scope_self_q`` (SELF). The services add the rules a grant cannot say:
the plenary is recorded on the organiser's side by someone who did not assess the
participant; an assessor records results only in a batch they are assigned to, under
a licence valid on the exam date.
"""

from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, grant

ALL_ACTIONS = {"view": Scope.ALL, "add": Scope.ALL, "change": Scope.ALL, "delete": Scope.ALL}
_READ_ALL = {"view": Scope.ALL}

# Schemes, their versions and units, and the issuing bodies: national reference data.
_national = {
    Role.NATIONAL_ADMIN: ALL_ACTIONS,
    Role.INSTITUTION_ADMIN: _READ_ALL,
    Role.OPERATOR: _READ_ALL,
    Role.ASSESSOR: _READ_ALL,
    Role.AUDITOR: _READ_ALL,
    Role.CIVIL_SERVANT: _READ_ALL,
}
for label in (
    "certification.IssuingBody",
    "certification.Scheme",
    "certification.SchemeVersion",
    "certification.SchemeUnit",
):
    grant(label, _national)

grant(
    "certification.AssessorLicence",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.ASSESSOR: {"view": Scope.SELF},
    },
)

# Batches: listed to every staff role; written by the organiser.
_batch = {
    Role.NATIONAL_ADMIN: ALL_ACTIONS,
    Role.INSTITUTION_ADMIN: {
        "view": Scope.ALL,
        "add": Scope.INSTITUTION,
        "change": Scope.INSTITUTION,
    },
    Role.OPERATOR: {"view": Scope.ALL, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION},
    Role.ASSESSOR: _READ_ALL,
    Role.AUDITOR: _READ_ALL,
}
grant("certification.Batch", _batch)
grant(
    "certification.BatchAssessor",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {
            "view": Scope.ALL,
            "add": Scope.INSTITUTION,
            "delete": Scope.INSTITUTION,
        },
        Role.OPERATOR: {"view": Scope.ALL, "add": Scope.INSTITUTION, "delete": Scope.INSTITUTION},
        Role.ASSESSOR: _READ_ALL,
        Role.AUDITOR: _READ_ALL,
    },
)

# Participations: the nominating institution adds (nominates) and changes (withdraws);
# the organiser's side reads them all and records the plenary ("change", checked side
# by the service); a province reads its regencies' (TREE).
grant(
    "certification.Participation",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {
            "view": Scope.TREE,
            "add": Scope.INSTITUTION,
            "change": Scope.INSTITUTION,
        },
        Role.OPERATOR: {"view": Scope.TREE, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION},
        Role.ASSESSOR: {"view": Scope.SELF, "change": Scope.SELF},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)
# Results: an assessor records them in the batches they assess (SELF); the organiser's
# operators import the assessor's spreadsheet (the service checks the organiser side).
grant(
    "certification.UnitResult",
    {
        Role.NATIONAL_ADMIN: ALL_ACTIONS,
        Role.INSTITUTION_ADMIN: {
            "view": Scope.TREE,
            "add": Scope.INSTITUTION,
            "change": Scope.INSTITUTION,
        },
        Role.OPERATOR: {"view": Scope.TREE, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION},
        Role.ASSESSOR: {"view": Scope.SELF, "add": Scope.SELF, "change": Scope.SELF},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)

# Certificates: issued by the plenary's service, renewed and revoked by the issuing
# body (the national administrator); read where the holder's institution is read.
grant(
    "certification.Certificate",
    {
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "add": Scope.ALL, "change": Scope.ALL},
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE},
        Role.OPERATOR: {"view": Scope.TREE},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF},
    },
)
grant("certification.SigningKey", {Role.NATIONAL_ADMIN: ALL_ACTIONS, Role.AUDITOR: _READ_ALL})
