# ruff: noqa: RUF001
"""Forms of the joint risk assessment's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area

from . import risk_scoring as scoring
from .models import RiskAssessmentRound, RiskFramework, RoundStatus, Sector

FIVE = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


class AreaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class FrameworkChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        own = "" if obj.is_builtin else f" ({_('the network’s own')})"
        return f"{obj.display_name()}{own}"


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    areas = AreaChoice(
        label=_("Areas"), queryset=Area.objects.filter(admin_level=1).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=[c for c in Sector.choices if c[0] != Sector.OTHER],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    frameworks = FrameworkChoice(
        label=_("Frameworks"), queryset=RiskFramework.objects.filter(is_active=True).order_by("kind", "sector", "code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One likelihood × impact matrix for each sector, and any index scored per area."),
    )  # fmt: skip
    previous = forms.ModelChoiceField(
        label=_("Previous round"), required=False, queryset=RiskAssessmentRound.objects.none(),
        help_text=_("The round this one is compared with."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = RiskAssessmentRound.objects.filter(status=RoundStatus.COMPLETED)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends after it starts."))
        return data


class FindingForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), choices=())
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("All areas")
    )
    title = forms.CharField(label=_("Finding"), max_length=300)
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1–5)"), choices=FIVE[1:], coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=FIVE[1:], coerce=int)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mitigation = forms.CharField(
        label=_("Recommended mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, assessment: RiskAssessmentRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .risk import round_sectors, sector_label

        self.fields["sector"].choices = [(s, sector_label(s)) for s in round_sectors(assessment)]  # type: ignore[attr-defined]
        area_field = self.fields["area"]
        area_field.queryset = assessment.areas.order_by("name")  # type: ignore[attr-defined]
        area_field.label_from_instance = lambda area: area.display_name()  # type: ignore[attr-defined]


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    classes = forms.CharField(
        label=_("Risk classes"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, highest first: lowest score; code; name (e.g. “15; high; High”). The codes high, "
                    "medium and low have the heat map's colours."),
    )  # fmt: skip
    likelihood = forms.CharField(
        label=_("Likelihood steps"), required=False,
        help_text=_("Matrices only: the five steps' labels from 1 to 5, separated by semicolons."),
    )  # fmt: skip
    impact = forms.CharField(
        label=_("Impact steps"), required=False,
        help_text=_("Matrices only: the five steps' labels from 1 to 5, separated by semicolons."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active (offered for new rounds)"), required=False)

    def clean_classes(self) -> list[dict[str, Any]]:
        try:
            return scoring.parse_classes(self.cleaned_data["classes"])
        except ValueError as error:
            raise forms.ValidationError(
                _("Write each class as “lowest score; code; name”, with different codes and scores (%(where)s).")
                % {"where": error}
            ) from error

    def _steps(self, name: str) -> list[str] | None:
        steps = [step.strip() for step in self.cleaned_data.get(name, "").split(";") if step.strip()]
        if steps and len(steps) != 5:
            self.add_error(name, _("Give five labels."))
        return steps or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["likelihood"], data["impact"] = self._steps("likelihood"), self._steps("impact")
        return data


class DimensionForm(forms.Form):
    name = forms.CharField(label=_("Dimension"), max_length=300)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    guidance = forms.CharField(label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scale_min = forms.IntegerField(label=_("Lowest score"), min_value=0, max_value=100, initial=1)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=0, max_value=100, initial=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data
