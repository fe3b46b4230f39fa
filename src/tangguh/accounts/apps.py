from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tangguh.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import demo, navigation, permissions  # noqa: F401

        # The register tells what an account's NIP means (accounts/linking.py).
        autodiscover_modules("account_links")
