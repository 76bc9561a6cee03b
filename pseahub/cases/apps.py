from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "pseahub.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from pseahub.audit.witnesses import witness_register

        from .witnesses import complaints_witness

        witness_register(complaints_witness)
