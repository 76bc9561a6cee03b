from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "pseahub.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from pseahub.accounts.keyaccess import keyring_source_register

        from .access import referral_keyrings_for_role

        keyring_source_register(referral_keyrings_for_role)
