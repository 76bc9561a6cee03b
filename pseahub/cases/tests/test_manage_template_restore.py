""" "Restore" makes an earlier version's text current again as a new version (the history is never rewritten);
the built-in text can be restored the same way. Repeating the POST adds nothing."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.manage import template_save
from pseahub.cases.message_templates import template_text
from pseahub.cases.models import MessageTemplateVersion

from .helpers import events, text

URL = "/cases/templates/referred/en/history/"


@pytest.fixture
def two_versions(personas):
    for body in ("First edit.", "Second edit."):
        template_save(actor=personas.coordinator, code="referred", language="en", title="Passed on", body=body)


def _versions():
    rows = MessageTemplateVersion.objects.filter(code="referred", language="en").order_by("version")
    return [(v.version, v.body, v.is_current, v.restored_from) for v in rows]


@pytest.mark.django_db
def test_restoring_a_version_adds_a_new_current_version_with_its_text(personas, client_for, two_versions):
    client = client_for(personas.coordinator)

    response = client.post(URL, {"version": "1"})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _versions() == [
        (1, "First edit.", False, None),
        (2, "Second edit.", False, None),
        (3, "First edit.", True, 1),
    ]
    assert template_text("referred", "en") == "First edit."
    page = text(client.get(URL))
    assert "Restored as version 3." in page
    assert "restored from version 1" in page
    [event] = events(Action.MESSAGE_TEMPLATE_RESTORED)
    assert event.data == {"code": "referred", "language": "en", "version": 3, "restored_from": 1}


@pytest.mark.django_db
def test_repeating_the_restore_adds_nothing(personas, client_for, two_versions):
    client = client_for(personas.coordinator)
    client.post(URL, {"version": "1"})

    client.post(URL, {"version": "1"})

    assert len(_versions()) == 3
    assert "Nothing changed: this is the current text already." in text(client.get(URL))


@pytest.mark.django_db
def test_the_built_in_text_can_be_restored(personas, client_for, two_versions):
    builtin = "Your report has been passed to the organisation concerned, which must look into it."

    client = client_for(personas.coordinator)
    client.post(URL, {"version": "0"})

    assert _versions()[-1][0] == 3
    assert _versions()[-1][2:] == (True, 0)
    assert template_text("referred", "en").startswith(builtin)
    page = text(client.get(URL))
    assert "restored from the built-in text" in page
    assert "Restore the built-in text" not in page  # it is the current text now


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["9", "-1", "x", ""])
def test_a_version_that_does_not_exist_is_refused(personas, client_for, two_versions, version):
    client = client_for(personas.coordinator)

    assert client.post(URL, {"version": version}).status_code == 302

    assert len(_versions()) == 2
    assert "There is no such version." in text(client.get(URL))
