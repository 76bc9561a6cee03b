"""The coordinator's case page, rendered for a GET and again for a POST whose form failed validation or was
refused by a service.

Every form of the page is built here; a POST view answers through ``case_form_submit``: when the form is
invalid (or the service refuses), ``case_page_render`` gets the bound form in ``bound`` (keyed as below), so
the page comes back with the errors next to their fields and what was typed kept, and a notice at the top
linking to the first field in error. Nothing is stored in between: the page is the answer to the POST. Forms
of other apps' panels are keyed by those apps (see ``panels.py``).

Keys: ``triage_form``, ``intake_form``, ``allegation_form`` (add), ``allegation-<pk>`` (correct one),
``survivor_form`` (add), ``survivor-<pk>``, ``perpetrator_form`` (add), ``perpetrator-<pk>``, ``consent_form``,
``message_form``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_load

from . import services
from .access import complaints_for_coordinator
from .forms import ConsentForm, MessageForm
from .message_templates import template_choices, template_text
from .models import Allegation, Complaint, Perpetrator, Status, Survivor
from .panels import case_page_panels
from .record_forms import (
    AllegationRecordForm,
    IntakeFactsForm,
    PerpetratorForm,
    SurvivorRecordForm,
    TriageRecordForm,
    perpetrator_label,
    survivor_label,
)
from .replies import reply_channel_for
from .selectors import OPEN_FOR_REFERRAL, case_deadlines, consent_overview, coordinators_without_access
from .services import entity_type_of

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


def allegation_form(
    allegation: Allegation,
    data: Any = None,
    *,
    survivors: list[Survivor],
    perpetrators: list[Perpetrator],
) -> AllegationRecordForm:
    """The form correcting one allegation; its own ids, so each label names its own field on the page. The
    complaint's survivors and perpetrators are its checkboxes, those it concerns ticked."""
    return AllegationRecordForm(
        data,
        auto_id=f"allegation-{allegation.pk}-%s",
        survivors=survivors,
        perpetrators=perpetrators,
        initial={
            "organisation": allegation.organisation.public_id if allegation.organisation else None,
            "personnel_category": allegation.personnel_category.code if allegation.personnel_category else None,
            "sea_type": allegation.sea_type.code if allegation.sea_type else None,
            "survivors": [s.pk for s in allegation.survivors.all()],
            "perpetrators": [p.pk for p in allegation.perpetrators.all()],
        },
    )


def allegation_add_form(
    data: Any = None, *, survivors: list[Survivor], perpetrators: list[Perpetrator]
) -> AllegationRecordForm:
    """A new allegation: every survivor ticked, and the perpetrator when there is only one."""
    return AllegationRecordForm(
        data,
        survivors=survivors,
        perpetrators=perpetrators,
        initial={
            "survivors": [s.pk for s in survivors],
            "perpetrators": [p.pk for p in perpetrators] if len(perpetrators) == 1 else [],
        },
    )


def survivor_form(survivor: Survivor, sealed: Mapping[str, Any], data: Any = None) -> SurvivorRecordForm:
    return SurvivorRecordForm(
        data,
        prefix=f"s{survivor.pk}",
        initial={
            "sex": survivor.sex,
            "age_group": survivor.age_group.code if survivor.age_group else None,
            "is_child": survivor.is_child,
            "disability": survivor.disability,
            "displacement": survivor.displacement.code if survivor.displacement else None,
            "gbv_type": survivor.gbv_type.code if survivor.gbv_type else None,
            **sealed,
        },
    )


def survivor_add_form(data: Any = None) -> SurvivorRecordForm:
    return SurvivorRecordForm(data, prefix="survivor-new")


def perpetrator_form(perpetrator: Perpetrator, sealed: Mapping[str, Any], data: Any = None) -> PerpetratorForm:
    """The form correcting one alleged perpetrator (its own ids); the sealed name and description prefilled."""
    return PerpetratorForm(
        data,
        auto_id=f"perpetrator-{perpetrator.pk}-%s",
        initial={
            "organisation": perpetrator.organisation.public_id if perpetrator.organisation else None,
            # "From the organisation" while it is the organisation's: changing the organisation then follows.
            "entity_type": ""
            if perpetrator.entity_type == entity_type_of(perpetrator.organisation)
            else perpetrator.entity_type,
            "personnel_category": perpetrator.personnel_category.code if perpetrator.personnel_category else None,
            "role": perpetrator.role,
            "sex": perpetrator.sex,
            "nationality": perpetrator.nationality,
            "name": sealed.get("name", ""),
            "description": sealed.get("description", ""),
        },
    )


def perpetrator_add_form(data: Any = None) -> PerpetratorForm:
    return PerpetratorForm(data, auto_id="perpetrator-new-%s")


def intake_form(complaint: Complaint, sealed: Mapping[str, Any], data: Any = None) -> IntakeFactsForm:
    first = complaint.first_reported_at or complaint.received_at
    return IntakeFactsForm(
        data,
        auto_id="intake-%s",
        received_at=complaint.received_at,
        initial={
            "first_reported_at": timezone.localtime(first).replace(second=0, microsecond=0, tzinfo=None),
            "received_by_organisation": (
                complaint.received_by_organisation.public_id if complaint.received_by_organisation else None
            ),
            "received_by_person": sealed.get("received_by_person", ""),
            "incident_date": complaint.incident_date,
            "incident_date_unknown": complaint.incident_date_unknown,
            "incident_time_of_day": complaint.incident_time_of_day,
            "reported_before": complaint.reported_before,
            "reported_before_to": complaint.reported_before_to,
            "goods_exchanged": complaint.goods_exchanged,
            "needs_medical": complaint.needs_medical,
            "needs_safety": complaint.needs_safety,
            "needs_shelter": complaint.needs_shelter,
        },
    )


def _triage_form(complaint: Complaint, bound: Mapping[str, Any]) -> TriageRecordForm:
    form: TriageRecordForm = bound.get("triage_form") or TriageRecordForm(
        initial={
            "classification": complaint.classification,
            "complainant_type": complaint.complainant_type,
            "is_urgent": complaint.is_urgent,
            "involves_child": complaint.involves_child,
        }
    )
    return form


def _legacy_descriptions(
    perpetrator: Perpetrator, sealed_allegations: list[tuple[Allegation, dict[str, Any]]]
) -> list[str]:
    """The description of the person kept on the allegations this perpetrator is linked to, as recorded before
    perpetrators had rows of their own (shown while the perpetrator has no description of their own)."""
    return [
        sealed["perpetrator_description"]
        for allegation, sealed in sealed_allegations
        if sealed.get("perpetrator_description") and perpetrator in allegation.perpetrators.all()
    ]


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
    survivors = list(complaint.survivors.select_related("age_group", "displacement", "gbv_type"))
    perpetrators = list(complaint.perpetrators.select_related("organisation", "personnel_category"))
    allegations = list(
        complaint.allegations.select_related("organisation", "personnel_category", "sea_type").prefetch_related(
            "survivors", "perpetrators"
        )
    )
    sealed_allegations = [(a, content.allegations.get(a.pk, {}) if content else {}) for a in allegations]
    sealed_survivors = [(s, content.survivors.get(s.pk, {}) if content else {}) for s in survivors]
    sealed_perpetrators = [(p, content.perpetrators.get(p.pk, {}) if content else {}) for p in perpetrators]
    survivor_names = {s.pk: survivor_label(n, s) for n, s in enumerate(survivors, 1)}
    perpetrator_names = {p.pk: perpetrator_label(n, p) for n, p in enumerate(perpetrators, 1)}
    openable = complaints_for_coordinator(request.user)
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
        "survivors": [
            (s, sealed, bound.get(f"survivor-{s.pk}") or survivor_form(s, sealed), survivor_names[s.pk])
            for s, sealed in sealed_survivors
        ],
        "survivor_form": bound.get("survivor_form") or survivor_add_form(),
        "perpetrators": [
            (
                p,
                sealed,
                _legacy_descriptions(p, sealed_allegations) if not sealed.get("description") else [],
                bound.get(f"perpetrator-{p.pk}") or perpetrator_form(p, sealed),
                perpetrator_names[p.pk],
            )
            for p, sealed in sealed_perpetrators
        ],
        "perpetrator_form": bound.get("perpetrator_form") or perpetrator_add_form(),
        "intake_form": bound.get("intake_form") or intake_form(complaint, content.complaint if content else {}),
        # "Duplicate of" / "Duplicates": linked when this coordinator may open them, else the reference only.
        "duplicate_of_openable": bool(
            complaint.duplicate_of_id and openable.filter(pk=complaint.duplicate_of_id).exists()
        ),
        "duplicates": list(openable.filter(duplicate_of=complaint).only("public_id", "reference")),
        "allegations": [
            (
                a,
                sealed,
                bound.get(f"allegation-{a.pk}") or allegation_form(a, survivors=survivors, perpetrators=perpetrators),
                [survivor_names[s.pk] for s in a.survivors.all() if s.pk in survivor_names],
                [perpetrator_names[p.pk] for p in a.perpetrators.all() if p.pk in perpetrator_names],
            )
            for a, sealed in sealed_allegations
        ],
        "consents": [(row.purpose, row.current) for row in consent_rows],
        "consent_rows": consent_rows,
        "triage_form": triage_form,
        # Forwarding as feedback (which closes the complaint) only before it is referred.
        "triage_fields": _fields(triage_form, () if complaint.status in OPEN_FOR_REFERRAL else FORWARD_FIELDS),
        "allegation_form": bound.get("allegation_form")
        or allegation_add_form(survivors=survivors, perpetrators=perpetrators),
        "consent_form": bound.get("consent_form") or ConsentForm(),
        "message_form": bound.get("message_form")
        or MessageForm(initial={"body": template_text(request.GET.get("template", ""), complaint.language)}),
        "message_templates": template_choices(),
        "panels": case_page_panels(request, complaint, bound),
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
