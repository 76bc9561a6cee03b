"""The report forms: the public one at /report and the operator's, which adds channel and consent."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.cases.forms import TermChoiceField
from pseahub.cases.models import (
    Channel,
    ComplainantType,
    ConsentDecision,
    ConsentGiver,
    ConsentPurpose,
    ContactMethod,
    Sex,
    Vocabulary,
    YesNoUnknown,
)
from pseahub.cases.services import ComplaintInput, ConsentInput
from pseahub.core.refdata import ReferenceChoiceField
from pseahub.network.models import Area
from pseahub.network.selectors import organisations_active, regions


def area_label(area: Area) -> str:
    """The region as the area table spells it in the page's language (Ménaka; Arabic on Arabic pages)."""
    return area.display_name()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; content checks happen in ``intake.attachments``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


PUBLIC_COMPLAINANT_CHOICES = [
    (ComplainantType.SURVIVOR, _("It happened to me")),
    (ComplainantType.WITNESS, _("I saw it happen")),
    (ComplainantType.THIRD_PARTY, _("Someone told me about it")),
    (ComplainantType.ANONYMOUS, _("I prefer not to say")),
]


class ReportForm(forms.Form):
    """What a reporter tells us. Only "what happened" is required; everything else helps but is optional."""

    narrative = forms.CharField(
        label=_("What happened?"),
        help_text=_("Say what happened in your own words. Write as much or as little as you want."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("Leave empty if you are not sure."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    area = ReferenceChoiceField(
        label=_("Where did it happen? (region)"), rows=regions, label_of=area_label, empty_label=_("I don't know")
    )
    location_detail = forms.CharField(
        label=_("Place"), help_text=_("Town, camp, site or distribution point."), max_length=300, required=False
    )
    organisation = ReferenceChoiceField(
        label=_("Which organisation does the person work for?"),
        rows=organisations_active,
        empty_label=_("I don't know"),
    )
    organisation_text = forms.CharField(label=_("Organisation, if not in the list"), max_length=200, required=False)
    perpetrator_category = TermChoiceField(Vocabulary.PERSONNEL_CATEGORY, label=_("What is the person's role?"))
    perpetrator_description = forms.CharField(
        label=_("Who did it?"),
        help_text=_("Name if you know it, what the person looks like, uniform, vehicle."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    complainant_type = forms.ChoiceField(
        label=_("Who are you?"),
        choices=PUBLIC_COMPLAINANT_CHOICES,
        initial=ComplainantType.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    survivor_sex = forms.ChoiceField(
        label=_("The person harmed is"), choices=Sex.choices, initial=Sex.UNKNOWN, widget=forms.RadioSelect
    )
    survivor_age_group = TermChoiceField(Vocabulary.AGE_GROUP, label=_("Age of the person harmed"))
    involves_child = forms.BooleanField(label=_("A child (under 18) is involved"), required=False)
    disability = forms.ChoiceField(
        label=_("Does the person harmed have a disability?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        widget=forms.RadioSelect,
    )
    contact_method = forms.ChoiceField(
        label=_("May we contact you?"),
        choices=ContactMethod.choices,
        initial=ContactMethod.NONE,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(
        label=_("Your name"), help_text=_("Optional. You can stay anonymous."), max_length=150, required=False
    )
    reporter_contact = forms.CharField(
        label=_("Phone number or e-mail address"),
        help_text=_("Only if you want us to contact you."),
        max_length=200,
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Photos, documents or recordings"),
        help_text=_("Optional. Up to 5 files of 10 MB each."),
    )
    # Honeypot: hidden from people by CSS; automated submitters fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def clean_incident_date(self) -> Any:
        value = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        needs_contact = method not in (None, "", ContactMethod.NONE, ContactMethod.IN_PERSON)
        if needs_contact and not (data.get("reporter_contact") or "").strip():
            self.add_error("reporter_contact", _("Give a phone number or e-mail address so we can contact you."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def to_input(self, *, channel: str, language: str) -> ComplaintInput:
        data = self.cleaned_data
        return ComplaintInput(
            channel=channel,
            language=language,
            narrative=data["narrative"],
            incident_date=data.get("incident_date"),
            area=data.get("area"),
            location_detail=data.get("location_detail", ""),
            reported_organisation=data.get("organisation"),
            organisation_text=data.get("organisation_text", ""),
            perpetrator_category=data.get("perpetrator_category"),
            perpetrator_description=data.get("perpetrator_description", ""),
            survivor_sex=data.get("survivor_sex") or Sex.UNKNOWN,
            survivor_age_group=data.get("survivor_age_group"),
            involves_child=bool(data.get("involves_child")),
            disability=data.get("disability") or YesNoUnknown.UNKNOWN,
            complainant_type=data.get("complainant_type") or ComplainantType.ANONYMOUS,
            contact_method=data.get("contact_method") or ContactMethod.NONE,
            reporter_name=data.get("reporter_name", ""),
            reporter_contact=data.get("reporter_contact", ""),
        )


CONSENT_CHOICES = [("", _("Not asked")), *list(ConsentDecision.choices[:2])]

OPERATOR_CHANNELS = [
    (Channel.HOTLINE, Channel.HOTLINE.label),
    (Channel.WALK_IN, Channel.WALK_IN.label),
    (Channel.FOCAL_POINT, Channel.FOCAL_POINT.label),
    (Channel.OTHER, Channel.OTHER.label),
]


class OperatorReportForm(ReportForm):
    """The hotline or walk-in form: the operator also records the channel, language and consents."""

    channel = forms.ChoiceField(label=_("Channel"), choices=OPERATOR_CHANNELS, initial=Channel.HOTLINE)
    language = forms.ChoiceField(label=_("Language of the caller"), choices=settings.LANGUAGES)
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"), choices=ConsentGiver.choices, initial=ConsentGiver.SURVIVOR
    )
    consent_services = forms.ChoiceField(label=ConsentPurpose.SERVICES.label, choices=CONSENT_CHOICES, required=False)
    consent_share_identity = forms.ChoiceField(
        label=ConsentPurpose.SHARE_IDENTITY.label, choices=CONSENT_CHOICES, required=False
    )
    consent_investigation = forms.ChoiceField(
        label=ConsentPurpose.INVESTIGATION.label, choices=CONSENT_CHOICES, required=False
    )
    consent_statistics = forms.ChoiceField(
        label=ConsentPurpose.STATISTICS.label, choices=CONSENT_CHOICES, required=False
    )

    field_order = ["channel", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        cast(forms.ChoiceField, self.fields["complainant_type"]).choices = ComplainantType.choices
        # The operator records what the caller says: the public form's questions are addressed to the caller.
        self.fields["complainant_type"].label = _("Who is calling?")
        self.fields["contact_method"].label = _("May we contact the caller?")
        self.fields["reporter_name"].label = _("Caller's name")
        self.fields["reporter_name"].help_text = _("Optional. The caller can stay anonymous.")
        self.fields["reporter_contact"].label = _("Caller's phone number or e-mail address")
        self.fields["attachments"].help_text = _("Optional. Documents the person handed over.")

    @property
    def is_bot(self) -> bool:
        return False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("consent_given_by") == ConsentGiver.BEST_INTERESTS and not (
            data.get("involves_child")
            or (data.get("survivor_age_group") and data["survivor_age_group"].group == "CHILD")
        ):
            self.add_error("consent_given_by", _("A best-interests determination is only for a child survivor."))
        return data

    def to_input(self, *, channel: str = "", language: str = "") -> ComplaintInput:
        data = self.cleaned_data
        result = super().to_input(channel=data["channel"], language=data["language"])
        result.consents = [
            ConsentInput(purpose=purpose, decision=data[f"consent_{purpose}"], given_by=data["consent_given_by"])
            for purpose in ConsentPurpose.values
            if data.get(f"consent_{purpose}")
        ]
        return result


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("The 16 digits you got when you reported."),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReporterAddForm(forms.Form):
    body = forms.CharField(
        label=_("Add information or answer"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Add files"), help_text=_("Optional. Up to 5 files of 10 MB each."))
