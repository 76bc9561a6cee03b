"""Forms of the complete case record on the case page (survivors, alleged perpetrators, allegations' links,
intake facts, triage with sexual harassment). They validate and normalise input; ``record.py`` and
``services.py`` decide. Each form on the page gets its own ids (``auto_id`` / ``prefix``) so every label names
its own field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pseahub.core.exceptions import ApplicationError
from pseahub.network.models import Organisation

from .forms import AllegationForm, SurvivorForm, TermChoiceField, TriageForm
from .models import (
    Classification,
    EntityType,
    Perpetrator,
    PerpetratorRole,
    ReportedBeforeTo,
    Sex,
    Survivor,
    TimeOfDay,
    Vocabulary,
    YesNoUnknown,
)
from .services import nationality_clean


class TriageRecordForm(TriageForm):
    """Triage, with sexual harassment beside SEA: both are referred to the concerned organisation, never
    forwarded as feedback."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # refuses forwarding an SEA complaint
        if data.get("forward_to") and data.get("classification") == Classification.SEXUAL_HARASSMENT:
            message = gettext("A sexual harassment complaint is referred, not forwarded as feedback.")
            self.add_error("forward_to", message)
        return data


class SurvivorRecordForm(SurvivorForm):
    """A survivor's profile, with the GBVIMS type of their incident."""

    gbv_type = TermChoiceField(Vocabulary.GBV_TYPE, label=_("GBV type (GBVIMS)"), empty_label=_("Unknown"))

    field_order = ["sex", "age_group", "is_child", "disability", "displacement", "gbv_type", "name", "contact"]


def survivor_label(number: int, survivor: Survivor) -> str:
    parts = [survivor.get_victim_type_display(), str(survivor.age_group) if survivor.age_group else ""]
    detail = ", ".join(part for part in parts if part)
    return gettext("Survivor %(number)d (%(detail)s)") % {"number": number, "detail": detail}


def perpetrator_label(number: int, perpetrator: Perpetrator) -> str:
    parts = [
        str(perpetrator.organisation) if perpetrator.organisation else gettext("organisation unknown"),
        perpetrator.get_role_display(),
    ]
    return gettext("Alleged perpetrator %(number)d (%(detail)s)") % {"number": number, "detail": ", ".join(parts)}


class AllegationRecordForm(AllegationForm):
    """An allegation and the survivors and alleged perpetrators of the complaint it concerns (checkboxes). Once
    the complaint has a perpetrator, the allegation concerns at least one. The description of the person is
    kept on the perpetrator now, no longer on the allegation."""

    perpetrator_description = None  # type: ignore[assignment]
    survivors = forms.TypedMultipleChoiceField(
        label=_("Survivors it concerns"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    perpetrators = forms.TypedMultipleChoiceField(
        label=_("Alleged perpetrators it concerns"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        survivors: Sequence[Survivor] = (),
        perpetrators: Sequence[Perpetrator] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._survivors = {s.pk: s for s in survivors}
        self._perpetrators = {p.pk: p for p in perpetrators}
        survivor_field: Any = self.fields["survivors"]
        perpetrator_field: Any = self.fields["perpetrators"]
        survivor_field.choices = [(s.pk, survivor_label(n, s)) for n, s in enumerate(survivors, 1)]
        perpetrator_field.choices = [(p.pk, perpetrator_label(n, p)) for n, p in enumerate(perpetrators, 1)]
        if not survivors:
            del self.fields["survivors"]
        if not perpetrators:
            del self.fields["perpetrators"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["survivors"] = [self._survivors[pk] for pk in data.get("survivors") or []]
        if "perpetrators" in self.fields:
            chosen = [self._perpetrators[pk] for pk in data.get("perpetrators") or []]
            if not chosen and "perpetrators" not in self.errors:
                self.add_error("perpetrators", gettext("Choose at least one alleged perpetrator it concerns."))
            data["perpetrators"] = chosen
        else:
            data["perpetrators"] = []
        return data


class PerpetratorForm(forms.Form):
    """An alleged perpetrator as far as known; name and description sealed."""

    organisation = forms.ModelChoiceField(
        label=_("Concerned organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown"),
        to_field_name="public_id",
    )
    entity_type = forms.ChoiceField(
        label=_("Entity type"),
        help_text=_("Left on the first choice, it follows the organisation's type."),
        choices=[("", _("From the organisation")), *EntityType.choices],
        required=False,
    )
    personnel_category = TermChoiceField(
        Vocabulary.PERSONNEL_CATEGORY, label=_("Personnel category"), empty_label=_("Unknown")
    )
    role = forms.ChoiceField(label=_("Role"), choices=PerpetratorRole.choices, initial=PerpetratorRole.UNKNOWN)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.CharField(
        label=_("Nationality (uniformed personnel only)"),
        help_text=_("Three-letter country code, e.g. SEN. Recorded for military and police personnel only."),
        max_length=3,
        required=False,
    )
    name = forms.CharField(label=_("Name (sealed)"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Description (sealed)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "nationality" in data and "personnel_category" not in self.errors:
            try:
                data["nationality"] = nationality_clean(
                    data["nationality"], personnel_category=data.get("personnel_category")
                )
            except ApplicationError as exc:
                self.add_error("nationality", exc.message)
        return data


class IntakeFactsForm(forms.Form):
    """When and to whom the complaint was first reported, the incident's date and time, what was asked at
    intake. The person who received it is sealed."""

    first_reported_at = forms.DateTimeField(
        label=_("First reported (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    received_by_organisation = forms.ModelChoiceField(
        label=_("Received by (organisation)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Not recorded"),
        to_field_name="public_id",
    )
    received_by_person = forms.CharField(label=_("Received by (person, sealed)"), max_length=150, required=False)
    incident_date = forms.DateField(
        label=_("Incident date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    incident_date_unknown = forms.BooleanField(label=_("Incident date unknown"), required=False)
    incident_time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=[("", _("Not recorded")), *TimeOfDay.choices], required=False
    )
    reported_before = forms.ChoiceField(label=_("Reported before"), choices=YesNoUnknown.choices)
    reported_before_to = forms.ChoiceField(
        label=_("Reported before to"), choices=[("", _("Not recorded")), *ReportedBeforeTo.choices], required=False
    )
    goods_exchanged = forms.ChoiceField(label=_("Goods, money or services exchanged"), choices=YesNoUnknown.choices)
    needs_medical = forms.BooleanField(label=_("Needs medical care (within 72 hours)"), required=False)
    needs_safety = forms.BooleanField(label=_("Needs safety or protection"), required=False)
    needs_shelter = forms.BooleanField(label=_("Needs shelter"), required=False)

    def __init__(self, *args: Any, received_at: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received_at = received_at

    def clean_first_reported_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["first_reported_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(gettext("The date first reported cannot be in the future."))
        if self.received_at is not None and value > self.received_at + dt.timedelta(minutes=5):
            raise forms.ValidationError(
                gettext("The date first reported cannot be after the complaint was received here.")
            )
        return value

    def clean_incident_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("incident_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(gettext("The incident date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("incident_date_unknown") and data.get("incident_date"):
            self.add_error("incident_date", gettext("Give a date or tick 'Incident date unknown', not both."))
        if data.get("reported_before_to") and data.get("reported_before") != YesNoUnknown.YES:
            self.add_error("reported_before_to", gettext("Only when it was reported before (answer yes)."))
        return data
