"""The forms of the community preferences pages: a consultation, its grid of preferences (a formset: one line
per group and channel type, usable without JavaScript), the list's and the summary's filters, the Kobo upload."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area, Organisation

from .forms import _indented
from .kobo import KOBO_MAX_BYTES
from .models import (
    CommunityConsultation,
    ConsultationMethod,
    MechanismType,
    PopulationAge,
    PopulationDisability,
    PopulationSex,
)
from .preferences import CONSULTATION_FIELDS, PreferenceRow


def _areas() -> QuerySet[Area]:
    return Area.objects.filter(admin_level__in=(1, 2)).order_by("pcode")


class _AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _indented(obj)


class ConsultationForm(forms.ModelForm):
    """The consultation itself; ``submission`` makes a repeated "add" safe (it becomes the public id)."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)
    area = _AreaChoiceField(label=_("Area"), queryset=Area.objects.none(), help_text=_("The region or district."))

    class Meta:
        model = CommunityConsultation
        fields = CONSULTATION_FIELDS
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], required_organisation: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas()
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        organisation.required = required_organisation
        if required_organisation and organisations.count() == 1:
            organisation.initial = organisations.first()
        if not self.is_bound and self.instance.pk is None:
            self.fields["submission"].initial = uuid.uuid4()

    def _post_clean(self) -> None:
        # The services validate; the model is not checked here a second time.
        pass

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONSULTATION_FIELDS if name in self.cleaned_data}


class PreferenceForm(forms.Form):
    """One line of the grid. A line left as it was offered (no channel, no number) is ignored."""

    sex = forms.ChoiceField(label=_("Sex"), choices=PopulationSex.choices, initial=PopulationSex.ALL)
    age_group = forms.ChoiceField(label=_("Age group"), choices=PopulationAge.choices, initial=PopulationAge.ALL)
    disability = forms.ChoiceField(
        label=_("Disability"), choices=PopulationDisability.choices, initial=PopulationDisability.ALL
    )
    channel_type = forms.ChoiceField(
        label=_("Preferred channel"), choices=[("", "—"), *MechanismType.choices], required=False
    )
    respondents = forms.IntegerField(label=_("People who prefer it"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        if not data.get("channel_type"):
            self.add_error("channel_type", _("Choose the channel these people prefer."))
        if data.get("respondents") is None:
            self.add_error("respondents", _("Enter how many people prefer this channel."))
        return data

    def row(self) -> PreferenceRow:
        data = self.cleaned_data
        return PreferenceRow(
            data["sex"], data["age_group"], data["disability"], data["channel_type"], data["respondents"]
        )


class BasePreferenceFormSet(forms.BaseFormSet):
    """The grid: ``number_consulted`` (set by the view once the consultation's form is valid) bounds each line;
    the same group and channel twice is refused on the second line."""

    number_consulted: int | None = None

    def clean(self) -> None:
        seen: set[tuple[str, ...]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            row = form.row()
            key = (*row.group, row.channel_type)
            if key in seen:
                form.add_error("channel_type", _("This group and channel are already given on another line."))
            seen.add(key)
            if self.number_consulted is not None and row.respondents > self.number_consulted:
                form.add_error(
                    "respondents",
                    _("More than the %(number)d people consulted.") % {"number": self.number_consulted},
                )
        if any(form.errors for form in self.forms):
            raise forms.ValidationError(_("Correct the lines marked below."))

    def rows(self) -> list[PreferenceRow]:
        return [
            form.row()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("channel_type")
        ]


def preference_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, extra: int = 6
) -> BasePreferenceFormSet:
    formset_class = forms.formset_factory(
        PreferenceForm, formset=BasePreferenceFormSet, extra=extra, can_delete=bool(initial)
    )
    return cast(BasePreferenceFormSet, formset_class(data, initial=initial, prefix="preferences"))


class ConsultationFilterForm(forms.Form):
    area = _AreaChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas()

    def chosen_area(self) -> Area | None:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("area")


class SummaryFilterForm(forms.Form):
    """The summary's group and period (GET); invalid values fall back to the defaults."""

    sex = forms.ChoiceField(label=_("Sex"), choices=PopulationSex.choices, required=False)
    age_group = forms.ChoiceField(label=_("Age group"), choices=PopulationAge.choices, required=False)
    disability = forms.ChoiceField(label=_("Disability"), choices=PopulationDisability.choices, required=False)
    area = _AreaChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All"))
    years = forms.IntegerField(label=_("Consultations of the last (years)"), min_value=1, max_value=10, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas()

    def filters(self, default_years: int) -> dict[str, Any]:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "area": data.get("area"),
            "sex": data.get("sex") or PopulationSex.ALL,
            "age_group": data.get("age_group") or PopulationAge.ALL,
            "disability": data.get("disability") or PopulationDisability.ALL,
            "years": data.get("years") or default_years,
        }


class KoboUploadForm(forms.Form):
    """The Kobo export and what it does not say itself: when, how, who led it, and where (unless a column does)."""

    file = forms.FileField(
        label=_("Kobo export (XLSX or CSV)"),
        help_text=_("One row per respondent, with column names (XML values), not labels."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    area = _AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Leave empty when the file has an area p-code column (pcode, admin2)."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=ConsultationMethod.choices, initial=ConsultationMethod.SURVEY)
    organisation = forms.ModelChoiceField(label=_("Led by"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], required_organisation: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas()
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        organisation.required = required_organisation
        if required_organisation and organisations.count() == 1:
            organisation.initial = organisations.first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > KOBO_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)d MB.") % {"size": KOBO_MAX_BYTES // (1024 * 1024)}
            )
        return upload
