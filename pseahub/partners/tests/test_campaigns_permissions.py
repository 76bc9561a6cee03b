"""Campaigns and key messages: signed out → sign in; every partners reader (focal points and leadership too) reads
them; only the coordinator and the co-chairs add and edit; everyone else 403; an unknown id 404."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.partners.tests.outreach_world import outreach_world

pytestmark = pytest.mark.django_db

EDITORS = ["coordinator", "co_chair"]
READERS = ["focal_point_a", "focal_point_b", "leadership"]
OTHERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]


def _read_urls(world):
    return [
        reverse("partners:campaigns"),
        reverse("partners:campaign", args=[world.campaign.public_id]),
        reverse("partners:messages"),
        reverse("partners:message", args=[world.message.public_id]),
    ]


def _edit_urls(world):
    return [
        reverse("partners:campaign_new"),
        reverse("partners:campaign_edit", args=[world.campaign.public_id]),
        reverse("partners:message_new"),
    ]


def _post_only(world):
    return [
        reverse("partners:message_edit", args=[world.message.public_id]),
        reverse("partners:message_text", args=[world.message.public_id]),
        reverse("partners:message_text_remove", args=[world.message.public_id, "fr"]),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    world = outreach_world()
    for url in _read_urls(world) + _edit_urls(world) + _post_only(world):
        assert Client().get(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_read_and_edit(personas, client_for, persona):
    world = outreach_world()
    client = client_for(getattr(personas, persona))
    for url in _read_urls(world) + _edit_urls(world):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("partners:message", args=[world.message.public_id])).content.decode()
    assert reverse("partners:message_text", args=[world.message.public_id]) in page
    for url in _post_only(world):
        assert client.get(url).status_code == 405


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_only(personas, client_for, persona):
    world = outreach_world()
    client = client_for(getattr(personas, persona))
    for url in _read_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert reverse("partners:campaign_new") not in response.content.decode()
    for url in _edit_urls(world) + _post_only(world):
        assert client.post(url, {}).status_code == 403, url
    assert "Gratuité" in client.get(reverse("partners:messages")).content.decode()
    assert world.message.texts.filter(language_code="fr").exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_others_are_refused(personas, client_for, persona):
    world = outreach_world()
    client = client_for(getattr(personas, persona))
    for url in _read_urls(world) + _edit_urls(world):
        assert client.get(url).status_code == 403, url
    for url in _post_only(world):
        assert client.post(url, {}).status_code == 403, url


def test_an_unknown_campaign_or_message_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)
    for name in ("partners:campaign", "partners:campaign_edit", "partners:message"):
        assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404
    assert client.post(reverse("partners:message_text", args=[uuid.uuid4()]), {}).status_code == 404


def test_the_partners_page_links_campaigns_for_readers(personas, client_for):
    page = client_for(personas.leadership).get(reverse("partners:home")).content.decode()
    assert reverse("partners:campaigns") in page and reverse("partners:messages") in page
    assert reverse("mapping:consultations") not in page  # leadership does not keep consultations
    coordinator = client_for(personas.coordinator).get(reverse("partners:home")).content.decode()
    assert reverse("mapping:consultations") in coordinator
