"""Pages of the partner capacity assessments (``/partners/assessments/…``). Views are thin: who sees what is
decided by ``assessments.assessment_get_for`` (one place), every write by a service."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.core.forms import service_errors_add
from pseahub.vault.services import SealedValueTamperedError
from pseahub.vault.session import session_key_load

from . import assessments as svc
from .access import PARTNERS_EDITORS, PARTNERS_READERS, edits_partners
from .forms_assessments import (
    ActionForm,
    ActionStatusForm,
    AnswersForm,
    AssessmentNewForm,
    DeterminationForm,
    EvidenceForm,
    FinaliseForm,
    LinkForm,
    NoteForm,
    ReturnForm,
    StandardAddForm,
    ToolCopyForm,
    ToolEditForm,
    own_organisations,
)
from .models import AssessmentState, CapacityAction, CapacityTool, PartnerAssessment

#: Who may act on the assessments at all: the network's editors and focal points (leadership reads the register).
ACTORS = (*PARTNERS_EDITORS, Role.FOCAL_POINT)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _focal_orgs(user: User) -> set[int]:
    return user.organisation_ids(Role.FOCAL_POINT) if user.has_role(Role.FOCAL_POINT) else set()


# --- the register --------------------------------------------------------------------------------------------------
def _register_page(request: HttpRequest, link_form: LinkForm | None = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    data = svc.register(user)
    rows = data.rows
    overdue_only = request.GET.get("overdue") == "on"
    if overdue_only:
        rows = [r for r in rows if r.expired or r.expiring or r.overdue_actions]
    can_link = edits_partners(user) or bool(_focal_orgs(user))
    if link_form is None and can_link:
        link_form = _link_form(user)
    return render(
        request,
        "partners/assessments_register.html",
        {
            "register": data,
            "rows": rows,
            "overdue_only": overdue_only,
            "link_form": link_form,
            "can_start": edits_partners(user) or bool(_focal_orgs(user)),
        },
        status=status,
    )


def _link_form(user: User, data: Any = None) -> LinkForm:
    choices = None if edits_partners(user) else own_organisations(_focal_orgs(user))
    return LinkForm(data, agency_choices=choices)


@role_required(*PARTNERS_READERS)
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    """Every partner with its current rating, lead agency, the agencies that work with it and what is overdue."""
    return _register_page(request)


@role_required(*ACTORS)
@require_POST
def link_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = _link_form(user, request.POST)
    if form.is_valid():
        try:
            svc.partner_link_add(actor=user, agency=form.cleaned_data["agency"], partner=form.cleaned_data["partner"])
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("partners:assessments")
    return _register_page(request, form, status=400)


@role_required(*ACTORS)
@require_POST
def link_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    user = _user(request)
    svc.partner_link_remove(actor=user, link=svc.partner_link_get_for(user, link_id))
    messages.success(request, _("Removed."))
    return redirect("partners:assessments")


@role_required(*ACTORS)
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    leads = None if edits_partners(user) else own_organisations(_focal_orgs(user))
    form = AssessmentNewForm(request.POST or None, lead_choices=leads, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = svc.assessment_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The assessment was started. The partner's focal point can now answer it."))
            return redirect("partners:assessment", public_id=assessment.public_id)
    return render(request, "partners/assessment_new.html", {"form": form}, status=400 if form.errors else 200)


# --- one assessment ------------------------------------------------------------------------------------------------
def _detail(
    request: HttpRequest, assessment: PartnerAssessment, access: str, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    user = _user(request)
    if access == svc.RESULT:
        return render(request, "partners/assessment_result.html", {"assessment": assessment}, status=status)
    state = assessment.state
    answering = access == svc.PARTNER and state in (AssessmentState.DRAFT, AssessmentState.RETURNED)
    reviewing = svc.reviews(user, access)
    evidence_reader = svc.reads_evidence(user, assessment)
    keyring_private = None
    if evidence_reader:
        keyring_private = svc.keyring_private_for(user, assessment, session_key_load(request))
    answers = {a.standard_id: a for a in assessment.answers.all()}
    evidence = list(assessment.evidence.select_related("uploaded_by"))
    names = svc.evidence_names(assessment, keyring_private)
    labels = dict(assessment.tool.score_choices())
    standards = []
    for standard in assessment.tool.standards.all():
        items = [e for e in evidence if e.standard_id == standard.pk]
        for item in items:
            item.name = names.get(item.pk, "")  # type: ignore[attr-defined]
        answer = answers.get(standard.pk)
        standards.append(
            {
                "standard": standard,
                "answer": answer,
                "label": labels.get(answer.score, "") if answer else "",
                "evidence": items,
            }
        )
    context: dict[str, Any] = {
        "assessment": assessment,
        "access": access,
        "standards": standards,
        "answering": answering,
        "reviewing": reviewing,
        "evidence_reader": evidence_reader,
        "key_locked": evidence_reader and keyring_private is None and bool(evidence),
        "actions": list(assessment.actions.select_related("standard")),
        "notes": list(assessment.monitoring.select_related("written_by")),
        "today": timezone.localdate(),
        "can_cancel": state in (AssessmentState.DRAFT, AssessmentState.SUBMITTED, AssessmentState.RETURNED)
        and svc.edits_or_leads(user, access),
        "status_form": ActionStatusForm(),
    }
    if answering:
        context["answers_form"] = bound.get("answers_form") or AnswersForm(assessment=assessment)
        context["evidence_form"] = bound.get("evidence_form") or EvidenceForm(assessment=assessment)
    if reviewing and state == AssessmentState.SUBMITTED:
        context["return_form"] = bound.get("return_form") or ReturnForm()
        context["finalise_form"] = bound.get("finalise_form") or FinaliseForm(
            initial={"preliminary_rating": assessment.rating}
        )
    if reviewing and state in (AssessmentState.SUBMITTED, AssessmentState.FINAL):
        context["action_form"] = bound.get("action_form") or ActionForm(assessment=assessment)
    if reviewing and state == AssessmentState.FINAL:
        context["note_form"] = bound.get("note_form") or NoteForm()
        context["determination_form"] = bound.get("determination_form") or DeterminationForm(
            initial={"rating": assessment.current_rating}
        )
    # A refused form this user is not shown (e.g. the partner posting a review) still says why.
    context["refused"] = [
        message
        for name, form in bound.items()
        if name not in context
        for errors in form.errors.values()
        for message in errors
    ]
    return render(request, "partners/assessment_detail.html", context, status=status)


@never_cache
@role_required(*PARTNERS_READERS)
@require_safe
def assessment_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The whole assessment for the partner, the lead agency and the network's editors; the result for others."""
    assessment, access = svc.assessment_get_for(_user(request), public_id)
    return _detail(request, assessment, access)


def _post(
    request: HttpRequest,
    public_id: uuid.UUID,
    form_name: str,
    make_form: Any,
    write: Any,
    done: str,
) -> HttpResponse:
    """One POST of the assessment page: the form, the service, then back to the page (or the page with errors)."""
    user = _user(request)
    assessment, access = svc.assessment_get_for(user, public_id)
    form = make_form(assessment)
    if form.is_valid():
        try:
            write(user, assessment, form)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, done)
            return redirect("partners:assessment", public_id=assessment.public_id)
    if access == svc.RESULT:
        return render(request, "partners/assessment_result.html", {"assessment": assessment}, status=403)
    assessment.refresh_from_db()
    return _detail(request, assessment, access, status=400, **{form_name: form})


@role_required(*ACTORS)
@require_POST
def answers_save(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "answers_form",
        lambda a: AnswersForm(request.POST, assessment=a),
        lambda u, a, f: svc.answers_save(actor=u, assessment=a, answers=f.answers()),
        _("Your answers were saved."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def evidence_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def write(user: User, assessment: PartnerAssessment, form: EvidenceForm) -> None:
        upload = form.cleaned_data["file"]
        svc.evidence_add(
            actor=user, assessment=assessment, standard=form.cleaned_data["standard"], kind=form.cleaned_data["kind"],
            upload=svc.Upload(filename=upload.name or "", content=upload.read()),
        )  # fmt: skip

    request.FILES  # noqa: B018  (parses the upload: the handler names dropped oversized files on the request)
    if getattr(request, "intake_oversize", None):  # a file over the size limit, dropped while streaming
        user = _user(request)
        assessment, access = svc.assessment_get_for(user, public_id)
        form = EvidenceForm(request.POST, assessment=assessment)
        form.is_valid()
        form.errors["file"] = form.error_class(
            [_("The file is larger than %(mb)d MB.") % {"mb": svc.MAX_EVIDENCE_BYTES // 2**20}]
        )
        if access == svc.RESULT:
            return render(request, "partners/assessment_result.html", {"assessment": assessment}, status=403)
        return _detail(request, assessment, access, status=400, evidence_form=form)
    return _post(
        request, public_id, "evidence_form",
        lambda a: EvidenceForm(request.POST, request.FILES, assessment=a), write,
        _("The document was sealed and attached."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment, _access = svc.assessment_get_for(user, public_id)
    try:
        svc.assessment_submit(actor=user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The self-assessment was submitted to the lead agency."))
    return redirect("partners:assessment", public_id=assessment.public_id)


@role_required(*ACTORS)
@require_POST
def cancel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment, _access = svc.assessment_get_for(user, public_id)
    try:
        svc.assessment_cancel(actor=user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment was cancelled."))
    return redirect("partners:assessment", public_id=assessment.public_id)


@role_required(*ACTORS)
@require_POST
def return_to_partner(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "return_form", lambda a: ReturnForm(request.POST),
        lambda u, a, f: svc.assessment_return(actor=u, assessment=a, comment=f.cleaned_data["comment"]),
        _("The assessment was returned to the partner."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def finalise(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "finalise_form", lambda a: FinaliseForm(request.POST),
        lambda u, a, f: svc.assessment_finalise(actor=u, assessment=a, **f.cleaned_data),
        _("The decision was recorded: the assessment is final."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def action_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "action_form", lambda a: ActionForm(request.POST, assessment=a),
        lambda u, a, f: svc.action_add(actor=u, assessment=a, **f.cleaned_data),
        _("The action was added to the capacity-strengthening plan."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def action_status(request: HttpRequest, public_id: uuid.UUID, action_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment, _access = svc.assessment_get_for(user, public_id)
    item = CapacityAction.objects.filter(assessment=assessment, public_id=action_id).select_related("assessment")
    action = item.first()
    form = ActionStatusForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("partners:assessment", public_id=assessment.public_id)
    try:
        svc.action_status_set(actor=user, item=action, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action's status was changed."))
    return redirect("partners:assessment", public_id=assessment.public_id)


@role_required(*ACTORS)
@require_POST
def note_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "note_form", lambda a: NoteForm(request.POST),
        lambda u, a, f: svc.monitoring_note_add(actor=u, assessment=a, text=f.cleaned_data["text"]),
        _("The monitoring note was added."),
    )  # fmt: skip


@role_required(*ACTORS)
@require_POST
def determination(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _post(
        request, public_id, "determination_form", lambda a: DeterminationForm(request.POST),
        lambda u, a, f: svc.final_determination_set(actor=u, assessment=a, rating=f.cleaned_data["rating"]),
        _("The final determination was recorded."),
    )  # fmt: skip


@never_cache
@role_required(*ACTORS)
@require_POST
def evidence_download(request: HttpRequest, public_id: uuid.UUID, evidence_id: int) -> HttpResponse:
    """A sealed document, for its readers only (404 for anyone else); every download is audited."""
    user = _user(request)
    assessment, _access = svc.assessment_get_for(user, public_id)
    evidence = svc.evidence_get_for(user, assessment, evidence_id)
    keyring_private = svc.keyring_private_for(user, assessment, session_key_load(request))
    if keyring_private is None:
        messages.error(
            request,
            _("Your key cannot open this document yet: sign out and in again, or ask the lead agency or the "
              "coordinator to open the assessment page once so that you are given access."),
        )  # fmt: skip
        return redirect("partners:assessment", public_id=assessment.public_id)
    try:
        content, meta = svc.evidence_read(actor=user, evidence=evidence, keyring_private=keyring_private)
    except SealedValueTamperedError:
        messages.error(request, _("This document failed its integrity check and cannot be opened."))
        return redirect("partners:assessment", public_id=assessment.public_id)
    # Whoever opens a document with the key passes it on to readers who do not hold it yet (new focal points).
    svc.evidence_grants_sync(actor=user, assessment=assessment, keyring_private=keyring_private)
    response = HttpResponse(content, content_type=meta.get("content_type", "application/octet-stream"))
    extension = meta.get("filename", "").rsplit(".", 1)[-1][:8] or "bin"
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@role_required(*ACTORS)
@require_POST
def access_sync(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A reader who holds the key gives it to the evidence's readers who do not hold it yet."""
    user = _user(request)
    assessment, _access = svc.assessment_get_for(user, public_id)
    keyring_private = None
    if svc.reads_evidence(user, assessment):
        keyring_private = svc.keyring_private_for(user, assessment, session_key_load(request))
    if keyring_private is None:
        messages.error(request, _("Your key cannot open this assessment's evidence."))
    else:
        count = svc.evidence_grants_sync(actor=user, assessment=assessment, keyring_private=keyring_private)
        messages.success(
            request, _("Access to the evidence brought up to date (%(count)d change(s)).") % {"count": count}
        )
    return redirect("partners:assessment", public_id=assessment.public_id)


# --- tools ---------------------------------------------------------------------------------------------------------
@role_required(*PARTNERS_READERS)
@require_safe
def tools(request: HttpRequest) -> HttpResponse:
    items = CapacityTool.objects.prefetch_related("standards", "thresholds")
    return render(request, "partners/assessments_tools.html", {"tools": items, "edits": edits_partners(_user(request))})


def _tool_page(
    request: HttpRequest, tool: CapacityTool, copy_form: ToolCopyForm | None = None, status: int = 200
) -> HttpResponse:
    edits = edits_partners(_user(request))
    return render(
        request,
        "partners/assessments_tool.html",
        {"tool": tool, "edits": edits, "copy_form": copy_form or (ToolCopyForm() if edits else None)},
        status=status,
    )


@role_required(*PARTNERS_READERS)
@require_safe
def tool_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _tool_page(request, svc.tool_get(public_id))


@role_required(*PARTNERS_EDITORS)
@require_POST
def tool_copy(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    tool = svc.tool_get(public_id)
    form = ToolCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = svc.tool_copy(actor=_user(request), tool=tool, **form.cleaned_data)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The tool was copied. Edit the network's version."))
            return redirect("partners:assessment_tool_edit", public_id=copy.public_id)
    return _tool_page(request, tool, form, status=400)


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def tool_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    tool = svc.tool_get(public_id)
    if tool.is_builtin:
        messages.info(request, _("A shipped tool is not edited: copy it."))
        return redirect("partners:assessment_tool", public_id=tool.public_id)
    form = ToolEditForm(request.POST or None, tool=tool)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.tool_update(
                actor=_user(request), tool=tool, name=data["name"], version=data["version"],
                is_active=data["is_active"], standards=form.standards_data(), thresholds=form.thresholds(),
            )  # fmt: skip
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The tool was saved."))
            return redirect("partners:assessment_tool", public_id=tool.public_id)
    return _tool_edit_page(request, tool, form, StandardAddForm())


def _tool_edit_page(
    request: HttpRequest, tool: CapacityTool, form: ToolEditForm, standard_form: StandardAddForm
) -> HttpResponse:
    low, high = svc.score_range(tool)
    context = {
        "tool": tool,
        "form": form,
        "standard_form": standard_form,
        "changeable": svc.standards_changeable(tool),
        "standards": tool.standards.all(),
        "low": low,
        "high": high,
    }
    status = 400 if form.errors or standard_form.errors else 200
    return render(request, "partners/assessments_tool_edit.html", context, status=status)


def _own_tool(public_id: uuid.UUID) -> CapacityTool:
    tool = svc.tool_get(public_id)
    if tool.is_builtin:
        raise Http404
    return tool


def _after_standards_change(request: HttpRequest, tool: CapacityTool, done: str) -> HttpResponse:
    tool.refresh_from_db()
    if svc.tool_bands_cover(tool):
        messages.success(request, done)
    else:
        low, high = svc.score_range(tool)
        messages.warning(
            request,
            _("%(done)s Set the score bands for sums from %(low)d to %(high)d to offer the tool again.")
            % {"done": done, "low": low, "high": high},
        )
    return redirect("partners:assessment_tool_edit", public_id=tool.public_id)


@role_required(*PARTNERS_EDITORS)
@require_POST
def standard_add_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    tool = _own_tool(public_id)
    standard_form = StandardAddForm(request.POST)
    if standard_form.is_valid():
        try:
            svc.standard_add(actor=_user(request), tool=tool, **standard_form.cleaned_data)
        except ValidationError as error:
            service_errors_add(standard_form, error)
        else:
            return _after_standards_change(request, tool, _("The standard was added."))
    return _tool_edit_page(request, tool, ToolEditForm(tool=tool), standard_form)


@role_required(*PARTNERS_EDITORS)
@require_POST
def standard_remove_view(request: HttpRequest, public_id: uuid.UUID, standard_id: int) -> HttpResponse:
    tool = _own_tool(public_id)
    try:
        removed = svc.standard_remove(actor=_user(request), tool=tool, standard_id=standard_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:assessment_tool_edit", public_id=tool.public_id)
    if not removed:
        messages.info(request, _("This standard was removed already."))
        return redirect("partners:assessment_tool_edit", public_id=tool.public_id)
    return _after_standards_change(request, tool, _("The standard was removed."))
