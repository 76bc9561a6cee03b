from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "pseahub.backup"
    label = "backup"
    verbose_name = "Backup"
