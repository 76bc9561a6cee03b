from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "pseahub.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # The case page and the keys page show referrals' panels without cases importing referrals.
        from pseahub.cases.panels import case_page_panel_register, keys_page_panel_register

        from .panels import case_panel, keys_panel

        case_page_panel_register("referrals/_panel.html", case_panel)
        keys_page_panel_register("referrals/_keys_panel.html", keys_panel)

        from pseahub.audit.witnesses import witness_register

        from .witnesses import referrals_witness

        witness_register(referrals_witness)
