from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tangguh.people"
    label = "people"
    verbose_name = _("Civil servant register")

    def ready(self) -> None:
        from . import demo, navigation, permissions  # noqa: F401
