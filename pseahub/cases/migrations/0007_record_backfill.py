"""Today's records in the new shape, without loss: every allegation gets its alleged perpetrator as a row of its
own (organisation, entity type, personnel category copied; the sealed description stays on the allegation, where
the case page and the sealed export still read it) and is linked to the complaint's survivors; every survivor
gets its victim type; a complaint's first report is when it was received. New seeded terms are added."""

from django.db import migrations
from django.db.models import F

ENTITY_TYPE_OF_ORGANISATION = {
    "un_secretariat": "un_peace_operation",
    "un_agency": "un_agency",
    "ingo": "implementing_partner",
    "nngo": "implementing_partner",
    "implementing_partner": "implementing_partner",
    "government": "government",
    "contractor": "contractor",
}


def victim_type(sex, is_child, group):
    child = is_child or group == "CHILD"
    adult = not child and group == "ADULT"
    if sex == "female":
        return "girl" if child else "woman" if adult else "unknown"
    if sex == "male":
        return "boy" if child else "man" if adult else "unknown"
    return "unknown"


def forwards(apps, schema_editor):
    from pseahub.cases.vocabularies import seed_terms

    seed_terms(apps.get_model("cases", "Term"))
    Complaint = apps.get_model("cases", "Complaint")
    Survivor = apps.get_model("cases", "Survivor")
    Allegation = apps.get_model("cases", "Allegation")
    Perpetrator = apps.get_model("cases", "Perpetrator")
    Complaint.objects.filter(first_reported_at__isnull=True).update(first_reported_at=F("received_at"))
    for survivor in Survivor.objects.select_related("age_group").iterator(chunk_size=2000):
        kind = victim_type(survivor.sex, survivor.is_child, survivor.age_group.group if survivor.age_group else None)
        if kind != survivor.victim_type:
            Survivor.objects.filter(pk=survivor.pk).update(victim_type=kind)
    survivors_of: dict[int, list[int]] = {}
    for complaint_id, survivor_id in Survivor.objects.values_list("complaint_id", "pk"):
        survivors_of.setdefault(complaint_id, []).append(survivor_id)
    SurvivorLink = Allegation.survivors.through
    PerpetratorLink = Allegation.perpetrators.through
    for allegation in Allegation.objects.select_related("organisation").iterator(chunk_size=2000):
        if allegation.perpetrators.exists():
            continue
        organisation = allegation.organisation
        perpetrator = Perpetrator.objects.create(
            complaint_id=allegation.complaint_id,
            organisation=organisation,
            entity_type=ENTITY_TYPE_OF_ORGANISATION.get(organisation.type, "unknown") if organisation else "unknown",
            personnel_category_id=allegation.personnel_category_id,
        )
        PerpetratorLink.objects.create(allegation_id=allegation.pk, perpetrator_id=perpetrator.pk)
        SurvivorLink.objects.bulk_create(
            [
                SurvivorLink(allegation_id=allegation.pk, survivor_id=survivor_id)
                for survivor_id in survivors_of.get(allegation.complaint_id, [])
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_record_standard"), ("network", "0003_network_name_per_language")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
