"""The forms of the stakeholders and funding pages. They validate input; ``funding.py`` checks the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import User
from pseahub.network.models import Organisation

from .forms_campaigns import _DATE, _Submission
from .funding import (
    DONOR_REPORT_FIELDS,
    FUNDING_FIELDS,
    PROPOSAL_FIELDS,
    STAKEHOLDER_FIELDS,
    insights_donor_report_choices,
)
from .models import Donor, DonorReport, FundingSource, Proposal, Stakeholder, StakeholderKind


class StakeholderForm(_Submission):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current_org = self.instance.organisation_id
        current_user = self.instance.user_id
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
            Q(is_active=True) | Q(pk=current_org)
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            Q(is_active=True) | Q(pk=current_user)
        ).order_by("full_name", "email")


class StakeholderFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *StakeholderKind.choices], required=False)

    def kind_chosen(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data.get("kind") or "")


class DonorForm(forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["name"]

    def _post_clean(self) -> None:
        pass


class FundingForm(_Submission):
    class Meta:
        model = FundingSource
        fields = list(FUNDING_FIELDS)
        widgets = {"start": _DATE, "end": _DATE}


class ProposalForm(_Submission):
    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {"deadline": _DATE}


class DonorReportForm(_Submission):
    insights_report = forms.TypedChoiceField(
        label=_("Donor report made in the insights"), required=False, coerce=str, empty_value=None,
        help_text=_("The anonymised donor report of the insights pages attached to this deadline."),
    )  # fmt: skip

    class Meta:
        model = DonorReport
        fields = list(DONOR_REPORT_FIELDS)
        widgets = {"period_start": _DATE, "period_end": _DATE, "due_on": _DATE, "submitted_on": _DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = insights_donor_report_choices()
        current = self.instance.insights_report
        if current and str(current) not in dict(choices):
            choices.insert(0, (str(current), str(current)))
        cast(forms.TypedChoiceField, self.fields["insights_report"]).choices = [("", "—"), *choices]
        if current:
            self.initial["insights_report"] = str(current)
        cast(forms.ModelChoiceField, self.fields["funding"]).queryset = FundingSource.objects.select_related("donor")

    def clean_insights_report(self) -> Any:
        import uuid

        value = self.cleaned_data.get("insights_report")
        return uuid.UUID(value) if value else None
