from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import User
from pseahub.cases.forms import TermChoiceField
from pseahub.cases.models import ClosureReason, Survivor, Vocabulary
from pseahub.mapping.models import Service

from .models import ActionTaken, DeclineReason, InterimMeasure, InvestigatingEntity, PaternityClaim, ServiceType


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


class SurvivorChoiceField(forms.ModelChoiceField):
    """A survivor of the complaint by its non-identifying label (``selectors.survivor_labels``)."""

    def __init__(self, *args: Any, labels: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels = labels or {}

    def label_from_instance(self, obj: Survivor) -> str:
        return self.labels.get(obj.pk, str(obj.pk))


class AssistanceReferForm(forms.Form):
    survivor = SurvivorChoiceField(
        label=_("Survivor"),
        help_text=_("The survivor the services are for."),
        queryset=Survivor.objects.none(),
        to_field_name="public_id",
        required=False,
    )
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

    def __init__(
        self,
        *args: Any,
        services: Any = None,
        survivors: Any = None,
        labels: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``survivors``: the complaint's (a choice is required when there are several; the only one is chosen
        already, and taken when the field is left out); ``labels``: their labels by pk."""
        super().__init__(*args, **kwargs)
        if services is not None:
            cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        field = cast(SurvivorChoiceField, self.fields["survivor"])
        if survivors is None:
            del self.fields["survivor"]
            return
        field.queryset = survivors
        field.labels = labels or {}
        rows = list(survivors)
        if len(rows) == 1:
            field.initial = rows[0].public_id  # left out, the service takes the only one too
            field.empty_label = None
        field.required = len(rows) > 1


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


def _blank_first(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("—")), *choices]


class InvestigationForm(forms.Form):
    """The investigation and what was done, recorded by the concerned organisation's focal point. The rules
    between fields (end after start, nothing in the future) are the service's; the view shows its refusals
    beside the field they concern."""

    investigating_entity = forms.ChoiceField(
        label=_("Investigating entity"), choices=_blank_first(InvestigatingEntity.choices), required=False
    )
    investigation_started_on = forms.DateField(
        label=_("Investigation started"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    investigation_ended_on = forms.DateField(
        label=_("Investigation ended"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = TermChoiceField(Vocabulary.OUTCOME, label=_("Investigation status"), empty_label=_("—"))
    action_taken = forms.ChoiceField(label=_("Action taken"), choices=_blank_first(ActionTaken.choices), required=False)
    interim_measure = forms.ChoiceField(
        label=_("Interim measures"), choices=_blank_first(InterimMeasure.choices), required=False
    )
    paternity_claim = forms.ChoiceField(
        label=_("Paternity or child-support claim"), choices=_blank_first(PaternityClaim.choices), required=False
    )


class SurvivorInformedForm(forms.Form):
    informed_on = forms.DateField(
        label=_("Survivor informed on"),
        help_text=_("Each day the survivor was told where the investigation stands."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ServiceDeliveryForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service delivered"), choices=_blank_first(ServiceType.choices))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"}))
