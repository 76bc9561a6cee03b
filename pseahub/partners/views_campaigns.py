"""The campaigns and key messages pages: every partners reader (coordinator, co-chairs, focal points, leadership)
reads them; the coordinator and the co-chairs record and edit them."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required
from pseahub.core.forms import service_errors_add

from .access import PARTNERS_EDITORS, PARTNERS_READERS, edits_partners
from .campaigns import (
    campaign_create,
    campaign_get_for,
    campaign_list,
    campaign_update,
    campaign_years,
    message_create,
    message_get_for,
    message_list,
    message_text_remove,
    message_text_save,
    message_update,
    reach_summary,
)
from .forms_campaigns import CampaignFilterForm, CampaignForm, KeyMessageForm, KeyMessageTextForm
from .models import Campaign, KeyMessage


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@role_required(*PARTNERS_READERS)
@require_safe
def campaign_list_page(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None, years=campaign_years())
    campaigns = list(campaign_list(_user(request), year=form.year_chosen()))
    return render(
        request,
        "partners/campaigns_list.html",
        {
            "campaigns": campaigns,
            "form": form,
            "reach": reach_summary(campaigns),
            "edits": edits_partners(request.user),
        },
    )


def _campaign_form_page(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            if campaign is None:
                campaign = campaign_create(
                    actor=_user(request), data=data, areas=form.cleaned_data["areas"],
                    messages=form.cleaned_data["messages"], submission=form.cleaned_data.get("submission"),
                )  # fmt: skip
            else:
                campaign_update(
                    actor=_user(request), campaign=campaign, data=data, areas=form.cleaned_data["areas"],
                    messages=form.cleaned_data["messages"],
                )  # fmt: skip
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            flash.success(request, _("The campaign was saved."))
            return redirect("partners:campaign", public_id=campaign.public_id)
    return render(
        request,
        "partners/campaigns_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.errors else 200,
    )


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    return _campaign_form_page(request, None)


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _campaign_form_page(request, campaign_get_for(_user(request), public_id))


@role_required(*PARTNERS_READERS)
@require_safe
def campaign_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    campaign = campaign_get_for(_user(request), public_id)
    return render(
        request,
        "partners/campaigns_detail.html",
        {"campaign": campaign, "edits": edits_partners(request.user)},
    )


# --- the key message library -------------------------------------------------------------------------------------


@role_required(*PARTNERS_READERS)
@require_safe
def message_list_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/campaigns_messages.html",
        {"key_messages": list(message_list(_user(request))), "edits": edits_partners(request.user)},
    )


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def message_new(request: HttpRequest) -> HttpResponse:
    form = KeyMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = message_create(
                actor=_user(request), **form.data_for_service(), submission=form.cleaned_data.get("submission")
            )
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            flash.success(request, _("The message was added. Add its text in each language."))
            return redirect("partners:message", public_id=message.public_id)
    return render(
        request, "partners/campaigns_message_form.html", {"form": form, "message": None},
        status=400 if form.errors else 200,
    )  # fmt: skip


def _message_page(
    request: HttpRequest, message: KeyMessage, *, form: Any = None, text_form: Any = None, status: int = 200
) -> HttpResponse:
    edits = edits_partners(request.user)
    return render(
        request,
        "partners/campaigns_message.html",
        {
            "message": message,
            "texts": list(message.texts.all()),
            "campaigns": list(message.campaigns.all()),
            "edits": edits,
            "form": form or (KeyMessageForm(instance=message) if edits else None),
            "text_form": text_form or (KeyMessageTextForm() if edits else None),
        },
        status=status,
    )


@role_required(*PARTNERS_READERS)
@require_safe
def message_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _message_page(request, message_get_for(_user(request), public_id))


@role_required(*PARTNERS_EDITORS)
@require_POST
def message_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    message = message_get_for(_user(request), public_id)
    form = KeyMessageForm(request.POST, instance=message)
    if form.is_valid():
        try:
            message_update(actor=_user(request), message=message, data=form.data_for_service())
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            flash.success(request, _("The message was saved."))
            return redirect("partners:message", public_id=message.public_id)
    return _message_page(request, message, form=form, status=400)


@role_required(*PARTNERS_EDITORS)
@require_POST
def message_text_remove_view(request: HttpRequest, public_id: uuid.UUID, language_code: str) -> HttpResponse:
    message = message_get_for(_user(request), public_id)
    if message_text_remove(actor=_user(request), message=message, language_code=language_code):
        flash.success(request, _("The text was removed."))
    else:
        flash.info(request, _("There is no text in this language (any more)."))
    return redirect("partners:message", public_id=message.public_id)


@role_required(*PARTNERS_EDITORS)
@require_POST
def message_text(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    message = message_get_for(_user(request), public_id)
    form = KeyMessageTextForm(request.POST)
    if form.is_valid():
        try:
            message_text_save(actor=_user(request), message=message, **form.cleaned_data)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            flash.success(request, _("The text was saved."))
            return redirect("partners:message", public_id=message.public_id)
    return _message_page(request, message, text_form=form, status=400)
