"""Confirming writes every row in one go through the registries' writers (each row audited, and the run once);
importing the same file again changes nothing; a changed row updates its entry and the dry run names the fields."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import FeedbackMechanism, MechanismCost, MechanismType, Service, ServiceType
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.sheets import (
    MECHANISM_HEADER,
    SERVICE_HEADER,
    csv_bytes,
    dry_run,
    imported,
    mechanism_row,
    service_row,
)

pytestmark = pytest.mark.django_db


def test_confirming_creates_the_mechanisms_with_their_audit_entries(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.focal_point_a)
    sheet = csv_bytes(MECHANISM_HEADER, mechanism_row(), mechanism_row(Name="Comité Gao", Areas="ML07",
                                                                       **{"Mechanism type": "community"}))  # fmt: skip
    response = imported(client, "mechanisms", sheet)
    assert response.status_code == 302 and response["Location"] == reverse("mapping:mechanisms")
    hotline = FeedbackMechanism.objects.get(name="Ligne verte Mopti")
    assert hotline.organisation == personas.org_a and hotline.type == MechanismType.HOTLINE
    assert set(hotline.areas.all()) == {areas["ML05"], areas["ML0501"]}
    assert hotline.languages == ["fr", "bm"] and hotline.cost == MechanismCost.TOLL_FREE
    assert hotline.accessible_disability and hotline.sea_trained and not hotline.refers_to_network
    assert hotline.last_verified_at is None  # the "Last verified" column is not imported
    assert FeedbackMechanism.objects.get(name="Comité Gao").type == MechanismType.COMMUNITY
    created = AuditEvent.objects.filter(action=Action.MECHANISM_CREATED, actor=personas.focal_point_a)
    assert created.count() == 2
    run = AuditEvent.objects.get(action=Action.REGISTRY_SHEET_IMPORTED, actor=personas.focal_point_a)
    assert run.data["kind"] == "mechanisms" and (run.data["new"], run.data["updated"]) == (2, 0)
    assert "Ligne verte" not in str(run.data)  # counts and the file's digest only
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 2 new, 0 updated, 0 unchanged." in page


def test_importing_the_same_file_twice_changes_nothing_the_second_time(personas, client_for):
    mali_areas()
    client = client_for(personas.coordinator)
    sheet = csv_bytes(MECHANISM_HEADER, mechanism_row())
    imported(client, "mechanisms", sheet)
    events = AuditEvent.objects.count()
    again = dry_run(client, "mechanisms", sheet)
    page = again.content.decode()
    assert '<dd id="count-same">1</dd>' in page and 'id="nothing-to-do"' in page and 'name="token"' not in page
    assert FeedbackMechanism.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_row_of_an_existing_mechanism_updates_it_and_names_the_changed_fields(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.coordinator)
    imported(client, "mechanisms", csv_bytes(MECHANISM_HEADER, mechanism_row()))
    mechanism = FeedbackMechanism.objects.get()
    changed = csv_bytes(MECHANISM_HEADER, mechanism_row(Languages="fr", Areas="Mopti"))
    page = dry_run(client, "mechanisms", changed).content.decode()
    assert '<dd id="count-updated">1</dd>' in page
    assert "update: languages, areas covered" in page
    assert imported(client, "mechanisms", changed).status_code == 302
    mechanism.refresh_from_db()
    assert mechanism.languages == ["fr"] and list(mechanism.areas.all()) == [areas["ML05"]]
    assert FeedbackMechanism.objects.count() == 1
    update = AuditEvent.objects.get(action=Action.MECHANISM_UPDATED)
    assert update.data["fields"] == ["areas", "languages"]


def test_confirming_creates_then_updates_services(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.provider)
    response = imported(client, "services", csv_bytes(SERVICE_HEADER, service_row()))
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.provider == personas.org_a and service.type == ServiceType.HEALTH
    assert list(service.areas.all()) == [areas["ML0501"]]  # the district, within its region
    assert service.post_rape_care_72h and not service.accessible_disability and service.is_active
    assert service.referral_contact == "Dr Diallo, 70 00 00 02" and service.languages == ["fr", "bm"]
    assert AuditEvent.objects.filter(action=Action.SERVICE_CREATED).count() == 1
    changed = csv_bytes(SERVICE_HEADER, service_row(**{"Maximum age": "17", "Where: admin 2": ""}))
    assert "update: maximum age, areas covered" in dry_run(client, "services", changed).content.decode()
    imported(client, "services", changed)
    service.refresh_from_db()
    assert service.max_age == 17 and list(service.areas.all()) == [areas["ML05"]]
    assert AuditEvent.objects.filter(action=Action.SERVICE_UPDATED).count() == 1


def test_a_confirmation_carries_only_the_file_its_person_checked(personas, client_for):
    mali_areas()
    sheet = csv_bytes(MECHANISM_HEADER, mechanism_row())
    checked = dry_run(client_for(personas.coordinator), "mechanisms", sheet)
    from pseahub.mapping.tests.sheets import token_of

    other = client_for(personas.focal_point_a)
    response = other.post(reverse("mapping:import_mechanisms_confirm"), {"token": token_of(checked)})
    assert response.status_code == 302 and response["Location"] == reverse("mapping:import_mechanisms")
    assert FeedbackMechanism.objects.count() == 0
    tampered = other.post(reverse("mapping:import_mechanisms_confirm"), {"token": token_of(checked) + "x"})
    assert tampered.status_code == 302 and FeedbackMechanism.objects.count() == 0
