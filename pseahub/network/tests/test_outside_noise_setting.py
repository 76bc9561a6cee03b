"""The noise on figures for outside the network (an epsilon from 0.1 to 10, blank for none) is edited with the
other network settings in the admin, labelled and explained there, validated, and audited."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import NetworkSettings
from pseahub.network.selectors import network_settings_get
from pseahub.network.services import network_settings_update

from .test_reporter_help_numbers import SETTINGS

RANGE_ERROR = "Give a number from 0.1 (the most noise) to 10 (the least), or leave it blank for no noise."


def test_the_admin_form_has_the_setting_with_its_label_and_help(personas, client_for):
    page = client_for(personas.admin).get(reverse("admin:network_networksettings_add")).content.decode()

    assert 'name="outside_noise_epsilon"' in page
    assert "Noise on figures for outside the network (epsilon)" in page
    assert "the smaller the number, the more noise" in page


def test_a_network_admin_sets_it_and_it_is_audited(personas, client_for):
    response = client_for(personas.admin).post(
        reverse("admin:network_networksettings_add"), {**SETTINGS, "outside_noise_epsilon": "1.5"}
    )

    assert response.status_code == 302
    assert NetworkSettings.objects.get().outside_noise_epsilon == 1.5
    event = AuditEvent.objects.get(action=Action.SETTINGS_UPDATED)
    assert event.data["new"]["outside_noise_epsilon"] == 1.5


def test_blank_means_no_noise(personas, client_for):
    response = client_for(personas.admin).post(reverse("admin:network_networksettings_add"), SETTINGS)

    assert response.status_code == 302
    assert network_settings_get().outside_noise_epsilon is None


@pytest.mark.parametrize("value", ["0.05", "0", "-1", "10.5", "100"])
def test_a_value_out_of_range_is_refused_with_a_clear_error(personas, client_for, value):
    response = client_for(personas.admin).post(
        reverse("admin:network_networksettings_add"), {**SETTINGS, "outside_noise_epsilon": value}
    )

    assert response.status_code == 200
    assert RANGE_ERROR in response.content.decode()
    assert not NetworkSettings.objects.exists()


@pytest.mark.parametrize("value", [0.1, 10.0])
def test_the_bounds_are_accepted(personas, value):
    network_settings_update(actor=personas.admin, outside_noise_epsilon=value)

    assert network_settings_get().outside_noise_epsilon == value


def test_the_service_refuses_a_value_out_of_range(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        network_settings_update(actor=personas.admin, outside_noise_epsilon=20.0)

    assert error.value.message_dict["outside_noise_epsilon"] == [RANGE_ERROR]
    assert network_settings_get().outside_noise_epsilon is None
