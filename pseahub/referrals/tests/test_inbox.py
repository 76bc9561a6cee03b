"""The focal point's and provider's inbox: only their organisation's referrals of the kind they receive, the
soonest deadline first, overdue ones marked; finished ones only on request."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.services import referral_acknowledge, referral_close, referral_decline

from .helpers import network, refer, refer_assistance, sea_complaint, term, text

MONDAY = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


def _at(days: float):
    return time_machine.travel(MONDAY + dt.timedelta(days=days), tick=False)


def _order(page: str, references: list[str]) -> list[str]:
    shown = [reference for reference in references if reference in page]
    return sorted(shown, key=page.index)


@pytest.fixture
def inbox(personas):
    network(timezone="Africa/Bamako", weekend_days=[6, 7])
    service = ServiceFactory(provider=personas.org_a, name="Clinique Espoir")
    with _at(0):
        acknowledged = refer(personas, sea_complaint(personas))  # then acknowledged: due in 30 days
        referral_acknowledge(actor=personas.focal_point_a, referral=acknowledged)
        closed = refer(personas, sea_complaint(personas))
        referral_acknowledge(actor=personas.focal_point_a, referral=closed)
        referral_close(actor=personas.focal_point_a, referral=closed, outcome=term("outcome", "substantiated"))
        declined = refer(personas, sea_complaint(personas))
        referral_decline(actor=personas.focal_point_a, referral=declined, reason="not_our_staff")
    with _at(1):
        late = refer(personas, sea_complaint(personas))  # sent Tuesday 13: due Thursday 15
    with _at(2):
        soon = refer(personas, sea_complaint(personas))  # sent Wednesday 14: due Friday 16
        other_org = refer(personas, sea_complaint(personas, organisation=personas.org_b))
        assistance = refer_assistance(personas, sea_complaint(personas, consents=("services",)), service)
    return {
        "acknowledged": acknowledged,
        "closed": closed,
        "declined": declined,
        "late": late,
        "soon": soon,
        "other_org": other_org,
        "assistance": assistance,
    }


def _references(inbox):
    return {name: referral.complaint.reference for name, referral in inbox.items()}


@pytest.mark.django_db
def test_the_focal_point_sees_their_organisations_referrals_soonest_deadline_first(personas, inbox, client_for):
    refs = _references(inbox)

    with _at(3.5):  # Thursday 15 at 21:00: "late" is overdue
        page = text(client_for(personas.focal_point_a).get("/referrals/"))

    assert _order(page, list(refs.values())) == [refs["late"], refs["soon"], refs["acknowledged"]]
    assert page.count(">overdue<") == 1
    for hidden in ("closed", "declined", "other_org", "assistance"):
        assert refs[hidden] not in page, hidden


@pytest.mark.django_db
def test_finished_referrals_show_on_request_but_never_declined_ones(personas, inbox, client_for):
    refs = _references(inbox)

    page = text(client_for(personas.focal_point_a).get("/referrals/?all=1"))

    assert refs["closed"] in page
    assert refs["declined"] not in page  # declined: access withdrawn, it went back to the coordinator
    assert refs["other_org"] not in page and refs["assistance"] not in page


@pytest.mark.django_db
def test_the_other_organisations_focal_point_sees_only_theirs(personas, inbox, client_for):
    refs = _references(inbox)

    page = text(client_for(personas.focal_point_b).get("/referrals/?all=1"))

    assert _order(page, list(refs.values())) == [refs["other_org"]]


@pytest.mark.django_db
def test_the_provider_sees_only_assistance_referrals_to_their_organisation(personas, inbox, client_for):
    refs = _references(inbox)

    page = text(client_for(personas.provider).get("/referrals/?all=1"))

    assert _order(page, list(refs.values())) == [refs["assistance"]]
    assert "Clinique Espoir" in page


@pytest.mark.django_db
def test_an_empty_inbox_says_so(personas, client_for):
    page = text(client_for(personas.focal_point_b).get("/referrals/"))

    assert "Nothing to do." in page
