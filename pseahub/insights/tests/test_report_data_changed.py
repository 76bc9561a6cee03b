"""A made report's page says when what it counts changed after it was made: besides complaints, allegations and
referrals, a survivor's consent decision (survivor tables count only consented survivors) and a correction of a
members' return (the merged tables count the latest version); nothing changed, nothing said."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, ConsentDecision, ConsentGiver, ConsentPurpose
from pseahub.cases.services import consent_record
from pseahub.insights.members import Quarter, member_return_submit
from pseahub.insights.models import Report

from .helpers import ask, asked
from .member_helpers import THREE
from .member_records import PERIOD, member_quarter

pytestmark = pytest.mark.django_db

CHANGED = 'id="data-changed"'


@pytest.fixture
def report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    member_quarter(personas)
    return asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, kind="leadership", language="en",
            formats=["xlsx"], **PERIOD,
        )
    )  # fmt: skip


def _page(client_for, personas, report: Report) -> str:
    return client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/").content.decode()


def test_nothing_changed_nothing_said(report, client_for, personas):
    assert CHANGED not in _page(client_for, personas, report)


def test_a_correction_of_a_members_return_is_a_change(report, client_for, personas):
    member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2025, 1), counts=THREE
    )

    page = _page(client_for, personas, report)
    assert CHANGED in page and "members' returns" in page


def test_a_withdrawn_statistics_consent_is_a_change(report, client_for, personas):
    consented = Complaint.objects.filter(consents__purpose=ConsentPurpose.STATISTICS).first()
    consent_record(
        actor=personas.coordinator, complaint=consented, purpose=ConsentPurpose.STATISTICS,
        decision=ConsentDecision.WITHDRAWN, given_by=ConsentGiver.SURVIVOR,
    )  # fmt: skip

    assert CHANGED in _page(client_for, personas, report)
