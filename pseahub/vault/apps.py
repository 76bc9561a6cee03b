from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "pseahub.vault"
    label = "vault"
    verbose_name = "Vault"
