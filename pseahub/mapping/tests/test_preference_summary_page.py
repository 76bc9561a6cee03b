"""The summary page: per area, the ranked channel types of the chosen group with their share; a region lists
its districts' consultations too; an invalid filter falls back to everyone."""

import pytest
from django.urls import reverse

from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation

pytestmark = pytest.mark.django_db


def test_it_shows_the_ranked_channels_of_the_group(personas, client_for):
    areas = mali_areas()
    consultation(areas["ML0501"], personas.org_a, number=20, rows=[("female", "adults", "all", "help_desk", 12)])
    consultation(areas["ML0501"], personas.org_b, number=10, rows=[("male", "adults", "all", "hotline", 9)])
    client = client_for(personas.focal_point_a)

    page = client.get(reverse("mapping:preferences")).content.decode()
    assert "Bandiagara (ML0501)" in page and "Mopti (ML05)" in page
    assert "30 people consulted" in page
    assert "40 %" in page and "30 %" in page  # 12 of 30, 9 of 30

    women = client.get(reverse("mapping:preferences"), {"sex": "female"}).content.decode()
    assert "20 people consulted" in women and "60 %" in women and "Hotline" not in women.split('id="preferences"')[1]

    nobody = client.get(reverse("mapping:preferences"), {"sex": "male", "age_group": "children"}).content.decode()
    assert "No consultation of this group in this period." in nobody

    fallback = client.get(reverse("mapping:preferences"), {"sex": "nonsense", "years": "x"})
    assert fallback.status_code == 200 and "30 people consulted" in fallback.content.decode()
