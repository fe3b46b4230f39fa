"""The roles a user can hold. What each role may do lives in each domain's permissions.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    INSTITUTION_ADMIN = "institution_admin", _("Institution administrator")
    OPERATOR = "operator", _("Institution operator")
    ASSESSOR = "assessor", _("Assessor")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    AUDITOR = "auditor", _("Auditor (read-only)")


# Not a stored role: anonymous visitors are judged as this.
PUBLIC = "public"

STAFF_ROLES = frozenset(
    {Role.NATIONAL_ADMIN, Role.INSTITUTION_ADMIN, Role.OPERATOR, Role.ASSESSOR, Role.AUDITOR}
)
