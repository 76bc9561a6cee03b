"""The action plan's pages (issue 15 items 6-7). Readers (editors, focal points, leadership) read the plans, their
activities and the quarterly report; the coordinator and co-chairs build draft plans and submit them; leadership
endorses; focal points report progress on their organisation's activities. Rules in ``plans.py``."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required

from .access import NETWORK_EDITORS, NETWORK_READERS, edits_network
from .forms_plans import ActivityForm, OutputForm, PlanForm, ReportForm, UpdateForm
from .models import ActionPlan, PlanOutput, PlanStatus
from .plan_reports import report_pdf, report_xlsx
from .plans import (
    Quarter,
    activity_create,
    activity_edit,
    activity_get_for,
    activity_latest_update,
    activity_updatable_by,
    activity_update,
    attention_list,
    draft_plans,
    endorses,
    finding_for_activity,
    gap_activity_title,
    gap_source,
    is_overdue,
    outcome_title,
    output_add,
    plan_create,
    plan_editable,
    plan_endorse,
    plan_get_for,
    plan_list,
    plan_new_version,
    plan_next_version,
    plan_quarters,
    plan_report_download,
    plan_return,
    plan_submit,
    plan_tree,
    progress_report,
)

#: Who reads the overdue and at-risk view: the editors, and leadership.
ATTENTION_ROLES = (*NETWORK_EDITORS, Role.LEADERSHIP)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- plans ---------------------------------------------------------------------------------------------------------


@role_required(*NETWORK_READERS)
@require_safe
def plan_list_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(request, "planning/plan_list.html", {"plans": list(plan_list(user)), "edits": edits_network(user)})


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(actor=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("The plan was created with its template's outcomes. Add outputs and activities.")
            )
            return redirect("planning:plan", public_id=plan.public_id)
    return render(request, "planning/plan_new.html", {"form": form}, status=400 if form.errors else 200)


def _outcome_choices(plan: ActionPlan) -> list[tuple[int, str]]:
    return [(o.pk, f"{o.code}. {outcome_title(o)}") for o in plan.outcomes.order_by("order", "code")]


def _plan_page(
    request: HttpRequest, plan: ActionPlan, output_form: OutputForm | None = None, status: int = 200
) -> HttpResponse:
    user = cast(User, request.user)
    edits = edits_network(user)
    today = timezone.localdate()
    tree = plan_tree(plan)
    for node in tree:
        for activity in node.activities:
            activity.latest = activity_latest_update(activity)  # type: ignore[attr-defined]
            activity.overdue = is_overdue(activity, today)  # type: ignore[attr-defined]
    context = {
        "plan": plan,
        "tree": tree,
        "edits": edits,
        "editable": edits and plan_editable(plan),
        "endorses": endorses(user) and plan.status == PlanStatus.SUBMITTED,
        "next_version": plan_next_version(plan),
        "output_form": output_form or OutputForm(outcomes=_outcome_choices(plan)),
        "quarters": plan_quarters(plan),
        "current_quarter": str(Quarter.of(today)),
        "attention": user.has_role(Role.COORDINATOR) or user.has_role(Role.CO_CHAIR) or user.has_role(Role.LEADERSHIP),
    }
    return render(request, "planning/plan_detail.html", context, status=status)


@role_required(*NETWORK_READERS)
@require_safe
def plan_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _plan_page(request, plan_get_for(cast(User, request.user), public_id))


@role_required(*NETWORK_EDITORS)
@require_POST
def output_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    form = OutputForm(request.POST, outcomes=_outcome_choices(plan))
    if form.is_valid():
        outcome = plan.outcomes.get(pk=form.cleaned_data["outcome"])
        try:
            output_add(actor=user, outcome=outcome, title=form.cleaned_data["title"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The output was added."))
            return redirect("planning:plan", public_id=plan.public_id)
    return _plan_page(request, plan, form, status=400)


@role_required(*NETWORK_EDITORS)
@require_POST
def plan_submit_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    try:
        plan_submit(actor=user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan was submitted to leadership for endorsement."))
    return redirect("planning:plan", public_id=plan.public_id)


@role_required(*NETWORK_READERS)
@require_POST
def plan_endorse_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Leadership only (checked here, so that a GET is refused with 405 for everyone)."""
    user = cast(User, request.user)
    if not endorses(user):
        raise PermissionDenied
    plan = plan_get_for(user, public_id)
    try:
        plan_endorse(actor=user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is endorsed; it is the plan in force."))
    return redirect("planning:plan", public_id=plan.public_id)


@role_required(*NETWORK_READERS)
@require_POST
def plan_return_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Leadership only, as endorsing; the note is required (the page says so when it is missing)."""
    user = cast(User, request.user)
    if not endorses(user):
        raise PermissionDenied
    plan = plan_get_for(user, public_id)
    try:
        plan_return(actor=user, plan=plan, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is back in draft; the coordinator and co-chairs see your note."))
    return redirect("planning:plan", public_id=plan.public_id)


@role_required(*NETWORK_EDITORS)
@require_POST
def plan_new_version_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    try:
        copy = plan_new_version(actor=user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        following = plan_next_version(plan)
        return redirect("planning:plan", public_id=(following or plan).public_id)
    messages.success(request, _("A new draft version was started from the endorsed plan."))
    return redirect("planning:plan", public_id=copy.public_id)


# --- activities ----------------------------------------------------------------------------------------------------


def _output_choices(plan: ActionPlan) -> list[tuple[int, str]]:
    outputs = (
        PlanOutput.objects.filter(outcome__plan=plan)
        .select_related("outcome")
        .order_by("outcome__order", "outcome__code", "order", "code")
    )
    return [(output.pk, f"{output.code}. {output.title}") for output in outputs]


@role_required(*NETWORK_EDITORS)
@require_safe
def activity_from(request: HttpRequest) -> HttpResponse:
    """From a mapping gap or a risk finding to the new-activity page of a draft plan: straight there when there is
    one draft, else a choice."""
    user = cast(User, request.user)
    keep = {name: request.GET[name] for name in ("gap", "finding") if request.GET.get(name)}
    plans = list(draft_plans(user))
    if len(plans) == 1 and keep:
        return redirect(f"{reverse('planning:activity_new', args=[plans[0].public_id])}?{urlencode(keep)}")
    links = [(plan, f"{reverse('planning:activity_new', args=[plan.public_id])}?{urlencode(keep)}") for plan in plans]
    return render(request, "planning/activity_from.html", {"links": links})


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    source = request.POST if request.method == "POST" else request.GET
    finding = finding_for_activity(source.get("finding", "")) if source.get("finding") else None
    gap = gap_source(source.get("gap", "")) if source.get("gap") else None
    initial: dict[str, Any] = {"output": source.get("output", "")}
    if finding is not None:
        initial.update(title=finding.mitigation.strip()[:300] or finding.title, area=finding.area)
    elif gap is not None:
        initial.update(title=gap_activity_title(gap), area=gap.area)
    form = ActivityForm(request.POST or None, initial=initial, outputs=_output_choices(plan))
    locked = not plan_editable(plan)
    if locked and request.method == "POST":
        form.add_error(None, _("Only a draft plan can be changed. Start a new version to change an endorsed plan."))
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        output = PlanOutput.objects.get(pk=data.pop("output"), outcome__plan=plan)
        try:
            activity_create(
                actor=user, output=output, finding=finding, gap_key=gap.key if gap is not None else "",
                supporting=list(data.pop("supporting")), **data,
            )  # fmt: skip
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The activity was added."))
            return redirect("planning:plan", public_id=plan.public_id)
    context = {
        "plan": plan,
        "form": form,
        "locked": locked,
        "finding": finding,
        "gap": gap,
        "unknown_source": bool((source.get("finding") and finding is None) or (source.get("gap") and gap is None)),
        "has_outputs": bool(form.fields.get("output") and form.fields["output"].choices),  # type: ignore[attr-defined]
    }
    status = 400 if form.errors else 200
    return render(request, "planning/activity_new.html", context, status=status)


def _activity_page(
    request: HttpRequest, public_id: uuid.UUID, form: UpdateForm | None = None, status: int = 200
) -> HttpResponse:
    user = cast(User, request.user)
    activity = activity_get_for(user, public_id)
    plan = activity.output.outcome.plan
    updatable = activity_updatable_by(user, activity)
    context = {
        "activity": activity,
        "plan": plan,
        "outcome_title": outcome_title(activity.output.outcome),
        "updates": list(activity.updates.all()),
        "supporting": list(activity.supporting.all()),
        "gap": gap_source(activity.gap_key) if activity.gap_key else None,
        "overdue": is_overdue(activity),
        "updatable": updatable,
        "editable": edits_network(user) and plan_editable(plan),
        "form": form or (UpdateForm(initial={"status": activity.status}) if updatable else None),
    }
    return render(request, "planning/activity_detail.html", context, status=status)


@role_required(*NETWORK_READERS)
@require_safe
def activity_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _activity_page(request, public_id)


@role_required(*NETWORK_READERS)
@require_POST
def activity_update_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    activity = activity_get_for(user, public_id)
    if not activity_updatable_by(user, activity):
        raise PermissionDenied
    form = UpdateForm(request.POST)
    if form.is_valid():
        activity_update(actor=user, activity=activity, **form.cleaned_data)
        messages.success(request, _("Your update was recorded."))
        return redirect("planning:activity", public_id=activity.public_id)
    return _activity_page(request, public_id, form, status=400)


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    activity = activity_get_for(user, public_id)
    plan = activity.output.outcome.plan
    form = ActivityForm(request.POST or None, instance=activity)
    locked = not plan_editable(plan)
    if locked and request.method == "POST":
        form.add_error(None, _("Only a draft plan can be changed. Start a new version to change an endorsed plan."))
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            activity_edit(actor=user, activity=activity, supporting=list(data.pop("supporting")), **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("planning:activity", public_id=activity.public_id)
    context = {"activity": activity, "plan": plan, "form": form, "locked": locked}
    return render(request, "planning/activity_edit.html", context, status=400 if form.errors else 200)


@role_required(*ATTENTION_ROLES)
@require_safe
def attention(request: HttpRequest) -> HttpResponse:
    """The overdue and at-risk activities of the plans in force and in preparation, for the co-chairs and the
    coordinator (leadership reads)."""
    user = cast(User, request.user)
    found = attention_list(user)
    return render(request, "planning/activity_attention.html", {"overdue": found.overdue, "at_risk": found.at_risk})


# --- the quarterly report ----------------------------------------------------------------------------------------


@role_required(*NETWORK_READERS)
@require_safe
def plan_report(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The report's choices (quarter, language, format); the download is a POST (audited)."""
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    quarter = Quarter.parse(request.GET.get("quarter", "")) or Quarter.of(timezone.localdate())
    language = request.GET.get("lang", "") or (translation.get_language() or "en")[:2]
    form = ReportForm(initial={"quarter": str(quarter), "lang": language, "fmt": "pdf"})
    return render(request, "planning/plan_report.html", {"plan": plan, "form": form, "quarters": plan_quarters(plan)})


@role_required(*NETWORK_READERS)
@require_POST
def plan_report_download_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    plan = plan_get_for(user, public_id)
    form = ReportForm(request.POST or request.GET)
    if not form.is_valid():
        context = {"plan": plan, "form": form, "quarters": plan_quarters(plan)}
        return render(request, "planning/plan_report.html", context, status=400)
    quarter: Quarter = form.cleaned_data["quarter"]
    language = form.cleaned_data["lang"] or (translation.get_language() or "en")[:2]
    fmt = form.cleaned_data["fmt"] or "pdf"
    plan_report_download(actor=user, plan=plan, quarter=quarter, fmt=fmt, language=language)
    with translation.override(language):
        report = progress_report(plan, quarter)
        content = report_pdf(report) if fmt == "pdf" else report_xlsx(report)
    response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="action-plan-v{plan.version}-{quarter}-{language}.{fmt}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
