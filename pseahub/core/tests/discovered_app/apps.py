from django.apps import AppConfig


class DiscoveredAppConfig(AppConfig):
    name = "pseahub.core.tests.discovered_app"
    label = "discovered_app"
