from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "pseahub.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from pseahub.audit.witnesses import witness_register

        from .witnesses import referrals_witness

        witness_register(referrals_witness)
