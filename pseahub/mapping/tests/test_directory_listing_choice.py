"""/mapping/listing/: a focal point chooses whether the public directory lists them, and which of their fields;
agreeing sets the date they agreed, withdrawing clears it; audited; only their own profiles."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db
URL = "/mapping/listing/"
OTHER_ROLES = ["coordinator", "provider", "operator", "analyst", "leadership", "co_chair", "donor", "hq", "admin"]


@pytest.fixture
def profile(personas):
    return FocalPointFactory(
        organisation=personas.org_a, user=personas.focal_point_a, name="Awa Coulibaly", title="Chargée PSEA",
        phone="+223 66 10 20 30", email="awa@alpha.org", languages=["fr", "bm"],
    )  # fmt: skip


def _post(client, profile, **data):
    prefix = str(profile.public_id)
    body = {"profile": prefix, **{f"{prefix}-{key}": value for key, value in data.items()}}
    return client.post(URL, body)


def test_signed_out_visitors_are_sent_to_sign_in():
    response = Client().get(URL)

    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get(URL).status_code == 403


def test_the_page_explains_what_becomes_public(personas, client_for, profile):
    page = client_for(personas.focal_point_a).get(URL).content.decode()

    assert "Alpha Relief" in page and "You are not listed." in page and "Nothing about you is public." in page
    assert "Anyone can read it" in page
    assert "My phone number" in page and "+223 66 10 20 30" in page


def test_agreeing_lists_them_with_the_chosen_fields_only_and_is_audited(personas, client_for, profile, client):
    response = _post(client_for(personas.focal_point_a), profile, is_listed="on", published_fields=["title", "phone"])

    assert response.status_code == 302 and response["Location"] == URL
    profile.refresh_from_db()
    assert profile.is_listed and profile.published_fields == ["title", "phone"]
    assert profile.listing_agreed_at is not None
    event = AuditEvent.objects.get(action=Action.FOCAL_POINT_UPDATED)
    assert event.data["new"] == {"is_listed": True, "published_fields": ["title", "phone"]}
    assert "listing_agreed_at" in event.data["fields"]
    directory = client.get("/directory/").content.decode()
    assert "Chargée PSEA" in directory and "+223 66 10 20 30" in directory
    assert "Awa Coulibaly" not in directory and "awa@alpha.org" not in directory


def test_changing_the_fields_keeps_the_first_agreement_date(personas, client_for, profile):
    client = client_for(personas.focal_point_a)
    _post(client, profile, is_listed="on", published_fields=["phone"])
    profile.refresh_from_db()
    agreed = profile.listing_agreed_at

    _post(client, profile, is_listed="on", published_fields=["phone", "name"])

    profile.refresh_from_db()
    assert profile.listing_agreed_at == agreed and profile.published_fields == ["name", "phone"]


def test_withdrawing_removes_them_and_clears_the_agreement(personas, client_for, profile, client):
    own = client_for(personas.focal_point_a)
    _post(own, profile, is_listed="on", published_fields=["name", "phone"])

    response = _post(own, profile, published_fields=["name", "phone"])  # the box unticked

    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.is_listed and profile.listing_agreed_at is None and profile.published_fields == []
    assert "Awa Coulibaly" not in client.get("/directory/").content.decode()
    assert "You are not listed." in own.get(URL).content.decode()


def test_listing_with_nothing_ticked_is_a_field_error(personas, client_for, profile):
    response = _post(client_for(personas.focal_point_a), profile, is_listed="on")

    assert response.status_code == 400
    assert "Tick at least one thing to show" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.is_listed


def test_repeating_the_same_choice_changes_nothing_more(personas, client_for, profile):
    client = client_for(personas.focal_point_a)
    for _ in range(2):
        assert _post(client, profile, is_listed="on", published_fields=["phone"]).status_code == 302

    assert AuditEvent.objects.filter(action=Action.FOCAL_POINT_UPDATED).count() == 1


def test_another_persons_profile_is_not_found(personas, client_for, profile):
    other = FocalPointFactory(organisation=personas.org_b, user=personas.focal_point_b)

    response = _post(client_for(personas.focal_point_a), other, is_listed="on", published_fields=["phone"])

    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_listed
    assert client_for(personas.focal_point_a).post(URL, {"profile": str(uuid.uuid4())}).status_code == 404
    assert client_for(personas.focal_point_a).post(URL, {"profile": "nonsense"}).status_code == 404


def test_the_focal_points_mechanism_list_links_to_their_choice(personas, client_for):
    assert f'href="{URL}"' in client_for(personas.focal_point_a).get("/mapping/mechanisms/").content.decode()
    assert f'href="{URL}"' not in client_for(personas.coordinator).get("/mapping/mechanisms/").content.decode()
