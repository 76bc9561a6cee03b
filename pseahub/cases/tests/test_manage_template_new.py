"""A coordinator adds a template: a new code (lower-case, unique) and its text in a first language; the other
languages are written from its page."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import MessageTemplateVersion

from .helpers import events, text

URL = "/cases/templates/new/"


def _post(client, **fields):
    data = {"code": "interview_invitation", "language": "fr", "title": "Invitation", "body": "Accepteriez-vous ?"}
    data.update(fields)
    return client.post(URL, data)


@pytest.mark.django_db
def test_a_new_template_is_added_in_one_language(personas, client_for):
    client = client_for(personas.coordinator)

    response = _post(client)

    assert response.status_code == 302
    assert response["Location"] == "/cases/templates/interview_invitation/fr/"
    [version] = MessageTemplateVersion.objects.all()
    assert (version.code, version.language, version.version, version.is_current) == (
        "interview_invitation",
        "fr",
        1,
        True,
    )
    assert "Template added. Write it in the other languages too." in text(client.get(response["Location"]))
    listing = text(client.get("/cases/templates/"))
    assert "<code>interview_invitation</code>" in listing
    assert "not written yet" in listing
    assert client.get("/cases/templates/interview_invitation/ar/").status_code == 200
    assert len(events(Action.MESSAGE_TEMPLATE_SAVED)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["received", "interview_invitation"])
def test_a_code_that_exists_is_refused(personas, client_for, code):
    client = client_for(personas.coordinator)
    _post(client)
    before = MessageTemplateVersion.objects.count()

    response = _post(client, code=code, body="Autre texte.")

    assert response.status_code == 200
    assert "A template with this code exists already." in text(response)
    assert MessageTemplateVersion.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["Interview", "interview-invitation", "inter view", "new/x", ""])
def test_a_code_that_is_not_lower_case_letters_digits_and_underscores_is_refused(personas, client_for, code):
    response = _post(client_for(personas.coordinator), code=code)

    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert not MessageTemplateVersion.objects.exists()
