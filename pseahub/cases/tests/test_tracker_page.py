"""The tracker and inbox pages: filters from the query string, pagination, what a coordinator sees."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from pseahub.cases.models import Channel, Complaint, Status, Vocabulary
from pseahub.cases.services import allegation_add
from pseahub.network.models import Area, NetworkSettings

from .helpers import file_complaint, term, text

NOW = timezone.now()


@pytest.mark.django_db
def test_the_filters_in_the_query_string_narrow_the_list(personas, client_for):
    kayes = Area.objects.create(pcode="ML01", name="Kayes", admin_level=1)
    bafoulabe = Area.objects.create(pcode="ML0101", name="Bafoulabe", admin_level=2, parent=kayes)
    wanted = file_complaint(area=bafoulabe, channel=Channel.HOTLINE, involves_child=True)
    allegation_add(
        actor=personas.coordinator,
        complaint=wanted,
        organisation=personas.org_a,
        personnel_category=None,
        sea_type=term(Vocabulary.SEA_TYPE, "sexual_assault"),
    )
    others = [
        file_complaint(area=bafoulabe, channel=Channel.WEB, involves_child=True),
        file_complaint(channel=Channel.HOTLINE, involves_child=True),
        file_complaint(area=kayes, channel=Channel.HOTLINE),
    ]
    client = client_for(personas.coordinator)

    response = client.get(
        "/cases/",
        {
            "area": "ML01",
            "channel": "hotline",
            "child": "yes",
            "organisation": str(personas.org_a.public_id),
            "sea_type": "sexual_assault",
            "status": "new",
        },
    )

    assert response.status_code == 200
    page = text(response)
    assert wanted.reference in page
    assert "1 complaint" in page
    assert not any(other.reference in page for other in others)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_overdue_filter_and_badge(personas, client_for):
    NetworkSettings.objects.create(sla_refer_hours=24)
    late = file_complaint(received_at=NOW - dt.timedelta(days=2))
    recent = file_complaint()
    client = client_for(personas.coordinator)

    page = text(client.get("/cases/", {"overdue": "on"}))

    assert late.reference in page and recent.reference not in page
    assert "overdue" in page


@pytest.mark.django_db
def test_a_bad_filter_value_shows_the_unfiltered_list(personas, client_for):
    complaint = file_complaint()

    response = client_for(personas.coordinator).get("/cases/", {"received_from": "not-a-date", "channel": "pigeon"})

    assert response.status_code == 200
    assert complaint.reference in text(response)


@pytest.mark.django_db
def test_it_pages_by_50_keeping_the_filters(personas, client_for):
    NetworkSettings.objects.create(sla_refer_hours=24 * 365 * 10)
    made = [file_complaint(received_at=NOW - dt.timedelta(minutes=i)) for i in range(51)]
    client = client_for(personas.coordinator)

    response = client.get("/cases/", {"status": "new"})
    first = text(response)
    following = re.search(r'href="\?([^"]*)" rel="next"', response.content.decode()).group(1).replace("&amp;", "&")
    second = text(client.get(f"/cases/?{following}"))

    assert "51 complaints" in first
    assert made[0].reference in first and made[50].reference not in first
    assert made[50].reference in second and made[0].reference not in second
    assert following.startswith("status=new&after=")


@pytest.mark.django_db
def test_the_inbox_shows_new_complaints_only(personas, client_for):
    new = file_complaint()
    triaged = file_complaint()
    Complaint.objects.filter(pk=triaged.pk).update(status=Status.TRIAGED)

    page = text(client_for(personas.coordinator).get("/cases/inbox/"))

    assert new.reference in page
    assert triaged.reference not in page
