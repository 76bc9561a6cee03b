"""The audit log in the admin: read-only, and visible only to a network admin who passed 2FA."""

import pytest
from django.test import Client
from django.urls import reverse

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import AuditEvent
from pseahub.audit.services import chain_verify

LIST_URL = "/admin/audit/auditevent/"


def _change_url(event: AuditEvent) -> str:
    return reverse("admin:audit_auditevent_change", args=[event.pk])


def _snapshot() -> list[tuple]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", "action", "data", "entry_hash"))


def test_it_lists_every_entry_to_a_verified_network_admin(personas, client_for):
    response = client_for(personas.admin).get(LIST_URL)

    assert response.status_code == 200
    assert response.context["cl"].result_count == AuditEvent.objects.count() > 0
    assert "Role granted" in response.content.decode()


def test_it_shows_an_entry_without_a_save_button(personas, client_for):
    event = AuditEvent.objects.first()

    response = client_for(personas.admin).get(_change_url(event))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()
    assert event.entry_hash in response.content.decode()


def test_it_refuses_to_add_an_entry(personas, client_for):
    before = _snapshot()

    client = client_for(personas.admin)

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_add"), {"action": "login"}).status_code == 403
    assert _snapshot() == before


def test_it_refuses_to_change_an_entry(personas, client_for):
    event = AuditEvent.objects.first()
    before = _snapshot()

    response = client_for(personas.admin).post(_change_url(event), {"action": "logout", "target_id": "x"})

    assert response.status_code == 403
    assert _snapshot() == before


def test_it_refuses_to_delete_an_entry(personas, client_for):
    event = AuditEvent.objects.first()
    before = _snapshot()
    client = client_for(personas.admin)
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])

    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert _snapshot() == before
    assert chain_verify() is None


def test_it_offers_no_bulk_delete(personas, client_for):
    before = _snapshot()
    client = client_for(personas.admin)

    listing = client.get(LIST_URL)
    client.post(LIST_URL, {"action": "delete_selected", "_selected_action": [e.pk for e in AuditEvent.objects.all()]})

    assert listing.context["action_form"] is None or "delete_selected" not in dict(
        listing.context["action_form"].fields["action"].choices
    )
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["coordinator", "focal_point_a", "provider", "operator", "analyst", "no_role"])
def test_it_hides_the_log_from_other_personas(personas, client_for, persona):
    client = client_for(getattr(personas, persona))

    response = client.get(LIST_URL)
    detail = client.get(_change_url(AuditEvent.objects.first()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert detail.status_code == 302


def test_it_hides_the_log_from_a_django_superuser_without_the_network_admin_role(db, client_for):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    response = client_for(superuser).get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_sends_a_network_admin_without_2fa_to_the_second_step(personas):
    client = Client()
    client.force_login(personas.admin)

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_it_sends_anonymous_visitors_to_sign_in(db):
    response = Client().get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_target_type_filter_names_every_link_and_filters(personas, client_for):
    # Role grants have a target; events without one (e.g. a failed sign-in window) have an empty target type.
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("seq").first().pk).update(target_type="")
    client = client_for(personas.admin)

    page = client.get(LIST_URL).content.decode()
    filtered = client.get(LIST_URL, {"target_type": "accounts.user"})

    assert 'href="?target_type="' not in page  # Django's own filter made a link without text for the empty type
    assert 'href="?target_type=accounts.user"' in page
    assert filtered.context["cl"].result_count == AuditEvent.objects.filter(target_type="accounts.user").count() > 0
