from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Anonymised figures for leadership, co-chairs, analysts, donors and HQ: counting rules, small-cell
    suppression, the dashboard, reports and members' own figures. Reads clear fields only, never the vault."""

    name = "pseahub.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from . import signals

        signals.connect()
