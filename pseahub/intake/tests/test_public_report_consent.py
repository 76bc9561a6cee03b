"""The public form asks the SOP's consent questions: answers are the survivor's own, through the web, by their own
hand; an unanswered question records nothing ("not asked"); a witness's answers are not the survivor's consent."""

from __future__ import annotations

import pytest
from django.utils import translation

from pseahub.audit.models import Action
from pseahub.cases.models import Complaint, Consent
from pseahub.cases.tests.helpers import events_on, text
from pseahub.intake.forms import CONSENT_QUESTIONS

from .helpers import file_report, post_report, report_data

ALL_ANSWERED = {
    "consent_services": "given",
    "consent_share_identity": "refused",
    "consent_investigation": "given",
    "consent_statistics": "given",
}


def recorded() -> dict[str, tuple[str, ...]]:
    return {
        c.purpose: (c.decision, c.given_by, c.channel, c.manner, c.child_assent, c.recorded_by)
        for c in Consent.objects.all()
    }


@pytest.mark.django_db
def test_the_form_asks_each_question_in_plain_words_and_none_is_answered_by_default(client):
    response = client.get("/report")
    page, shown = response.content.decode(), text(response)

    for question, explanation in CONSENT_QUESTIONS.values():
        assert str(question) in shown and str(explanation) in shown
    for name in ALL_ANSWERED:
        # Yes, No, and "I'd rather not answer", checked: what a browser sends unless the reporter picks another.
        assert page.count(f'name="{name}"') == 3
        assert f'name="{name}" value="" id="id_{name}_2" checked' in page
        assert f'name="{name}" value="given" id="id_{name}_0" checked' not in page


@pytest.mark.django_db
def test_the_questions_are_in_the_reporters_language(client):
    page = text(client.get("/report", HTTP_ACCEPT_LANGUAGE="fr"))

    with translation.override("fr"):
        question = str(CONSENT_QUESTIONS["statistics"][0])
    assert '<html lang="fr"' in page
    assert question in page


@pytest.mark.django_db
def test_a_survivors_answers_are_recorded_as_given_by_them_on_the_web_by_their_own_hand(client, personas):
    file_report(client, complainant_type="survivor", **ALL_ANSWERED)

    complaint = Complaint.objects.get()
    assert recorded() == {
        "services": ("given", "survivor", "web", "own_hand", "", None),
        "share_identity": ("refused", "survivor", "web", "own_hand", "", None),
        "investigation": ("given", "survivor", "web", "own_hand", "", None),
        "statistics": ("given", "survivor", "web", "own_hand", "", None),
    }
    assert {c.decided_at for c in Consent.objects.all()} == {complaint.received_at}
    assert len(events_on(complaint, Action.COMPLAINT_CREATED)) == 1


@pytest.mark.django_db
def test_unanswered_questions_record_nothing(client, personas):
    file_report(
        client,
        complainant_type="survivor",
        consent_services="given",
        consent_share_identity="",
        consent_statistics="",
    )  # consent_investigation not sent at all

    assert recorded() == {"services": ("given", "survivor", "web", "own_hand", "", None)}


@pytest.mark.django_db
def test_a_report_without_answers_leaves_every_purpose_not_asked(client, personas):
    file_report(client, complainant_type="survivor")

    assert Complaint.objects.count() == 1
    assert not Consent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("complainant_type", ["witness", "third_party", "anonymous"])
def test_answers_from_someone_it_did_not_happen_to_are_not_the_survivors_consent(client, personas, complainant_type):
    file_report(client, complainant_type=complainant_type, **ALL_ANSWERED)

    assert Complaint.objects.count() == 1
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_an_unknown_answer_is_a_form_error_and_files_nothing(client, personas):
    response = post_report(client, report_data(complainant_type="survivor", consent_services="maybe"))

    assert "Select a valid choice." in text(response)
    assert not Complaint.objects.exists()
