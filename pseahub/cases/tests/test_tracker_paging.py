"""The tracker's pages (tracker_page): following "Next" from the first page, or "Previous" from the last,
shows exactly the rows of complaint_list in its order (overdue first), whatever the sort and page size; the
count follows a new complaint at once; a cursor that is not ours shows the first page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from pseahub.cases import views
from pseahub.cases.models import Complaint, Status
from pseahub.cases.selectors import SORTS, TrackerFilters, complaint_list, tracker_page
from pseahub.network.models import NetworkSettings

from .helpers import file_complaint, text

NOW = timezone.now()


@pytest.fixture
def complaints(personas):
    NetworkSettings.objects.create(sla_refer_hours=24)
    made = []
    for days in (4, 3, 2):  # new and older than a day: overdue
        made.append(file_complaint(received_at=NOW - dt.timedelta(days=days, minutes=days)))
    for hours in (20, 12, 9, 6, 3, 1):
        made.append(file_complaint(received_at=NOW - dt.timedelta(hours=hours)))
    Complaint.objects.filter(pk__in=[made[4].pk, made[6].pk]).update(status=Status.CLOSED)
    old_closed = file_complaint(received_at=NOW - dt.timedelta(days=9))
    Complaint.objects.filter(pk=old_closed.pk).update(status=Status.CLOSED)  # old but closed: not overdue
    return [*made, old_closed]


def expected(actor, filters: TrackerFilters) -> list[tuple[str, bool]]:
    return [(c.reference, c.is_overdue) for c in complaint_list(actor=actor, filters=filters)]


def forwards(actor, filters: TrackerFilters, size: int) -> list[tuple[str, bool]]:
    page = tracker_page(actor=actor, filters=filters, size=size)
    assert not page.has_previous
    shown = [(c.reference, c.is_overdue) for c in page.rows]
    while page.has_next:
        page = tracker_page(actor=actor, filters=filters, size=size, after=page.next_cursor)
        assert page.has_previous and len(page.rows) <= size
        shown += [(c.reference, c.is_overdue) for c in page.rows]
    return shown


def backwards(actor, filters: TrackerFilters, size: int) -> list[tuple[str, bool]]:
    page = tracker_page(actor=actor, filters=filters, size=size, last=True)
    assert not page.has_next
    shown = [(c.reference, c.is_overdue) for c in page.rows]
    while page.has_previous:
        page = tracker_page(actor=actor, filters=filters, size=size, before=page.previous_cursor)
        assert page.has_next and len(page.rows) <= size
        shown = [(c.reference, c.is_overdue) for c in page.rows] + shown
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("size", [1, 2, 4, 50])
def test_next_and_previous_walk_the_tracker_rows_in_order(personas, complaints, sort, size):
    filters = TrackerFilters(sort=sort)
    rows = expected(personas.coordinator, filters)

    assert forwards(personas.coordinator, filters, size) == rows
    assert backwards(personas.coordinator, filters, size) == rows
    assert len(rows) == len(complaints)
    assert [overdue for _ref, overdue in rows[:3]] == [True] * 3


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 50])
def test_filtered_and_overdue_only_pages(personas, complaints, size):
    for filters in (TrackerFilters(status=Status.NEW), TrackerFilters(overdue=True), TrackerFilters(status="closed")):
        rows = expected(personas.coordinator, filters)
        assert forwards(personas.coordinator, filters, size) == rows
        assert backwards(personas.coordinator, filters, size) == rows
    assert len(forwards(personas.coordinator, TrackerFilters(overdue=True), size)) == 3


@pytest.mark.django_db
def test_the_page_links_and_the_count(personas, complaints, client_for, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client = client_for(personas.coordinator)
    first = client.get("/cases/", {"status": "", "sort": "-received"}).content.decode()
    assert f"{len(complaints)} complaints" in text_of(first)

    following = re.search(r'href="\?([^"]*after=[^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(f"/cases/?{following}").content.decode()
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert "sort=-received" in following  # the filters travel with the page links

    newest = file_complaint()
    assert f"{len(complaints) + 1} complaints" in text(client.get("/cases/"))
    assert newest.reference in text(client.get("/cases/"))
    assert complaints[-1].reference in text(client.get("/cases/", {"last": "1"}))  # the oldest closed one


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "garbage", "bm90IGpzb24", "WzEsImEiLCJiIl0", "x" * 500])
def test_a_cursor_that_is_not_ours_shows_the_first_page(personas, complaints, token):
    first = tracker_page(actor=personas.coordinator, size=4)
    for name in ("after", "before"):
        page = tracker_page(actor=personas.coordinator, size=4, **{name: token})
        assert [c.pk for c in page.rows] == [c.pk for c in first.rows]


@pytest.mark.django_db
def test_an_outsider_sees_no_rows_and_no_count(personas, complaints):
    page = tracker_page(actor=personas.focal_point_a, size=50)

    assert (page.total, page.rows, page.has_next) == (0, [], False)
