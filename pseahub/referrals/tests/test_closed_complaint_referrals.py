"""A closed complaint takes no new referral and its referrals take no new step (acknowledge, progress, follow-up
date), called from any page or directly: "This complaint is closed." A referral still open when the complaint
was closed (e.g. as a duplicate) can only be ended: closed with its outcome, declined or revoked."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.cases.services import complaint_close
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Referral, ReferralState, ReferralUpdate
from pseahub.referrals.services import (
    allegation_refer,
    assistance_refer,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_follow_up_set,
    referral_progress,
    referral_revoke,
)

from .helpers import private_key, refer, sea_complaint, sign_in, term, text

CLOSED = "This complaint is closed."


def _close(personas, complaint):
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")


def _state(referral):
    referral.refresh_from_db()
    return (referral.state, referral.follow_up_on, referral.updated_at, ReferralUpdate.objects.count())


@pytest.mark.django_db
def test_no_new_referral_of_either_kind(personas):
    complaint = sea_complaint(personas, consents=("services",))
    service = ServiceFactory(provider=personas.org_a)
    _close(personas, complaint)
    audited = AuditEvent.objects.count()

    with pytest.raises(ApplicationError) as allegation_error:
        allegation_refer(
            actor=personas.coordinator,
            allegation=complaint.allegations.get(),
            summary="Summary.",
            share_identity=False,
            actor_private=private_key(personas.coordinator),
        )
    with pytest.raises(ApplicationError) as assistance_error:
        assistance_refer(
            actor=personas.coordinator,
            complaint=complaint,
            service=service,
            summary="Needs a doctor.",
            actor_private=private_key(personas.coordinator),
        )

    assert allegation_error.value.message == assistance_error.value.message == CLOSED
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == audited


@pytest.mark.django_db
def test_a_sent_referral_cannot_be_acknowledged(personas):
    referral = refer(personas, sea_complaint(personas))
    _close(personas, referral.complaint)
    before = _state(referral)

    with pytest.raises(ApplicationError) as error:
        referral_acknowledge(actor=personas.focal_point_a, referral=Referral.objects.get(pk=referral.pk))

    assert error.value.message == CLOSED
    assert _state(referral) == before


@pytest.mark.django_db
def test_an_acknowledged_referral_takes_no_progress_nor_follow_up_date(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    _close(personas, referral.complaint)
    before = _state(referral)

    with pytest.raises(ApplicationError) as progress_error:
        referral_progress(actor=personas.focal_point_a, referral=Referral.objects.get(pk=referral.pk), note="Step.")
    with pytest.raises(ApplicationError) as follow_up_error:
        referral_follow_up_set(
            actor=personas.coordinator,
            referral=Referral.objects.get(pk=referral.pk),
            follow_up_on=dt.date(2030, 1, 1),
        )

    assert progress_error.value.message == follow_up_error.value.message == CLOSED
    assert _state(referral) == before


@pytest.mark.django_db
def test_an_open_referral_can_still_be_ended(personas):
    complaint = sea_complaint(personas)
    closing = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=closing)
    _close(personas, complaint)

    referral_close(
        actor=personas.focal_point_a,
        referral=Referral.objects.get(pk=closing.pk),
        outcome=term("outcome", "substantiated"),
    )
    assert Referral.objects.get(pk=closing.pk).state == ReferralState.CLOSED


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["decline", "revoke"])
def test_a_sent_referral_can_still_be_declined_or_revoked(personas, end):
    referral = refer(personas, sea_complaint(personas))
    _close(personas, referral.complaint)
    referral = Referral.objects.get(pk=referral.pk)

    if end == "decline":
        referral_decline(actor=personas.focal_point_a, referral=referral, reason="not_our_staff")
        assert Referral.objects.get(pk=referral.pk).state == ReferralState.DECLINED
    else:
        referral_revoke(actor=personas.coordinator, referral=referral)
        assert Referral.objects.get(pk=referral.pk).state == ReferralState.REVOKED


@pytest.mark.django_db
def test_the_referral_page_shows_the_message(personas):
    referral = refer(personas, sea_complaint(personas))
    _close(personas, referral.complaint)
    focal_point = sign_in(personas.focal_point_a)

    response = focal_point.post(f"/referrals/{referral.public_id}/acknowledge/", follow=True)

    assert response.status_code == 200
    assert CLOSED in text(response)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT
