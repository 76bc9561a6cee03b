"""Who may open the mechanism pages: signed out → sign in; other roles → 403; focal points and the coordinator
→ 200 (a focal point only for their organisation's mechanism). Verifying is the coordinator's alone."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.mapping.tests.factories import FeedbackMechanismFactory

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["provider", "operator", "analyst", "leadership", "co_chair", "donor", "hq", "admin", "no_role"]


def _urls(mechanism) -> list[str]:
    kwargs = {"public_id": mechanism.public_id}
    return [
        reverse("mapping:mechanisms"),
        reverse("mapping:mechanism_new"),
        reverse("mapping:mechanism", kwargs=kwargs),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)
    verify = reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id})
    for url in _urls(mechanism):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)), url
    assert Client().post(verify)["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused(personas, client_for, persona):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(mechanism):
        assert client.get(url).status_code == 403, url
    verify = reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id})
    assert client.post(verify).status_code == 403


@pytest.mark.parametrize("persona", ["focal_point_a", "coordinator"])
def test_focal_points_and_the_coordinator_open_every_page(personas, client_for, persona):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(mechanism):
        assert client.get(url).status_code == 200, url


def test_the_mapping_page_links_the_list_for_those_roles_only(personas, client_for):
    link = f'href="{reverse("mapping:mechanisms")}"'
    home = reverse("mapping:home")
    assert link in client_for(personas.focal_point_a).get(home).content.decode()
    assert link in client_for(personas.coordinator).get(home).content.decode()
    assert link not in client_for(personas.leadership).get(home).content.decode()


def test_verify_answers_a_get_with_405(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)
    url = reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id})
    assert client_for(personas.coordinator).get(url).status_code == 405
