"""referral_close: an allegation referral closes only with its investigation outcome; the date the survivor was
informed cannot be in the future (the network's today); an assistance referral is simply marked done. The
coordinators are told, without content, and the closure is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from pseahub.audit.models import Action
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import ReferralState
from pseahub.referrals.services import referral_acknowledge, referral_close, referral_progress

from .helpers import events_on, network, refer, refer_assistance, sea_complaint, sign_in, term, text


@pytest.fixture
def acknowledged(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    return referral


@pytest.mark.django_db
def test_it_closes_with_the_outcome(personas, acknowledged, mailoutbox, django_capture_on_commit_callbacks):
    outcome = term("outcome", "substantiated")

    with django_capture_on_commit_callbacks(execute=True):
        referral_close(
            actor=personas.focal_point_a,
            referral=acknowledged,
            outcome=outcome,
            survivor_informed_on=dt.date(2026, 1, 2),
            note="Contract terminated.",
        )

    acknowledged.refresh_from_db()
    assert acknowledged.state == ReferralState.CLOSED
    assert acknowledged.outcome == outcome
    assert acknowledged.survivor_informed_on == dt.date(2026, 1, 2)
    assert acknowledged.closed_at is not None and acknowledged.due_at is None
    (event,) = events_on(acknowledged.complaint, Action.REFERRAL_CLOSED)
    assert event.actor == personas.focal_point_a
    assert event.data == {"referral": str(acknowledged.public_id), "outcome": "substantiated"}
    (notice,) = mailoutbox
    assert notice.to == [personas.coordinator.email]
    assert notice.subject == f"[PSEA Hub] Referral {acknowledged.complaint.reference} closed"


@pytest.mark.django_db
def test_an_allegation_referral_needs_an_outcome(personas, acknowledged):
    with pytest.raises(ApplicationError) as error:
        referral_close(actor=personas.focal_point_a, referral=acknowledged)

    assert error.value.message == "Record the outcome of the investigation before closing."
    acknowledged.refresh_from_db()
    assert acknowledged.state == ReferralState.ACKNOWLEDGED
    assert events_on(acknowledged.complaint, Action.REFERRAL_CLOSED) == []


@pytest.mark.django_db
def test_an_outcome_recorded_with_progress_is_enough(personas, acknowledged):
    referral_progress(
        actor=personas.focal_point_a,
        referral=acknowledged,
        note="Report received.",
        outcome=term("outcome", "not_substantiated"),
    )

    referral_close(actor=personas.focal_point_a, referral=acknowledged)

    acknowledged.refresh_from_db()
    assert acknowledged.state == ReferralState.CLOSED
    assert acknowledged.outcome.code == "not_substantiated"


@pytest.mark.django_db
def test_the_outcome_must_come_from_the_outcome_vocabulary(personas, acknowledged):
    with pytest.raises(ApplicationError, match="Unknown outcome"):
        referral_close(actor=personas.focal_point_a, referral=acknowledged, outcome=term("age_group", "18-25"))
    with pytest.raises(ApplicationError, match="Unknown outcome"):
        referral_progress(
            actor=personas.focal_point_a, referral=acknowledged, note="x", outcome=term("sea_type", "rape")
        )


@pytest.mark.django_db
def test_the_survivor_cannot_have_been_informed_in_the_future(personas, acknowledged):
    with (
        time_machine.travel(dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(ApplicationError) as error,
    ):
        referral_close(
            actor=personas.focal_point_a,
            referral=acknowledged,
            outcome=term("outcome", "substantiated"),
            survivor_informed_on=dt.date(2026, 1, 2),
        )
    assert error.value.message == "The date the survivor was informed cannot be in the future."
    acknowledged.refresh_from_db()
    assert acknowledged.state == ReferralState.ACKNOWLEDGED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "utc_now", "informed_on", "allowed"),
    [
        # 23:30 UTC on 1 January is already 2 January in Beirut.
        ("Asia/Beirut", "2026-01-01T23:30", "2026-01-02", True),
        ("Asia/Beirut", "2026-01-01T23:30", "2026-01-03", False),
        # 01:00 UTC on 2 January is still 1 January in Port-au-Prince.
        ("America/Port-au-Prince", "2026-01-02T01:00", "2026-01-02", False),
        ("America/Port-au-Prince", "2026-01-02T01:00", "2026-01-01", True),
    ],
)
def test_today_is_the_networks_today(personas, acknowledged, zone, utc_now, informed_on, allowed):
    network(timezone=zone)
    close = dict(
        actor=personas.focal_point_a,
        referral=acknowledged,
        outcome=term("outcome", "substantiated"),
        survivor_informed_on=dt.date.fromisoformat(informed_on),
    )

    with time_machine.travel(dt.datetime.fromisoformat(utc_now).replace(tzinfo=dt.UTC), tick=False):
        if allowed:
            referral_close(**close)
        else:
            with pytest.raises(ApplicationError, match="cannot be in the future"):
                referral_close(**close)

    acknowledged.refresh_from_db()
    assert (acknowledged.state == ReferralState.CLOSED) is allowed


@pytest.mark.django_db
def test_an_assistance_referral_is_marked_done_without_an_outcome(personas):
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a))
    referral_acknowledge(actor=personas.provider, referral=referral)

    referral_close(actor=personas.provider, referral=referral, note="Seen at the clinic.")

    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    assert referral.outcome is None


@pytest.mark.django_db
def test_the_close_form_shows_the_refusal(personas, acknowledged):
    client = sign_in(personas.focal_point_a)
    after_tomorrow = (timezone.now() + dt.timedelta(days=2)).date()

    response = client.post(
        f"/referrals/{acknowledged.public_id}/close/",
        {"outcome": "substantiated", "survivor_informed_on": after_tomorrow.isoformat()},
        follow=True,
    )

    assert "The date the survivor was informed cannot be in the future." in text(response)
    acknowledged.refresh_from_db()
    assert acknowledged.state == ReferralState.ACKNOWLEDGED
