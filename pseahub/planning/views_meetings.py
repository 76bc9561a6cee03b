"""The meetings pages: network readers list and read meetings and the pending actions; the coordinator and the
co-chairs record and edit meetings and add their actions; an action is moved on by an editor or by its owner
organisation's focal point."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required

from .access import NETWORK_EDITORS, NETWORK_READERS, edits_network
from .forms_meetings import ActionForm, ActionStatusForm, MeetingFilterForm, MeetingForm
from .meetings import (
    REPRESENTATION,
    action_create,
    action_edit,
    action_get_for_update,
    action_is_overdue,
    action_status_set,
    action_updatable_by,
    meeting_create,
    meeting_get_for,
    meeting_list,
    meeting_update,
    meeting_years,
    pending_actions_by_organisation,
)
from .models import Meeting


@role_required(*NETWORK_READERS)
@require_safe
def meeting_list_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = MeetingFilterForm(request.GET or None, years=meeting_years())
    filters = form.filters()
    meetings = list(meeting_list(user, **filters))
    return render(
        request,
        "planning/meeting_list.html",
        {
            "meetings": meetings,
            "form": form,
            "edits": edits_network(user),
            "representation": filters["meeting_type"] == REPRESENTATION,
            "REPRESENTATION": REPRESENTATION,
        },
    )


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(
                actor=cast(User, request.user), data=form.data_for_service(), participants=form.participants(),
                submission=form.cleaned_data.get("submission"),
            )  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting was recorded. Add the actions it decided."))
            return redirect("planning:meeting", public_id=meeting.public_id)
    return render(
        request, "planning/meeting_form.html", {"form": form, "meeting": None}, status=400 if form.errors else 200
    )


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    meeting = meeting_get_for(user, public_id)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(actor=user, meeting=meeting, data=form.data_for_service(), participants=form.participants())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("planning:meeting", public_id=meeting.public_id)
    return render(
        request, "planning/meeting_form.html", {"form": form, "meeting": meeting}, status=400 if form.errors else 200
    )


def _errors_to_form(form: MeetingForm | ActionForm, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _detail(request: HttpRequest, meeting: Meeting, form: ActionForm, status: int = 200) -> HttpResponse:
    user = cast(User, request.user)
    actions = list(meeting.actions.all())
    edits = edits_network(user)
    for action in actions:
        action.is_overdue = action_is_overdue(action)  # type: ignore[attr-defined]
        action.editable = edits  # type: ignore[attr-defined]
        if action_updatable_by(user, action):
            action.status_form = ActionStatusForm(  # type: ignore[attr-defined]
                action=action, initial={"back": "meeting"}, auto_id=f"id_{action.public_id}_%s"
            )
    participations = sorted(meeting.participations.all(), key=lambda p: p.organisation.name)
    return render(
        request,
        "planning/meeting_detail.html",
        {
            "meeting": meeting,
            "actions": actions,
            "participations": participations,
            "people": sum(p.people for p in participations),
            "edits": edits,
            "form": form,
        },
        status=status,
    )


@role_required(*NETWORK_READERS)
@require_safe
def meeting_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, meeting_get_for(cast(User, request.user), public_id), ActionForm())


@role_required(*NETWORK_EDITORS)
@require_POST
def action_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    meeting = meeting_get_for(user, public_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action_create(
                actor=user, meeting=meeting, description=data["description"], owner=data["owner"],
                due_on=data["due_on"], submission=data.get("submission"),
            )  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The action was added."))
            return redirect("planning:meeting", public_id=meeting.public_id)
    return _detail(request, meeting, form, status=400)


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    action = action_get_for_update(user, public_id)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_edit(actor=user, action=action, description=data["description"], owner=data["owner"],
                        due_on=data["due_on"])  # fmt: skip
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("planning:meeting", public_id=action.meeting.public_id)
    return render(
        request, "planning/action_edit.html", {"action": action, "form": form}, status=400 if form.errors else 200
    )


@role_required(*NETWORK_READERS)
@require_POST
def action_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    action = action_get_for_update(user, public_id)
    form = ActionStatusForm(request.POST, action=action)
    if form.is_valid():
        try:
            action_status_set(actor=user, action=action, status=form.cleaned_data["status"])
        except ValidationError as error:
            form.add_error("status", error.message_dict.get("status", error.messages))
        else:
            messages.success(request, _("The action's status was saved."))
            if form.cleaned_data.get("back") == "meeting":
                return redirect("planning:meeting", public_id=action.meeting.public_id)
            return redirect("planning:actions")
    return render(request, "planning/action_status.html", {"action": action, "form": form}, status=400)


@role_required(*NETWORK_READERS)
@require_safe
def action_list_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    groups = pending_actions_by_organisation(user)
    for group in groups:
        if group.updatable:
            for action in group.actions:
                action.status_form = ActionStatusForm(  # type: ignore[attr-defined]
                    action=action, initial={"back": "actions"}, auto_id=f"id_{action.public_id}_%s"
                )
    return render(
        request,
        "planning/action_list.html",
        {
            "groups": groups,
            "overdue": sum(group.overdue for group in groups),
            "pending": sum(len(group.actions) for group in groups),
            "edits": edits_network(user),
        },
    )
