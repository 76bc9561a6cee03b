"""The concerned organisation's focal point records the investigation and what was done on an allegation
referral: investigating entity, start and end (the duration in days shown), outcome, action taken, interim
measures, paternity or child-support claim. The end is neither before the start nor in the future; refusals
come back beside their field with nothing stored. Recorded through the service (audited with what changed); the
coordinator reads it on the referral page and on the case page, without a form."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pseahub.audit.models import Action
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.models import Referral
from pseahub.referrals.selectors import network_today
from pseahub.referrals.services import referral_acknowledge, referral_close, referral_investigation_record

from .helpers import events_on, refer, sea_complaint, term, text


@pytest.fixture
def acknowledged(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    return referral


def _url(referral):
    return f"/referrals/{referral.public_id}/investigation/"


FULL = {
    "investigating_entity": "own_unit",
    "investigation_started_on": "2026-03-02",
    "investigation_ended_on": "2026-04-13",
    "outcome": "substantiated",
    "action_taken": "dismissal",
    "interim_measure": "administrative_leave",
    "paternity_claim": "none",
}


def _error_beside(page: str, field: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="investigation-{field}_error">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_the_focal_point_records_it_and_reads_it_back(personas, acknowledged, client_for):
    client = client_for(personas.focal_point_a)

    response = client.post(_url(acknowledged), FULL)

    assert response.status_code == 302 and response["Location"] == f"/referrals/{acknowledged.public_id}/"
    referral = Referral.objects.get(pk=acknowledged.pk)
    assert (
        referral.investigating_entity,
        referral.investigation_started_on,
        referral.investigation_ended_on,
        referral.outcome.code,
        referral.action_taken,
        referral.interim_measure,
        referral.paternity_claim,
    ) == (
        "own_unit",
        dt.date(2026, 3, 2),
        dt.date(2026, 4, 13),
        "substantiated",
        "dismissal",
        "administrative_leave",
        "none",
    )
    assert referral.investigation_days == 42
    page = text(client.get(f"/referrals/{acknowledged.public_id}/"))
    assert "Investigation record saved." in page
    for shown in (
        "The organisation's own investigation unit",
        "42 days",
        "Dismissal",
        "Placed on administrative leave",
        "2 Mar 2026",
        "13 Apr 2026",
    ):
        assert shown in page, shown
    (event,) = [e for e in events_on(referral.complaint, Action.REFERRAL_PROGRESS) if "investigation" in e.data]
    assert event.actor == personas.focal_point_a
    assert event.data["investigation"]["investigation_ended_on"] == [None, "2026-04-13"]
    assert event.data["investigation"]["outcome"] == [None, "substantiated"]


@pytest.mark.django_db
def test_the_same_record_sent_again_changes_nothing(personas, acknowledged, client_for):
    client = client_for(personas.focal_point_a)
    client.post(_url(acknowledged), FULL)

    response = client.post(_url(acknowledged), FULL)

    assert response.status_code == 302
    assert (
        len([e for e in events_on(acknowledged.complaint, Action.REFERRAL_PROGRESS) if "investigation" in e.data]) == 1
    )


@pytest.mark.django_db
def test_the_end_before_the_start_comes_back_beside_the_end(personas, acknowledged, client_for):
    data = {**FULL, "investigation_started_on": "2026-04-13", "investigation_ended_on": "2026-03-02"}

    response = client_for(personas.focal_point_a).post(_url(acknowledged), data)

    assert response.status_code == 200
    page = text(response)
    assert "The investigation cannot end before it started." in _error_beside(page, "investigation_ended_on")
    assert 'value="2026-04-13"' in page  # what was typed is kept
    referral = Referral.objects.get(pk=acknowledged.pk)
    assert (referral.investigating_entity, referral.investigation_started_on, referral.outcome) == ("", None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["investigation_started_on", "investigation_ended_on"])
def test_no_date_in_the_future(personas, acknowledged, client_for, field):
    tomorrow = (network_today() + dt.timedelta(days=1)).isoformat()
    data = {**FULL, "investigation_started_on": "2026-01-05", field: tomorrow}
    if field == "investigation_started_on":
        data["investigation_ended_on"] = ""

    response = client_for(personas.focal_point_a).post(_url(acknowledged), data)

    assert response.status_code == 200
    assert "in the future" in _error_beside(text(response), field)
    assert Referral.objects.get(pk=acknowledged.pk).investigation_started_on is None


@pytest.mark.django_db
def test_an_end_needs_a_start(personas, acknowledged, client_for):
    data = {**FULL, "investigation_started_on": ""}

    response = client_for(personas.focal_point_a).post(_url(acknowledged), data)

    assert "Record when the investigation started as well." in _error_beside(text(response), "investigation_started_on")


@pytest.mark.django_db
def test_an_unknown_choice_is_a_field_error(personas, acknowledged, client_for):
    response = client_for(personas.focal_point_a).post(_url(acknowledged), {**FULL, "action_taken": "promotion"})

    assert response.status_code == 200
    assert "Select a valid choice" in _error_beside(text(response), "action_taken")
    assert Referral.objects.get(pk=acknowledged.pk).action_taken == ""


@pytest.mark.django_db
def test_it_is_recorded_after_the_referral_closed_and_keeps_the_outcome(personas, acknowledged):
    referral_close(actor=personas.focal_point_a, referral=acknowledged, outcome=term("outcome", "substantiated"))

    referral_investigation_record(
        actor=personas.focal_point_a,
        referral=acknowledged,
        outcome=term("outcome", "substantiated"),
        action_taken="repatriation",
    )
    with pytest.raises(ApplicationError) as error:
        referral_investigation_record(actor=personas.focal_point_a, referral=acknowledged, outcome=None)

    assert error.value.message == "A closed referral keeps its outcome."
    referral = Referral.objects.get(pk=acknowledged.pk)
    assert (referral.action_taken, referral.outcome.code) == ("repatriation", "substantiated")


@pytest.mark.django_db
def test_not_before_the_referral_is_acknowledged(personas, client_for):
    referral = refer(personas, sea_complaint(personas))
    client = client_for(personas.focal_point_a)

    assert "Record the investigation" not in text(client.get(f"/referrals/{referral.public_id}/"))
    response = client.post(_url(referral), FULL, follow=True)

    assert "This referral is Sent; that step is not possible now." in text(response)
    assert Referral.objects.get(pk=referral.pk).investigating_entity == ""


@pytest.mark.django_db
def test_the_coordinator_reads_it_without_a_form(personas, acknowledged, client_for):
    client_for(personas.focal_point_a).post(_url(acknowledged), FULL)
    coordinator = client_for(personas.coordinator)

    referral_page = text(coordinator.get(f"/referrals/{acknowledged.public_id}/"))
    case_page = text(coordinator.get(f"/cases/{acknowledged.complaint.public_id}/"))

    for page in (referral_page, case_page):
        assert "The organisation's own investigation unit" in page
        assert "42 days" in page and "Dismissal" in page
    assert "Record the investigation" not in referral_page
    assert f"/referrals/{acknowledged.public_id}/investigation/" not in referral_page + case_page


@pytest.mark.django_db
def test_opening_the_page_changes_nothing(personas, acknowledged, client_for):
    before = Referral.objects.filter(pk=acknowledged.pk).values().get()

    client_for(personas.focal_point_a).get(f"/referrals/{acknowledged.public_id}/")

    assert Referral.objects.filter(pk=acknowledged.pk).values().get() == before
