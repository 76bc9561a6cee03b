"""Outcome message templates: every template exists in English, French and Arabic; the case page prefills the
message form in the complaint's language, whatever the coordinator's own interface language."""

from __future__ import annotations

import html
import re

import pytest

from pseahub.cases.message_templates import TEMPLATES, template_choices, template_text
from pseahub.referrals.tests.helpers import sign_in, submit, text

TEXTAREA_RE = re.compile(r'<textarea name="body"[^>]*>\s*([^<]*)</textarea>')


def _prefilled(response) -> str:
    match = TEXTAREA_RE.search(response.content.decode())
    assert match, text(response)[:3000]
    return html.unescape(match.group(1)).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_is_written_in_english_french_and_arabic(code):
    texts = {language: template_text(code, language) for language in ("en", "fr", "ar")}

    assert all(texts.values())
    assert len(set(texts.values())) == 3  # three different texts, not a copy of the English


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english_and_an_unknown_code_to_nothing():
    assert template_text("outcome_substantiated", "es") == template_text("outcome_substantiated", "en")
    assert template_text("no_such_template", "fr") == ""
    assert [code for code, _label in template_choices()] == list(TEMPLATES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("en", "The investigation has ended. The allegation was confirmed"),
        ("fr", "L'enquête est terminée. L'allégation a été confirmée"),
        ("ar", "انتهى التحقيق. ثبتت صحة الادعاء"),
    ],
)
def test_the_case_page_prefills_the_message_in_the_complaints_language(personas, language, start):
    complaint = submit(language=language).complaint
    client = sign_in(personas.coordinator)

    response = client.get(f"/cases/{complaint.public_id}/?template=outcome_substantiated")

    assert response.status_code == 200
    assert _prefilled(response).startswith(start)
    assert _prefilled(response) == template_text("outcome_substantiated", language)


@pytest.mark.django_db
def test_the_coordinators_own_language_does_not_change_the_template(personas):
    personas.coordinator.language = "ar"
    personas.coordinator.save(update_fields=["language"])
    complaint = submit(language="fr").complaint
    client = sign_in(personas.coordinator)
    client.cookies["pseahub_language"] = "ar"

    response = client.get(f"/cases/{complaint.public_id}/?template=outcome_not_substantiated")

    assert _prefilled(response) == template_text("outcome_not_substantiated", "fr")


@pytest.mark.django_db
def test_without_or_with_an_unknown_template_the_form_is_empty(personas):
    complaint = submit(language="fr").complaint
    client = sign_in(personas.coordinator)

    assert _prefilled(client.get(f"/cases/{complaint.public_id}/")) == ""
    assert _prefilled(client.get(f"/cases/{complaint.public_id}/?template=nope")) == ""
    page = text(client.get(f"/cases/{complaint.public_id}/"))
    assert 'value="outcome_substantiated"' in page
    assert "Outcome: the allegation was confirmed" in page


@pytest.mark.django_db
def test_the_template_page_is_the_case_page_outsiders_get_404(personas, client_for):
    complaint = submit(language="fr").complaint

    for user in (personas.focal_point_a, personas.operator, personas.analyst, personas.admin, personas.no_role):
        response = client_for(user).get(f"/cases/{complaint.public_id}/?template=outcome_substantiated")
        assert response.status_code == 404, user.email
