from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import User
from pseahub.cases.forms import TermChoiceField
from pseahub.cases.models import ClosureReason, Vocabulary
from pseahub.mapping.models import Service

from .models import DeclineReason


class AllegationReferForm(forms.Form):
    summary = forms.CharField(
        label=_("What the organisation receives"),
        help_text=_("A de-identified summary: what happened, when, where, without the survivor's name."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_identity = forms.BooleanField(
        label=_("Also share the survivor's name and contact (only with their consent)"), required=False
    )


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} — {obj.provider.acronym or obj.provider.name} ({obj.get_type_display()})"


class AssistanceReferForm(forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none(), to_field_name="public_id")
    summary = forms.CharField(
        label=_("What the provider needs to know"),
        help_text=_("Only what they need to help: the kind of support, urgency, language."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override_reason = forms.CharField(
        label=_("Reason to refer without consent (only with the override permission)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if services is not None:
            cast(forms.ModelChoiceField, self.fields["service"]).queryset = services


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you decline?"), choices=DeclineReason.choices)
    note = forms.CharField(label=_("Note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("What progressed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = TermChoiceField(Vocabulary.OUTCOME, label=_("Investigation status"), empty_label=_("No change"))


class CloseReferralForm(forms.Form):
    outcome = TermChoiceField(Vocabulary.OUTCOME, label=_("Outcome"), empty_label=_("—"))
    survivor_informed_on = forms.DateField(
        label=_("Date the survivor was informed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(
        label=_("Follow-up date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CloseComplaintForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the complaint closed?"), choices=ClosureReason.choices)
    duplicate_of = forms.CharField(
        label=_("Duplicate of (reference)"),
        help_text=_("When closing as a duplicate: the reference of the other complaint, e.g. MLI-2026-00042."),
        max_length=64,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (internal)"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["duplicate_of"] = (data.get("duplicate_of") or "").strip().upper()
        if data.get("reason") == ClosureReason.DUPLICATE and not data["duplicate_of"]:
            self.add_error("duplicate_of", _("Give the reference of the complaint this one duplicates."))
        elif data.get("reason") and data.get("reason") != ClosureReason.DUPLICATE and data["duplicate_of"]:
            self.add_error("duplicate_of", _("Only when closing as a duplicate."))
        return data


class ExcludeForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person to exclude (implicated)"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="public_id",
    )
