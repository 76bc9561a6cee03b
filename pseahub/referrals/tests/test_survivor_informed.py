"""Each date the survivor was informed during the investigation is kept, not only the last: "Survivor informed
on <date>" adds one (not in the future; the same day twice is one date and a plain notice, not an error page),
the referral page lists them all, and ``Referral.survivor_informed_on`` stays the latest one for the code that
reads it. Closing with a date adds it to the list too."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pseahub.audit.models import Action
from pseahub.referrals.models import Referral, SurvivorInformed
from pseahub.referrals.selectors import network_today
from pseahub.referrals.services import referral_acknowledge, referral_close

from .helpers import events_on, refer, sea_complaint, term, text


@pytest.fixture
def acknowledged(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    return referral


def _url(referral):
    return f"/referrals/{referral.public_id}/informed/"


def _dates(referral):
    return list(SurvivorInformed.objects.filter(referral=referral).values_list("informed_on", flat=True))


@pytest.mark.django_db
def test_each_date_is_kept_and_listed_and_the_latest_is_the_referrals(personas, acknowledged, client_for):
    client = client_for(personas.focal_point_a)

    for day in ("2026-05-20", "2026-02-03", "2026-03-14"):
        assert client.post(_url(acknowledged), {"informed_on": day}).status_code == 302

    assert _dates(acknowledged) == [dt.date(2026, 2, 3), dt.date(2026, 3, 14), dt.date(2026, 5, 20)]
    # The latest, even though an earlier date was added after it.
    assert Referral.objects.get(pk=acknowledged.pk).survivor_informed_on == dt.date(2026, 5, 20)
    page = text(client.get(f"/referrals/{acknowledged.public_id}/"))
    listed = re.search(r'<dd class="informed-dates">(.*?)</dd>', page, re.S).group(1)
    assert re.findall(r"[0-9]{1,2} [A-Z][a-z]{2} 2026", listed) == ["3 Feb 2026", "14 Mar 2026", "20 May 2026"]
    assert (
        len([e for e in events_on(acknowledged.complaint, Action.REFERRAL_PROGRESS) if "survivor_informed" in e.data])
        == 3
    )


@pytest.mark.django_db
def test_the_same_day_twice_is_one_date_and_no_error(personas, acknowledged, client_for):
    client = client_for(personas.focal_point_a)
    client.post(_url(acknowledged), {"informed_on": "2026-02-03"})

    response = client.post(_url(acknowledged), {"informed_on": "2026-02-03"}, follow=True)

    assert response.status_code == 200
    assert "This date was already recorded." in text(response)
    assert _dates(acknowledged) == [dt.date(2026, 2, 3)]
    assert (
        len([e for e in events_on(acknowledged.complaint, Action.REFERRAL_PROGRESS) if "survivor_informed" in e.data])
        == 1
    )


@pytest.mark.django_db
def test_a_date_in_the_future_comes_back_beside_the_field(personas, acknowledged, client_for):
    tomorrow = (network_today() + dt.timedelta(days=1)).isoformat()

    response = client_for(personas.focal_point_a).post(_url(acknowledged), {"informed_on": tomorrow})

    assert response.status_code == 200
    error = re.search(r'<ul class="errorlist" id="informed-informed_on_error">(.*?)</ul>', text(response), re.S)
    assert error and "The date the survivor was informed cannot be in the future." in error.group(1)
    assert _dates(acknowledged) == []
    assert Referral.objects.get(pk=acknowledged.pk).survivor_informed_on is None


@pytest.mark.django_db
def test_a_missing_date_comes_back_beside_the_field(personas, acknowledged, client_for):
    response = client_for(personas.focal_point_a).post(_url(acknowledged), {"informed_on": ""})

    assert response.status_code == 200
    assert 'id="informed-informed_on_error"' in text(response)
    assert _dates(acknowledged) == []


@pytest.mark.django_db
def test_closing_with_a_date_adds_it_to_the_list(personas, acknowledged, client_for):
    client_for(personas.focal_point_a).post(_url(acknowledged), {"informed_on": "2026-04-01"})

    referral_close(
        actor=personas.focal_point_a,
        referral=acknowledged,
        outcome=term("outcome", "not_substantiated"),
        survivor_informed_on=dt.date(2026, 3, 1),
    )

    assert _dates(acknowledged) == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    assert Referral.objects.get(pk=acknowledged.pk).survivor_informed_on == dt.date(2026, 4, 1)


@pytest.mark.django_db
def test_the_coordinator_sees_the_dates_on_the_case_page(personas, acknowledged, client_for):
    client_for(personas.focal_point_a).post(_url(acknowledged), {"informed_on": "2026-02-03"})

    page = text(client_for(personas.coordinator).get(f"/cases/{acknowledged.complaint.public_id}/"))

    assert "3 Feb 2026" in page
