"""Who may do what in the register. Scopes: see docs/permissions.md."""

from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, grant

ALL_ACTIONS = {"view": Scope.ALL, "add": Scope.ALL, "change": Scope.ALL, "delete": Scope.ALL}

_register = {
    Role.NATIONAL_ADMIN: ALL_ACTIONS,
    Role.INSTITUTION_ADMIN: {
        "view": Scope.TREE,
        "add": Scope.INSTITUTION,
        "change": Scope.INSTITUTION,
        "delete": Scope.INSTITUTION,
    },
    Role.OPERATOR: {"view": Scope.TREE, "add": Scope.INSTITUTION, "change": Scope.INSTITUTION},
    Role.ASSESSOR: {"view": Scope.INSTITUTION},
    Role.AUDITOR: {"view": Scope.TREE},
}
for label in ("people.Employee", "people.WorkUnit", "people.Position"):
    grant(label, _register)
grant("people.Employee", {Role.CIVIL_SERVANT: {"view": Scope.SELF}})
grant("people.EmploymentHistory", {**_register, Role.CIVIL_SERVANT: {"view": Scope.SELF}})

_imports = {
    Role.NATIONAL_ADMIN: ALL_ACTIONS,
    Role.INSTITUTION_ADMIN: {"view": Scope.INSTITUTION, "add": Scope.INSTITUTION},
    Role.OPERATOR: {"view": Scope.INSTITUTION, "add": Scope.INSTITUTION},
    Role.AUDITOR: {"view": Scope.TREE},
}
grant("people.ImportJob", _imports)
grant("people.ImportIssue", _imports)

# Both sides of a transfer see it; only the source institution's administrator
# (or a national administrator) may decide it: the service checks the side. An
# institution's operators and administrators may ask for a person ("add", into
# their own institution).
grant(
    "people.TransferRequest",
    {
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "change": Scope.ALL},
        Role.INSTITUTION_ADMIN: {
            "view": Scope.INSTITUTION,
            "add": Scope.INSTITUTION,
            "change": Scope.INSTITUTION,
        },
        Role.OPERATOR: {"view": Scope.INSTITUTION, "add": Scope.INSTITUTION},
        Role.AUDITOR: {"view": Scope.TREE},
    },
)

# A civil servant asks for a correction of their own record and follows it; the
# operators and administrators of the person's institution decide it (the register's
# change scope), and read the requests where they read the register. Staff read their
# own requests through the self scope of "My record" (selectors_self), which adds no
# one else's row to their staff scope.
grant(
    "people.CorrectionRequest",
    {
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "change": Scope.ALL},
        Role.INSTITUTION_ADMIN: {"view": Scope.TREE, "change": Scope.INSTITUTION},
        Role.OPERATOR: {"view": Scope.TREE, "change": Scope.INSTITUTION},
        Role.AUDITOR: {"view": Scope.TREE},
        Role.CIVIL_SERVANT: {"view": Scope.SELF, "add": Scope.SELF},
    },
)
