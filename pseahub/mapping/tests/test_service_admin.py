"""The services pages of the admin: verified network admins only; writes go through the services; no delete."""

import pytest
from django.test import Client
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.network.tests.factories import OrganisationFactory


def _form(provider, *areas, **overrides):
    data = {
        "name": "Clinique juridique",
        "type": "legal",
        "provider": provider.pk,
        "is_active": "on",
        "areas": [area.pk for area in areas],
        "sex_served": "all",
        "min_age": "",
        "max_age": "",
        "contact_phone": "+223 70 10 00 06",
        "contact_email": "",
        "address": "",
        "hours": "",
        "languages": '["fr", "bm"]',
        "notes": "",
        "_save": "Save",
    }
    return {**data, **overrides}


def test_it_creates_a_service_through_the_service_layer(personas, client_for):
    areas = mali_areas()

    response = client_for(personas.admin).post(
        reverse("admin:mapping_service_add"), _form(personas.org_a, areas["ML05"], areas["ML07"])
    )

    assert response.status_code == 302, response.content[:3000]
    service = Service.objects.get(name="Clinique juridique")
    assert set(service.areas.values_list("pcode", flat=True)) == {"ML05", "ML07"}
    assert service.languages == ["fr", "bm"]
    event = AuditEvent.objects.get(action=Action.SERVICE_CREATED)
    assert (event.actor, event.target_id) == (personas.admin, str(service.public_id))
    assert event.data["areas"] == ["ML05", "ML07"]


def test_it_updates_a_service_through_the_service_layer(personas, client_for):
    areas = mali_areas()
    service = ServiceFactory(name="Clinique juridique", type="legal", provider=personas.org_a, areas=[areas["ML05"]])
    url = reverse("admin:mapping_service_change", args=[service.pk])

    unchanged = {"hours": service.hours, "contact_phone": service.contact_phone, "languages": '["fr"]'}
    data = _form(personas.org_a, areas["ML07"], max_age="17", **unchanged)
    response = client_for(personas.admin).post(url, data)

    assert response.status_code == 302, response.content[:3000]
    stored = Service.objects.get()
    assert stored.max_age == 17
    assert list(stored.areas.values_list("pcode", flat=True)) == ["ML07"]
    event = AuditEvent.objects.get(action=Action.SERVICE_UPDATED)
    assert event.actor == personas.admin
    assert event.data["fields"] == ["areas", "max_age"]


def test_it_shows_form_errors_for_bad_ages_and_saves_nothing(personas, client_for):
    areas = mali_areas()

    response = client_for(personas.admin).post(
        reverse("admin:mapping_service_add"), _form(personas.org_a, areas["ML05"], min_age="18", max_age="17")
    )

    assert response.status_code == 200
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.SERVICE_CREATED).exists()


def test_it_does_not_offer_an_inactive_provider(personas, client_for):
    areas = mali_areas()
    inactive = OrganisationFactory(is_active=False)

    response = client_for(personas.admin).post(reverse("admin:mapping_service_add"), _form(inactive, areas["ML05"]))

    assert response.status_code == 200
    assert "provider" in response.context["adminform"].form.errors
    assert not Service.objects.exists()


def test_it_offers_no_delete(personas, client_for):
    service = ServiceFactory()

    response = client_for(personas.admin).post(
        reverse("admin:mapping_service_delete", args=[service.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Service.objects.filter(pk=service.pk).exists()


@pytest.mark.parametrize("persona", ["coordinator", "focal_point_a", "provider", "operator", "analyst", "no_role"])
def test_it_hides_the_services_pages_from_other_personas(personas, client_for, persona):
    service = ServiceFactory()
    client = client_for(getattr(personas, persona))

    for url in (
        reverse("admin:mapping_service_changelist"),
        reverse("admin:mapping_service_add"),
        reverse("admin:mapping_service_change", args=[service.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_it_hides_the_services_pages_from_an_admin_who_has_not_passed_two_factor(personas):
    client = Client()
    client.force_login(personas.admin)

    response = client.get(reverse("admin:mapping_service_changelist"))

    assert response.status_code == 302
    assert "/admin/mapping/" not in response["Location"].split("?")[0]


def test_it_creates_nothing_for_other_personas(personas, client_for):
    areas = mali_areas()

    response = client_for(personas.coordinator).post(
        reverse("admin:mapping_service_add"), _form(personas.org_a, areas["ML05"])
    )

    assert response.status_code == 302
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.SERVICE_CREATED).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("admin:mapping_service_changelist"))

    assert response.status_code == 302
    assert "login" in response["Location"]
