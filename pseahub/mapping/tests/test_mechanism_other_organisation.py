"""Another organisation's focal point neither sees nor changes a mechanism: 404, as if it did not exist."""

import pytest
from django.urls import reverse

from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_another_organisations_focal_point_gets_404(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, name="Boîte à suggestions Sévaré")
    client = client_for(personas.focal_point_b)
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})

    assert client.get(url).status_code == 404
    post = client.post(url, mechanism_post(personas.org_b, [mali_areas()["ML05"]], name="Taken"))
    assert post.status_code == 404
    assert FeedbackMechanism.objects.get().name == "Boîte à suggestions Sévaré"
    assert "Sévaré" not in client.get(reverse("mapping:mechanisms")).content.decode()


def test_the_own_focal_point_sees_it(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, name="Boîte à suggestions Sévaré")

    response = client_for(personas.focal_point_a).get(
        reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})
    )

    assert response.status_code == 200
    assert "Boîte à suggestions Sévaré" in response.content.decode()
