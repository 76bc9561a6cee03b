"""The referral panel on the coordinator's case page (cases shows it without importing referrals' code)."""

from __future__ import annotations

from typing import Any, cast

from django import forms, template

from pseahub.accounts.models import Role, User
from pseahub.cases.models import Complaint, Status

from ..forms import AllegationReferForm, AssistanceReferForm, CloseComplaintForm, ExcludeForm, NoteForm
from ..selectors import eligible_services, referrals_of_complaint

register = template.Library()


@register.inclusion_tag("referrals/_panel.html", takes_context=True)
def referral_panel(context: dict[str, Any], complaint: Complaint) -> dict[str, Any]:
    services = eligible_services(complaint=complaint)
    exclude_form = ExcludeForm(auto_id="exclude-%s")
    cast(forms.ModelChoiceField, exclude_form.fields["user"]).queryset = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.COORDINATOR, Role.FOCAL_POINT, Role.SERVICE_PROVIDER]
        )
        .exclude(pk=context["request"].user.pk)
        .distinct()
    )
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "complaint": complaint,
        "open": complaint.status != Status.CLOSED,
        "referrals": referrals_of_complaint(complaint=complaint),
        # The case page holds many forms with fields of the same names (summary, note): each form gets its own
        # ids so that every label names its own field, e.g. the assistance summary's label its own textarea.
        "allegations": [
            (allegation, AllegationReferForm(auto_id=f"refer-{allegation.pk}-%s"))
            for allegation in complaint.allegations.select_related("organisation")
        ],
        "assistance_form": AssistanceReferForm(services=services, auto_id="assistance-%s"),
        "has_services": services.exists(),
        "revoke_form": NoteForm(),
        "close_form": CloseComplaintForm(auto_id="close-complaint-%s"),
        "exclude_form": exclude_form,
        "exclusions": complaint.exclusions.select_related("user"),
    }
