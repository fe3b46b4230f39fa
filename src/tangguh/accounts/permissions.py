from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, grant

grant(
    "accounts.User",
    {
        Role.NATIONAL_ADMIN: {
            "view": Scope.ALL,
            "add": Scope.ALL,
            "change": Scope.ALL,
            "delete": Scope.ALL,
        },
        Role.INSTITUTION_ADMIN: {
            "view": Scope.INSTITUTION,
            "add": Scope.INSTITUTION,
            "change": Scope.INSTITUTION,
            "delete": Scope.INSTITUTION,
        },
        Role.AUDITOR: {"view": Scope.INSTITUTION},
    },
)
