from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tangguh.people"
    label = "people"
    verbose_name = _("Civil servant register")

    def ready(self) -> None:
        # The import specs register themselves (core.importing.spec.all_specs).
        from . import demo, import_spec, navigation, permissions, units_import_spec  # noqa: F401
        from .job_runner import start_lease_keeper

        start_lease_keeper()  # in a db_worker process only: fails jobs whose worker died
