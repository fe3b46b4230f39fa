"""Who may do what with rankings. Scopes: docs/permissions.md, "Rankings".

Award categories and published rankings are national: the national administrator
defines categories and publishes rankings; every signed-in role reads them (the
Rakornas dashboard is read-only for everyone signed in). What a value is made of is
another matter: the records behind a value (a person examined, a budget revision, a
ledger entry) are shown only to those who may read those records where they live
(``access.py`` asks the source models' own grants).
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

for label in ("rankings.Category", "rankings.Publication", "rankings.PublishedRow"):
    grant(label, _EVERYONE_READS)
