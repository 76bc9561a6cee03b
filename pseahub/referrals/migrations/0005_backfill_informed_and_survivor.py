"""Today's referrals in the new shape: the one "survivor informed" date becomes the first of the list, and an
assistance referral names its complaint's survivor (there was only one until now)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    SurvivorInformed = apps.get_model("referrals", "SurvivorInformed")
    Survivor = apps.get_model("cases", "Survivor")
    informed = Referral.objects.filter(survivor_informed_on__isnull=False).values_list("pk", "survivor_informed_on")
    SurvivorInformed.objects.bulk_create(
        [SurvivorInformed(referral_id=pk, informed_on=day) for pk, day in informed], ignore_conflicts=True
    )
    first_survivor: dict[int, int] = {}
    for complaint_id, survivor_id in Survivor.objects.order_by("pk").values_list("complaint_id", "pk"):
        first_survivor.setdefault(complaint_id, survivor_id)
    for referral in Referral.objects.filter(kind="assistance", survivor__isnull=True).only("pk", "complaint_id"):
        survivor_id = first_survivor.get(referral.complaint_id)
        if survivor_id is not None:
            Referral.objects.filter(pk=referral.pk).update(survivor_id=survivor_id)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_investigation_and_delivery"), ("cases", "0007_record_backfill")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
