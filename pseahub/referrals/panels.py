"""What referrals shows on the coordinator's case page and keys page (registered in ``apps.py``; see
``pseahub.cases.panels``). Every query runs here, in the view: the panel templates only render what they get."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest

from pseahub.accounts.models import Role, User
from pseahub.cases.models import Complaint, Status

from .forms import AllegationReferForm, AssistanceReferForm, CloseComplaintForm, ExcludeForm, NoteForm
from .selectors import eligible_services, referral_recipients_without_grant, referrals_of_complaint


def _choices_loaded(form: forms.Form) -> forms.Form:
    """Read the choices of the form's model choice fields now, so that rendering it runs no query."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.choices = list(cast(ModelChoiceIterator, field.choices))
    return form


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    assistance_form = _choices_loaded(
        AssistanceReferForm(services=eligible_services(complaint=complaint), auto_id="assistance-%s")
    )
    exclude_form = ExcludeForm(auto_id="exclude-%s")
    cast(forms.ModelChoiceField, exclude_form.fields["user"]).queryset = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.COORDINATOR, Role.FOCAL_POINT, Role.SERVICE_PROVIDER]
        )
        .exclude(pk=cast(User, request.user).pk)
        .distinct()
    )
    return {
        "complaint": complaint,
        "open": complaint.status != Status.CLOSED,
        "referrals": list(referrals_of_complaint(complaint=complaint)),
        # The case page holds many forms with fields of the same names (summary, note): each form gets its own
        # ids so that every label names its own field, e.g. the assistance summary's label its own textarea.
        "allegations": [
            (allegation, AllegationReferForm(auto_id=f"refer-{allegation.pk}-%s"))
            for allegation in complaint.allegations.select_related("organisation")
        ],
        "assistance_form": assistance_form,
        "has_services": len(cast(list[Any], assistance_form.fields["service"].widget.choices))
        > 1,  # beyond the empty choice
        "revoke_form": NoteForm(),
        "close_form": _choices_loaded(CloseComplaintForm(auto_id="close-complaint-%s")),
        "exclude_form": _choices_loaded(exclude_form),
        "exclusions": list(complaint.exclusions.select_related("user")),
    }


def keys_panel(request: HttpRequest) -> dict[str, Any]:
    return {"referral_gaps": referral_recipients_without_grant(actor=request.user)}
