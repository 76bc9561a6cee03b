"""The mechanism form: a district (admin-2) is a fine area; a malformed language code, no area, or the same
organisation, type and name twice are refused with the error beside the field (or atop the form), nothing saved."""

import pytest
from django.urls import reverse

from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_a_district_is_accepted(personas, client_for):
    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, [mali_areas()["ML0501"]])
    )

    assert response.status_code == 302
    assert list(FeedbackMechanism.objects.get().areas.values_list("pcode", flat=True)) == ["ML0501"]


@pytest.mark.parametrize(("overrides", "field"), [({"languages": "French, bm"}, "languages"), ({"areas": []}, "areas")])
def test_a_bad_value_is_shown_beside_its_field(personas, client_for, overrides, field):
    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), {**mechanism_post(personas.org_a, [mali_areas()["ML05"]]), **overrides}
    )

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not FeedbackMechanism.objects.exists()


def test_an_edit_with_a_bad_language_changes_nothing(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, areas=[mali_areas()["ML05"]])
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})

    response = client_for(personas.focal_point_a).post(
        url, mechanism_post(personas.org_a, [mali_areas()["ML05"]], languages="fr-")
    )

    assert response.status_code == 400
    assert 'id="id_languages_error"' in response.content.decode()
    mechanism.refresh_from_db()
    assert mechanism.languages == ["fr"]


@pytest.mark.parametrize("typed", ["fr, bm, ar", "fr; bm; ar", "fr\u060c bm\u060c ar"])
def test_languages_may_be_separated_by_a_comma_a_semicolon_or_the_arabic_comma(personas, client_for, typed):
    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, [mali_areas()["ML05"]], languages=typed)
    )

    assert response.status_code == 302
    assert FeedbackMechanism.objects.get().languages == ["fr", "bm", "ar"]
