from django.db import migrations


def seed(apps, schema_editor):
    from pseahub.cases.vocabularies import seed_terms

    seed_terms(apps.get_model("cases", "Term"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
