from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tangguh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers core grants

        # Each domain names its audit actions in <domain>/audit_actions.py.
        autodiscover_modules("audit_actions")
