"""Only what is shared reaches the recipient: the coordinator's summary and the perpetrator description for a
focal point, the survivor's name and contact only with `share_identity` consent, never the narrative or anything
else of the complaint. Reading it is audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.services import ComplaintInput, complaint_create, complaint_triage, message_to_reporter
from pseahub.cases.services import survivor_update as _survivor_update
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.services import allegation_refer, assistance_refer

from .helpers import consent_given, events_on, private_key, sign_in, text

NARRATIVE = "NARRATIVE-Quokka-4411"
LOCATION = "LOCATION-Baobab-9981"
PERPETRATOR = "PERPETRATOR-Zorro-7302"
REPORTER = "REPORTER-Ibis-2204"
SURVIVOR = "SURVIVOR-Aminata-3307"
CONTACT = "SURVCONTACT-7000-1122"
NOTE = "TRIAGENOTE-Kestrel-1187"
MESSAGE = "MESSAGE-Okapi-6654"
SUMMARY = "A distributor asked a woman for sex in exchange for food, site B, last week."


def _complaint(personas, *consents):
    complaint = complaint_create(
        actor=None,
        data=ComplaintInput(
            channel="web",
            narrative=NARRATIVE,
            location_detail=LOCATION,
            reported_organisation=personas.org_a,
            perpetrator_description=PERPETRATOR,
            reporter_name=REPORTER,
            complainant_type="survivor",
        ),
    ).complaint
    _survivor_update(
        actor=personas.coordinator,
        survivor=complaint.survivors.get(),
        sex="female",
        age_group=None,
        disability="unknown",
        displacement=None,
        is_child=False,
        name=SURVIVOR,
        contact=CONTACT,
    )
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification="sea",
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
        note=NOTE,
    )
    message_to_reporter(actor=personas.coordinator, complaint=complaint, body=MESSAGE)
    for purpose in consents:
        consent_given(personas, complaint, purpose)
    return complaint


def _refer(personas, complaint, *, share_identity):
    return allegation_refer(
        actor=personas.coordinator,
        allegation=complaint.allegations.get(),
        summary=SUMMARY,
        share_identity=share_identity,
        actor_private=private_key(personas.coordinator),
    )


@pytest.mark.django_db
def test_without_identity_consent_the_focal_point_gets_the_summary_only(personas):
    complaint = _complaint(personas)
    referral = _refer(personas, complaint, share_identity=False)

    page = sign_in(personas.focal_point_a).get(f"/referrals/{referral.public_id}/")

    assert page.status_code == 200
    shown = text(page)
    assert SUMMARY in shown
    assert PERPETRATOR in shown  # what the organisation needs to identify its staff member
    for sealed in (NARRATIVE, LOCATION, REPORTER, SURVIVOR, CONTACT, NOTE, MESSAGE):
        assert sealed not in shown, sealed
    (event,) = events_on(complaint, Action.REFERRAL_READ)
    assert event.actor == personas.focal_point_a
    assert event.data == {"referral": str(referral.public_id)}


@pytest.mark.django_db
def test_with_identity_consent_the_name_and_contact_are_shared(personas):
    complaint = _complaint(personas, "share_identity")
    referral = _refer(personas, complaint, share_identity=True)

    shown = text(sign_in(personas.focal_point_a).get(f"/referrals/{referral.public_id}/"))

    assert SURVIVOR in shown and CONTACT in shown
    for sealed in (NARRATIVE, LOCATION, REPORTER, NOTE, MESSAGE):
        assert sealed not in shown, sealed


@pytest.mark.django_db
def test_consent_alone_shares_nothing_more_unless_the_coordinator_chooses_to(personas):
    complaint = _complaint(personas, "share_identity")
    referral = _refer(personas, complaint, share_identity=False)

    shown = text(sign_in(personas.focal_point_a).get(f"/referrals/{referral.public_id}/"))

    assert SURVIVOR not in shown and CONTACT not in shown


@pytest.mark.django_db
def test_the_focal_point_never_opens_the_complaint_itself(personas):
    complaint = _complaint(personas, "share_identity")
    _refer(personas, complaint, share_identity=True)
    client = sign_in(personas.focal_point_a)

    assert client.get(f"/cases/{complaint.public_id}/").status_code == 404
    assert events_on(complaint, Action.CASE_CONTENT_READ) == []


@pytest.mark.django_db
def test_the_provider_gets_the_summary_and_how_to_reach_the_survivor(personas):
    complaint = _complaint(personas, "services")
    referral = assistance_refer(
        actor=personas.coordinator,
        complaint=complaint,
        service=ServiceFactory(provider=personas.org_a),
        summary="Needs a medical check within 72 hours.",
        actor_private=private_key(personas.coordinator),
    )

    shown = text(sign_in(personas.provider).get(f"/referrals/{referral.public_id}/"))

    assert "Needs a medical check within 72 hours." in shown
    assert CONTACT in shown
    for sealed in (NARRATIVE, LOCATION, REPORTER, PERPETRATOR, NOTE, MESSAGE):
        assert sealed not in shown, sealed


@pytest.mark.django_db
def test_a_locked_key_shows_nothing_and_reads_nothing(personas, client_for):
    complaint = _complaint(personas)
    referral = _refer(personas, complaint, share_identity=False)

    page = client_for(personas.focal_point_a).get(f"/referrals/{referral.public_id}/")  # 2FA passed, key locked

    assert page.status_code == 200
    shown = text(page)
    assert "The shared content is locked" in shown
    assert SUMMARY not in shown and PERPETRATOR not in shown
    assert events_on(complaint, Action.REFERRAL_READ) == []
