"""Mail and field-form reports start with every consent "not asked": nothing in the message or the form is read
as a consent, and the case page says so for each purpose until someone asks the survivor."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, Consent, ConsentPurpose
from pseahub.cases.tests.helpers import text
from pseahub.intake.adapters.mailbox import mailbox_poll

from .hooks_helpers import channel_make, kobo_post
from .imap_server import mail
from .test_hooks_kobo import kobo_submission

STORY = (
    "A guard at the water point asked my sister for sex for a food card. Yes, you may share my name with his "
    "organisation, contact me, refer me to services and count this in statistics."
)


NOT_ASKED = '<p class="consent-decision"><strong>Not asked</strong></p>'


def not_asked_on_the_case_page(client, complaint) -> int:
    """How many purposes the case page shows as "Not asked" (each purpose has its own block)."""
    page = text(client.get(f"/cases/{complaint.public_id}/"))
    assert all(f'id="consent-{purpose}"' in page for purpose in ConsentPurpose.values)
    return page.count(NOT_ASKED)


@pytest.mark.django_db
def test_a_mailed_report_starts_with_every_consent_not_asked(personas, mailbox, unlocked_client_for):
    mailbox.append(mail(STORY, subject="Consent: yes to everything"))

    result = mailbox_poll(channel=mailbox.channel)

    assert result.created == 1
    complaint = Complaint.objects.get()
    assert complaint.channel == "email"
    assert not Consent.objects.exists()
    assert not_asked_on_the_case_page(unlocked_client_for(personas.coordinator), complaint) == 4


@pytest.mark.django_db
def test_a_field_form_report_starts_with_every_consent_not_asked(client, monkeypatch, personas, unlocked_client_for):
    kobo = channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form", languages=["fr"])
    # A form that asked consent questions of its own: its answers are not taken as the survivor's consent.
    answers = {
        "group_consent/consent_services": "yes",
        "group_consent/consent_share_identity": "yes",
        "consent_investigation": "yes",
        "consent_statistics": "yes",
        "complainant_type": "survivor",
    }

    response = kobo_post(client, kobo, kobo_submission(personas, **answers))

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.channel == "field_form"
    assert not Consent.objects.exists()
    assert not_asked_on_the_case_page(unlocked_client_for(personas.coordinator), complaint) == 4
