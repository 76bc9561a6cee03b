"""A CSV tracker (semicolons, Windows encoding, as Excel saves it in French) through the whole path, with rows
the messy workbook does not have: several survivors and perpetrators, a SEA sub-type without a concerned
organisation, consents refused, a survivor's name (sealed)."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Classification, Complaint, Status
from pseahub.cases.tests.helpers import opened
from pseahub.imports.models import ImportState

from .helpers import post_run, uploaded_run

pytestmark = pytest.mark.django_db

CSV = (
    "Suivi des plaintes;;;;;;;\r\n"
    ";;;;;;;\r\n"
    "Référence;Date de réception;Type d'EAS;Nombre de survivants;Nombre d'auteurs;Organisation;"
    "Nom de la survivante;Classification;Consentement;Type d'entité;Catégorie de personnel\r\n"
    "CSV-1;02/03/2025;Agression sexuelle;2;;;Awa Zébrine-3;EAS;Non;;\r\n"
    "CSV-2;3 mars 2025;;1;2;BETA;;Harcèlement sexuel;;ONG;Civil ONU (national)\r\n"
).encode("cp1252")


def test_a_french_csv(personas, areas, unlocked_client_for, django_capture_on_commit_callbacks):
    client = unlocked_client_for(personas.coordinator)
    run = uploaded_run(client, CSV, "suivi.csv")
    assert run.columns[0] == "Référence" and run.mapping["6"] == "survivor_name"
    post_run(client, run, "check", django_capture_on_commit_callbacks)
    assert (run.valid_rows, run.error_rows) == (2, 0)
    post_run(client, run, "run", django_capture_on_commit_callbacks)
    assert run.state == ImportState.DONE
    first = Complaint.objects.get(original_reference="CSV-1")
    assert first.classification == Classification.SEA and first.status == Status.NEW
    assert first.survivors.count() == 2 and first.perpetrators.count() == 0
    allegation = first.allegations.get()  # made for the sub-type, with no organisation
    assert allegation.sea_type.code == "sexual_assault" and allegation.organisation is None
    assert first.consents.get().decision == "refused"
    named = first.survivors.order_by("pk").first()
    assert b"Z\xc3\xa9brine" not in bytes(named.sealed)
    assert opened(personas.coordinator, first, named)["name"] == "Awa Zébrine-3"
    second = Complaint.objects.get(original_reference="CSV-2")
    assert second.classification == Classification.SEXUAL_HARASSMENT
    assert [p.organisation for p in second.perpetrators.all()] == [personas.org_b, personas.org_b]
    assert {(p.entity_type, p.personnel_category.code) for p in second.perpetrators.all()} == {
        ("implementing_partner", "un_civilian_national")
    }
    assert second.allegations.get().perpetrators.count() == 2
