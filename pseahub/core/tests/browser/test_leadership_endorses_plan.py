"""Issue 15 item 6 in a browser: the coordinator has submitted the action plan for endorsement; leadership goes
from the header's "Network" to the action plans and the plan, endorses it, and sees it endorsed with the day and
its own name; the endorsement is in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import ActionPlan, PlanStatus, PlanTemplate
from pseahub.planning.plans import activity_create, output_add, plan_create, plan_submit

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

PLAN = "Plan d'action PEAS Mali"


def _submitted_plan(personas) -> ActionPlan:
    """A plan with one output and one activity, submitted to leadership by the coordinator."""
    today = timezone.localdate()
    plan = plan_create(
        actor=personas.coordinator, title=PLAN, template=PlanTemplate.objects.get(code="iasc-2018"),
        period_start=dt.date(today.year, 1, 1), period_end=dt.date(today.year + 1, 12, 31),
    )  # fmt: skip
    output = output_add(actor=personas.coordinator, outcome=plan.outcomes.get(code="1"), title="Canaux accessibles")
    activity_create(
        actor=personas.coordinator, output=output, title="Former les agents de distribution", lead=personas.org_a,
        due_on=today + dt.timedelta(days=60),
    )  # fmt: skip
    return plan_submit(actor=personas.coordinator, plan=plan)


def test_leadership_endorses_the_submitted_plan(new_page, personas, live_server):
    plan = _submitted_plan(personas)
    page = new_page()
    key = TOTPDevice.objects.create(user=personas.leadership, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.leadership.email, personas.password, key)

    with page.expect_navigation():
        page.get_by_role("link", name="Network", exact=True).click()
    with page.expect_navigation():
        page.locator("#network-parts").get_by_role("link", name="Action plans", exact=True).click()
    plans = page.get_by_role("table", name="1 plan version")
    expect(plans.get_by_role("row", name=PLAN)).to_contain_text("Submitted for endorsement")
    with page.expect_navigation():
        plans.get_by_role("link", name=PLAN).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    expect(page.locator("#plan-status")).to_have_text("Submitted for endorsement")
    with page.expect_navigation():
        page.get_by_role("button", name="Endorse this version").click()

    with translation.override(personas.leadership.language or "en"):
        today = dateformat.format(timezone.localtime(), get_format("DATE_FORMAT"))
    expect(page.locator(".messages")).to_contain_text("The plan is endorsed; it is the plan in force.")
    expect(page.locator("#plan-status")).to_have_text(
        f"Endorsed — endorsed on {today} by {personas.leadership.display_name}"
    )
    expect(page.get_by_role("button", name="Endorse this version")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="All action plans").click()
    expect(page.get_by_role("row", name=PLAN)).to_contain_text(f"Endorsed ({today})")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDORSED and plan.endorsed_by == personas.leadership
    event = AuditEvent.objects.get(action=Action.PLAN_ENDORSED, target_id=str(plan.public_id))
    assert event.actor == personas.leadership
    assert event.target_type == "planning.actionplan" and event.data == {"version": 1, "superseded": []}
