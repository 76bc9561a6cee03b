"""The coordinator's inbox (issue 11, item 11): per complaint its age, channel, area, urgency, next deadline and
whether a child is involved; the most urgent first, then the oldest; a complaint found by its reference
(``?q=``, the whole reference or its beginning, never sealed content); a triaged complaint leaves the list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from pseahub.accounts.models import Role
from pseahub.cases.models import Channel, Complaint, Vocabulary
from pseahub.cases.services import allegation_add, complaint_triage
from pseahub.network.models import Area, NetworkSettings

from .helpers import file_complaint, term, text, user_with_role

INBOX = "/cases/inbox/"


def _received(complaint: Complaint, hours_ago: float) -> Complaint:
    complaint.received_at = timezone.now() - dt.timedelta(hours=hours_ago)
    complaint.save(update_fields=["received_at"])
    return complaint


def _references(response) -> list[str]:
    return re.findall(r'<th scope="row" class="reference"><a href="[^"]+">(PSEA-[\d-]+)</a>', response.content.decode())


def _row(response, reference: str) -> str:
    """The text of the inbox row of ``reference``."""
    rows = re.findall(r"<tr>(.*?)</tr>", response.content.decode(), flags=re.S)
    (row,) = [row for row in rows if f">{reference}</a>" in row]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.mark.django_db
def test_each_row_shows_age_channel_area_urgency_deadline_and_child(personas, client_for):
    NetworkSettings.objects.update_or_create(pk=1, defaults={"sla_refer_hours": 24})
    mopti = Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    child = _received(file_complaint(channel=Channel.HOTLINE, area=mopti, involves_child=True), hours_ago=30)
    adult = _received(file_complaint(channel=Channel.WEB), hours_ago=2)

    response = client_for(personas.coordinator).get(INBOX)

    page = text(response)
    for column in ("Reference", "Age", "Channel", "Area", "Urgency", "Next deadline", "Child case"):
        assert f">{column}</th>" in response.content.decode(), column
    child_row, adult_row = _row(response, child.reference), _row(response, adult.reference)
    assert "1 day, 6 hours" in child_row and "2 hours" in adult_row
    assert "Hotline" in child_row and "Mopti" in child_row and "child" in child_row
    assert "normal" in adult_row and " no " in f" {adult_row} "
    # The refer-within deadline: 24 hours after intake; the child case's has passed.
    assert "overdue" in child_row and "overdue" not in adult_row
    due = timezone.localtime(adult.received_at + dt.timedelta(hours=24))
    assert f'datetime="{due.isoformat()}"' in response.content.decode()
    assert "New complaints to triage" in page


@pytest.mark.django_db
def test_the_most_urgent_come_first_then_the_oldest(personas, client_for):
    newest = _received(file_complaint(), hours_ago=1)
    oldest = _received(file_complaint(), hours_ago=50)
    child = _received(file_complaint(involves_child=True), hours_ago=5)
    older_child = _received(file_complaint(involves_child=True), hours_ago=6)
    urgent = _received(file_complaint(), hours_ago=2)
    Complaint.objects.filter(pk=urgent.pk).update(is_urgent=True)

    response = client_for(personas.coordinator).get(INBOX)

    assert _references(response) == [
        urgent.reference,
        older_child.reference,
        child.reference,
        oldest.reference,
        newest.reference,
    ]


@pytest.mark.django_db
def test_a_triaged_complaint_leaves_the_inbox(personas, client_for):
    waiting, triaged = file_complaint(), file_complaint()
    complaint_triage(
        actor=personas.coordinator,
        complaint=triaged,
        classification="sea",
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
    )

    response = client_for(personas.coordinator).get(INBOX)

    assert _references(response) == [waiting.reference]


@pytest.mark.django_db
def test_a_complaint_is_found_by_its_reference_or_its_beginning_whatever_its_status(personas, client_for):
    first, second = file_complaint(), file_complaint()
    complaint_triage(
        actor=personas.coordinator,
        complaint=first,
        classification="sea",
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
    )
    client = client_for(personas.coordinator)

    exact = client.get(INBOX, {"q": first.reference})
    typed = client.get(INBOX, {"q": f" {first.reference.lower()} "})
    prefix = client.get(INBOX, {"q": first.reference[:-2]})

    assert _references(exact) == [first.reference] == _references(typed)
    assert "Triaged" in _row(exact, first.reference)  # found although it left the inbox
    assert set(_references(prefix)) == {first.reference, second.reference}
    assert f'value="{first.reference}"' in exact.content.decode()
    assert "No complaint you can open has a reference starting with that." in text(client.get(INBOX, {"q": "NOPE"}))


@pytest.mark.django_db
def test_the_search_matches_the_reference_only_never_sealed_content(personas, client_for):
    file_complaint(narrative="Marker-In-The-Narrative PSEA-9999")

    response = client_for(personas.coordinator).get(INBOX, {"q": "Marker-In-The-Narrative"})

    assert _references(response) == []
    assert _references(client_for(personas.coordinator).get(INBOX, {"q": "PSEA-9999"})) == []


@pytest.mark.django_db
def test_the_search_finds_only_complaints_the_coordinator_may_open(personas, client_for):
    hidden = file_complaint()
    newcomer = user_with_role("new.coordinator@example.org", Role.COORDINATOR)  # appointed after it arrived

    response = client_for(newcomer).get(INBOX, {"q": hidden.reference})

    assert response.status_code == 200
    assert _references(response) == []
    assert f'href="/cases/{hidden.public_id}/"' not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_point_a", "provider", "operator", "analyst", "admin", "no_role"])
def test_only_coordinators_may_search(personas, client_for, who):
    complaint = file_complaint()

    response = client_for(getattr(personas, who)).get(INBOX, {"q": complaint.reference})

    assert response.status_code == 403
    assert complaint.reference not in response.content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(INBOX, {"q": "PSEA-"})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_pages_keep_the_search(personas, client_for, monkeypatch):
    monkeypatch.setattr("pseahub.cases.views.PAGE_SIZE", 2)
    for _ in range(3):
        file_complaint()

    response = client_for(personas.coordinator).get(INBOX, {"q": "PSEA-"})

    assert 'href="?q=PSEA-&amp;page=2"' in response.content.decode()


@pytest.mark.django_db
def test_the_inbox_runs_a_fixed_number_of_queries(personas, client_for, django_assert_max_num_queries):
    area = Area.objects.create(pcode="ML01", name="Kayes", admin_level=1)
    client = client_for(personas.coordinator)
    for i in range(3):
        complaint = file_complaint(area=area, involves_child=bool(i % 2))
        allegation_add(
            actor=personas.coordinator,
            complaint=complaint,
            organisation=personas.org_b,
            personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "contractor"),
            sea_type=None,
        )
    client.get(INBOX)  # warm-up: session and per-process reference tables
    # 13: the services registry's notice counts the services due for verification (one query, mapping_nav).
    with django_assert_max_num_queries(13) as few:
        client.get(INBOX)
    for _ in range(30):
        file_complaint(area=area)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INBOX)
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = client.get(INBOX, {"q": "PSEA-"})

    assert len(_references(response)) == 33 == len(_references(found))
