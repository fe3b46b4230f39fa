from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "tangguh.development"
    label = "development"
    verbose_name = _("Competency development")

    def ready(self) -> None:
        # Registrations: menus and cards, grants, audit labels, demo step, import specs.
        from . import demo, navigation, permissions  # noqa: F401
