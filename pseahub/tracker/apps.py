from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    """The incident tracker's export: the one place that joins cases and referrals (above both)."""

    name = "pseahub.tracker"
    label = "tracker"
    verbose_name = _("Incident tracker")
