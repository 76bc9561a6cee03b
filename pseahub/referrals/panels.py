"""What referrals shows on the coordinator's case page and keys page (registered in ``apps.py``; see
``pseahub.cases.panels``). Every query runs here, in the view: the panel templates only render what they get."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.cases.models import Allegation, Complaint, Status

from .forms import AllegationReferForm, AssistanceReferForm, CloseComplaintForm, ExcludeForm, NoteForm
from .models import Referral, ReferralKind, ReferralState
from .selectors import eligible_services, referral_recipients_without_grant, referrals_of_complaint, survivor_labels


def _choices_loaded(form: forms.Form) -> forms.Form:
    """Read the choices of the form's model choice fields now, so that rendering it runs no query."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.choices = list(cast(ModelChoiceIterator, field.choices))
    return form


# The case page holds many forms with fields of the same names (summary, note): each form gets its own ids so
# that every label names its own field, e.g. the assistance summary's label its own textarea. The views build
# the forms they validate with the same ids, so a form shown again with its errors keeps them.
def allegation_refer_form(allegation: Allegation, data: Any = None) -> AllegationReferForm:
    return AllegationReferForm(data, auto_id=f"refer-{allegation.pk}-%s")


def assistance_refer_form(complaint: Complaint, services: Any, data: Any = None) -> AssistanceReferForm:
    """The assistance refer form: a service, and which of the complaint's survivors it is for."""
    return AssistanceReferForm(
        data,
        services=services,
        survivors=complaint.survivors.order_by("pk"),
        labels=survivor_labels(complaint=complaint),
        auto_id="assistance-%s",
    )


def close_form(data: Any = None) -> CloseComplaintForm:
    return CloseComplaintForm(data, auto_id="close-complaint-%s")


def exclude_form(data: Any = None) -> ExcludeForm:
    return ExcludeForm(data, auto_id="exclude-%s")


def _referable(allegation: Allegation, referrals: list[Referral]) -> Referral | None:
    """The referral that makes referring ``allegation`` again pointless: one to its organisation still open,
    or closed with its outcome; None when it may be referred (never referred, or revoked or declined)."""
    for referral in referrals:
        if (
            referral.allegation_id == allegation.pk
            and referral.organisation_id == allegation.organisation_id
            and (referral.is_open or referral.state == ReferralState.CLOSED)
        ):
            return referral
    return None


def _has_investigation(referral: Referral) -> bool:
    """Whether the focal point recorded anything of the investigation (the panel lists only those)."""
    return bool(
        referral.investigating_entity
        or referral.investigation_started_on
        or referral.action_taken
        or referral.interim_measure
        or referral.paternity_claim
        or referral.informed_dates.all()
    )


def case_panel(request: HttpRequest, complaint: Complaint, bound: Mapping[str, Any]) -> dict[str, Any]:
    """The referrals section: the referrals, and the actions that still make sense. ``bound``: a form of this
    panel that failed validation (keys ``refer-<allegation pk>``, ``assistance_form``, ``close_form``,
    ``exclude_form``), shown instead of an empty one."""
    assistance = _choices_loaded(
        bound.get("assistance_form") or assistance_refer_form(complaint, eligible_services(complaint=complaint))
    )
    exclude = bound.get("exclude_form") or exclude_form()
    cast(forms.ModelChoiceField, exclude.fields["user"]).queryset = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.COORDINATOR, Role.FOCAL_POINT, Role.SERVICE_PROVIDER]
        )
        .exclude(pk=cast(User, request.user).pk)
        .distinct()
    )
    referrals = list(referrals_of_complaint(complaint=complaint))
    labels = survivor_labels(complaint=complaint)
    allegations = list(complaint.allegations.select_related("organisation"))
    is_open = complaint.status != Status.CLOSED
    sections = [("referrals", _("Referrals")), ("exclusions", _("Implicated people"))]
    return {
        "complaint": complaint,
        "open": is_open,
        # The case page's "on this page" links to this panel's sections.
        "sections": [*sections, ("closure", _("Closure"))] if is_open else sections,
        "referrals": referrals,
        # What the recipients recorded (read-only here): the investigation of allegation referrals, the dates the
        # survivor was informed, and the survivor and services delivered of assistance referrals.
        "records": [
            (
                referral,
                labels.get(referral.survivor_id, "") if referral.survivor_id else "",
                list(referral.informed_dates.all()),
                list(referral.deliveries.all()),
            )
            for referral in referrals
            if referral.kind == ReferralKind.ASSISTANCE or _has_investigation(referral)
        ],
        # Per allegation: the referral that already covers it (no "refer" then), or the form to refer it.
        "allegations": [
            (
                allegation,
                # A refer form coming back refused ("already referred") is shown with its error all the same.
                None if f"refer-{allegation.pk}" in bound else _referable(allegation, referrals),
                bound.get(f"refer-{allegation.pk}") or allegation_refer_form(allegation),
            )
            for allegation in allegations
        ],
        "assistance_form": assistance,
        "has_services": len(cast(list[Any], assistance.fields["service"].widget.choices))
        > 1,  # beyond the empty choice
        "revoke_form": NoteForm(),
        "close_form": _choices_loaded(bound.get("close_form") or close_form()),
        "exclude_form": _choices_loaded(exclude),
        "exclusions": list(complaint.exclusions.select_related("user")),
    }


def keys_panel(request: HttpRequest) -> dict[str, Any]:
    return {"referral_gaps": referral_recipients_without_grant(actor=request.user)}
