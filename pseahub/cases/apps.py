from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "pseahub.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from pseahub.accounts.keyaccess import keyring_source_register

        from .access import complaint_keyrings_for_role

        keyring_source_register(complaint_keyrings_for_role)
