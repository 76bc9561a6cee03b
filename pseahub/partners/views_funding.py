"""The stakeholders and funding pages: the coordinator and the co-chairs keep them; leadership reads them
(``funding.FUNDING_READERS``); focal points and everyone else are refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required
from pseahub.core.forms import service_errors_add

from .access import PARTNERS_EDITORS, edits_partners
from .forms_funding import (
    DonorForm,
    DonorReportForm,
    FundingForm,
    ProposalForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from .funding import (
    FUNDING_READERS,
    donor_create,
    donor_report_create,
    donor_report_get_for,
    donor_report_update,
    funding_create,
    funding_get_for,
    funding_overview,
    funding_update,
    proposal_create,
    proposal_get_for,
    proposal_update,
    stakeholder_create,
    stakeholder_get_for,
    stakeholder_list,
    stakeholder_update,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], Any],
    title: str,
    back: str,
    done: str,
) -> HttpResponse:
    """A form page: on a valid POST the service saves (its errors go beside their fields), then back to ``done``."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            flash.success(request, _("Saved."))
            return redirect(done)
    return render(
        request,
        "partners/funding_form.html",
        {"form": form, "title": title, "back": back, "action": request.path},
        status=400 if form.errors else 200,
    )


# --- stakeholders ------------------------------------------------------------------------------------------------


@role_required(*FUNDING_READERS)
@require_safe
def stakeholder_list_page(request: HttpRequest) -> HttpResponse:
    form = StakeholderFilterForm(request.GET or None)
    return render(
        request,
        "partners/funding_stakeholders.html",
        {
            "stakeholders": list(stakeholder_list(_user(request), kind=form.kind_chosen())),
            "form": form,
            "edits": edits_partners(request.user),
        },
    )


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def stakeholder_new(request: HttpRequest) -> HttpResponse:
    form = StakeholderForm(request.POST or None)
    return _form_page(
        request, form, title=_("Add a stakeholder contact"), back=reverse("partners:stakeholders"),
        done=reverse("partners:stakeholders"),
        save=lambda: stakeholder_create(
            actor=_user(request), data=form.data_for_service(), submission=form.cleaned_data.get("submission")
        ),
    )  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def stakeholder_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    stakeholder = stakeholder_get_for(_user(request), public_id)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    return _form_page(
        request, form, title=_("Edit a stakeholder contact"), back=reverse("partners:stakeholders"),
        done=reverse("partners:stakeholders"),
        save=lambda: stakeholder_update(actor=_user(request), stakeholder=stakeholder, data=form.data_for_service()),
    )  # fmt: skip


# --- funding -----------------------------------------------------------------------------------------------------


@role_required(*FUNDING_READERS)
@require_safe
def funding_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/funding_overview.html",
        {"overview": funding_overview(_user(request)), "edits": edits_partners(request.user)},
    )


def _funding_form(request: HttpRequest, form: Any, title: str, save: Callable[[], Any]) -> HttpResponse:
    home = reverse("partners:funding")
    return _form_page(request, form, title=title, back=home, done=home, save=save)


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def donor_new(request: HttpRequest) -> HttpResponse:
    form = DonorForm(request.POST or None)
    return _funding_form(
        request, form, _("Add a donor"), lambda: donor_create(actor=_user(request), name=form.cleaned_data["name"])
    )


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def funding_new(request: HttpRequest) -> HttpResponse:
    form = FundingForm(request.POST or None)
    return _funding_form(request, form, _("Add funding"), lambda: funding_create(
        actor=_user(request), data=form.data_for_service(), submission=form.cleaned_data.get("submission")
    ))  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def funding_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    funding = funding_get_for(_user(request), public_id)
    form = FundingForm(request.POST or None, instance=funding)
    return _funding_form(request, form, _("Edit funding"), lambda: funding_update(
        actor=_user(request), funding=funding, data=form.data_for_service()
    ))  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None)
    return _funding_form(request, form, _("Add a proposal"), lambda: proposal_create(
        actor=_user(request), data=form.data_for_service(), submission=form.cleaned_data.get("submission")
    ))  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    proposal = proposal_get_for(_user(request), public_id)
    form = ProposalForm(request.POST or None, instance=proposal)
    return _funding_form(request, form, _("Edit the proposal"), lambda: proposal_update(
        actor=_user(request), proposal=proposal, data=form.data_for_service()
    ))  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def donor_report_new(request: HttpRequest) -> HttpResponse:
    form = DonorReportForm(request.POST or None)
    return _funding_form(request, form, _("Add a donor report due"), lambda: donor_report_create(
        actor=_user(request), data=form.data_for_service(), submission=form.cleaned_data.get("submission")
    ))  # fmt: skip


@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def donor_report_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    report = donor_report_get_for(_user(request), public_id)
    form = DonorReportForm(request.POST or None, instance=report)
    return _funding_form(request, form, _("Edit the donor report due"), lambda: donor_report_update(
        actor=_user(request), report=report, data=form.data_for_service()
    ))  # fmt: skip
