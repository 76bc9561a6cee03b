from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "pseahub.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from pseahub.accounts.keyaccess import keyring_source_register
        from pseahub.audit.witnesses import witness_register
        from pseahub.cases.outcomes import outcome_reader_register
        from pseahub.cases.panels import case_page_panel_register, keys_page_panel_register

        from .access import referral_keyrings_for_role
        from .panels import case_panel, keys_panel
        from .selectors import complaint_outcome_code
        from .witnesses import referrals_witness

        # The case page and the keys page show referrals' panels without cases importing referrals.
        case_page_panel_register("referrals/_panel.html", case_panel)
        keys_page_panel_register("referrals/_keys_panel.html", keys_panel)
        keyring_source_register(referral_keyrings_for_role)
        witness_register(referrals_witness)
        outcome_reader_register(complaint_outcome_code)
