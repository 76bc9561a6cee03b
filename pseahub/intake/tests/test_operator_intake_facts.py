"""The intake facts on the operator's form (domain.md §2): when it was first reported and who received it, the
incident's date or "unknown" and time of day, reported before and to whom, goods exchanged, immediate needs and
the urgent flag, displacement. A past date is allowed, a future one refused beside the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.cases.models import Complaint, Survivor
from pseahub.cases.tests.helpers import opened, text

from .helpers import post_form
from .staff_helpers import staff_data

URL = "/intake/operator/"


def _file(client, **overrides):
    return post_form(client, URL, staff_data(**overrides))


@pytest.mark.django_db
def test_each_fact_is_stored(personas, client_for):
    response = _file(
        client_for(personas.operator),
        first_reported_at="2026-11-20T09:30",
        received_by_organisation=str(personas.org_b.pk),
        received_by_person="Receiver-Marker-4471",
        incident_date="2026-11-01",
        incident_date_unknown="on",
        incident_time_of_day="evening_night",
        reported_before="yes",
        reported_before_to="community_leader",
        goods_exchanged="yes",
        needs_medical="on",
        needs_shelter="on",
        survivor_displacement="idp",
    )

    assert 'id="receipt"' in response.content.decode()
    complaint = Complaint.objects.get()
    expected = timezone.make_aware(dt.datetime(2026, 11, 20, 9, 30))  # noqa: DTZ001 (the page's time zone)
    assert complaint.first_reported_at == expected
    assert complaint.received_by_organisation == personas.org_b
    assert (complaint.incident_date, complaint.incident_date_unknown) == (None, True)
    assert complaint.incident_time_of_day == "evening_night"
    assert (complaint.reported_before, complaint.reported_before_to) == ("yes", "community_leader")
    assert complaint.goods_exchanged == "yes"
    assert (complaint.needs_medical, complaint.needs_safety, complaint.needs_shelter) == (True, False, True)
    assert complaint.is_urgent  # medical care within 72 hours is urgent
    assert Survivor.objects.get().displacement.code == "idp"
    # The receiving person is sealed: readable by the coordinator, nowhere in clear.
    assert opened(personas.coordinator, complaint, complaint)["received_by_person"] == "Receiver-Marker-4471"
    assert "Receiver-Marker-4471" not in str(list(Complaint.objects.values().first().values()))


@pytest.mark.django_db
def test_the_form_opens_with_now_as_the_date_first_reported(personas, client_for):
    page = text(client_for(personas.operator).get(URL))

    assert f'value="{timezone.localdate().isoformat()}T' in page
    assert 'type="datetime-local"' in page


@pytest.mark.django_db
def test_left_empty_the_date_first_reported_is_when_it_was_received(personas, client_for):
    _file(client_for(personas.operator), first_reported_at="")

    complaint = Complaint.objects.get()
    assert complaint.first_reported_at == complaint.received_at


@pytest.mark.django_db
def test_a_future_date_first_reported_is_refused_beside_the_field(personas, client_for):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)

    response = _file(client_for(personas.operator), first_reported_at=tomorrow.strftime("%Y-%m-%dT%H:%M"))

    page = response.content.decode()
    error = page.split('id="id_first_reported_at_error"', 1)[1].split("</ul>", 1)[0]
    assert "The date first reported cannot be in the future." in error
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ticked", "urgent"),
    [({}, False), ({"is_urgent": "on"}, True), ({"needs_safety": "on"}, True), ({"needs_shelter": "on"}, False)],
)
def test_the_urgent_flag_is_set_at_intake(personas, client_for, ticked, urgent):
    _file(client_for(personas.operator), **ticked)

    assert Complaint.objects.get().is_urgent is urgent


@pytest.mark.django_db
def test_to_whom_is_only_for_a_complaint_reported_before(personas, client_for):
    response = _file(client_for(personas.operator), reported_before="no", reported_before_to="authorities")

    page = response.content.decode()
    assert "Choose to whom only when it was reported before" in page.split('id="id_reported_before_to_error"')[1]
    assert not Complaint.objects.exists()
