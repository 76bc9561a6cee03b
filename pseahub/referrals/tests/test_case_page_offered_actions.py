"""The case page offers only the actions that still make sense (issue 11, item 12): no "refer to <organisation>"
while the allegation's referral to it is open or closed with its outcome; again once revoked or declined; no
forwarding as feedback once referred; after closure nothing that changes the record, only access changes."""

from __future__ import annotations

import pytest

from pseahub.cases.services import complaint_close
from pseahub.referrals.services import referral_acknowledge, referral_close, referral_decline, referral_revoke

from .helpers import refer, sea_complaint, sign_in, term, text


def _page(personas, complaint) -> str:
    response = sign_in(personas.coordinator).get(f"/cases/{complaint.public_id}/")
    assert response.status_code == 200
    return text(response)


REFER_ALPHA = "Refer the allegation to Alpha Relief"


@pytest.mark.django_db
def test_a_new_complaint_offers_triage_forwarding_and_referral(personas):
    complaint = sea_complaint(personas)

    page = _page(personas, complaint)

    assert "Save triage" in page and "Forward to the feedback channel of" in page
    assert REFER_ALPHA in page and "Refer the survivor to a service" in page
    assert "Close the complaint" in page and "Exclude an implicated person" in page
    assert "Send message" in page and "Add an allegation" in page and "Correct this allegation" in page


@pytest.mark.django_db
def test_an_open_referral_is_not_offered_again_nor_forwarding(personas):
    complaint = sea_complaint(personas)
    refer(personas, complaint)

    page = _page(personas, complaint)

    assert REFER_ALPHA not in page
    assert "The allegation is referred to Alpha Relief (ALPHA) (Sent)." in page
    assert ">Revoke</button>" in page
    assert "Forward to the feedback channel of" not in page  # forwarding closes it: not once referred
    assert "Save triage" in page  # the classification can still be corrected


@pytest.mark.django_db
def test_an_acknowledged_referral_is_not_offered_again(personas):
    complaint = sea_complaint(personas)
    referral_acknowledge(actor=personas.focal_point_a, referral=refer(personas, complaint))

    page = _page(personas, complaint)

    assert REFER_ALPHA not in page and "(Acknowledged)" in page


@pytest.mark.django_db
def test_a_revoked_referral_can_be_sent_again(personas):
    complaint = sea_complaint(personas)
    referral_revoke(actor=personas.coordinator, referral=refer(personas, complaint))

    page = _page(personas, complaint)

    assert REFER_ALPHA in page
    assert ">Revoke</button>" not in page  # nothing open to revoke


@pytest.mark.django_db
def test_a_declined_referral_can_be_sent_again(personas):
    complaint = sea_complaint(personas)
    referral_decline(actor=personas.focal_point_a, referral=refer(personas, complaint), reason="no_capacity")

    assert REFER_ALPHA in _page(personas, complaint)


@pytest.mark.django_db
def test_a_referral_closed_with_its_outcome_is_not_offered_again(personas):
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", "substantiated"))

    page = _page(personas, complaint)

    assert REFER_ALPHA not in page and "(Closed)" in page


@pytest.mark.django_db
def test_a_closed_complaint_offers_no_change_only_access(personas):
    complaint = sea_complaint(personas)
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="insufficient_information")

    page = _page(personas, complaint)

    assert "This complaint is closed: its record can no longer be changed." in page
    for gone in (
        "Save triage",
        "Save survivor details",
        "Correct this allegation",
        "Add an allegation",
        REFER_ALPHA,
        "Refer the survivor to a service",
        "Close the complaint",
        "Send message",
        "Start from a template",
    ):
        assert gone not in page, gone
    assert "Exclude an implicated person" in page  # access changes stay possible until the purge
    assert 'href="#closure"' not in page and 'href="#exclusions"' in page
