from .roles import Role
from .scoping import Scope, grant

grant(
    "core.AuditEntry",
    {
        Role.NATIONAL_ADMIN: {"view": Scope.ALL},
        Role.INSTITUTION_ADMIN: {"view": Scope.INSTITUTION},
        Role.AUDITOR: {"view": Scope.TREE},
    },
)
