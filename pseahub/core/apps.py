from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pseahub.core"
    label = "core"
    verbose_name = "Core"
