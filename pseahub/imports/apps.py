from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Moving a network's existing incident tracker (XLSX, CSV) into the case record."""

    name = "pseahub.imports"
    label = "imports"
    verbose_name = _("Tracker import")
