"""The coordinator's case page, rendered for a GET and again for a POST whose form failed validation or was
refused by a service.

Every form of the page is built here; a POST view answers through ``case_form_submit``: when the form is
invalid (or the service refuses), ``case_page_render`` gets the bound form in ``bound`` (keyed as below), so
the page comes back with the errors next to their fields and what was typed kept, and a notice at the top
linking to the first field in error. Nothing is stored in between: the page is the answer to the POST. Forms
of other apps' panels are keyed by those apps (see ``panels.py``).

Keys: ``triage_form``, ``allegation_form`` (add), ``allegation-<pk>`` (correct one), ``survivor-<pk>``,
``consent_form``, ``message_form``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_load

from . import services
from .forms import AllegationForm, ConsentForm, MessageForm, SurvivorForm, TriageForm
from .message_templates import template_choices, template_text
from .models import Allegation, Complaint, Status, Survivor
from .panels import case_page_panels
from .replies import reply_channel_for
from .selectors import OPEN_FOR_REFERRAL, case_deadlines, consent_overview, coordinators_without_access

# Triage fields that only make sense before the complaint is referred: forwarding it as feedback closes it.
FORWARD_FIELDS = ("forward_to", "note")


def keyring_private_for(request: HttpRequest, complaint: Complaint) -> bytes | None:
    """The complaint's private key for this user and session, or None (key locked or no longer granted)."""
    try:
        return vault.keyring_open_for_user(
            keyring=complaint.keyring, user=request.user, user_private=session_key_load(request)
        )
    except vault.NoGrantError:
        return None


def allegation_form(allegation: Allegation, sealed: Mapping[str, Any], data: Any = None) -> AllegationForm:
    """The form correcting one allegation; its own ids, so each label names its own field on the page."""
    return AllegationForm(
        data,
        auto_id=f"allegation-{allegation.pk}-%s",
        initial={
            "organisation": allegation.organisation.public_id if allegation.organisation else None,
            "personnel_category": allegation.personnel_category.code if allegation.personnel_category else None,
            "sea_type": allegation.sea_type.code if allegation.sea_type else None,
            "perpetrator_description": sealed.get("perpetrator_description", ""),
        },
    )


def survivor_form(survivor: Survivor, sealed: Mapping[str, Any], data: Any = None) -> SurvivorForm:
    return SurvivorForm(
        data,
        prefix=f"s{survivor.pk}",
        initial={
            "sex": survivor.sex,
            "age_group": survivor.age_group.code if survivor.age_group else None,
            "is_child": survivor.is_child,
            "disability": survivor.disability,
            "displacement": survivor.displacement.code if survivor.displacement else None,
            **sealed,
        },
    )


def _triage_form(complaint: Complaint, bound: Mapping[str, Any]) -> TriageForm:
    form: TriageForm = bound.get("triage_form") or TriageForm(
        initial={
            "classification": complaint.classification,
            "complainant_type": complaint.complainant_type,
            "is_urgent": complaint.is_urgent,
            "involves_child": complaint.involves_child,
        }
    )
    return form


def _fields(form: forms.Form, leave_out: tuple[str, ...]) -> list[forms.BoundField]:
    return [field for field in form.visible_fields() if field.name not in leave_out]


def _first_error_anchor(bound: Mapping[str, Any]) -> str:
    """The id of the first field with an error among the ``bound`` forms: the notice links there (a browser
    opens the <details> around it when following the link)."""
    for form in bound.values():
        for name in form.errors:
            if name in form.fields and form[name].auto_id:
                return str(form[name].auto_id)
    return ""


def case_page_render(
    request: HttpRequest, complaint: Complaint, *, bound: Mapping[str, Any] | None = None, section: str = ""
) -> HttpResponse:
    """The case page. Opening it reads sealed content, which is audited. ``bound``: a form that failed
    validation, shown with its errors; ``section``: the id of the section it is in (linked from the notice)."""
    bound = bound or {}
    keyring_private = keyring_private_for(request, complaint)
    content = None
    if keyring_private is not None:
        content = services.complaint_content_read(
            actor=request.user, complaint=complaint, keyring_private=keyring_private
        )
        for where in content.refused:
            messages.error(request, vault.TAMPERED_NOTICE % {"where": where})
    survivors = list(complaint.survivors.select_related("age_group", "displacement"))
    allegations = list(complaint.allegations.select_related("organisation", "personnel_category", "sea_type"))
    sealed_allegations = [(a, content.allegations.get(a.pk, {}) if content else {}) for a in allegations]
    sealed_survivors = [(s, content.survivors.get(s.pk, {}) if content else {}) for s in survivors]
    consent_rows = consent_overview(complaint=complaint)  # one query: the summary and the consent section
    # Messages to the reporter's phone: their delivery state, and held ones a coordinator may now confirm
    # (a POST: opening the page sends nothing).
    replies = reply_channel_for(complaint)
    deliveries = replies.deliveries(complaint) if replies else {}
    is_open = complaint.status != Status.CLOSED
    triage_form = _triage_form(complaint, bound)
    context: dict[str, Any] = {
        "complaint": complaint,
        "is_open": is_open,
        "content": content,
        "deadlines": case_deadlines(complaint=complaint) if is_open else [],
        "form_problem": (_first_error_anchor(bound) or section) if bound else "",
        "case_messages": [(m, body, deliveries.get(m.pk)) for m, body in content.messages] if content else [],
        "held_releasable": replies.releasable(complaint) if replies and is_open else 0,
        "receipt_delivery": replies.receipt_delivery(complaint) if replies else None,
        "coordinator_gaps": coordinators_without_access(actor=request.user, complaint=complaint),
        "survivors": sealed_survivors,
        "allegations": [
            (a, sealed, bound.get(f"allegation-{a.pk}") or allegation_form(a, sealed))
            for a, sealed in sealed_allegations
        ],
        "consents": [(row.purpose, row.current) for row in consent_rows],
        "consent_rows": consent_rows,
        "triage_form": triage_form,
        # Forwarding as feedback (which closes the complaint) only before it is referred.
        "triage_fields": _fields(triage_form, () if complaint.status in OPEN_FOR_REFERRAL else FORWARD_FIELDS),
        "allegation_form": bound.get("allegation_form") or AllegationForm(),
        "consent_form": bound.get("consent_form") or ConsentForm(),
        "message_form": bound.get("message_form")
        or MessageForm(initial={"body": template_text(request.GET.get("template", ""), complaint.language)}),
        "message_templates": template_choices(),
        "panels": case_page_panels(request, complaint, bound),
        "survivor_forms": [
            (s, bound.get(f"survivor-{s.pk}") or survivor_form(s, sealed)) for s, sealed in sealed_survivors
        ],
    }
    return render(request, "cases/detail.html", context)


def case_form_submit(
    request: HttpRequest,
    complaint: Complaint,
    *,
    form: forms.Form,
    key: str,
    section: str,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """The answer to a case-page form (``key`` and ``section`` as in ``case_page_render``).

    Invalid, or refused by the service (``ApplicationError``, e.g. "identifying details need consent"): the
    case page again, the errors beside their fields or above the form, what was typed kept. Done: the success
    message and a redirect to the case page (post/redirect/get). A refusal once the complaint is closed (its
    forms are gone) is told at the top of the case page instead."""
    if not form.is_valid():
        return case_page_render(request, complaint, bound={key: form}, section=section)
    try:
        action(form.cleaned_data)
    except ApplicationError as exc:
        return case_page_refused(request, complaint, form=form, key=key, section=section, error=exc)
    messages.success(request, success)
    return redirect("cases:detail", public_id=complaint.public_id)


def case_page_refused(
    request: HttpRequest, complaint: Complaint, *, form: forms.Form, key: str, section: str, error: ApplicationError
) -> HttpResponse:
    """A service refused what a valid form asked: the page again with the refusal above that form."""
    complaint.refresh_from_db()  # the service may have changed it in memory before refusing (rolled back)
    if complaint.status == Status.CLOSED:
        messages.error(request, error.message)
        return redirect("cases:detail", public_id=complaint.public_id)
    form.add_error(None, error.message)
    return case_page_render(request, complaint, bound={key: form}, section=section)
