from .roles import Role
from .scoping import Scope, grant

# Who reads the audit (docs/permissions.md, "Audit"). Nobody writes it but the
# services, and nobody changes or deletes it.
AUDIT_GRANTS = {
    Role.NATIONAL_ADMIN: {"view": Scope.ALL},
    Role.INSTITUTION_ADMIN: {"view": Scope.INSTITUTION},
    Role.AUDITOR: {"view": Scope.TREE},
}
grant("core.AuditEntry", AUDIT_GRANTS)
grant("core.AuditSubject", AUDIT_GRANTS)
