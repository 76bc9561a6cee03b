"""The reporter's status page agrees with what happened: once the investigation has an outcome the reporter
reads it (in the words of the message templates), and a closed report says it is closed and why — never that the
organisation is still looking into it. Each state a reporter can be in, in English and in French."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy

from pseahub.cases.message_templates import template_text
from pseahub.cases.models import Complaint
from pseahub.cases.services import complaint_close, complaint_triage
from pseahub.intake.services import REPORTER_CLOSED, REPORTER_STATUS
from pseahub.referrals.services import referral_acknowledge, referral_close

from .helpers import refer, submit, term

STATUS_RE = re.compile(r'<p class="card" id="status">([^<]*)</p>')


def _seen(receipt: str, language: str) -> str:
    """What the reporter reads at the top of /report/status, in ``language``."""
    reporter = Client()
    reporter.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert reporter.post("/report/follow", {"receipt": receipt}).status_code == 302
    match = STATUS_RE.search(reporter.get("/report/status").content.decode())
    assert match
    return html.unescape(match.group(1))


def _in(language: str, text: object) -> str:
    with translation.override(language):
        return str(text)


def _filed(personas) -> tuple[Complaint, str]:
    submitted = submit(reported_organisation=personas.org_a)
    return submitted.complaint, submitted.receipt


def _triaged(personas) -> tuple[Complaint, str]:
    complaint, receipt = _filed(personas)
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification="sea",
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
    )
    return Complaint.objects.get(pk=complaint.pk), receipt


def _investigated(personas, outcome: str, *, close: bool) -> str:
    """Referred, acknowledged, the referral closed with ``outcome``; the complaint closed too when ``close``."""
    complaint, receipt = _triaged(personas)
    referral = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", outcome))
    if close:
        complaint_close(actor=personas.coordinator, complaint=complaint, reason="outcome_reached")
    return receipt


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_before_any_outcome_the_reporter_reads_where_the_report_is(personas, language):
    _complaint, receipt = _filed(personas)
    assert _seen(receipt, language) == _in(language, REPORTER_STATUS["new"])
    if language == "en":
        assert _seen(receipt, "en") == "We have received your report. The PSEA coordinator will read it soon."
    complaint, receipt = _triaged(personas)
    assert _seen(receipt, language) == _in(language, REPORTER_STATUS["triaged"])
    referral = refer(personas, complaint)
    assert _seen(receipt, language) == _in(language, REPORTER_STATUS["referred"])
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    assert _seen(receipt, language) == _in(language, REPORTER_STATUS["in_progress"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "template", "english"),
    [
        ("substantiated", "outcome_substantiated", "The investigation has ended. The allegation was confirmed"),
        ("not_substantiated", "outcome_not_substantiated", "The investigation has ended. It could not confirm"),
    ],
)
def test_an_outcome_reached_is_told_in_the_templates_words_before_the_report_is_closed(
    personas, outcome, template, english
):
    receipt = _investigated(personas, outcome, close=False)

    in_english = _seen(receipt, "en")
    assert in_english == template_text(template, "en") and in_english.startswith(english)
    assert _seen(receipt, "fr") == template_text(template, "fr")
    assert "looking into" not in in_english


@pytest.mark.django_db
def test_a_report_closed_with_an_outcome_says_closed_and_the_outcome(personas):
    receipt = _investigated(personas, "substantiated", close=True)

    assert _seen(receipt, "en") == (
        "Your report is closed. The investigation has ended. The allegation was confirmed and the organisation "
        "has taken action. Thank you for your courage in reporting."
    )
    in_french = _seen(receipt, "fr")
    assert in_french.endswith(template_text("outcome_substantiated", "fr"))
    assert _in("fr", gettext_lazy("Your report is closed.")) != "Your report is closed."  # extracted and translated
    assert in_french.startswith(_in("fr", gettext_lazy("Your report is closed.")))


@pytest.mark.django_db
def test_an_outcome_the_templates_do_not_word_still_says_the_investigation_ended(personas):
    receipt = _investigated(personas, "closed_other", close=True)

    assert _seen(receipt, "en") == "Your report is closed: the investigation has ended."
    assert _seen(receipt, "fr") == _in("fr", REPORTER_CLOSED["outcome_reached"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "english"),
    [
        (
            "forwarded",
            "Your report was not about abuse by aid workers, so we passed it to the organisation's feedback service.",
        ),
        (
            "insufficient_information",
            "Your report is closed: there was not enough information to act on it. If you have more information, "
            "you can add it below.",
        ),
        ("withdrawn", "Your report is closed because you withdrew it."),
        (
            "duplicate",
            "Your report is closed because another report about the same events is already being dealt with.",
        ),
        ("other", "Your report is closed. Read the messages below for the outcome."),
    ],
)
def test_a_closed_report_says_why_it_was_closed(personas, reason, english):
    complaint, receipt = _triaged(personas)
    # A duplicate names the complaint it duplicates.
    original = _filed(personas)[0].reference if reason == "duplicate" else ""
    complaint_close(
        actor=personas.coordinator, complaint=complaint, reason=reason, note="See the messages.", duplicate_of=original
    )

    assert _seen(receipt, "en") == english
    assert _seen(receipt, "fr") == _in("fr", REPORTER_CLOSED[reason])
    assert "looking into" not in english
