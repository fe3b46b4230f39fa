from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "tangguh.certification"
    label = "certification"
    verbose_name = _("Competency certification")

    def ready(self) -> None:
        from . import demo, navigation, permissions  # noqa: F401  registrations
        from . import results_import_spec  # noqa: F401  core.importing.spec.all_specs
