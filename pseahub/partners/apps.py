from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _assessment_tools(**kwargs: Any) -> None:
    from .assessment_tools import ensure_builtin

    ensure_builtin()


class PartnersConfig(AppConfig):
    name = "pseahub.partners"
    label = "partners"
    verbose_name = _("Partners and people")

    def ready(self) -> None:
        # assessments: the shipped capacity assessment tools, written with the current models after every migrate.
        post_migrate.connect(_assessment_tools, sender=self, dispatch_uid="partners_assessment_tools")
