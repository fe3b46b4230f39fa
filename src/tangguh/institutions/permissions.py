from tangguh.core.roles import PUBLIC, Role
from tangguh.core.scoping import Scope, grant

# The directory of institutions is public record: everyone reads it.
_read_all = {"view": Scope.ALL}
grant(
    "institutions.Institution",
    {
        PUBLIC: _read_all,
        Role.CIVIL_SERVANT: _read_all,
        Role.ASSESSOR: _read_all,
        Role.OPERATOR: _read_all,
        Role.AUDITOR: _read_all,
        Role.INSTITUTION_ADMIN: _read_all,
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "add": Scope.ALL, "change": Scope.ALL},
    },
)
