"""The durations of the summary table were counted with a time whose fraction of a second was 0.9995 or more taken
as the next second on SQLite (``timings._Microseconds``, fixed): every built month is marked changed, so it is
counted live until its next rebuild (``insights_cube_rebuild --all`` does them all at once)."""

from django.db import migrations


def mark_every_month_changed(apps, schema_editor):
    CubeMonth = apps.get_model("insights", "CubeMonth")
    CubeChange = apps.get_model("insights", "CubeChange")
    if CubeMonth.objects.exists():
        CubeChange.objects.create(month=None)


class Migration(migrations.Migration):
    dependencies = [("insights", "0005_summary_table")]

    operations = [migrations.RunPython(mark_every_month_changed, migrations.RunPython.noop)]
