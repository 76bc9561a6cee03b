"""The action plan's forms: a new plan, an output, an activity, a progress update, the report's quarter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area, Organisation

from .models import LANGUAGES, ActivityStatus, ActivityUpdate, PlanActivity, PlanTemplate
from .plans import Quarter


class DateInput(forms.DateInput):
    input_type = "date"


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    template = forms.ModelChoiceField(
        label=_("Outcome structure"), queryset=PlanTemplate.objects.order_by("code"), empty_label=None,
        help_text=_("The plan's outcomes are created from it; add outputs and activities under them."),
    )  # fmt: skip
    period_start = forms.DateField(label=_("Period from"), widget=DateInput)
    period_end = forms.DateField(label=_("Period to"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class OutputForm(forms.Form):
    outcome = forms.TypedChoiceField(label=_("Outcome"), coerce=int)
    title = forms.CharField(label=_("Output"), max_length=300)

    def __init__(self, *args: Any, outcomes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes  # type: ignore[attr-defined]


def _organisations() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("name")


class ActivityForm(forms.ModelForm):
    output = forms.TypedChoiceField(label=_("Output"), coerce=int)
    lead = forms.ModelChoiceField(label=_("Lead organisation"), queryset=_organisations())
    supporting = forms.ModelMultipleChoiceField(
        label=_("Supporting organisations"), queryset=_organisations(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(admin_level__lte=2).order_by("admin_level", "pcode"),
        required=False, empty_label=_("The whole country"),
    )  # fmt: skip

    class Meta:
        model = PlanActivity
        fields = ["title", "lead", "supporting", "area", "due_on", "indicator", "baseline", "target", "status"]
        widgets = {"due_on": DateInput, "title": forms.TextInput}

    def __init__(self, *args: Any, outputs: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["supporting"].queryset = _organisations()  # type: ignore[attr-defined]
        if outputs is None:
            del self.fields["output"]
        else:
            self.fields["output"].choices = outputs  # type: ignore[attr-defined]
            self.order_fields(["output"])


class UpdateForm(forms.ModelForm):
    class Meta:
        model = ActivityUpdate
        fields = ["status", "progress", "value"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"value": _("The indicator's value now, if it was measured.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ActivityStatus.choices  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=7, help_text=_("e.g. 2026-Q3"))
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")], required=False)

    def clean_quarter(self) -> Quarter:
        quarter = Quarter.parse(self.cleaned_data["quarter"])
        if quarter is None:
            raise forms.ValidationError(_("Give a quarter as 2026-Q3."))
        return quarter
