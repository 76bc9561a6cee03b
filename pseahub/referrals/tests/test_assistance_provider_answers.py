"""The provider's side of an assistance referral, on its page: accept, record the support given, set a follow-up
date, mark it done — each audited; the coordinator's case page offers only services that fit the survivor's area,
sex and age."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.audit.models import Action
from pseahub.cases.services import survivor_update
from pseahub.mapping.models import SexServed
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.referrals.models import ReferralState

from .helpers import events_on, refer_assistance, sea_complaint, sign_in, term, text


@pytest.mark.django_db
def test_the_provider_accepts_follows_up_and_marks_it_done(personas):
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a))
    client = sign_in(personas.provider)
    base = f"/referrals/{referral.public_id}"

    assert "Accepted." in text(client.post(f"{base}/acknowledge/", follow=True))
    client.post(f"{base}/progress/", {"note": "First consultation done."})
    page = text(client.post(f"{base}/follow-up/", {"follow_up_on": "2026-12-01"}, follow=True))
    assert "Follow-up date saved." in page
    assert "1 Dec 2026" in page  # DATE_FORMAT in English (pseahub/core/formats/en)
    done = text(client.post(f"{base}/close/", {"note": "Treatment completed."}, follow=True))

    assert "Closed. The coordinator was notified." in done
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    assert referral.follow_up_on == dt.date(2026, 12, 1)
    assert "First consultation done." in done and "Treatment completed." in done  # the sealed history, opened
    assert [e.data.get("follow_up") for e in events_on(complaint, Action.REFERRAL_PROGRESS)] == [None, "2026-12-01"]
    assert [e.actor for e in events_on(complaint, Action.REFERRAL_ACKNOWLEDGED)] == [personas.provider]
    assert [e.actor for e in events_on(complaint, Action.REFERRAL_CLOSED)] == [personas.provider]


@pytest.mark.django_db
def test_the_case_page_offers_the_services_that_fit_the_survivor(personas):
    areas = mali_areas()
    near = ServiceFactory(provider=personas.org_a, name="Mopti clinic", areas=[areas["ML05"]])
    national = ServiceFactory(provider=personas.org_a, name="National hotline", areas=[areas["MLI"]])
    elsewhere = ServiceFactory(provider=personas.org_a, name="Gao clinic", areas=[areas["ML07"]])
    men_only = ServiceFactory(
        provider=personas.org_a, name="Men's group", areas=[areas["MLI"]], sex_served=SexServed.MALE
    )
    children_only = ServiceFactory(provider=personas.org_a, name="Child space", areas=[areas["MLI"]], max_age=17)
    complaint = sea_complaint(personas, consents=("services",), area=areas["ML0501"])
    survivor_update(
        actor=personas.coordinator,
        survivor=complaint.survivors.get(),
        sex="female",
        age_group=term("age_group", "26-40"),
        disability="unknown",
        displacement=None,
        is_child=False,
    )

    page = text(sign_in(personas.coordinator).get(f"/cases/{complaint.public_id}/"))

    assert near.name in page and national.name in page
    for unfit in (elsewhere, men_only, children_only):
        assert unfit.name not in page, unfit.name
