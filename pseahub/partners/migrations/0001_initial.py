# The partners app's first migration: empty. Each part of the app adds its own models in a migration of its own
# that depends on this one (a merge migration joins them).
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations: list[migrations.operations.base.Operation] = []
