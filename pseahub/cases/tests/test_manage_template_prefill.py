"""The case page's "?template=CODE" prefills the current version in the complaint's language; the built-in text
where no version was written; a template added by a coordinator is offered too."""

from __future__ import annotations

import pytest

from pseahub.cases.manage import template_add, template_save
from pseahub.cases.message_templates import template_text
from pseahub.referrals.tests.helpers import sign_in, submit, text

from .test_message_templates import _prefilled


@pytest.mark.django_db
def test_the_case_page_prefills_the_current_version(personas):
    complaint = submit(language="fr").complaint
    for body in ("Ancienne version.", "Version actuelle."):
        template_save(actor=personas.coordinator, code="support", language="fr", title="Soutien", body=body)
    client = sign_in(personas.coordinator)

    response = client.get(f"/cases/{complaint.public_id}/?template=support")

    assert _prefilled(response) == "Version actuelle."


@pytest.mark.django_db
def test_a_language_without_a_version_keeps_the_built_in_text(personas):
    template_save(actor=personas.coordinator, code="support", language="fr", title="Soutien", body="Version FR.")
    complaint = submit(language="ar").complaint

    response = sign_in(personas.coordinator).get(f"/cases/{complaint.public_id}/?template=support")

    assert _prefilled(response) == template_text("support", "ar") != "Version FR."
    assert _prefilled(response).startswith("يتوفر دعم مجاني")


@pytest.mark.django_db
def test_an_added_template_is_offered_and_falls_back_to_english(personas):
    template_add(
        actor=personas.coordinator,
        code="interview_invitation",
        language="en",
        title="Invitation to an interview",
        body="Would you agree to talk with an investigator?",
    )
    complaint = submit(language="fr").complaint
    client = sign_in(personas.coordinator)

    page = text(client.get(f"/cases/{complaint.public_id}/"))
    assert 'value="interview_invitation"' in page
    assert "Invitation to an interview" in page
    response = client.get(f"/cases/{complaint.public_id}/?template=interview_invitation")
    assert _prefilled(response) == "Would you agree to talk with an investigator?"
