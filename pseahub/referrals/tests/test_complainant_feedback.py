"""Feedback to the complainant: with the receipt (/report/follow, then /report/status) the reporter sees the status
in plain words change as the referrals move, in the language they chose, reads the coordinator's messages —
including one started from an outcome template in the reporter's language — and can reply."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from pseahub.audit.models import Action
from pseahub.cases.message_templates import template_text
from pseahub.cases.models import Complaint, MessageDirection, Status
from pseahub.cases.services import complaint_close, complaint_triage
from pseahub.intake.services import REPORTER_STATUS
from pseahub.intake.tests.helpers import post_report
from pseahub.referrals.services import referral_acknowledge, referral_close

from .helpers import events_on, refer, sign_in, term, text

RECEIPT_RE = re.compile(r'id="receipt">([0-9 ]+)<')
STATUS_RE = re.compile(r'<p class="card" id="status">([^<]*)</p>')
TEXTAREA_RE = re.compile(r'<textarea name="body"[^>]*>\s*([^<]*)</textarea>')


def _report(client: Client, organisation) -> str:
    response = post_report(
        client,
        {
            "narrative": "Un distributeur a demandé des faveurs sexuelles en échange de nourriture.",
            "organisation": organisation.pk,
            "complainant_type": "survivor",
            "survivor_sex": "female",
            "disability": "unknown",
            "contact_method": "none",
        },
    )
    assert response.status_code == 200, text(response)[:2000]
    match = RECEIPT_RE.search(response.content.decode())
    assert match, text(response)[:2000]
    return match.group(1).replace(" ", "")


def _status(client: Client) -> str:
    response = client.get("/report/status")
    assert response.status_code == 200
    match = STATUS_RE.search(response.content.decode())
    assert match, text(response)[:2000]
    return html.unescape(match.group(1))


def _in(language: str, status: Status) -> str:
    with translation.override(language):
        return str(REPORTER_STATUS[status])


def _reporter(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _walk_the_referral(personas, reporter: Client, language: str) -> list[str]:
    """Move the complaint through every status and return what the reporter saw at each step."""
    receipt = _report(reporter, personas.org_a)
    complaint = Complaint.objects.get()
    assert complaint.language == language
    response = reporter.post("/report/follow", {"receipt": receipt}, follow=True)
    assert response.redirect_chain == [("/report/status", 302)]
    seen = [_status(reporter)]
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification="sea",
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
    )
    seen.append(_status(reporter))
    referral = refer(personas, complaint)
    seen.append(_status(reporter))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    seen.append(_status(reporter))
    referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", "substantiated"))
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="outcome_reached")
    seen.append(_status(reporter))
    return seen


@pytest.mark.django_db
def test_the_reporter_sees_the_status_change_as_the_referral_moves(personas):
    seen = _walk_the_referral(personas, _reporter("en"), "en")

    assert seen == [
        "We have received your report. The PSEA coordinator will read it soon.",
        "The PSEA coordinator is looking at your report.",
        "Your report was passed to the organisation concerned, which is looking into it.",
        "The organisation concerned is looking into your report.",
        "Your report is closed. The investigation has ended. The allegation was confirmed and the organisation "
        "has taken action. Thank you for your courage in reporting.",
    ]


@pytest.mark.django_db
def test_the_reporter_reads_the_status_in_the_language_chosen_with_the_cookie(personas):
    reporter = _reporter("fr")

    seen = _walk_the_referral(personas, reporter, "fr")

    statuses = [Status.NEW, Status.TRIAGED, Status.REFERRED, Status.IN_PROGRESS]
    assert seen[:-1] == [_in("fr", status) for status in statuses]
    assert seen[-1].endswith(template_text("outcome_substantiated", "fr"))
    assert '<html lang="fr"' in reporter.get("/report/status").content.decode()


@pytest.mark.django_db
def test_the_status_strings_are_translated_into_french():
    untranslated = [_in("en", status) for status in REPORTER_STATUS if _in("fr", status) == _in("en", status)]

    assert untranslated == []


@pytest.mark.django_db
def test_the_reporter_reads_a_templated_outcome_message_and_replies(personas):
    reporter = _reporter("fr")
    receipt = _report(reporter, personas.org_a)
    complaint = Complaint.objects.get()
    coordinator = sign_in(personas.coordinator)  # an English interface

    page = coordinator.get(f"/cases/{complaint.public_id}/?template=outcome_substantiated")
    prefilled = TEXTAREA_RE.search(page.content.decode())
    assert prefilled, text(page)[:3000]
    body = html.unescape(prefilled.group(1)).strip()
    assert body.startswith("L'enquête est terminée. L'allégation a été confirmée")  # the complaint's language
    sent = coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": body}, follow=True)
    assert "Message sent. The reporter will see it with the receipt code." in text(sent)

    reporter.post("/report/follow", {"receipt": receipt})
    status_page = text(reporter.get("/report/status"))
    assert body in status_page
    replied = reporter.post("/report/status", {"body": "Merci. REPLY-Civet-3321"}, follow=True)

    assert replied.redirect_chain == [("/report/status", 302)]
    conversation = text(replied)
    assert conversation.index(body) < conversation.index("REPLY-Civet-3321")
    assert list(complaint.messages.values_list("direction", flat=True)) == [
        MessageDirection.TO_REPORTER,
        MessageDirection.FROM_REPORTER,
    ]
    assert "REPLY-Civet-3321" in text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert events_on(complaint, Action.MESSAGE_TO_REPORTER)[0].actor == personas.coordinator
    (reply_event,) = events_on(complaint, Action.REPORTER_ADDED_INFORMATION)
    assert reply_event.actor is None
    assert reply_event.data == {"message": True, "attachments": 0}
    assert len(events_on(complaint, Action.REPORTER_FOLLOWED_UP)) == 1
