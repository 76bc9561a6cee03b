from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _builtin(**kwargs: Any) -> None:
    from .frameworks import ensure_builtin

    ensure_builtin()


class PlanningConfig(AppConfig):
    name = "pseahub.planning"
    label = "planning"
    verbose_name = _("Network coordination")

    def ready(self) -> None:
        # The shipped risk frameworks and plan templates, written with the current models after every migrate.
        post_migrate.connect(_builtin, sender=self, dispatch_uid="planning_builtin")
        # The mapping's gap table links each gap to a new activity of the action plan (the mapping never imports
        # the planning app: it sits below it).
        from pseahub.mapping.gaps import action_plan_url_register

        from .plans import gap_action_url

        action_plan_url_register(gap_action_url)
