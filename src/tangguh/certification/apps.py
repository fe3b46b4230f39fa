from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "tangguh.certification"
    label = "certification"
    verbose_name = _("Competency certification")

    def ready(self) -> None:
        # Registrations; the import spec registers itself (core.importing.spec.all_specs).
        from . import demo, navigation, permissions, results_import_spec  # noqa: F401
        from .verify_cache import connect

        connect()  # a saved certificate's public page is forgotten at once
