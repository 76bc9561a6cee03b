"""Issue 15 item 7 in a browser: the focal point of the organisation that leads an activity of the endorsed plan
goes from the header's "Network" to the action plans, the plan and the activity, reports it at risk with a note
and the indicator's value, and sees the update in the activity's history and the new status on the plan's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import ActivityStatus, PlanActivity, PlanStatus, PlanTemplate
from pseahub.planning.plans import activity_create, output_add, plan_create, plan_endorse, plan_submit

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

PLAN = "Plan d'action PEAS Mali"
NOTE = "Formation reportée à Mopti : la salle n'est pas disponible."


def _endorsed_plan_with_activity(personas) -> PlanActivity:
    """An endorsed plan (IASC template) whose one activity ALPHA leads, due in two months."""
    today = timezone.localdate()
    plan = plan_create(
        actor=personas.coordinator, title=PLAN, template=PlanTemplate.objects.get(code="iasc-2018"),
        period_start=dt.date(today.year, 1, 1), period_end=dt.date(today.year + 1, 12, 31),
    )  # fmt: skip
    output = output_add(actor=personas.coordinator, outcome=plan.outcomes.get(code="1"), title="Canaux accessibles")
    activity = activity_create(
        actor=personas.coordinator, output=output, title="Former les agents de distribution", lead=personas.org_a,
        due_on=today + dt.timedelta(days=60), supporting=[personas.org_b], indicator="Agents formés", baseline="0",
        target="40", status=ActivityStatus.ON_TRACK,
    )  # fmt: skip
    plan_submit(actor=personas.coordinator, plan=plan)
    plan_endorse(actor=personas.leadership, plan=plan)
    return activity


def test_a_focal_point_reports_its_activity_at_risk(new_page, personas, live_server):
    activity = _endorsed_plan_with_activity(personas)
    page = new_page(viewport={"width": 360, "height": 740})
    key = TOTPDevice.objects.create(user=personas.focal_point_a, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.focal_point_a.email, personas.password, key)

    with page.expect_navigation():
        page.get_by_role("link", name="Network", exact=True).click()
    with page.expect_navigation():
        page.locator("#network-parts").get_by_role("link", name="Action plans", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("table", name="1 plan version").get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    expect(page.locator("#plan-status")).to_contain_text("Endorsed")
    with page.expect_navigation():
        page.locator("#tree").get_by_role("link", name="1.1.1. Former les agents de distribution").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("1.1.1. Former les agents de distribution")
    expect(page.locator("#activity-status")).to_have_text("On track")
    expect(page.get_by_text("No progress reported yet.")).to_be_visible()
    form = page.get_by_role("form", name="Report progress")
    form.get_by_label("Status").select_option(label="At risk")
    form.get_by_role("textbox", name="Progress").fill(NOTE)
    form.get_by_role("textbox", name="Indicator value").fill("12")
    with page.expect_navigation():
        form.get_by_role("button", name="Record the update").click()

    # The activity's history has the update, by the focal point for its organisation; the status follows it.
    expect(page.locator(".messages")).to_contain_text("Your update was recorded.")
    expect(page.locator("#activity-status")).to_have_text("At risk")
    history = page.get_by_role("table", name="Progress updates").locator("tbody tr")
    expect(history).to_have_count(1)
    expect(history).to_contain_text(f"{personas.focal_point_a.display_name} (ALPHA)")
    expect(history).to_contain_text("At risk")
    expect(history).to_contain_text(NOTE)
    expect(history).to_contain_text("12")

    # Back on the plan: the activity is at risk, with the latest progress.
    with page.expect_navigation():
        page.get_by_role("link", name=f"{PLAN} (version 1)").click()
    row = page.locator("#tree tbody tr", has_text="Former les agents de distribution")
    expect(row.locator("td[data-label=Status]")).to_have_text("At risk")
    expect(row.locator("td[data-label='Latest progress']")).to_contain_text("Formation reportée à Mopti")
    expect(row.locator("td[data-label='Latest progress']")).to_contain_text("(value 12)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.AT_RISK
    update = activity.updates.get()
    assert (update.author, update.organisation, update.value) == (personas.focal_point_a, personas.org_a, "12")
    assert activity.output.outcome.plan.status == PlanStatus.ENDORSED
    event = AuditEvent.objects.get(action=Action.PLAN_ACTIVITY_UPDATED, target_id=str(activity.public_id))
    assert event.actor == personas.focal_point_a and event.data["status"] == ActivityStatus.AT_RISK
