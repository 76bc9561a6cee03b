"""The coordinator's inbox, incident tracker and case page.

List pages need the coordinator role (403 otherwise). Pages of one complaint need only a login here:
``complaint_get_for`` then requires the coordinator role AND a key grant, and answers 404 to everyone else.
"""

from __future__ import annotations

import logging
from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_load

from . import record, services
from .access import complaint_get_for, complaints_for_coordinator
from .case_page import (
    allegation_add_form,
    allegation_form,
    case_form_submit,
    case_page_refused,
    case_page_render,
    intake_form,
    keyring_private_for,
    perpetrator_add_form,
    perpetrator_form,
    survivor_add_form,
    survivor_form,
)
from .forms import ConsentForm, MessageForm, TrackerFilterForm
from .models import Attachment, Complaint
from .panels import keys_page_panels
from .record_forms import TriageRecordForm
from .replies import reply_channel_for
from .selectors import coordinators_without_access, inbox_deadlines, inbox_list, reference_query, tracker_page

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _opened_or_empty(keyring_private: bytes, row: Any) -> dict[str, Any]:
    """The row's sealed fields; {} when they fail their integrity check (a new value then replaces them)."""
    try:
        return vault.open_data(keyring_private, bound_to=(row, "sealed"))
    except vault.SealedValueTamperedError as exc:
        logger.warning("%s", exc)
        return {}


@never_cache
@role_required(Role.COORDINATOR)
def tracker(request: HttpRequest) -> HttpResponse:
    """The incident tracker: filters, sorting and pagination over clear fields only. Pages are addressed by the
    row they follow or precede (``after`` / ``before``), or ``last``."""
    form = TrackerFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_valid() else None
    page = tracker_page(
        actor=request.user,
        filters=filters,
        size=PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        last="last" in request.GET,
    )
    query = request.GET.copy()
    for name in ("after", "before", "last", "page"):
        query.pop(name, None)
    return render(request, "cases/tracker.html", {"form": form, "page": page, "query": query.urlencode()})


@never_cache
@role_required(Role.COORDINATOR)
def inbox(request: HttpRequest) -> HttpResponse:
    """New complaints waiting for triage, most urgent first; ``?q=`` finds complaints (of any status) by the
    start of their reference."""
    query = reference_query(request.GET.get("q"))
    page = Paginator(inbox_list(actor=request.user, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = inbox_deadlines(page.object_list)
    context = {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "cases/inbox.html", context)


@never_cache
@login_required
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One complaint. Opening it reads sealed content, which is audited."""
    return case_page_render(request, complaint_get_for(request.user, public_id))


def _back(complaint: Complaint) -> HttpResponse:
    return redirect("cases:detail", public_id=complaint.public_id)


def _sealed_fields_kept_if_locked(
    request: HttpRequest, complaint: Complaint, data: dict[str, Any], fields: tuple[str, ...], locked: str
) -> bytes | None:
    """The complaint's private key, or None when the user's key is locked. Locked, the page could not show the
    sealed ``fields``, so they come back blank: blank means "not shown" there, not "erase", and they are set to
    None (left as they are) until the key is unlocked; ``locked`` tells the user if they typed something."""
    keyring_private = keyring_private_for(request, complaint)
    if keyring_private is None:
        if any(data.get(field) for field in fields):
            messages.error(request, locked)
        for field in fields:
            data[field] = None
    return keyring_private


@require_POST
@login_required
def triage(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=TriageRecordForm(request.POST),
        key="triage_form",
        section="triage",
        action=lambda data: services.complaint_triage(actor=_actor(request), complaint=complaint, **data),
        success=_("Triage saved."),
    )


def _links(complaint: Complaint) -> dict[str, Any]:
    """The complaint's survivors and perpetrators, the choices of an allegation form's checkboxes."""
    return {
        "survivors": list(complaint.survivors.select_related("age_group")),
        "perpetrators": list(complaint.perpetrators.select_related("organisation")),
    }


@require_POST
@login_required
def allegation_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=allegation_add_form(request.POST, **_links(complaint)),
        key="allegation_form",
        section="allegations",
        action=lambda data: services.allegation_add(actor=_actor(request), complaint=complaint, **data),
        success=_("Allegation added."),
    )


@require_POST
@login_required
def allegation_update(request: HttpRequest, public_id: UUID, allegation_id: UUID) -> HttpResponse:
    """Correct an allegation at triage (e.g. the one intake made from what the reporter said)."""
    complaint = complaint_get_for(request.user, public_id)
    allegation = complaint.allegations.filter(public_id=allegation_id).first()
    if allegation is None:
        raise Http404

    return case_form_submit(
        request,
        complaint,
        form=allegation_form(allegation, request.POST, **_links(complaint)),
        key=f"allegation-{allegation.pk}",
        section="allegations",
        action=lambda data: services.allegation_update(actor=_actor(request), allegation=allegation, **data),
        success=_("Allegation corrected."),
    )


@require_POST
@login_required
def survivor_update(request: HttpRequest, public_id: UUID, survivor_id: int) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    survivor = complaint.survivors.filter(pk=survivor_id).first()
    if survivor is None:
        raise Http404

    def update(cleaned: dict[str, Any]) -> object:
        data = dict(cleaned)
        _sealed_fields_kept_if_locked(
            request,
            complaint,
            data,
            ("name", "contact"),
            _("Your key is locked: the name and contact were not changed."),
        )
        return services.survivor_update(actor=_actor(request), survivor=survivor, **data)

    return case_form_submit(
        request,
        complaint,
        form=survivor_form(survivor, {}, request.POST),
        key=f"survivor-{survivor.pk}",
        section="survivors",
        action=update,
        success=_("Survivor details saved."),
    )


@require_POST
@login_required
def survivor_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Add a survivor (sealing needs only the complaint's public key: works with the key locked too)."""
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=survivor_add_form(request.POST),
        key="survivor_form",
        section="survivors",
        action=lambda data: record.survivor_add(actor=_actor(request), complaint=complaint, **data),
        success=_("Survivor added."),
    )


@require_POST
@login_required
def perpetrator_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=perpetrator_add_form(request.POST),
        key="perpetrator_form",
        section="perpetrators",
        action=lambda data: record.perpetrator_add(actor=_actor(request), complaint=complaint, **data),
        success=_("Alleged perpetrator added."),
    )


@require_POST
@login_required
def perpetrator_update(request: HttpRequest, public_id: UUID, perpetrator_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    perpetrator = complaint.perpetrators.filter(public_id=perpetrator_id).first()
    if perpetrator is None:
        raise Http404

    def update(cleaned: dict[str, Any]) -> object:
        data = dict(cleaned)
        keyring_private = _sealed_fields_kept_if_locked(
            request,
            complaint,
            data,
            ("name", "description"),
            _("Your key is locked: the name and description of the person were not changed."),
        )
        if keyring_private is not None:
            sealed = _opened_or_empty(keyring_private, perpetrator)
            if (data["name"], data["description"]) == (sealed.get("name", ""), sealed.get("description", "")):
                data["name"] = data["description"] = None  # unchanged: not sealed again
        return record.perpetrator_update(actor=_actor(request), perpetrator=perpetrator, **data)

    return case_form_submit(
        request,
        complaint,
        form=perpetrator_form(perpetrator, {}, request.POST),
        key=f"perpetrator-{perpetrator.pk}",
        section="perpetrators",
        action=update,
        success=_("Alleged perpetrator saved."),
    )


@require_POST
@login_required
def intake_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Correct the intake facts; the person who received the complaint is sealed (left alone if the key is
    locked)."""
    complaint = complaint_get_for(request.user, public_id)

    def update(cleaned: dict[str, Any]) -> object:
        data = dict(cleaned)
        keyring_private = _sealed_fields_kept_if_locked(
            request,
            complaint,
            data,
            ("received_by_person",),
            _("Your key is locked: the person who received the complaint was not changed."),
        )
        return record.intake_facts_update(
            actor=_actor(request), complaint=complaint, keyring_private=keyring_private, **data
        )

    return case_form_submit(
        request,
        complaint,
        form=intake_form(complaint, {}, request.POST),
        key="intake_form",
        section="intake",
        action=update,
        success=_("Intake facts saved."),
    )


@require_POST
@login_required
def consent_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    return case_form_submit(
        request,
        complaint,
        form=ConsentForm(request.POST),
        key="consent_form",
        section="consent",
        action=lambda data: services.consent_record(actor=_actor(request), complaint=complaint, **data),
        success=_("Consent recorded."),
    )


@require_POST
@login_required
def message_send(request: HttpRequest, public_id: UUID) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return case_page_render(request, complaint, bound={"message_form": form}, section="messages")
    body = form.cleaned_data["body"]
    try:
        message = services.message_to_reporter(actor=_actor(request), complaint=complaint, body=body)
    except ApplicationError as exc:
        return case_page_refused(request, complaint, form=form, key="message_form", section="messages", error=exc)
    messages.success(request, _("Message sent. The reporter will see it with the receipt code."))
    # A complaint that came by SMS or WhatsApp also gets the message on the reporter's phone.
    replies = reply_channel_for(complaint)
    keyring_private = keyring_private_for(request, complaint)
    if replies is not None and keyring_private is not None:
        notice = replies.send(
            actor=_actor(request), complaint=complaint, keyring_private=keyring_private, message=message, body=body
        )
        if notice:
            messages.warning(request, notice)
    return _back(complaint)


@require_POST
@login_required
def held_send(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A coordinator confirms that the messages held for WhatsApp's window go out now that the reporter has
    written again. They are queued sealed to the dispatch key; the task worker sends them. Safe to repeat."""
    complaint = complaint_get_for(request.user, public_id)
    replies = reply_channel_for(complaint)
    keyring_private = keyring_private_for(request, complaint)
    if keyring_private is None:
        messages.error(request, _("Your key is locked. Sign out and in again, then retry."))
        return _back(complaint)
    count = 0
    if replies is not None:
        count = replies.release(actor=_actor(request), complaint=complaint, keyring_private=keyring_private)
    if count:
        messages.success(request, _("%(count)d held message(s) queued for sending.") % {"count": count})
    else:
        messages.info(request, _("No held messages can be sent now."))
    return _back(complaint)


@never_cache
@login_required
def attachment_download(request: HttpRequest, public_id: UUID, attachment_id: int) -> HttpResponse:
    complaint = complaint_get_for(request.user, public_id)
    attachment = Attachment.objects.filter(complaint=complaint, pk=attachment_id).select_related("sealed_file").first()
    keyring_private = keyring_private_for(request, complaint)
    if attachment is None or keyring_private is None:
        raise Http404
    try:
        data, meta = services.attachment_read(
            actor=request.user, attachment=attachment, keyring_private=keyring_private
        )
    except vault.SealedValueTamperedError as exc:
        logger.warning("%s", exc)
        messages.error(request, vault.TAMPERED_NOTICE % {"where": exc.where})
        return _back(complaint)
    response = HttpResponse(data, content_type=meta.get("content_type", "application/octet-stream"))
    extension = meta.get("filename", "").rsplit(".", 1)[-1][:8] or "bin"
    # The stored name is the reporter's; the download gets a neutral one so nothing leaks into file lists.
    response["Content-Disposition"] = f'attachment; filename="{complaint.reference}-{attachment.pk}.{extension}"'
    return response


@never_cache
@role_required(Role.COORDINATOR)
def keys(request: HttpRequest) -> HttpResponse:
    """Complaints waiting for re-grant after a user's password reset; re-grant them in one action. Below, what
    other apps register (``panels``): referrals lists the open referrals whose recipients cannot open them."""
    if request.method == "POST":
        private = session_key_load(request)
        if private is None:
            messages.error(request, _("Your key is locked. Sign out and in again, then retry."))
        else:
            count = services.keys_regrant(actor=_actor(request), actor_private=private)
            messages.success(request, _("Access re-granted on %(count)d complaint(s).") % {"count": count})
        return redirect("cases:keys")
    # Need-to-know: only complaints this coordinator may open (and so could re-grant) are named here.
    waiting = services.regrant_waiting().filter(keyring__complaint__in=complaints_for_coordinator(request.user))
    context = {
        "waiting": waiting.select_related("keyring__complaint"),
        "panels": keys_page_panels(request),
        "coordinator_gaps": coordinators_without_access(actor=request.user),
    }
    return render(request, "cases/keys.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def coordinator_grant(request: HttpRequest) -> HttpResponse:
    """Give another coordinator access to every complaint the actor can open, or to the ``complaint`` ids posted
    (the case page posts its own); back to the case page for one complaint, to the access page otherwise."""
    user_id = _uuid_or_none(request.POST.get("user"))
    user = User.objects.filter(public_id=user_id).first() if user_id is not None else None
    wanted = [value for value in map(_uuid_or_none, request.POST.getlist("complaint")) if value is not None]
    if user is None:
        messages.error(request, _("Choose a coordinator."))
    else:
        try:
            count = services.complaints_grant_coordinator(
                actor=_actor(request),
                actor_private=session_key_load(request),
                user=user,
                complaint_ids=wanted or None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s can now open %(count)d more complaint(s).") % {"name": user.display_name, "count": count},
            )
    if len(wanted) == 1 and complaints_for_coordinator(request.user).filter(public_id=wanted[0]).exists():
        return redirect("cases:detail", public_id=wanted[0])
    return redirect("cases:keys")


def _uuid_or_none(value: str | None) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None
