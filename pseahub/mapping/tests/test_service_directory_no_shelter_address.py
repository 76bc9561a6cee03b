"""The public directory never shows where a shelter or safe house is: its address stays known only to those who
refer survivors there. Its phone still reaches it; other services show their address."""

import pytest

from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas

pytestmark = pytest.mark.django_db


def test_a_shelters_address_is_never_published_other_addresses_are(client):
    areas = mali_areas()
    ServiceFactory(
        name="Safe house Sévaré", type=ServiceType.SAFETY_SHELTER, address="Rue 412, porte 17, Sévaré",
        contact_phone="+223 70 00 00 01", areas=[areas["ML05"]],
    )  # fmt: skip
    ServiceFactory(
        name="Mopti clinic", type=ServiceType.HEALTH, address="Avenue de l'Indépendance, Mopti", areas=[areas["ML05"]]
    )

    page = client.get("/directory/").content.decode()

    assert "Safe house Sévaré" in page and "+223 70 00 00 01" in page
    assert "Rue 412" not in page and "porte 17" not in page
    assert "Avenue de l&#x27;Indépendance, Mopti" in page
