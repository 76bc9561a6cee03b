"""Issue 15 item 3 in a browser, on a phone: a co-chair signs in, goes from the header's "Network" to the
meetings, records a network meeting with its agenda, minutes and participants of two organisations, adds the
action it decided (already past its due date) on the meeting's page, and finds it under its owner organisation,
marked overdue, on the open actions page. The meeting's page fits the 360 px screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import Meeting, MeetingAction, MeetingType

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

WIDTH = 360
TITLE = "Réunion mensuelle du réseau PEAS — Mopti"
ACTION = "Partager la liste des points focaux mise à jour"


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} scrolls sideways: {width}px wide on a {WIDTH}px screen"


def test_a_co_chair_records_a_meeting_and_follows_its_action(new_page, personas, live_server):
    today = timezone.localdate()
    held_on = today - dt.timedelta(days=10)
    due_on = today - dt.timedelta(days=3)  # already overdue
    page = new_page(viewport={"width": WIDTH, "height": 740})
    key = TOTPDevice.objects.create(user=personas.co_chair, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.co_chair.email, personas.password, key)

    # Header → the network's page → its meetings → record one.
    with page.expect_navigation():
        page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The network")
    with page.expect_navigation():
        page.locator("#network-parts").get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The network's meetings")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a meeting")

    page.get_by_label("Date", exact=True).fill(held_on.isoformat())
    page.get_by_label("Type", exact=True).select_option(label="Network meeting")
    page.get_by_role("textbox", name="Title", exact=True).fill(TITLE)
    page.get_by_role("textbox", name="Agenda", exact=True).fill("1. Points focaux\n2. Plan d'action")
    page.get_by_role("textbox", name="Minutes").fill("Le réseau a revu la liste des points focaux.")
    grid = page.get_by_role("group", name="Participants by organisation")
    grid.get_by_label("Alpha Relief (ALPHA)").fill("3")
    grid.get_by_label("Beta Aid (BETA)").fill("2")
    _no_sideways_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Record", exact=True).click()

    # The meeting's page: what was recorded, and who took part.
    expect(page.locator(".messages")).to_contain_text("The meeting was recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    with translation.override(personas.co_chair.language or "en"):
        held_text = dateformat.format(held_on, get_format("DATE_FORMAT"))
        due_text = dateformat.format(due_on, get_format("DATE_FORMAT"))
    facts = page.locator("#meeting")
    expect(facts).to_contain_text(held_text)
    expect(facts).to_contain_text("Network meeting")
    expect(facts).to_contain_text(personas.co_chair.display_name)
    expect(page.locator("#agenda")).to_contain_text("Plan d'action")
    expect(page.locator("#minutes")).to_contain_text("liste des points focaux")
    participants = page.get_by_role("table", name="Participants")
    expect(participants.get_by_role("row", name="Alpha Relief")).to_contain_text("3")
    expect(participants.get_by_role("row", name="Beta Aid")).to_contain_text("2")
    expect(participants.locator("tfoot")).to_contain_text("2 organisations")
    expect(participants.locator("tfoot")).to_contain_text("5")
    expect(page.get_by_text("No action recorded.")).to_be_visible()
    _no_sideways_scroll(page)

    # The action it decided.
    form = page.get_by_role("form", name="Add an action")
    form.get_by_role("textbox", name="Action").fill(ACTION)
    form.get_by_label("Owner organisation").select_option(label=str(personas.org_a))
    form.get_by_label("Due date").fill(due_on.isoformat())
    with page.expect_navigation():
        form.get_by_role("button", name="Add", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("The action was added.")
    row = page.get_by_role("table", name="Actions decided").locator("tbody tr", has_text=ACTION)
    expect(row).to_contain_text("ALPHA")
    expect(row).to_contain_text(due_text)
    expect(row).to_contain_text("overdue")
    expect(row).to_contain_text("Open")
    _no_sideways_scroll(page)

    # The network's page counts it; the open actions page lists it under its organisation, overdue.
    with page.expect_navigation():
        page.get_by_role("link", name="Network", exact=True).click()
    parts = page.locator("#network-parts")
    expect(parts).to_contain_text("(1 open)")
    expect(parts).to_contain_text("1 overdue")
    with page.expect_navigation():
        parts.get_by_role("link", name="open actions by organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open actions by organisation")
    expect(page.locator("#actions-summary")).to_have_text("1 open action, 1 overdue.")
    summary = page.get_by_role("table", name="Per organisation").get_by_role("row", name="Alpha Relief")
    expect(summary.locator(".overdue-count")).to_have_text("1")
    expect(page.get_by_role("heading", level=2, name="Alpha Relief")).to_contain_text("1 overdue")
    expect(page.get_by_role("heading", level=2, name="Beta Aid")).to_have_count(0)
    own = page.get_by_role("table", name="Open actions of Alpha Relief").locator("tbody tr", has_text=ACTION)
    expect(own).to_contain_text(TITLE)
    expect(own).to_contain_text(due_text)
    expect(own.locator(".badge-overdue")).to_have_text("overdue")
    _no_sideways_scroll(page)

    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.type == MeetingType.NETWORK and meeting.held_on == held_on
    assert dict(meeting.participations.values_list("organisation__acronym", "people")) == {"ALPHA": 3, "BETA": 2}
    action = MeetingAction.objects.get(meeting=meeting)
    assert action.owner == personas.org_a and action.due_on == due_on
    assert AuditEvent.objects.filter(action=Action.MEETING_CREATED, actor=personas.co_chair).count() == 1
    assert AuditEvent.objects.filter(action=Action.MEETING_ACTION_CREATED, target_id=str(action.public_id)).exists()
