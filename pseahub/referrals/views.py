"""Referral pages: the coordinator's referral actions on a complaint, and the inbox and referral page of
focal points and service providers. Every object lookup goes through access.py (404 for outsiders)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pseahub.accounts.models import Role, User
from pseahub.cases import services as case_services
from pseahub.cases.access import complaint_get_for
from pseahub.cases.case_page import case_form_submit
from pseahub.core.actions import action_run, form_submit
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_load

from . import services
from .access import referral_get_for, referral_get_for_coordinator
from .forms import (
    CloseReferralForm,
    DeclineForm,
    FollowUpForm,
    InvestigationForm,
    NoteForm,
    ProgressForm,
    ServiceDeliveryForm,
    SurvivorInformedForm,
)
from .models import Referral, ReferralKind
from .panels import allegation_refer_form, assistance_refer_form, close_form, exclude_form
from .selectors import eligible_services, referral_inbox, referral_survivor_label


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- coordinator: acting on a complaint -------------------------------------------------------------------
@require_POST
@login_required
def allegation_refer(request: HttpRequest, public_id: UUID, allegation_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    allegation = complaint.allegations.filter(public_id=allegation_id).select_related("organisation").first()
    if allegation is None:
        raise Http404
    return case_form_submit(
        request,
        complaint,
        form=allegation_refer_form(allegation, request.POST),
        key=f"refer-{allegation.pk}",
        section="referrals",
        action=lambda data: services.allegation_refer(
            actor=_actor(request),
            allegation=allegation,
            summary=data["summary"],
            share_identity=data["share_identity"],
            actor_private=session_key_load(request),
        ),
        success=_("Referral sent. The focal points were notified without any case detail."),
    )


@require_POST
@login_required
def assistance_refer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=assistance_refer_form(complaint, eligible_services(complaint=complaint, everything=True), request.POST),
        key="assistance_form",
        section="referrals",
        action=lambda data: services.assistance_refer(
            actor=_actor(request),
            complaint=complaint,
            service=data["service"],
            survivor=data.get("survivor"),
            summary=data["summary"],
            override_reason=data["override_reason"],
            actor_private=session_key_load(request),
        ),
        success=_("Assistance referral sent."),
    )


@require_POST
@login_required
def referral_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for_coordinator(request.user, public_id)
    form = NoteForm(request.POST)
    form.is_valid()
    action_run(
        request,
        lambda: services.referral_revoke(
            actor=_actor(request), referral=referral, note=form.cleaned_data.get("note", "")
        ),
        _("Referral revoked; the recipients can no longer open it."),
    )
    return redirect("cases:detail", public_id=referral.complaint.public_id)


@require_POST
@login_required
def complaint_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=close_form(request.POST),
        key="close_form",
        section="closure",
        action=lambda data: case_services.complaint_close(actor=_actor(request), complaint=complaint, **data),
        success=_("Complaint closed. The retention period has started."),
    )


@require_POST
@login_required
def user_exclude(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=exclude_form(request.POST),
        key="exclude_form",
        section="exclusions",
        action=lambda data: case_services.user_exclude(actor=_actor(request), complaint=complaint, user=data["user"]),
        success=_("The person is excluded and can no longer open this complaint or its referrals."),
    )


@require_POST
@role_required(Role.COORDINATOR)
def recipients_grant(request: HttpRequest) -> HttpResponse:
    """From the coordinator's keys page: give every recipient without access to an open referral access."""
    try:
        done = services.referral_recipients_grant(actor=_actor(request), actor_private=session_key_load(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Access given to %(people)d person(s) on %(referrals)d referral(s); each was notified by e-mail.")
            % {"people": done.people, "referrals": done.referrals},
        )
    return redirect("cases:keys")


# --- focal points and providers ------------------------------------------------------------------------------
@never_cache
@role_required(Role.FOCAL_POINT, Role.SERVICE_PROVIDER)
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals received by my organisation, the soonest deadline first."""
    show_all = request.GET.get("all") == "1"
    referrals = referral_inbox(actor=request.user, include_done=show_all)
    return render(request, "referrals/inbox.html", {"referrals": referrals, "show_all": show_all})


def _referral_for(request: HttpRequest, public_id: UUID) -> tuple[Referral, bool]:
    """The referral and whether the user is its recipient (else a coordinator of the complaint)."""
    try:
        return referral_get_for(request.user, public_id), True
    except Http404:
        return referral_get_for_coordinator(request.user, public_id), False


# The recipient's record forms, with the ids they are rendered with (several forms on one page).
def investigation_form(referral: Referral, data: Any = None) -> InvestigationForm:
    initial = {name: getattr(referral, name) for name in InvestigationForm.base_fields}
    return InvestigationForm(data, initial=initial, auto_id="investigation-%s")


def informed_form(data: Any = None) -> SurvivorInformedForm:
    return SurvivorInformedForm(data, auto_id="informed-%s")


def delivery_form(data: Any = None) -> ServiceDeliveryForm:
    return ServiceDeliveryForm(data, auto_id="delivery-%s")


def _detail_render(
    request: HttpRequest, referral: Referral, recipient: bool, bound: Mapping[str, forms.Form] | None = None
) -> HttpResponse:
    """The referral page; ``bound``: a record form that failed validation or was refused, with its errors
    beside its fields (keys ``investigation_form``, ``informed_form``, ``delivery_form``)."""
    bound = bound or {}
    content = services.referral_content_read(
        actor=_actor(request), referral=referral, actor_private=session_key_load(request)
    )
    for where in content.refused if content else []:
        messages.error(request, vault.TAMPERED_NOTICE % {"where": where})
    # The recipient records the investigation (allegation) or the services delivered (assistance) once they
    # accepted the referral, and still after it closed; a coordinator reads them only.
    recording = recipient and referral.state in services.RECORDABLE_STATES
    allegation = referral.kind == ReferralKind.ALLEGATION
    context = {
        "referral": referral,
        "recipient": recipient,
        "content": content,
        "allegation_kind": ReferralKind.ALLEGATION,
        "survivor_label": referral_survivor_label(referral),
        "informed": list(referral.informed_dates.all()),
        "deliveries": list(referral.deliveries.all()),
        # Several forms on one page, with fields of the same names: each gets its own ids, so that every label
        # names its own field (with Django's default "id_%s" the close form's "Outcome" labelled the progress one).
        "decline_form": DeclineForm(auto_id="decline-%s"),
        "progress_form": ProgressForm(auto_id="progress-%s"),
        "close_form": CloseReferralForm(auto_id="close-%s"),
        "follow_up_form": FollowUpForm(auto_id="follow-up-%s", initial={"follow_up_on": referral.follow_up_on}),
        # A form coming back with its errors is shown whatever the state.
        "investigation_form": bound.get("investigation_form")
        or (investigation_form(referral) if recording and allegation else None),
        "informed_form": bound.get("informed_form") or (informed_form() if recording and allegation else None),
        "delivery_form": bound.get("delivery_form") or (delivery_form() if recording and not allegation else None),
    }
    return render(request, "referrals/detail.html", context)


@never_cache
@login_required
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral, recipient = _referral_for(request, public_id)
    return _detail_render(request, referral, recipient)


def _record_submit(
    request: HttpRequest,
    referral: Referral,
    *,
    form: forms.Form,
    key: str,
    action: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """The answer to a record form of the referral page: invalid, or refused by the service for one of its fields
    (``extra["field"]``), the page again with the errors beside their fields and what was typed kept; refused for
    the referral as a whole (its state), that refusal on top of the page; done, the message ``action`` returns.
    Both of those redirect to the page (post/redirect/get)."""
    if form.is_valid():
        try:
            done = action(form.cleaned_data)
        except ApplicationError as exc:
            field = exc.extra.get("field")
            if not (isinstance(field, str) and field in form.fields):
                messages.error(request, exc.message)
                return redirect("referrals:detail", public_id=referral.public_id)
            form.add_error(field, exc.message)
        else:
            messages.success(request, done)
            return redirect("referrals:detail", public_id=referral.public_id)
    # Read again: the service may have changed it in memory before refusing (rolled back).
    referral = referral_get_for(request.user, referral.public_id)
    return _detail_render(request, referral, True, bound={key: form})


@require_POST
@login_required
def investigation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The concerned organisation's focal point records the investigation and what was done."""
    referral = referral_get_for(request.user, public_id, kind=ReferralKind.ALLEGATION)

    def save(data: dict[str, Any]) -> str:
        services.referral_investigation_record(actor=_actor(request), referral=referral, **data)
        return _("Investigation record saved.")

    return _record_submit(
        request, referral, form=investigation_form(referral, request.POST), key="investigation_form", action=save
    )


@require_POST
@login_required
def survivor_informed(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The focal point adds a day the survivor was informed (the same day again changes nothing)."""
    referral = referral_get_for(request.user, public_id, kind=ReferralKind.ALLEGATION)

    def save(data: dict[str, Any]) -> str:
        if services.referral_survivor_informed(
            actor=_actor(request), referral=referral, informed_on=data["informed_on"]
        ):
            return _("Date the survivor was informed added.")
        return _("This date was already recorded.")

    return _record_submit(request, referral, form=informed_form(request.POST), key="informed_form", action=save)


@require_POST
@login_required
def service_delivered(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The provider records a service delivered on an assistance referral (the same one again changes nothing)."""
    referral = referral_get_for(request.user, public_id, kind=ReferralKind.ASSISTANCE)

    def save(data: dict[str, Any]) -> str:
        if services.referral_service_delivered(actor=_actor(request), referral=referral, **data):
            return _("Service delivered recorded.")
        return _("This service was already recorded on that date.")

    return _record_submit(request, referral, form=delivery_form(request.POST), key="delivery_form", action=save)


@require_POST
@login_required
def acknowledge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for(request.user, public_id)
    done = _("Accepted.") if referral.kind == ReferralKind.ASSISTANCE else _("Acknowledged.")
    action_run(request, lambda: services.referral_acknowledge(actor=_actor(request), referral=referral), done)
    return redirect("referrals:detail", public_id=referral.public_id)


@require_POST
@login_required
def decline(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for(request.user, public_id)
    if form_submit(
        request,
        DeclineForm(request.POST),
        lambda data: services.referral_decline(actor=_actor(request), referral=referral, **data),
        _("Declined. The coordinator will re-route it."),
    ):
        return redirect("referrals:inbox")
    return redirect("referrals:detail", public_id=referral.public_id)


@require_POST
@login_required
def progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for(request.user, public_id)
    form_submit(
        request,
        ProgressForm(request.POST),
        lambda data: services.referral_progress(actor=_actor(request), referral=referral, **data),
        _("Progress recorded."),
    )
    return redirect("referrals:detail", public_id=referral.public_id)


@require_POST
@login_required
def close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for(request.user, public_id)
    form_submit(
        request,
        CloseReferralForm(request.POST),
        lambda data: services.referral_close(actor=_actor(request), referral=referral, **data),
        _("Closed. The coordinator was notified."),
    )
    return redirect("referrals:detail", public_id=referral.public_id)


@require_POST
@login_required
def follow_up(request: HttpRequest, public_id: UUID) -> HttpResponse:
    referral = referral_get_for(request.user, public_id)
    form_submit(
        request,
        FollowUpForm(request.POST),
        lambda data: services.referral_follow_up_set(
            actor=_actor(request), referral=referral, follow_up_on=data["follow_up_on"]
        ),
        _("Follow-up date saved."),
    )
    return redirect("referrals:detail", public_id=referral.public_id)
