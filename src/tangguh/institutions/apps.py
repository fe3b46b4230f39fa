from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "tangguh.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from . import demo, navigation, permissions  # noqa: F401
