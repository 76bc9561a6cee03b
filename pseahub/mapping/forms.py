from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import FOCAL_POINT_PUBLISHABLE_FIELDS, Area, Organisation

from .mechanisms import MECHANISM_FIELDS, MECHANISM_LISTING_FIELDS
from .models import (
    MECHANISM_PUBLISHABLE_FIELDS,
    SERVICE_PUBLISHABLE_FIELDS,
    FeedbackMechanism,
    MechanismStatus,
    Service,
    ServiceType,
)


def _area_choices() -> list[tuple[str, str | Promise]]:
    # Countries first, then each area followed by the areas inside it (p-codes nest by prefix), indented.
    areas = sorted(
        Area.objects.only("pcode", "name", "name_local", "admin_level"), key=lambda a: (a.admin_level > 0, a.pcode)
    )
    return [("", _("All areas"))] + [(area.pcode, "\u2003" * area.admin_level + area.display_name()) for area in areas]


class DirectoryFilterForm(forms.Form):
    """The public directory's filters (GET). Unknown values are form errors, and then ignored."""

    type = forms.ChoiceField(
        label=_("Type of help"), choices=[("", _("All types")), *ServiceType.choices], required=False
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One query, when the form is built (not once per validation and once per rendering).
        cast(forms.ChoiceField, self.fields["area"]).choices = _area_choices()

    def filters(self) -> tuple[str | None, Area | None]:
        """The valid filters as (service type, area); an invalid or empty one is None."""
        if not self.is_bound:
            return None, None
        self.is_valid()  # fills cleaned_data with the fields that are valid
        service_type = self.cleaned_data.get("type") or None
        pcode = self.cleaned_data.get("area")
        return service_type, Area.objects.filter(pcode=pcode).first() if pcode else None


class LanguagesField(forms.CharField):
    """Language codes typed as "fr, bm" (or separated by ";" or the Arabic comma "،"); the model checks each."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [code.strip() for code in text.replace(";", ",").replace("\u060c", ",").split(",") if code.strip()]


def _indented(area: Area) -> str:
    return "\u2003" * max(area.admin_level - 1, 0) + area.display_name()


#: How each publishable mechanism field is named in its publishing choice.
MECHANISM_PUBLISHED_LABELS: dict[str, Promise] = {
    "contact": _("How to reach it (number, address or place)"),
    "days_hours": _("Days and hours"),
    "languages": _("Languages"),
    "cost": _("Cost to the caller"),
}


class MechanismForm(forms.ModelForm):
    """A complaint and feedback mechanism; the organisation is one the user keeps (``mechanism_organisations_for``).

    The view hands the cleaned data to ``mechanism_create`` / ``mechanism_update``, whose errors come back
    beside their fields.
    """

    languages = LanguagesField(
        label=_("Languages"), required=False, help_text=_("Language codes separated by commas, e.g. fr, bm.")
    )
    # The public directory's choices (issue 14 item 6).
    is_listed = forms.BooleanField(
        label=_("List this mechanism in the public directory"),
        required=False,
        help_text=_("Its name, type, organisation, areas and accessibility are then public."),
    )
    published_fields = forms.MultipleChoiceField(
        label=_("Also public in the directory"),
        choices=[(name, MECHANISM_PUBLISHED_LABELS[name]) for name in MECHANISM_PUBLISHABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only when the mechanism is listed. Nothing else about it is ever published."),
    )

    class Meta:
        model = FeedbackMechanism
        fields = MECHANISM_FIELDS + MECHANISM_LISTING_FIELDS

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        areas = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
        areas.queryset = Area.objects.filter(admin_level__in=(1, 2)).order_by("pcode")
        # Regions, each followed by its districts, indented.
        areas.label_from_instance = _indented  # type: ignore[method-assign,assignment]
        areas.widget.attrs["size"] = 10
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    def _post_clean(self) -> None:
        # The services validate (and name the constraint's error): the model is not checked here a second time.
        pass

    def clean_published_fields(self) -> list[str]:
        chosen = set(self.cleaned_data.get("published_fields") or [])
        return [name for name in MECHANISM_PUBLISHABLE_FIELDS if name in chosen]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class MechanismFilterForm(forms.Form):
    """The coordinator's filters of the list (GET); invalid values are ignored."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *MechanismStatus.choices], required=False)
    overdue = forms.BooleanField(label=_("Not verified in the last 6 months"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            "organisation": self.cleaned_data.get("organisation"),
            "status": self.cleaned_data.get("status") or "",
            "overdue": bool(self.cleaned_data.get("overdue")),
        }


# --- the registry of services (service providers and the coordinator) --------------------------------------------

#: The fields of the service form, in the order it shows them (all of ``services.SERVICE_FIELDS``).
SERVICE_FORM_FIELDS = (
    "provider",
    "type",
    "name",
    "is_active",
    "areas",
    "sex_served",
    "min_age",
    "max_age",
    "contact_phone",
    "contact_email",
    "address",
    "hours",
    "languages",
    "notes",
    "capacity",
    "cost",
    "referral_contact",
    "post_rape_care_72h",
    "accessible_disability",
    "women_child_friendly",
    "confidential_space",
    "is_listed",
    "published_fields",
)

SERVICE_PUBLISHABLE_LABELS: dict[str, Promise] = {
    "contact_phone": _("Phone"),
    "contact_email": _("E-mail address"),
    "address": _("Address (never published for a shelter or safe house)"),
    "hours": _("Opening hours"),
    "languages": _("Languages spoken"),
    "notes": _("Notes"),
}


class ServiceForm(forms.ModelForm):
    """A service in the registry; the provider is one the user keeps (``service_access.service_organisations_for``).

    The view hands the cleaned data to ``service_create_for`` / ``service_update_for``, whose errors come back
    beside their fields.
    """

    languages = LanguagesField(
        label=_("Languages spoken"), required=False, help_text=_("Language codes separated by commas, e.g. fr, bm.")
    )
    published_fields = forms.MultipleChoiceField(
        label=_("Published in the public directory"),
        choices=[(name, SERVICE_PUBLISHABLE_LABELS[name]) for name in SERVICE_PUBLISHABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Besides its name, type, areas and who it serves. A shelter's or safe house's address is never "
            "published, whatever is chosen here. The capacity, cost and referral contact are never published."
        ),
    )

    class Meta:
        model = Service
        fields = SERVICE_FORM_FIELDS

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["provider"]).queryset = organisations
        areas = cast(forms.ModelMultipleChoiceField, self.fields["areas"])
        # The country (a national service), then regions each followed by its districts, indented.
        country_first = Case(When(admin_level=0, then=Value(0)), default=Value(1), output_field=IntegerField())
        areas.queryset = Area.objects.filter(admin_level__in=(0, 1, 2)).order_by(country_first, "pcode")
        areas.label_from_instance = _indented  # type: ignore[method-assign,assignment]
        areas.widget.attrs["size"] = 10
        if organisations.count() == 1:
            self.fields["provider"].initial = organisations.first()

    def _post_clean(self) -> None:
        # The services validate (and name the constraint's error): the model is not checked here a second time.
        pass

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ServiceFilterForm(forms.Form):
    """The list's filters (GET); the organisation only for the coordinator. Invalid values are ignored."""

    type = forms.ChoiceField(label=_("Type of help"), choices=[("", _("All")), *ServiceType.choices], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    overdue = forms.BooleanField(label=_("Not verified in the last 6 months"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            "service_type": self.cleaned_data.get("type") or "",
            "organisation": self.cleaned_data.get("organisation"),
            "overdue": bool(self.cleaned_data.get("overdue")),
        }


#: How each publishable focal point field is named in the focal point's own listing choice.
FOCAL_POINT_PUBLISHED_LABELS: dict[str, Promise] = {
    "name": _("My name"),
    "title": _("My job title"),
    "email": _("My e-mail address"),
    "phone": _("My phone number"),
    "languages": _("The languages I speak"),
}


class ListingForm(forms.Form):
    """A focal point's choice to be listed in the public directory, and which of their fields are public."""

    is_listed = forms.BooleanField(label=_("Yes, list me in the public directory"), required=False)
    published_fields = forms.MultipleChoiceField(
        label=_("What the directory shows about me"),
        choices=[(name, FOCAL_POINT_PUBLISHED_LABELS[name]) for name in FOCAL_POINT_PUBLISHABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Your organisation is always shown. Nothing you leave unticked is published."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("is_listed") and not cleaned.get("published_fields"):
            self.add_error("published_fields", _("Tick at least one thing to show, or do not list yourself."))
        return cleaned
