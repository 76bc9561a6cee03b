"""Building a plan: outcomes from the template, outputs, activities with their organisations, area, due date and
indicator; activities from a risk finding (of a completed round) or a mapping gap keep the link and show it; only
drafts change; bad input is a form error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.gaps import EVERYONE, Gap, GapKind, action_plan_url
from pseahub.mapping.tests.gap_world import mali
from pseahub.planning.models import ActionPlan, PlanActivity, PlanStatus, PlanTemplate, RoundStatus
from pseahub.planning.plans import plan_submit

from .plan_world import finding, plan_world

pytestmark = pytest.mark.django_db


def test_a_new_plan_gets_its_templates_outcomes(personas, client_for):
    client = client_for(personas.co_chair)
    template = PlanTemplate.objects.get(code="five-outcomes")
    data = {"title": "Plan 2027", "template": template.pk, "period_start": "2027-01-01", "period_end": "2027-12-31"}
    response = client.post(reverse("planning:plan_new"), data)
    plan = ActionPlan.objects.get(title="Plan 2027")
    assert response["Location"] == reverse("planning:plan", args=[plan.public_id])
    assert list(plan.outcomes.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    assert plan.status == PlanStatus.DRAFT and plan.version == 1
    page = client.get(response["Location"]).content.decode()
    assert "Prevention" in page and "Country-level PSEA structure" in page
    assert AuditEvent.objects.filter(action=Action.PLAN_CREATED, target_id=str(plan.public_id)).exists()


def test_a_period_that_ends_before_it_starts_is_a_form_error(personas, client_for):
    template = PlanTemplate.objects.get(code="iasc-2018")
    data = {"title": "Plan", "template": template.pk, "period_start": "2027-12-01", "period_end": "2027-01-01"}
    response = client_for(personas.coordinator).post(reverse("planning:plan_new"), data)
    assert response.status_code == 400 and not ActionPlan.objects.exists()


def test_editors_add_outputs_and_activities_and_see_them_in_the_tree(personas, client_for):
    world = plan_world(personas)
    client = client_for(personas.coordinator)
    outcome = world.plan.outcomes.get(code="2")
    response = client.post(
        reverse("planning:output_new", args=[world.plan.public_id]), {"outcome": outcome.pk, "title": "Services"}
    )
    assert response.status_code == 302
    output = outcome.outputs.get()
    assert output.code == "2.1"
    data = {
        "output": output.pk, "title": "Cartographier les services", "lead": personas.org_b.pk,
        "supporting": [personas.org_a.pk], "area": world.area.pk, "due_on": "2026-09-30",
        "indicator": "Zones cartographiées", "baseline": "1", "target": "8", "status": "not_started",
    }  # fmt: skip
    assert client.post(reverse("planning:activity_new", args=[world.plan.public_id]), data).status_code == 302
    activity = PlanActivity.objects.get(title="Cartographier les services")
    assert activity.code == "2.1.1" and list(activity.supporting.all()) == [personas.org_a]
    page = client.get(reverse("planning:plan", args=[world.plan.public_id])).content.decode()
    tree = page.split('id="tree"')[1]
    assert tree.index("Quality assistance for survivors") < tree.index("Cartographier les services")
    assert "Zones cartographiées" in tree and "BETA" in tree


def test_an_activity_without_a_lead_is_a_form_error(personas, client_for):
    world = plan_world(personas)
    data = {"output": world.output.pk, "title": "Sans chef de file", "due_on": "2026-09-30", "status": "not_started"}
    url = reverse("planning:activity_new", args=[world.plan.public_id])
    response = client_for(personas.coordinator).post(url, data)
    assert response.status_code == 400 and not PlanActivity.objects.filter(title="Sans chef de file").exists()


def test_editors_edit_an_activity_of_a_draft(personas, client_for):
    world = plan_world(personas)
    client = client_for(personas.coordinator)
    url = reverse("planning:activity_edit", args=[world.activity_a.public_id])
    assert "Former les agents" in client.get(url).content.decode()
    data = {
        "title": "Former 60 agents", "lead": personas.org_a.pk, "supporting": [personas.org_b.pk],
        "due_on": "2026-08-31", "indicator": "Agents formés", "baseline": "0", "target": "60", "status": "on_track",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    world.activity_a.refresh_from_db()
    assert world.activity_a.title == "Former 60 agents" and world.activity_a.target == "60"
    assert list(world.activity_a.supporting.all()) == [personas.org_b]
    event = AuditEvent.objects.filter(action=Action.PLAN_ACTIVITY_EDITED).latest("seq")
    assert "target" in event.data["fields"] and "supporting" in event.data["fields"]


def test_only_drafts_change(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    client = client_for(personas.coordinator)
    outcome = world.plan.outcomes.get(code="2")
    response = client.post(
        reverse("planning:output_new", args=[world.plan.public_id]), {"outcome": outcome.pk, "title": "Trop tard"}
    )
    assert response.status_code == 400 and not outcome.outputs.exists()
    data = {"output": world.output.pk, "title": "Trop tard", "lead": personas.org_a.pk, "due_on": "2026-09-30",
            "status": "not_started"}  # fmt: skip
    response = client.post(reverse("planning:activity_new", args=[world.plan.public_id]), data)
    assert response.status_code == 400 and not PlanActivity.objects.filter(title="Trop tard").exists()
    edit = client.post(reverse("planning:activity_edit", args=[world.activity_a.public_id]), {**data})
    assert edit.status_code == 400
    world.activity_a.refresh_from_db()
    assert world.activity_a.title == "Former les agents"


def test_an_activity_from_a_finding_is_prefilled_and_keeps_the_link(personas, client_for):
    world = plan_world(personas)
    source = finding(area=world.area)
    client = client_for(personas.coordinator)
    url = reverse("planning:activity_new", args=[world.plan.public_id])
    page = client.get(url, {"finding": str(source.public_id), "output": world.output.pk}).content.decode()
    assert "Superviser les distributions par des équipes mixtes" in page and "Distributions sans supervision" in page
    data = {
        "finding": str(source.public_id), "output": world.output.pk, "title": "Superviser les distributions",
        "lead": personas.org_a.pk, "area": world.area.pk, "due_on": "2026-10-31", "status": "not_started",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    activity = PlanActivity.objects.get(title="Superviser les distributions")
    assert activity.finding == source
    page = client.get(reverse("planning:activity", args=[activity.public_id])).content.decode()
    assert 'id="activity-source"' in page and "Distributions sans supervision" in page


def test_a_finding_of_a_round_not_completed_is_not_linked(personas, client_for):
    world = plan_world(personas)
    source = finding(status=RoundStatus.CONSOLIDATING)
    url = reverse("planning:activity_new", args=[world.plan.public_id])
    page = client_for(personas.coordinator).get(url, {"finding": str(source.public_id)}).content.decode()
    assert "was not found" in page and "Superviser" not in page


def test_the_gap_table_links_to_the_action_plan_and_the_activity_keeps_the_gap(personas, client_for):
    areas = mali()
    world = plan_world(personas)
    gap = Gap(GapKind.NO_SEA_CHANNEL, areas["ML0701"], EVERYONE)
    link = action_plan_url(gap)
    assert link == f"{reverse('planning:activity_from')}?gap=no_sea_channel%3AML0701%3Aall-all-all"
    gaps_page = client_for(personas.coordinator).get(reverse("mapping:gaps")).content.decode()
    assert "Add to the action plan" in gaps_page
    client = client_for(personas.coordinator)
    response = client.get(link)  # the only draft: straight to its new-activity page
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("planning:activity_new", args=[world.plan.public_id]))
    page = client.get(response["Location"]).content.decode()
    assert "Ansongo" in page and "No active channel with staff trained on SEA intake" in page
    data = {
        "gap": gap.key, "output": world.output.pk, "title": "Ouvrir un canal à Ansongo", "lead": personas.org_b.pk,
        "area": areas["ML0701"].pk, "due_on": "2026-11-30", "status": "not_started",
    }  # fmt: skip
    assert client.post(reverse("planning:activity_new", args=[world.plan.public_id]), data).status_code == 302
    activity = PlanActivity.objects.get(title="Ouvrir un canal à Ansongo")
    assert activity.gap_key == "no_sea_channel:ML0701:all-all-all"
    page = client.get(reverse("planning:activity", args=[activity.public_id])).content.decode()
    assert 'id="activity-source"' in page and "Ansongo" in page


def test_without_a_draft_plan_the_gap_link_says_so(personas, client_for):
    mali()
    response = client_for(personas.coordinator).get(
        reverse("planning:activity_from"), {"gap": "no_sea_channel:ML0701:all-all-all"}
    )
    assert response.status_code == 200 and 'id="no-draft"' in response.content.decode()


def test_a_malformed_gap_key_is_ignored(personas, client_for):
    world = plan_world(personas)
    url = reverse("planning:activity_new", args=[world.plan.public_id])
    response = client_for(personas.coordinator).get(url, {"gap": "nonsense"})
    assert response.status_code == 200 and "was not found" in response.content.decode()


def test_a_submitted_plans_activity_pages_say_why_nothing_changes(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    client = client_for(personas.coordinator)
    for url in (
        reverse("planning:activity_new", args=[world.plan.public_id]),
        reverse("planning:activity_edit", args=[world.activity_a.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and 'id="locked"' in response.content.decode(), url


def test_an_activity_from_a_gap_closed_since_still_says_where_it_came_from(personas, client_for):
    areas = mali()
    world = plan_world(personas)
    world.activity_a.gap_key = "no_service_legal:ML0701:all-all-all"
    world.activity_a.save()
    page = client_for(personas.focal_point_a).get(reverse("planning:activity", args=[world.activity_a.public_id]))
    source = page.content.decode().split('id="activity-source"')[1].split("</dd>")[0]
    assert "No legal aid" in source and areas["ML0701"].display_name() in source
