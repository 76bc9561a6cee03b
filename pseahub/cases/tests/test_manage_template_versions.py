"""Every save of a message template is a new version that becomes the current one for its code and language;
earlier versions stay, with who wrote them and when. Saving the current text again adds nothing."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.message_templates import template_text
from pseahub.cases.models import MessageTemplateVersion

from .helpers import events, text, user_with_role

URL = "/cases/templates/received/fr/"


def _save(client, body, title="Signalement reçu", url=URL):
    return client.post(url, {"title": title, "body": body, "save": "1"})


@pytest.mark.django_db
def test_the_list_shows_every_template_with_its_version_per_language(personas, client_for):
    page = text(client_for(personas.coordinator).get("/cases/templates/"))

    assert "Report received" in page and "<code>received</code>" in page
    assert page.count(">version 0</a>") == 15  # five built-in templates in three languages
    assert 'href="/cases/templates/outcome_substantiated/ar/"' in page


@pytest.mark.django_db
def test_the_edit_page_starts_from_the_built_in_text(personas, client_for):
    page = text(client_for(personas.coordinator).get(URL))

    assert template_text("received", "fr") in page
    assert "The French text is the one built into the platform (version 0)." in page


@pytest.mark.django_db
def test_each_save_is_a_new_current_version(personas, client_for):
    client = client_for(personas.coordinator)

    first = _save(client, "Merci, nous avons bien reçu votre signalement.")
    assert first.status_code == 302
    assert first["Location"] == URL
    assert "Saved as version 1." in text(client.get(URL))
    _save(client, "Merci. Votre signalement est entre de bonnes mains.")

    versions = list(MessageTemplateVersion.objects.filter(code="received", language="fr").order_by("version"))
    assert [(v.version, v.is_current, v.created_by) for v in versions] == [
        (1, False, personas.coordinator),
        (2, True, personas.coordinator),
    ]
    assert versions[0].body == "Merci, nous avons bien reçu votre signalement."
    assert template_text("received", "fr") == "Merci. Votre signalement est entre de bonnes mains."
    assert template_text("received", "en").startswith("Thank you for your report.")  # other languages untouched
    assert [e.data["version"] for e in events(Action.MESSAGE_TEMPLATE_SAVED)] == [1, 2]
    assert events(Action.MESSAGE_TEMPLATE_SAVED)[0].data["language"] == "fr"


@pytest.mark.django_db
def test_saving_the_current_text_again_adds_no_version(personas, client_for):
    client = client_for(personas.coordinator)
    _save(client, "Merci.")

    again = _save(client, "Merci.")

    assert again.status_code == 302
    assert MessageTemplateVersion.objects.filter(code="received", language="fr").count() == 1
    assert "Nothing changed: this is the current text already." in text(client.get(URL))
    assert len(events(Action.MESSAGE_TEMPLATE_SAVED)) == 1


@pytest.mark.django_db
def test_saving_the_built_in_text_unchanged_adds_no_version(personas, client_for):
    client = client_for(personas.coordinator)

    _save(client, template_text("received", "en"), title="Report received", url="/cases/templates/received/en/")

    assert not MessageTemplateVersion.objects.exists()


@pytest.mark.django_db
def test_a_title_and_a_text_are_required_and_shown_beside_the_fields(personas, client_for):
    response = _save(client_for(personas.coordinator), "", title="")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_title_error"' in page and 'id="id_body_error"' in page
    assert not MessageTemplateVersion.objects.exists()


@pytest.mark.django_db
def test_the_history_lists_each_version_with_its_author_and_date(personas, client_for):
    other = user_with_role("second.coordinator@example.org", "coordinator")
    _save(client_for(personas.coordinator), "Première version.")
    _save(client_for(other), "Deuxième version.")

    page = text(client_for(personas.coordinator).get(f"{URL}history/"))

    assert "Première version." in page and "Deuxième version." in page
    assert personas.coordinator.display_name in page and other.display_name in page
    assert page.index("Deuxième version.") < page.index("Première version.") < page.index("built into the platform")
    assert "Restore version 1" in page and "Restore version 2" not in page
    assert "Restore the built-in text" in page


@pytest.mark.django_db
def test_an_unknown_template_or_language_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)

    assert client.get("/cases/templates/nope/fr/").status_code == 404
    assert client.get("/cases/templates/received/es/").status_code == 404
    assert client.get("/cases/templates/received/es/history/").status_code == 404
    assert _save(client, "x", url="/cases/templates/nope/fr/").status_code == 404
    assert not MessageTemplateVersion.objects.exists()
