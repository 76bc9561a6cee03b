"""Removing a key message's text in one language (a wrong translation, a language no longer used): the coordinator or
a co-chair presses "Remove" beside it; the text is gone from the page and from the public directory, the other
languages stay, a repeated POST says there is none, and the audit keeps the language code only."""

import pytest
from django.test import Client
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners.campaigns import message_text_save
from pseahub.partners.tests.outreach_world import outreach_world

pytestmark = pytest.mark.django_db


def test_a_text_is_removed_in_one_language_and_the_others_stay(personas, client_for):
    world = outreach_world()
    message_text_save(
        actor=None, message=world.message, language_code="bm", language_name="Bamanankan", text="Dɛmɛ ye fu ye."
    )
    client = client_for(personas.co_chair)
    page_url = reverse("partners:message", args=[world.message.public_id])
    remove = reverse("partners:message_text_remove", args=[world.message.public_id, "bm"])
    assert remove in client.get(page_url).content.decode()
    directory = reverse("mapping:directory")
    assert "Dɛmɛ ye fu ye." in Client().get(directory, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    response = client.post(remove, follow=True)
    again = client.post(remove, follow=True)

    assert response.redirect_chain == [(page_url, 302)]
    page = response.content.decode()
    assert "The text was removed." in page and "Dɛmɛ ye fu ye." not in page
    assert 'lang="bm"' not in page
    assert list(world.message.texts.values_list("language_code", flat=True)) == ["fr"]
    assert "There is no text in this language" in again.content.decode()
    event = AuditEvent.objects.get(action=Action.KEY_MESSAGE_TEXT_REMOVED)
    assert event.data == {"language": "bm"} and event.target_id == str(world.message.public_id)
    assert "Dɛmɛ ye fu ye." not in Client().get(directory, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
