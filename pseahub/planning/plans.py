"""The network's action plan (issue 15 items 6-7): plans built on an outcome template (outcomes → outputs →
activities), activities created from a risk finding or a mapping gap, members' progress updates, the overdue and
at-risk view, the quarterly progress report's figures, and the endorsement of a plan's version by leadership.

Rules:
- The coordinator and co-chairs (``access.NETWORK_EDITORS``) create plans, add outputs and activities and edit them,
  only while the plan is a draft; they submit a draft for endorsement; leadership endorses a submitted plan (an
  endorsed plan of the same title becomes superseded); "new version" copies an endorsed plan into a draft.
- Focal points update the activities their organisation leads or supports; the editors update any; nobody updates
  a superseded plan's activities.
- Every write is audited in its transaction, with ids and codes only.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.mapping.gaps import Gap, GapKind, gap_find
from pseahub.network.models import Area, Organisation

from .access import edits_network, reads_network
from .models import (
    ActionPlan,
    ActivityStatus,
    ActivityUpdate,
    PlanActivity,
    PlanOutcome,
    PlanOutput,
    PlanStatus,
    PlanTemplate,
    RiskFinding,
    RoundStatus,
    localized_name,
)

#: Statuses of an activity that is over (never overdue, never at risk).
CLOSED = (ActivityStatus.COMPLETED, ActivityStatus.CANCELLED)
#: Statuses the co-chairs look at.
AT_RISK = (ActivityStatus.AT_RISK, ActivityStatus.DELAYED)


# --- quarters ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        match = re.fullmatch(r"(\d{4})-Q([1-4])", (text or "").strip().upper())
        return cls(int(match.group(1)), int(match.group(2))) if match else None

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def plan_quarters(plan: ActionPlan) -> list[Quarter]:
    """The quarters of the plan's period, in order."""
    quarters = []
    quarter = Quarter.of(plan.period_start)
    while quarter.start <= plan.period_end:
        quarters.append(quarter)
        quarter = Quarter(quarter.year + 1, 1) if quarter.number == 4 else Quarter(quarter.year, quarter.number + 1)
    return quarters


# --- who may do what ---------------------------------------------------------------------------------------------


def focal_organisation_ids(user: User) -> set[int]:
    return user.organisation_ids(Role.FOCAL_POINT) if user.is_authenticated else set()


def activity_organisation_ids(activity: PlanActivity) -> set[int]:
    return {activity.lead_id, *(organisation.pk for organisation in activity.supporting.all())}


def activity_updatable_by(user: User, activity: PlanActivity) -> bool:
    """The editors, and focal points of the lead or a supporting organisation; never on a superseded plan."""
    if activity.output.outcome.plan.status == PlanStatus.SUPERSEDED:
        return False
    if edits_network(user):
        return True
    return bool(focal_organisation_ids(user) & activity_organisation_ids(activity))


def plan_editable(plan: ActionPlan) -> bool:
    return plan.status == PlanStatus.DRAFT


def outcome_title(outcome: PlanOutcome) -> str:
    """The outcome's title in the page's language (a template's English name is a msgid of ``frameworks.py``)."""
    return localized_name(outcome.title, {})


# --- reads ---------------------------------------------------------------------------------------------------------


def plan_list(user: User) -> QuerySet[ActionPlan]:
    if not reads_network(user):
        return ActionPlan.objects.none()
    return ActionPlan.objects.select_related("template", "endorsed_by").order_by("title", "-version")


def plan_get_for(user: User, public_id: uuid.UUID) -> ActionPlan:
    plan = plan_list(user).filter(public_id=public_id).first()
    if plan is None:
        raise Http404
    return plan


def _activities() -> QuerySet[PlanActivity]:
    return PlanActivity.objects.select_related("lead", "area", "finding", "output__outcome__plan").prefetch_related(
        "supporting",
        Prefetch("updates", queryset=ActivityUpdate.objects.select_related("author", "organisation")),
    )


def activity_get_for(user: User, public_id: uuid.UUID) -> PlanActivity:
    if not reads_network(user):
        raise Http404
    activity = _activities().filter(public_id=public_id).first()
    if activity is None:
        raise Http404
    return activity


def activity_latest_update(activity: PlanActivity) -> ActivityUpdate | None:
    updates = list(activity.updates.all())  # prefetched, newest first
    return updates[0] if updates else None


def is_overdue(activity: PlanActivity, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return activity.due_on < today and activity.status not in CLOSED


@dataclass
class OutputNode:
    output: PlanOutput
    activities: list[PlanActivity] = field(default_factory=list)


@dataclass
class OutcomeNode:
    outcome: PlanOutcome
    title: str
    outputs: list[OutputNode] = field(default_factory=list)

    @property
    def activities(self) -> list[PlanActivity]:
        return [activity for node in self.outputs for activity in node.activities]


def plan_tree(plan: ActionPlan) -> list[OutcomeNode]:
    """Outcomes → outputs → activities (with lead, supporting organisations and updates prefetched), in order."""
    activities = _activities().filter(output__outcome__plan=plan).order_by("output_id", "code")
    by_output: dict[int, list[PlanActivity]] = {}
    for activity in activities:
        by_output.setdefault(activity.output_id, []).append(activity)
    tree = []
    for outcome in plan.outcomes.prefetch_related("outputs").order_by("order", "code"):
        node = OutcomeNode(outcome, outcome_title(outcome))
        for output in outcome.outputs.all():
            node.outputs.append(OutputNode(output, by_output.get(output.pk, [])))
        tree.append(node)
    return tree


def status_counts(activities: list[PlanActivity]) -> dict[str, int]:
    counts = Counter(activity.status for activity in activities)
    return {value: counts.get(value, 0) for value in ActivityStatus.values}


@dataclass
class Attention:
    overdue: list[PlanActivity]
    at_risk: list[PlanActivity]


def attention_list(user: User, plan: ActionPlan | None = None, today: datetime.date | None = None) -> Attention:
    """Activities past their due date and not completed or cancelled, and those at risk or delayed (not overdue),
    of the plans in force and being prepared (never of superseded plans). Due date first."""
    if not reads_network(user):
        return Attention([], [])
    today = today or timezone.localdate()
    activities = _activities().exclude(output__outcome__plan__status=PlanStatus.SUPERSEDED).exclude(status__in=CLOSED)
    if plan is not None:
        activities = activities.filter(output__outcome__plan=plan)
    activities = activities.order_by("due_on", "code")
    overdue = [activity for activity in activities if activity.due_on < today]
    at_risk = [activity for activity in activities if activity.due_on >= today and activity.status in AT_RISK]
    return Attention(overdue, at_risk)


def finding_for_activity(public_id: str) -> RiskFinding | None:
    """A finding of a completed risk assessment round, by its public id (None when unknown or not completed)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        RiskFinding.objects.select_related("area", "round")
        .filter(public_id=key, round__status=RoundStatus.COMPLETED)
        .first()
    )


@dataclass(frozen=True)
class GapSource:
    """What a gap key says, even when the gap was closed since: its kind and area."""

    key: str
    kind_label: str
    area: Area | None
    gap: Gap | None


def gap_source(key: str) -> GapSource | None:
    """The mapping gap of this key: the current gap when it still is one, else its kind and area from the key."""
    key = (key or "").strip()
    parts = key.split(":")
    if len(parts) != 3 or parts[0] not in GapKind.values or len(key) > 120:
        return None
    gap = gap_find(key)
    area = gap.area if gap is not None else Area.objects.filter(pcode=parts[1]).first()
    if area is None:
        return None
    return GapSource(key, str(GapKind(parts[0]).label), area, gap)


def gap_activity_title(source: GapSource) -> str:
    area = source.area.display_name() if source.area is not None else ""
    return _("Close the gap: %(gap)s (%(area)s)") % {"gap": source.kind_label, "area": area}


def draft_plans(user: User) -> QuerySet[ActionPlan]:
    return plan_list(user).filter(status=PlanStatus.DRAFT)


def gap_action_url(gap: Gap) -> str:
    """The "Add to the action plan" link of the mapping's gap table (registered in ``apps.py``)."""
    return f"{reverse('planning:activity_from')}?{urlencode({'gap': gap.key})}"


# --- the quarterly progress report -------------------------------------------------------------------------------


@dataclass
class ReportOutput:
    output: PlanOutput
    activities: list[PlanActivity]
    counts: dict[str, int]
    updates: dict[int, list[ActivityUpdate]]  # activity pk → updates of the quarter, oldest first


@dataclass
class ReportOutcome:
    title: str
    code: str
    outputs: list[ReportOutput]
    counts: dict[str, int]


@dataclass
class ProgressReport:
    plan: ActionPlan
    quarter: Quarter
    outcomes: list[ReportOutcome]
    counts: dict[str, int]
    overdue: int
    generated: datetime.date


def progress_report(plan: ActionPlan, quarter: Quarter) -> ProgressReport:
    """The plan's progress in a quarter: per outcome and output, its activities with their status counts and the
    updates reported during the quarter."""
    tree = plan_tree(plan)
    start, end = quarter.start, quarter.end
    outcomes = []
    everything: list[PlanActivity] = []
    for node in tree:
        outputs = []
        for output_node in node.outputs:
            updates = {
                activity.pk: sorted(
                    (u for u in activity.updates.all() if start <= timezone.localdate(u.created_at) <= end),
                    key=lambda u: u.created_at,
                )
                for activity in output_node.activities
            }
            outputs.append(
                ReportOutput(output_node.output, output_node.activities, status_counts(output_node.activities), updates)
            )
        outcomes.append(ReportOutcome(node.title, node.outcome.code, outputs, status_counts(node.activities)))
        everything += node.activities
    cutoff = min(end, timezone.localdate())
    overdue = sum(1 for activity in everything if is_overdue(activity, cutoff + datetime.timedelta(days=1)))
    return ProgressReport(plan, quarter, outcomes, status_counts(everything), overdue, timezone.localdate())


# --- writes --------------------------------------------------------------------------------------------------------


def _editor_check(actor: User) -> None:
    if not edits_network(actor):
        raise PermissionError("Only the coordinator and the co-chairs keep the network's action plan.")


def _draft_check(plan: ActionPlan) -> None:
    if not plan_editable(plan):
        raise ValidationError(_("Only a draft plan can be changed. Start a new version to change an endorsed plan."))


@transaction.atomic
def plan_create(
    *, actor: User, title: str, template: PlanTemplate, period_start: datetime.date, period_end: datetime.date
) -> ActionPlan:
    """A draft plan, version 1, with the template's outcomes."""
    _editor_check(actor)
    plan = ActionPlan(title=title.strip(), template=template, period_start=period_start, period_end=period_end)
    plan.full_clean()
    plan.save()
    for order, outcome in enumerate(template.outcomes or []):
        PlanOutcome.objects.create(
            plan=plan, code=str(outcome.get("code") or order + 1), title=str(outcome.get("name", "")), order=order
        )
    record(actor=actor, action=Action.PLAN_CREATED, target=plan, data={"template": template.code, "version": 1})
    return plan


@transaction.atomic
def output_add(*, actor: User, outcome: PlanOutcome, title: str) -> PlanOutput:
    _editor_check(actor)
    _draft_check(outcome.plan)
    number = outcome.outputs.count() + 1
    codes = set(outcome.outputs.values_list("code", flat=True))
    while f"{outcome.code}.{number}" in codes:
        number += 1
    output = PlanOutput(outcome=outcome, code=f"{outcome.code}.{number}", title=title.strip(), order=number)
    output.full_clean()
    output.save()
    record(
        actor=actor,
        action=Action.PLAN_OUTPUT_ADDED,
        target=outcome.plan,
        data={"outcome": outcome.code, "output": output.code},
    )
    return output


#: The fields of an activity the editors set.
ACTIVITY_FIELDS = ("title", "lead", "area", "due_on", "indicator", "baseline", "target", "status")


def _next_activity_code(output: PlanOutput) -> str:
    codes = set(output.activities.values_list("code", flat=True))
    number = len(codes) + 1
    while f"{output.code}.{number}" in codes:
        number += 1
    return f"{output.code}.{number}"


@transaction.atomic
def activity_create(
    *,
    actor: User,
    output: PlanOutput,
    title: str,
    lead: Organisation,
    due_on: datetime.date,
    supporting: list[Organisation] | None = None,
    area: Area | None = None,
    indicator: str = "",
    baseline: str = "",
    target: str = "",
    status: str = ActivityStatus.NOT_STARTED,
    finding: RiskFinding | None = None,
    gap_key: str = "",
) -> PlanActivity:
    _editor_check(actor)
    plan = output.outcome.plan
    _draft_check(plan)
    if finding is not None and finding.round.status != RoundStatus.COMPLETED:
        raise ValidationError(_("Only a finding of a completed risk assessment can become an activity."))
    activity = PlanActivity(
        output=output, code=_next_activity_code(output), title=title.strip(), lead=lead, area=area, due_on=due_on,
        indicator=indicator.strip(), baseline=baseline.strip(), target=target.strip(), status=status,
        finding=finding, gap_key=gap_key.strip(),
    )  # fmt: skip
    activity.full_clean()
    activity.save()
    activity.supporting.set([o for o in supporting or [] if o.pk != lead.pk])
    data: dict[str, Any] = {"plan": str(plan.public_id), "code": activity.code, "lead": lead.pk}
    if finding is not None:
        data["finding"] = str(finding.public_id)
    if activity.gap_key:
        data["gap"] = activity.gap_key
    record(actor=actor, action=Action.PLAN_ACTIVITY_CREATED, target=activity, data=data)
    return activity


@transaction.atomic
def activity_edit(
    *, actor: User, activity: PlanActivity, supporting: list[Organisation] | None = None, **changes: Any
) -> PlanActivity:
    """Change an activity of a draft plan (the fields of ``ACTIVITY_FIELDS``; its links stay)."""
    _editor_check(actor)
    _draft_check(activity.output.outcome.plan)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Not an activity field: {sorted(unknown)}")
    stored = PlanActivity.objects.get(pk=activity.pk)  # a bound ModelForm may have changed ``activity`` already
    changed = [name for name, value in changes.items() if getattr(stored, name) != value]
    for name, value in changes.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    activity.full_clean()
    activity.save()
    if supporting is not None:
        before = {o.pk for o in activity.supporting.all()}
        after = {o.pk for o in supporting if o.pk != activity.lead_id}
        if before != after:
            activity.supporting.set(sorted(after))
            changed.append("supporting")
    record(actor=actor, action=Action.PLAN_ACTIVITY_EDITED, target=activity, data={"fields": sorted(changed)})
    return activity


@transaction.atomic
def activity_update(
    *, actor: User, activity: PlanActivity, status: str, progress: str, value: str = ""
) -> ActivityUpdate:
    """A progress update: the activity takes its status. By the editors and the focal points of the lead or a
    supporting organisation."""
    if not activity_updatable_by(actor, activity):
        raise PermissionError("Only the activity's organisations and the editors report its progress.")
    organisations = focal_organisation_ids(actor) & activity_organisation_ids(activity)
    organisation_id = activity.lead_id if activity.lead_id in organisations else min(organisations, default=None)
    update = ActivityUpdate(
        activity=activity, author=actor, organisation_id=organisation_id, status=status, progress=progress.strip(),
        value=value.strip(),
    )  # fmt: skip
    update.full_clean()
    update.save()
    if activity.status != status:
        activity.status = status
        activity.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action=Action.PLAN_ACTIVITY_UPDATED,
        target=activity,
        data={"update": str(update.public_id), "status": status, "organisation": organisation_id},
    )
    return update


@transaction.atomic
def plan_submit(*, actor: User, plan: ActionPlan) -> ActionPlan:
    """A draft goes to leadership for endorsement (it can no longer be changed)."""
    _editor_check(actor)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be submitted for endorsement."))
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    record(actor=actor, action=Action.PLAN_SUBMITTED, target=plan, data={"version": plan.version})
    return plan


def endorses(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.LEADERSHIP))


@transaction.atomic
def plan_endorse(*, actor: User, plan: ActionPlan) -> ActionPlan:
    """Leadership endorses a submitted version; an endorsed plan of the same title becomes superseded."""
    if not endorses(actor):
        raise PermissionError("Only leadership endorses the action plan.")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a plan submitted for endorsement can be endorsed."))
    superseded = list(
        ActionPlan.objects.filter(title=plan.title, status=PlanStatus.ENDORSED).exclude(pk=plan.pk).order_by("pk")
    )
    ActionPlan.objects.filter(pk__in=[p.pk for p in superseded]).update(
        status=PlanStatus.SUPERSEDED, updated_at=timezone.now()
    )
    plan.status = PlanStatus.ENDORSED
    plan.endorsed_at = timezone.now()
    plan.endorsed_by = actor
    plan.save(update_fields=["status", "endorsed_at", "endorsed_by", "updated_at"])
    record(
        actor=actor,
        action=Action.PLAN_ENDORSED,
        target=plan,
        data={"version": plan.version, "superseded": [str(p.public_id) for p in superseded]},
    )
    return plan


RETURN_NOTE_MAX = 2000


@transaction.atomic
def plan_return(*, actor: User, plan: ActionPlan, note: str) -> ActionPlan:
    """Leadership sends a submitted version back to draft, saying what to change; the editors change it and submit
    it again. The note stays on the plan (not in the audit log, which records only that it was returned)."""
    if not endorses(actor):
        raise PermissionError("Only leadership returns a submitted plan.")
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what should change before the plan can be endorsed."))
    if len(note) > RETURN_NOTE_MAX:
        raise ValidationError(
            _("Keep the note under %(limit)s characters (it has %(length)s).")
            % {"limit": RETURN_NOTE_MAX, "length": len(note)}
        )
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a plan submitted for endorsement can be returned to draft."))
    plan.status = PlanStatus.DRAFT
    plan.returned_at = timezone.now()
    plan.returned_note = note
    plan.save(update_fields=["status", "returned_at", "returned_note", "updated_at"])
    record(actor=actor, action=Action.PLAN_RETURNED, target=plan, data={"version": plan.version})
    return plan


def plan_next_version(plan: ActionPlan) -> ActionPlan | None:
    """The draft or submitted version that follows ``plan`` (same title, a higher version), if any."""
    return (
        ActionPlan.objects.filter(title=plan.title, version__gt=plan.version)
        .filter(Q(status=PlanStatus.DRAFT) | Q(status=PlanStatus.SUBMITTED))
        .order_by("version")
        .first()
    )


@transaction.atomic
def plan_new_version(*, actor: User, plan: ActionPlan) -> ActionPlan:
    """A draft copy of an endorsed plan, version + 1: its outcomes, outputs and activities (with their status,
    organisations and links to findings and gaps); progress updates stay with the version they were made on."""
    _editor_check(actor)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.ENDORSED:
        raise ValidationError(_("Only the endorsed plan can be copied into a new version."))
    if plan_next_version(plan) is not None:
        raise ValidationError(_("A new version of this plan is already being prepared."))
    latest = ActionPlan.objects.filter(title=plan.title).aggregate(Max("version"))["version__max"] or plan.version
    copy = ActionPlan.objects.create(
        title=plan.title, template=plan.template, period_start=plan.period_start, period_end=plan.period_end,
        version=latest + 1,
    )  # fmt: skip
    activities = 0
    for outcome in plan.outcomes.all():
        new_outcome = PlanOutcome.objects.create(plan=copy, code=outcome.code, title=outcome.title, order=outcome.order)
        for output in outcome.outputs.all():
            new_output = PlanOutput.objects.create(
                outcome=new_outcome, code=output.code, title=output.title, order=output.order
            )
            for activity in output.activities.prefetch_related("supporting"):
                new_activity = PlanActivity.objects.create(
                    output=new_output, code=activity.code, title=activity.title, lead_id=activity.lead_id,
                    area_id=activity.area_id, due_on=activity.due_on, indicator=activity.indicator,
                    baseline=activity.baseline, target=activity.target, status=activity.status,
                    finding_id=activity.finding_id, gap_key=activity.gap_key,
                )  # fmt: skip
                new_activity.supporting.set([o.pk for o in activity.supporting.all()])
                activities += 1
    record(
        actor=actor,
        action=Action.PLAN_VERSION_CREATED,
        target=copy,
        data={"from": str(plan.public_id), "version": copy.version, "activities": activities},
    )
    return copy


@transaction.atomic
def plan_report_download(*, actor: User, plan: ActionPlan, quarter: Quarter, fmt: str, language: str) -> None:
    """The download of a quarterly progress report, audited."""
    if not reads_network(actor):
        raise PermissionError("Only the network's members read its action plan.")
    record(
        actor=actor,
        action=Action.PLAN_REPORT_DOWNLOADED,
        target=plan,
        data={"quarter": str(quarter), "format": fmt, "language": language},
    )
