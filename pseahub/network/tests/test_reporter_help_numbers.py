"""The network's hotline and emergency numbers (shown to reporters when a limit refuses them) are edited with the
other network settings in the admin, audited; both are optional."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import NetworkSettings
from pseahub.network.selectors import network_settings_get

SETTINGS = {
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


def test_a_network_admin_sets_the_numbers_with_the_other_settings(personas, client_for):
    client = client_for(personas.admin)
    page = client.get(reverse("admin:network_networksettings_add")).content.decode()
    assert 'name="hotline_number"' in page and 'name="emergency_number"' in page

    data = {**SETTINGS, "hotline_number": "+223 80 00 11 22", "emergency_number": "17"}
    response = client.post(reverse("admin:network_networksettings_add"), data)

    assert response.status_code == 302
    stored = NetworkSettings.objects.get()
    assert (stored.hotline_number, stored.emergency_number) == ("+223 80 00 11 22", "17")
    event = AuditEvent.objects.get(action=Action.SETTINGS_UPDATED)
    assert {"hotline_number", "emergency_number"} <= set(event.data["fields"])


def test_both_numbers_are_optional(personas, client_for):
    response = client_for(personas.admin).post(reverse("admin:network_networksettings_add"), SETTINGS)

    assert response.status_code == 302
    assert (network_settings_get().hotline_number, network_settings_get().emergency_number) == ("", "")


@pytest.mark.parametrize("persona", ["coordinator", "operator", "no_role"])
def test_only_a_network_admin_can_change_them(personas, client_for, persona):
    data = {**SETTINGS, "hotline_number": "+223 80 00 11 22"}

    response = client_for(getattr(personas, persona)).post(reverse("admin:network_networksettings_add"), data)

    assert response.status_code == 302
    assert not NetworkSettings.objects.exists()
