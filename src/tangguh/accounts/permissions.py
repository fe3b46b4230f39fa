from tangguh.core.roles import Role
from tangguh.core.scoping import Scope, grant

# An institution administrator reads the accounts of their institution and of the
# institutions below it, and writes among them only what accounts/rules.py allows
# (their own institution's staff; the administrators of the institutions below).
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
            "view": Scope.TREE,
            "add": Scope.TREE,
            "change": Scope.TREE,
            "delete": Scope.INSTITUTION,
        },
        Role.AUDITOR: {"view": Scope.INSTITUTION},
    },
)

# API tokens: everyone signed in manages their own; administrators those of the accounts
# of their own institution, auditors read them.
_OWN_TOKENS = {"view": Scope.SELF, "add": Scope.SELF, "delete": Scope.SELF}
grant(
    "accounts.ApiToken",
    {
        **{role: _OWN_TOKENS for role in Role},
        Role.NATIONAL_ADMIN: {"view": Scope.ALL, "add": Scope.SELF, "delete": Scope.ALL},
        Role.INSTITUTION_ADMIN: {
            "view": Scope.INSTITUTION,
            "add": Scope.SELF,
            "delete": Scope.INSTITUTION,
        },
        Role.AUDITOR: {"view": Scope.INSTITUTION, "add": Scope.SELF, "delete": Scope.SELF},
    },
)
