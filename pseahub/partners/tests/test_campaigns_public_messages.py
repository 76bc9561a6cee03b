"""The public directory shows the public key messages in the page's language, with their local-language versions;
a private message never, and a message without a text in the page's language is left out. The directory stays
light and its query count fixed."""

import gzip

import pytest
from django.test import Client

from pseahub.mapping.tests.directory_data import directory_world
from pseahub.partners.campaigns import message_create, message_text_save

pytestmark = pytest.mark.django_db


def _message(title, public, texts, topic="how_to_report"):
    message = message_create(actor=None, topic=topic, title=title, is_public=public)
    for code, name, text in texts:
        message_text_save(actor=None, message=message, language_code=code, language_name=name, text=text)
    return message


@pytest.fixture
def library():
    _message(
        "Gratuité", True,
        [("fr", "Français", "FR: aide gratuite."), ("en", "English", "EN: assistance is free."),
         ("ar", "العربية", "AR: المساعدة مجانية."), ("bm", "Bamanankan", "BM: dɛmɛ ye fu ye.")],
        topic="free_assistance",
    )  # fmt: skip
    _message("Interne", False, [("fr", "Français", "PRIVÉ: note interne."), ("en", "English", "PRIVATE: internal.")])
    _message("Seulement en français", True, [("fr", "Français", "FR-ONLY: appelez le 80 00 11 22.")])


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("fr", ["FR: aide gratuite.", "FR-ONLY"], ["EN: assistance", "AR: "]),
        ("en", ["EN: assistance is free."], ["FR: aide", "FR-ONLY"]),
        ("ar", ["AR: المساعدة مجانية."], ["FR: aide", "EN: assistance"]),
    ],
)
def test_public_messages_in_the_pages_language_private_ones_never(library, language, shown, hidden):
    page = Client().get("/directory/", headers={"accept-language": language}).content.decode()

    assert 'id="key-messages"' in page
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page
    assert "PRIVÉ" not in page and "PRIVATE" not in page
    assert 'lang="bm"' in page and "BM: dɛmɛ ye fu ye." in page  # the local version, in every page language


def test_without_public_messages_the_section_is_left_out(personas):
    _message("Interne", False, [("fr", "Français", "PRIVÉ")])
    assert 'id="key-messages"' not in Client().get("/directory/").content.decode()


def test_a_full_directory_with_messages_stays_under_14_kb(library):
    directory_world()
    response = Client().get("/directory/", headers={"accept-language": "fr"})
    assert "FR: aide gratuite." in response.content.decode()
    assert len(gzip.compress(response.content)) <= 14 * 1024
