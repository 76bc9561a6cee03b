# Joins the parts of the partners app, each built on 0001_initial: assessments, trainings, campaigns and funding,
# surveys.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_assessments"),
        ("partners", "0003_trainings"),
        ("partners", "0004_campaigns_funding"),
        ("partners", "0005_surveys"),
    ]

    operations: list[migrations.operations.base.Operation] = []
