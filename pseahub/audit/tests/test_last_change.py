"""audit_last_change_seq moves with every audited change and stays put for readings and sign-ins, so the
tracker's cached counts survive a coordinator reading cases but never a change."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.audit.selectors import NOT_CHANGES, audit_last_change_seq
from pseahub.audit.services import record


@pytest.mark.django_db
def test_readings_leave_it_and_changes_move_it(personas):
    record(actor=personas.coordinator, action=Action.COMPLAINT_TRIAGED)
    changed = audit_last_change_seq()
    assert changed > 0

    for action in (Action.CASE_CONTENT_READ, Action.LOGIN, Action.REFERRAL_READ, Action.TRACKER_EXPORTED):
        record(actor=personas.coordinator, action=action)
    assert audit_last_change_seq() == changed

    record(actor=personas.coordinator, action=Action.KEY_REVOKED)
    assert audit_last_change_seq() > changed


def test_every_action_that_is_not_listed_as_a_reading_counts_as_a_change():
    readings = {Action(value) for value in NOT_CHANGES}
    assert Action.COMPLAINT_CREATED not in readings
    assert Action.USER_EXCLUDED not in readings
    assert all(value in Action.values for value in NOT_CHANGES)
