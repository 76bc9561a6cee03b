"""The network pages of the admin: writes go through the services (audited); no deletes; admins only."""

import pytest
from django.urls import reverse

from pseahub.accounts.models import Role
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import FocalPoint, NetworkSettings, Organisation
from pseahub.network.services import focal_point_create

ORGANISATION = {
    "name": "Aide Sahel",
    "acronym": "AS",
    "type": "nngo",
    "is_member": "on",
    "is_active": "on",
    "_save": "Save",
}


def test_it_creates_an_organisation_through_the_service(personas, client_for):
    response = client_for(personas.admin).post(reverse("admin:network_organisation_add"), ORGANISATION)

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Aide Sahel")
    event = AuditEvent.objects.get(action=Action.ORGANISATION_CREATED, target_id=str(organisation.public_id))
    assert event.actor == personas.admin


def test_it_updates_an_organisation_through_the_service(personas, client_for):
    url = reverse("admin:network_organisation_change", args=[personas.org_a.pk])
    data = {**ORGANISATION, "name": personas.org_a.name, "acronym": personas.org_a.acronym, "type": "un_agency"}

    response = client_for(personas.admin).post(url, data)

    assert response.status_code == 302
    assert Organisation.objects.get(pk=personas.org_a.pk).type == "un_agency"
    event = AuditEvent.objects.get(action=Action.ORGANISATION_UPDATED)
    assert (event.actor, event.target_id) == (personas.admin, str(personas.org_a.public_id))
    assert event.data["fields"] == ["type"]


def test_it_links_a_user_to_a_focal_point_through_the_service(personas, client_for):
    focal_point = focal_point_create(actor=None, organisation=personas.org_b, name="Desk B")
    user = UserFactory()
    url = reverse("admin:network_focalpoint_change", args=[focal_point.pk])
    data = {"name": "Desk B", "email": "", "phone": "", "title": "", "languages": "[]", "user": user.pk}

    response = client_for(personas.admin).post(url, {**data, "is_active": "on", "_save": "Save"})

    assert response.status_code == 302
    assert FocalPoint.objects.get(pk=focal_point.pk).user == user
    assert user.organisation_ids(Role.FOCAL_POINT) == {personas.org_b.pk}
    assert AuditEvent.objects.get(action=Action.FOCAL_POINT_UPDATED).actor == personas.admin


def test_it_offers_no_delete_for_organisations_and_focal_points(personas, client_for):
    focal_point = focal_point_create(actor=None, organisation=personas.org_a, name="Desk A")
    client = client_for(personas.admin)

    org_delete = client.post(reverse("admin:network_organisation_delete", args=[personas.org_a.pk]), {"post": "yes"})
    fp_delete = client.post(reverse("admin:network_focalpoint_delete", args=[focal_point.pk]), {"post": "yes"})

    assert (org_delete.status_code, fp_delete.status_code) == (403, 403)
    assert Organisation.objects.filter(pk=personas.org_a.pk).exists()
    assert FocalPoint.objects.filter(pk=focal_point.pk).exists()


def test_it_saves_the_network_settings_through_the_service(personas, client_for):
    data = {
        "name": "Réseau PSEA Mali",
        "country_code": "MLI",
        "languages": '["fr", "en"]',
        "timezone": "Africa/Bamako",
        "weekend_days": "[6, 7]",
        "holidays": "[]",
        "sla_refer_hours": "24",
        "sla_acknowledge_working_days": "2",
        "sla_first_progress_days": "30",
        "sla_assistance_accept_hours": "24",
        "retention_days": "1825",
        "small_cell_k": "5",
        "_save": "Save",
    }
    client = client_for(personas.admin)

    response = client.post(reverse("admin:network_networksettings_add"), data)

    assert response.status_code == 302
    stored = NetworkSettings.objects.get()
    assert (stored.name, stored.timezone, stored.weekend_days) == ("Réseau PSEA Mali", "Africa/Bamako", [6, 7])
    assert AuditEvent.objects.get(action=Action.SETTINGS_UPDATED).actor == personas.admin
    assert client.get(reverse("admin:network_networksettings_add")).status_code == 403
    assert client.post(reverse("admin:network_networksettings_delete", args=[1]), {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "focal_point_a", "provider", "operator", "analyst", "no_role"])
@pytest.mark.parametrize("page", ["organisation", "focalpoint", "area", "networksettings"])
def test_it_hides_the_network_pages_from_other_personas(personas, client_for, persona, page):
    response = client_for(getattr(personas, persona)).get(reverse(f"admin:network_{page}_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_creates_nothing_for_other_personas(personas, client_for):
    before = AuditEvent.objects.count()

    response = client_for(personas.coordinator).post(reverse("admin:network_organisation_add"), ORGANISATION)

    assert response.status_code == 302
    assert not Organisation.objects.filter(name="Aide Sahel").exists()
    assert AuditEvent.objects.count() == before
