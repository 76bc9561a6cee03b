"""The case page's consent section: per purpose the current decision, who gave it, when, through which channel
and how, a child's assent beside a caregiver's or best-interests decision, "Not asked" where nothing was
recorded, and the earlier decisions (a withdrawal's history) folded away; the staff form records the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from pseahub.cases.models import Consent, Vocabulary
from pseahub.cases.services import ConsentInput, consent_record

from .helpers import file_complaint, term, text

DAY_ONE = dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.UTC)
DAY_TEN = dt.datetime(2026, 2, 11, 16, 30, tzinfo=dt.UTC)


def block(page: str, purpose: str) -> str:
    """The text of one purpose's block on the page, tags removed, spaces collapsed."""
    match = re.search(rf'<div class="consent" id="consent-{purpose}">(.*?)</div>', page, re.S)
    assert match, f"no block for {purpose}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


@pytest.mark.django_db
def test_it_shows_who_when_through_which_channel_and_how(personas, coordinator):
    with time_machine.travel(DAY_ONE, tick=False):
        complaint = file_complaint(
            consents=[
                ConsentInput(
                    purpose="services", decision="given", given_by="survivor", channel="web", manner="own_hand"
                ),
                ConsentInput(
                    purpose="statistics", decision="refused", given_by="survivor", channel="hotline", manner="verbal"
                ),
            ]
        )

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    assert block(page, "services") == (
        "Referral to assistance services Given · Given by: The survivor · Date: 2026-02-02 · Through: Web form "
        "· How: By the reporter's own hand (form, SMS or message)"
    )
    assert block(page, "statistics") == (
        "Being counted in anonymous statistics Refused · Given by: The survivor · Date: 2026-02-02 "
        "· Through: Hotline · How: Verbal"
    )
    assert block(page, "share_identity") == "Sharing identifying details with the concerned organisation Not asked"
    assert block(page, "investigation") == "Being contacted for the investigation Not asked"


@pytest.mark.django_db
def test_it_shows_a_childs_assent_beside_a_caregivers_decision(personas, coordinator):
    complaint = file_complaint(survivor_age_group=term(Vocabulary.AGE_GROUP, "12-17"))
    with time_machine.travel(DAY_ONE, tick=False):
        consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="investigation",
            decision="given",
            given_by="caregiver",
            channel="walk_in",
            manner="written",
            child_assent="refused",
        )

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    assert block(page, "investigation") == (
        "Being contacted for the investigation Given · Given by: A parent or caregiver · Date: 2026-02-02 "
        "· Through: Walk-in · How: Written (signed form) · Child's assent: The child did not agree"
    )


@pytest.mark.django_db
def test_a_withdrawal_is_the_current_decision_and_the_earlier_one_is_in_the_history(personas, coordinator):
    complaint = file_complaint()
    for when, decision in ((DAY_ONE, "given"), (DAY_TEN, "withdrawn")):
        with time_machine.travel(when, tick=False):
            consent_record(
                actor=personas.coordinator,
                complaint=complaint,
                purpose="share_identity",
                decision=decision,
                given_by="survivor",
                channel="sms",
                manner="own_hand",
            )

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    shown = block(page, "share_identity")
    current, history = shown.split("1 earlier decision")
    assert current.startswith("Sharing identifying details with the concerned organisation Withdrawn ·")
    assert "Date: 2026-02-11 · Through: SMS" in current
    assert history.strip().startswith("Given · Given by: The survivor · Date: 2026-02-02 · Through: SMS")
    assert "<details><summary>1 earlier decision</summary>" in page


@pytest.mark.django_db
def test_a_record_made_without_channel_or_manner_shows_what_is_known(personas, coordinator):
    complaint = file_complaint()
    with time_machine.travel(DAY_ONE, tick=False):
        consent_record(
            actor=personas.coordinator, complaint=complaint, purpose="services", decision="given", given_by="survivor"
        )

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    assert block(page, "services").endswith("Given · Given by: The survivor · Date: 2026-02-02")


@pytest.mark.django_db
def test_the_staff_form_records_channel_manner_and_a_childs_assent(personas, coordinator):
    complaint = file_complaint(survivor_age_group=term(Vocabulary.AGE_GROUP, "12-17"))
    url = f"/cases/{complaint.public_id}/consents/"
    form = text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert 'name="channel"' in form and 'name="manner"' in form and 'name="child_assent"' in form

    response = coordinator.post(
        url,
        {
            "purpose": "services",
            "decision": "given",
            "given_by": "best_interests",
            "child_assent": "not_asked",
            "channel": "focal_point",
            "manner": "verbal",
        },
        follow=True,
    )

    assert "Consent recorded." in text(response)
    consent = Consent.objects.get()
    assert (consent.given_by, consent.channel, consent.manner, consent.child_assent) == (
        "best_interests",
        "focal_point",
        "verbal",
        "not_asked",
    )
    assert "Child's assent: Not asked (age or capacity)" in block(text(response), "services")


@pytest.mark.django_db
def test_the_staff_form_refuses_a_childs_assent_beside_the_survivors_own_decision(personas, coordinator):
    complaint = file_complaint()

    response = coordinator.post(
        f"/cases/{complaint.public_id}/consents/",
        {"purpose": "services", "decision": "given", "given_by": "survivor", "child_assent": "given"},
        follow=True,
    )

    assert "A child's assent is recorded only beside a caregiver's or best-interests decision." in text(response)
    assert not Consent.objects.exists()
