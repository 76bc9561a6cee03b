"""The referral state machine: sent → acknowledged | declined → in_progress → closed, or revoked. Every other step
is refused with a clear message and changes nothing (no state, no history, no audit row)."""

from __future__ import annotations

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.models import ReferralState
from pseahub.referrals.services import (
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_progress,
    referral_revoke,
)

from .helpers import refer, sea_complaint, term


def _step(personas, referral, name):
    fp = personas.focal_point_a
    steps = {
        "acknowledge": lambda: referral_acknowledge(actor=fp, referral=referral),
        "decline": lambda: referral_decline(actor=fp, referral=referral, reason="not_our_staff"),
        "progress": lambda: referral_progress(actor=fp, referral=referral, note="Interviewed the witness."),
        "close": lambda: referral_close(actor=fp, referral=referral, outcome=term("outcome", "not_substantiated")),
        "revoke": lambda: referral_revoke(actor=personas.coordinator, referral=referral),
    }
    return steps[name]()


def _referral_in(personas, state):
    referral = refer(personas, sea_complaint(personas))
    path = {
        ReferralState.SENT: [],
        ReferralState.ACKNOWLEDGED: ["acknowledge"],
        ReferralState.IN_PROGRESS: ["acknowledge", "progress"],
        ReferralState.CLOSED: ["acknowledge", "progress", "close"],
        ReferralState.DECLINED: ["decline"],
        ReferralState.REVOKED: ["revoke"],
    }[state]
    for name in path:
        _step(personas, referral, name)
    referral.refresh_from_db()
    assert referral.state == state
    return referral


IMPOSSIBLE = [
    (ReferralState.SENT, "progress"),
    (ReferralState.SENT, "close"),
    (ReferralState.ACKNOWLEDGED, "acknowledge"),
    (ReferralState.IN_PROGRESS, "acknowledge"),
    (ReferralState.IN_PROGRESS, "decline"),
    *[(ReferralState.CLOSED, step) for step in ("acknowledge", "decline", "progress", "close", "revoke")],
    *[(ReferralState.DECLINED, step) for step in ("acknowledge", "decline", "progress", "close", "revoke")],
    *[(ReferralState.REVOKED, step) for step in ("acknowledge", "decline", "progress", "close", "revoke")],
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "step"), IMPOSSIBLE, ids=[f"{s}-{t}" for s, t in IMPOSSIBLE])
def test_it_refuses_an_impossible_step(personas, state, step):
    referral = _referral_in(personas, state)
    updates = referral.updates.count()
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ApplicationError) as error:
        _step(personas, referral, step)

    label = ReferralState(state).label
    assert error.value.message == f"This referral is {label}; that step is not possible now."
    referral.refresh_from_db()
    assert referral.state == state
    assert referral.updates.count() == updates
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_the_whole_path_is_recorded_in_the_history(personas):
    referral = _referral_in(personas, ReferralState.CLOSED)

    assert list(referral.updates.values_list("state", flat=True)) == [
        "sent",
        "acknowledged",
        "in_progress",
        "closed",
    ]
    assert referral.acknowledged_at <= referral.first_progress_at <= referral.closed_at
