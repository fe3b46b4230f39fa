from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "tangguh.rankings"
    label = "rankings"
    verbose_name = _("Rankings and awards")

    def ready(self) -> None:
        # Registrations: menus and cards, grants, audit labels, demo step, the metrics.
        from . import demo, metrics, navigation, permissions  # noqa: F401
