from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "pseahub.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from pseahub.accounts.keyaccess import keyring_source_register
        from pseahub.audit.witnesses import witness_register

        from .access import complaint_keyrings_for_role
        from .witnesses import complaints_witness

        # Which keyrings a role opens (accounts withdraws them with the role), and the audit log's witness.
        keyring_source_register(complaint_keyrings_for_role)
        witness_register(complaints_witness)
