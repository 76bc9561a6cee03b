from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "pseahub.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from pseahub.cases.replies import reply_channel_register

        from . import checks  # noqa: F401 - registers the dispatch key's deploy check
        from .replies import reply_channel

        reply_channel_register(reply_channel)
