from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "tangguh.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from tangguh.core.scoping import register_institution_tree

        from . import demo, navigation, permissions  # noqa: F401
        from .selectors import institution_descendant_ids

        register_institution_tree(institution_descendant_ids)
