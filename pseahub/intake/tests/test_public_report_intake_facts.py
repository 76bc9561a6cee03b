"""The public form's intake facts, each optional: "I don't know the date", the time of day, displacement, and
"Do you need help now?" (medical care, safety, shelter), which marks the report urgent."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, Survivor

from .helpers import file_report


@pytest.mark.django_db
def test_i_dont_know_the_date_wins_over_a_date(client):
    file_report(client, incident_date="2026-10-03", incident_date_unknown="on")

    complaint = Complaint.objects.get()
    assert (complaint.incident_date, complaint.incident_date_unknown) == (None, True)


@pytest.mark.django_db
def test_the_time_of_day_and_displacement_are_stored(client):
    file_report(client, incident_date="2026-10-03", incident_time_of_day="morning", survivor_displacement="returnee")

    complaint = Complaint.objects.get()
    assert (str(complaint.incident_date), complaint.incident_date_unknown) == ("2026-10-03", False)
    assert complaint.incident_time_of_day == "morning"
    assert Survivor.objects.get().displacement.code == "returnee"


@pytest.mark.django_db
def test_nothing_answered_stays_unknown_and_not_urgent(client):
    file_report(client)

    complaint = Complaint.objects.get()
    assert (complaint.incident_time_of_day, complaint.incident_date_unknown, complaint.is_urgent) == ("", False, False)
    assert Survivor.objects.get().displacement is None


@pytest.mark.django_db
@pytest.mark.parametrize("need", ["needs_medical", "needs_safety", "needs_shelter"])
def test_each_immediate_need_marks_the_report_urgent(client, need):
    file_report(client, **{need: "on"})

    complaint = Complaint.objects.get()
    assert complaint.is_urgent
    assert getattr(complaint, need)
    assert [n for n in ("needs_medical", "needs_safety", "needs_shelter") if getattr(complaint, n)] == [need]


@pytest.mark.django_db
def test_the_blank_form_asks_them(client):
    page = client.get("/report").content.decode()

    for words in ("I don&#x27;t know the date", "At what time of day?", "Do you need help now?", "I am not safe"):
        assert words in page
