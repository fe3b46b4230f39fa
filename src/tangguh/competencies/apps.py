from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "tangguh.competencies"
    label = "competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        # Registrations: menus and cards, grants, audit labels, demo step, plan source.
        from . import audit_actions, demo, hooks, navigation, permissions  # noqa: F401
