"""Recording campaigns and messages: the POST redirects, the same form twice records once, bad input is a form
error (400), the audit holds ids and codes only, and a text in a language already given replaces it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.tests.factories import mali_areas
from pseahub.partners.models import Campaign, KeyMessage, KeyMessageText

pytestmark = pytest.mark.django_db


def _campaign_post(world_areas, **overrides):
    today = timezone.localdate()
    data = {
        "submission": "5b0c2f7e-1d1a-4f57-9a37-0e0b4c1f9a11",
        "title": "16 jours d'activisme",
        "start": (today - dt.timedelta(days=16)).isoformat(),
        "end": today.isoformat(),
        "areas": [world_areas["ML05"].pk, world_areas["ML07"].pk],
        "channels": ["radio", "posters"],
        "materials": "500 affiches",
        "reached_female": "300",
        "reached_male": "200",
        "notes": "Avec les radios communautaires",
    }
    return {**data, **overrides}


def test_the_coordinator_records_a_campaign_once(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.coordinator)
    response = client.post(reverse("partners:campaign_new"), _campaign_post(areas))

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:campaign", args=[campaign.public_id])
    assert campaign.reached_total == 500  # the sum of the sex split when no total was given
    assert {a.pcode for a in campaign.areas.all()} == {"ML05", "ML07"}
    event = AuditEvent.objects.get(action=Action.CAMPAIGN_CREATED)
    assert event.data["areas"] == ["ML05", "ML07"] and event.data["channels"] == ["radio", "posters"]
    assert "affiches" not in str(event.data) and "radios communautaires" not in str(event.data)
    page = client.get(response["Location"]).content.decode()
    assert "Mopti" in page and "Posters" in page and "500" in page

    again = client.post(reverse("partners:campaign_new"), _campaign_post(areas))
    assert again["Location"] == response["Location"] and Campaign.objects.count() == 1


def test_bad_input_is_a_form_error(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.co_chair)
    today = timezone.localdate()
    cases = [
        {"end": (today - dt.timedelta(days=30)).isoformat()},  # ends before it starts
        {"reached_total": "100"},  # 300 + 200 > 100
        {"areas": [areas["ML0501"].pk]},  # a district, not a region: not offered
        {"channels": ["carrier_pigeon"]},
    ]
    for overrides in cases:
        response = client.post(reverse("partners:campaign_new"), _campaign_post(areas, **overrides))
        assert response.status_code == 400, overrides
        assert 'class="errorlist"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_editing_a_campaign_records_what_changed(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.coordinator)
    client.post(reverse("partners:campaign_new"), _campaign_post(areas))
    campaign = Campaign.objects.get()
    url = reverse("partners:campaign_edit", args=[campaign.public_id])
    response = client.post(url, _campaign_post(areas, areas=[areas["ML05"].pk], reached_total="600"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.CAMPAIGN_UPDATED)
    assert set(event.data["fields"]) == {"reached_total", "areas"}
    assert event.data["new"]["areas"] == ["ML05"]
    client.post(url, _campaign_post(areas, areas=[areas["ML05"].pk], reached_total="600"))
    assert AuditEvent.objects.filter(action=Action.CAMPAIGN_UPDATED).count() == 1  # nothing changed the second time


def test_a_message_gets_its_texts_and_a_language_given_again_replaces_it(personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(
        reverse("partners:message_new"),
        {"submission": "8a8e6e35-5c4b-4b1f-9d0e-0a4a7b0c2f01", "topic": "how_to_report", "title": "Signaler"},
    )
    message = KeyMessage.objects.get()
    assert response["Location"] == reverse("partners:message", args=[message.public_id])
    url = reverse("partners:message_text", args=[message.public_id])
    text = {"language_code": "bm", "language_name": "Bamanankan", "text": "I bɛ se ka kuma"}
    assert client.post(url, text).status_code == 302
    assert client.post(url, {**text, "text": "I bɛ se ka kuma fo"}).status_code == 302
    assert client.post(url, {**text, "language_code": "Bambara!"}).status_code == 400
    assert client.post(url, {**text, "language_code": "tmh", "language_name": "Tamasheq"}).status_code == 302
    assert dict(KeyMessageText.objects.values_list("language_code", "text")) == {
        "bm": "I bɛ se ka kuma fo",
        "tmh": "I bɛ se ka kuma",
    }
    events = AuditEvent.objects.filter(action=Action.KEY_MESSAGE_TEXT_SAVED).order_by("seq")
    assert [e.data for e in events] == [
        {"language": "bm", "replaced": False},
        {"language": "bm", "replaced": True},
        {"language": "tmh", "replaced": False},
    ]
    page = client.get(reverse("partners:message", args=[message.public_id])).content.decode()
    assert 'lang="bm"' in page and "Tamasheq" in page
