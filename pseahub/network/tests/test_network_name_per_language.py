"""The network's brand in each language (network settings): PSEA Network Mali, Réseau PEAS Mali, the Arabic; the
one name for a language not given. Shown in every page's header and title."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.demo import DEMO_NETWORK_NAMES, demo_load
from pseahub.network.models import NetworkSettings
from pseahub.network.services import network_settings_update

pytestmark = pytest.mark.django_db

ARABIC = DEMO_NETWORK_NAMES["ar"]


@pytest.fixture
def network():
    return network_settings_update(
        actor=None, name="Réseau PSEA Mali", names={"en": "PSEA Network Mali", "fr": "Réseau PEAS Mali", "ar": ARABIC}
    )


def test_it_names_the_network_in_each_language_and_falls_back_to_its_one_name(network):
    assert network.display_name("en") == "PSEA Network Mali"
    assert network.display_name("fr") == "Réseau PEAS Mali"
    assert network.display_name("ar") == ARABIC
    network_settings_update(actor=None, names={"fr": "Réseau PEAS Mali"})
    assert NetworkSettings.objects.get().display_name("en") == "Réseau PSEA Mali"


@pytest.mark.parametrize(("accept", "shown"), [("en", "PSEA Network Mali"), ("fr", "Réseau PEAS Mali"), ("ar", ARABIC)])
def test_every_page_shows_the_name_in_its_language(network, accept, shown):
    page = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/accounts/login/").content.decode()

    assert f'<a class="brand" href="/">{shown}</a>' in page
    assert f" · {shown}</title>" in page


@pytest.mark.parametrize("names", [{"de": "PSEA-Netzwerk"}, {"fr": "  "}, {"fr": "x" * 201}, ["fr"], {"fr": 1}])
def test_it_refuses_names_that_are_not_one_text_per_offered_language(names):
    with pytest.raises(ValidationError) as refused:
        network_settings_update(actor=None, names=names)

    assert "names" in refused.value.message_dict
    assert not NetworkSettings.objects.exists()


def test_the_demo_network_has_its_brand_in_each_language():
    demo_load()

    assert NetworkSettings.objects.get().names == DEMO_NETWORK_NAMES
    assert DEMO_NETWORK_NAMES["fr"] == "Réseau PEAS Mali"


def test_a_demo_loaded_before_gets_its_names_but_an_administrators_name_is_kept():
    network_settings_update(actor=None, name="Réseau PSEA Mali")
    demo_load()
    assert NetworkSettings.objects.get().names == DEMO_NETWORK_NAMES

    network_settings_update(actor=None, name="Our network", names={})
    demo_load()
    assert (NetworkSettings.objects.get().name, NetworkSettings.objects.get().names) == ("Our network", {})


def test_a_network_admin_sets_the_names_in_the_admin_and_it_is_audited(personas, client_for):
    data = {
        "name": "Réseau PSEA Mali",
        "names": '{"fr": "Réseau PEAS Mali", "en": "PSEA Network Mali"}',
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

    response = client_for(personas.admin).post(reverse("admin:network_networksettings_add"), data)

    assert response.status_code == 302
    assert NetworkSettings.objects.get().names == {"fr": "Réseau PEAS Mali", "en": "PSEA Network Mali"}
    assert "names" in AuditEvent.objects.get(action=Action.SETTINGS_UPDATED).data["fields"]
