"""The report forms: the public one at /report and the operator's, which adds channel and consent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role
from pseahub.cases.forms import TermChoiceField
from pseahub.cases.models import (
    Channel,
    ChildAssent,
    ComplainantType,
    ConsentDecision,
    ConsentGiver,
    ConsentManner,
    ConsentPurpose,
    ContactMethod,
    EntityType,
    PerpetratorRole,
    ReportedBeforeTo,
    Sex,
    TimeOfDay,
    Vocabulary,
    YesNoUnknown,
)
from pseahub.cases.services import (
    ComplaintInput,
    ConsentInput,
    PerpetratorInput,
    SurvivorInput,
    nationality_clean,
)
from pseahub.core.exceptions import ApplicationError
from pseahub.core.refdata import ReferenceChoiceField
from pseahub.network.models import Area, Organisation
from pseahub.network.selectors import organisations_active, regions

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise
else:
    from django.utils.functional import Promise as StrPromise


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


# The SOP's consent questions in plain words, addressed to the person harmed: the public form asks them, and the
# operator reads the same words out (so one translation serves both). (question, short explanation) per purpose.
CONSENT_QUESTIONS: dict[str, tuple[StrPromise, StrPromise]] = {
    ConsentPurpose.SERVICES: (
        _("Do you want us to put you in touch with services that can help you?"),
        _("For example health care, someone to talk to, legal advice or a safe place."),
    ),
    ConsentPurpose.SHARE_IDENTITY: (
        _("May we give your name and contact details to the organisation the person works for?"),
        _("If you say no, we tell them what happened without saying who you are."),
    ),
    ConsentPurpose.INVESTIGATION: (
        _("May the people who investigate contact you?"),
        _("Only in the way of contact you chose."),
    ),
    ConsentPurpose.STATISTICS: (
        _("May we count your report in statistics?"),
        _("Statistics show numbers only, never names or details that could identify you."),
    ),
}

# Unanswered is the default and records nothing: the purpose stays "not asked".
PUBLIC_CONSENT_CHOICES = [
    (ConsentDecision.GIVEN, _("Yes")),
    (ConsentDecision.REFUSED, _("No")),
    ("", _("I'd rather not answer")),
]


def _public_consent_field(purpose: str) -> forms.ChoiceField:
    question, explanation = CONSENT_QUESTIONS[purpose]
    return forms.ChoiceField(
        label=question,
        help_text=explanation,
        choices=PUBLIC_CONSENT_CHOICES,
        initial="",
        required=False,
        widget=forms.RadioSelect,
    )


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
    incident_date_unknown = forms.BooleanField(label=_("I don't know the date"), required=False)
    incident_time_of_day = forms.ChoiceField(
        label=_("At what time of day?"),
        choices=[("", _("I don't know")), *[c for c in TimeOfDay.choices if c[0] != TimeOfDay.UNKNOWN]],
        required=False,
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
    survivor_displacement = TermChoiceField(
        Vocabulary.DISPLACEMENT, label=_("Does the person harmed live here, or were they displaced?")
    )
    # Immediate needs: any of the first two marks the complaint urgent (the services do), and so does shelter here.
    needs_medical = forms.BooleanField(label=_("I need medical care now"), required=False)
    needs_safety = forms.BooleanField(label=_("I am not safe"), required=False)
    needs_shelter = forms.BooleanField(label=_("I need a safe place to stay"), required=False)
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
    # The consent questions: recorded only when the reporter says it happened to them (see ``consents``).
    consent_services = _public_consent_field(ConsentPurpose.SERVICES)
    consent_share_identity = _public_consent_field(ConsentPurpose.SHARE_IDENTITY)
    consent_investigation = _public_consent_field(ConsentPurpose.INVESTIGATION)
    consent_statistics = _public_consent_field(ConsentPurpose.STATISTICS)
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
        if data.get("incident_date_unknown"):
            data["incident_date"] = None  # "I don't know" wins over a date typed before ticking it
        method = data.get("contact_method")
        needs_contact = method not in (None, "", ContactMethod.NONE, ContactMethod.IN_PERSON)
        if needs_contact and not (data.get("reporter_contact") or "").strip():
            self.add_error("reporter_contact", _("Give a phone number or e-mail address so we can contact you."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    @property
    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{purpose}"] for purpose in ConsentPurpose.values]

    def consents(self, *, channel: str) -> list[ConsentInput]:
        """The reporter's answers as the survivor's consents, given by their own hand on ``channel``.

        Consent is the survivor's: answers count only from a reporter who says it happened to them. A witness's
        or a third party's answers (or those of a reporter who prefers not to say who they are) are not recorded
        as the survivor's decision; those purposes stay "not asked" until the survivor is asked.
        """
        data = self.cleaned_data
        if data.get("complainant_type") != ComplainantType.SURVIVOR:
            return []
        return [
            ConsentInput(
                purpose=purpose,
                decision=data[f"consent_{purpose}"],
                given_by=ConsentGiver.SURVIVOR,
                channel=channel,
                manner=ConsentManner.OWN_HAND,
            )
            for purpose in ConsentPurpose.values
            if data.get(f"consent_{purpose}")
        ]

    def to_input(self, *, channel: str, language: str) -> ComplaintInput:
        data = self.cleaned_data
        return ComplaintInput(
            channel=channel,
            language=language,
            narrative=data["narrative"],
            incident_date=data.get("incident_date"),
            incident_date_unknown=bool(data.get("incident_date_unknown")),
            incident_time_of_day=data.get("incident_time_of_day") or "",
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
            survivor_displacement=data.get("survivor_displacement"),
            needs_medical=bool(data.get("needs_medical")),
            needs_safety=bool(data.get("needs_safety")),
            needs_shelter=bool(data.get("needs_shelter")),
            is_urgent=any(data.get(need) for need in ("needs_medical", "needs_safety", "needs_shelter")),
            complainant_type=data.get("complainant_type") or ComplainantType.ANONYMOUS,
            contact_method=data.get("contact_method") or ContactMethod.NONE,
            reporter_name=data.get("reporter_name", ""),
            reporter_contact=data.get("reporter_contact", ""),
            consents=self.consents(channel=channel),
        )


# --- Several survivors and alleged perpetrators, without JavaScript -------------------------------------------
# The form's own survivor and perpetrator fields (the public form's) are the first of each; the operator's and the
# focal point's forms add fixed blocks for the second and third (prefixed sub-forms), each ignored when blank.
EXTRA_BLOCKS = (2, 3)
ENTITY_TYPE_CHOICES = [("", _("From the organisation")), *EntityType.choices]


def _nationality(value: str, category: Any) -> str:
    """The three-letter code, or a ValidationError beside the field (the services' rule, said in the form)."""
    try:
        return nationality_clean(value, personnel_category=category)
    except ApplicationError as exc:
        raise forms.ValidationError(exc.message) from exc


class SurvivorBlockForm(forms.Form):
    """Another person harmed (Survivor 2, 3): the same questions as the first."""

    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    age_group = TermChoiceField(Vocabulary.AGE_GROUP, label=_("Age group"))
    is_child = forms.BooleanField(label=_("A child (under 18)"), required=False)
    disability = forms.ChoiceField(
        label=_("Disability"), choices=YesNoUnknown.choices, initial=YesNoUnknown.UNKNOWN, required=False
    )
    displacement = TermChoiceField(Vocabulary.DISPLACEMENT, label=_("Displacement status"))

    def to_input(self) -> SurvivorInput | None:
        """The survivor told, or None for a block left as it was."""
        data = self.cleaned_data
        item = SurvivorInput(
            sex=data.get("sex") or Sex.UNKNOWN,
            age_group=data.get("age_group"),
            is_child=bool(data.get("is_child")),
            disability=data.get("disability") or YesNoUnknown.UNKNOWN,
            displacement=data.get("displacement"),
        )
        return None if item == SurvivorInput() else item


class PerpetratorBlockForm(forms.Form):
    """Another alleged perpetrator (2, 3); name and description are sealed."""

    organisation = ReferenceChoiceField(
        label=_("Concerned organisation"), rows=organisations_active, empty_label=_("I don't know")
    )
    entity_type = forms.ChoiceField(label=_("Entity type"), choices=ENTITY_TYPE_CHOICES, required=False)
    personnel_category = TermChoiceField(Vocabulary.PERSONNEL_CATEGORY, label=_("Personnel category"))
    role = forms.ChoiceField(
        label=_("Role"), choices=PerpetratorRole.choices, initial=PerpetratorRole.UNKNOWN, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    nationality = forms.CharField(
        label=_("Nationality (uniformed personnel only)"),
        help_text=_("Three-letter country code, e.g. SEN."),
        max_length=3,
        required=False,
    )
    name = forms.CharField(label=_("Name, if known"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the person looks like, uniform, vehicle."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "nationality" in data:
            try:
                data["nationality"] = _nationality(data["nationality"], data.get("personnel_category"))
            except forms.ValidationError as exc:
                self.add_error("nationality", exc)
        return data

    def to_input(self) -> PerpetratorInput | None:
        data = self.cleaned_data
        item = PerpetratorInput(
            organisation=data.get("organisation"),
            entity_type=data.get("entity_type") or "",
            personnel_category=data.get("personnel_category"),
            role=data.get("role") or PerpetratorRole.UNKNOWN,
            sex=data.get("sex") or Sex.UNKNOWN,
            nationality=data.get("nationality") or "",
            name=data.get("name", ""),
            description=data.get("description", ""),
        )
        return None if item.is_blank else item


@dataclass(frozen=True)
class Block:
    """One numbered block of the form as the template shows it (fieldset and legend)."""

    number: int
    form: forms.Form

    @property
    def open(self) -> bool:
        """Shown unfolded when the operator filled it in or it holds an error."""
        return self.form.is_bound and bool(self.form.errors or self.form.has_changed())


CONSENT_CHOICES = [("", _("Not asked")), *list(ConsentDecision.choices[:2])]

OPERATOR_CHANNELS = [
    (Channel.HOTLINE, Channel.HOTLINE.label),
    (Channel.WALK_IN, Channel.WALK_IN.label),
    (Channel.FOCAL_POINT, Channel.FOCAL_POINT.label),
    (Channel.OTHER, Channel.OTHER.label),
]

# How a decision heard by an operator or a focal point was expressed (a reporter's own hand is the web form's).
OPERATOR_MANNERS = [
    (ConsentManner.VERBAL, ConsentManner.VERBAL.label),
    (ConsentManner.WRITTEN, ConsentManner.WRITTEN.label),
]
CHILD_ASSENT_CHOICES = [("", "—"), *ChildAssent.choices]
# Someone other than the person harmed: their answers are not the survivor's consent.
NOT_THE_SURVIVOR = (ComplainantType.WITNESS, ComplainantType.THIRD_PARTY)


@dataclass(frozen=True)
class ConsentScript:
    """One consent question as the operator reads it out, with the field recording the answer."""

    field: forms.BoundField
    question: str
    explanation: str


def _now_to_the_minute() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


def _operator_consent_field(purpose: ConsentPurpose) -> forms.ChoiceField:
    return forms.ChoiceField(label=purpose.label, choices=CONSENT_CHOICES, required=False)


class OperatorReportForm(ReportForm):
    """The hotline, walk-in or focal-point form: the operator also records the channel, language and consents,
    asked from a script read out to the caller."""

    channel = forms.ChoiceField(label=_("Channel"), choices=OPERATOR_CHANNELS, initial=Channel.HOTLINE)
    language = forms.ChoiceField(label=_("Language of the caller"), choices=settings.LANGUAGES)
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"), choices=ConsentGiver.choices, initial=ConsentGiver.SURVIVOR
    )
    consent_child_assent = forms.ChoiceField(
        label=_("The child's own view"),
        help_text=_("Only when a parent, a caregiver or a best-interests determination decides for a child."),
        choices=CHILD_ASSENT_CHOICES,
        required=False,
    )
    consent_manner = forms.ChoiceField(
        label=_("How was the consent given?"),
        help_text=_("On the hotline it is always verbal."),
        choices=OPERATOR_MANNERS,
        initial=ConsentManner.VERBAL,
        required=False,  # checked by default; a form sent without it records verbal
        widget=forms.RadioSelect,
    )
    consent_services = _operator_consent_field(ConsentPurpose.SERVICES)
    consent_share_identity = _operator_consent_field(ConsentPurpose.SHARE_IDENTITY)
    consent_investigation = _operator_consent_field(ConsentPurpose.INVESTIGATION)
    consent_statistics = _operator_consent_field(ConsentPurpose.STATISTICS)
    # Intake facts (domain.md §2)
    first_reported_at = forms.DateTimeField(
        label=_("Date and time first reported"),
        help_text=_("Now, or earlier if the complaint was received before you enter it. Never in the future."),
        initial=_now_to_the_minute,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    received_by_organisation = ReferenceChoiceField(
        label=_("Organisation that received it"),
        rows=organisations_active,
        empty_label=_("None: the network's own channel"),
    )
    received_by_person = forms.CharField(
        label=_("Person who received it"),
        help_text=_("Kept locked: only the coordinators can read it."),
        max_length=150,
        required=False,
    )
    reported_before = forms.ChoiceField(
        label=_("Was it reported to anyone before?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        widget=forms.RadioSelect,
        required=False,  # checked by default; a form sent without it records "don't know"
    )
    reported_before_to = forms.ChoiceField(
        label=_("To whom?"),
        help_text=_("Only if it was reported before."),
        choices=[("", "—"), *ReportedBeforeTo.choices],
        required=False,
    )
    goods_exchanged = forms.ChoiceField(
        label=_("Were goods, money or services exchanged or promised?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        widget=forms.RadioSelect,
        required=False,  # checked by default; a form sent without it records "don't know"
    )
    is_urgent = forms.BooleanField(
        label=_("Urgent: the person is at risk now"),
        help_text=_("Medical care or safety needs mark it urgent too."),
        required=False,
    )
    # The first alleged perpetrator, beside the public form's organisation, category and description.
    perpetrator_entity_type = forms.ChoiceField(label=_("Entity type"), choices=ENTITY_TYPE_CHOICES, required=False)
    perpetrator_role = forms.ChoiceField(
        label=_("Role"), choices=PerpetratorRole.choices, initial=PerpetratorRole.UNKNOWN, required=False
    )
    perpetrator_sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    perpetrator_nationality = forms.CharField(
        label=_("Nationality (uniformed personnel only)"),
        help_text=_("Three-letter country code, e.g. SEN."),
        max_length=3,
        required=False,
    )
    perpetrator_name = forms.CharField(label=_("Name, if known"), max_length=150, required=False)

    field_order = ["channel", "language"]
    channel_fixed = ""  # a form for one channel (the focal point's) sets it and drops the choice

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
        # Worded for the person taking the report, not the reporter.
        self.fields["incident_date_unknown"].label = _("Date unknown")
        self.fields["incident_time_of_day"].label = _("Time of day")
        self.fields["survivor_displacement"].label = _("Displacement status")
        self.fields["needs_medical"].label = _("Needs medical care (within 72 hours of the incident)")
        self.fields["needs_safety"].label = _("Not safe: needs protection")
        self.fields["needs_shelter"].label = _("Needs shelter")
        self.fields["perpetrator_category"].label = _("Personnel category")
        self.fields["perpetrator_description"].label = _("Description")
        self.fields["perpetrator_description"].help_text = _("What the person looks like, uniform, vehicle.")
        data = self.data if self.is_bound else None
        self.survivor_blocks = [
            Block(number, SurvivorBlockForm(data, prefix=f"survivor{number}")) for number in EXTRA_BLOCKS
        ]
        self.perpetrator_blocks = [
            Block(number, PerpetratorBlockForm(data, prefix=f"perpetrator{number}")) for number in EXTRA_BLOCKS
        ]

    @property
    def blocks(self) -> list[Block]:
        return [*self.survivor_blocks, *self.perpetrator_blocks]

    @property
    def block_errors(self) -> bool:
        return self.is_bound and any(block.form.errors for block in self.blocks)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        blocks_valid = [block.form.is_valid() for block in self.blocks]  # each one, so each shows its errors
        return valid and all(blocks_valid)

    def clean_first_reported_at(self) -> Any:
        value = self.cleaned_data.get("first_reported_at")
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("The date first reported cannot be in the future."))
        return value

    @property
    def is_bot(self) -> bool:
        return False

    @property
    def consent_script(self) -> list[ConsentScript]:
        """The questions to read out, in the operator's language, each beside the field for the answer."""
        return [
            ConsentScript(field=self[f"consent_{purpose}"], question=str(question), explanation=str(explanation))
            for purpose, (question, explanation) in CONSENT_QUESTIONS.items()
        ]

    @staticmethod
    def consent_script_languages() -> list[dict[str, Any]]:
        """The same questions in every language of the platform but the operator's, to read to a caller who
        speaks another one."""
        current = translation.get_language() or settings.LANGUAGE_CODE
        scripts = []
        for code, _name in settings.LANGUAGES:
            if code == current.split("-")[0]:
                continue
            info = translation.get_language_info(code)
            with translation.override(code):
                questions = [str(question) for question, _explanation in CONSENT_QUESTIONS.values()]
            scripts.append({"code": code, "name": info["name_local"], "bidi": info["bidi"], "questions": questions})
        return scripts

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given_by = data.get("consent_given_by")
        answered = any(data.get(f"consent_{purpose}") for purpose in ConsentPurpose.values)
        child = bool(
            data.get("involves_child")
            or (data.get("survivor_age_group") and data["survivor_age_group"].group == "CHILD")
            or any(self._block_child(block.form) for block in self.survivor_blocks)
        )
        if data.get("reported_before_to") and data.get("reported_before") != YesNoUnknown.YES:
            self.add_error("reported_before_to", _('Choose to whom only when it was reported before ("Yes").'))
        if "perpetrator_nationality" in data:
            try:
                data["perpetrator_nationality"] = _nationality(
                    data["perpetrator_nationality"], data.get("perpetrator_category")
                )
            except forms.ValidationError as exc:
                self.add_error("perpetrator_nationality", exc)
        if given_by == ConsentGiver.BEST_INTERESTS and not child:
            self.add_error("consent_given_by", _("A best-interests determination is only for a child survivor."))
        if given_by == ConsentGiver.SURVIVOR and data.get("consent_child_assent"):
            self.add_error(
                "consent_child_assent",
                _("A child's assent is recorded only beside a caregiver's or best-interests decision."),
            )
        if not answered:
            return data
        if given_by == ConsentGiver.SURVIVOR and data.get("complainant_type") in NOT_THE_SURVIVOR:
            self.add_error(
                "consent_given_by",
                _(
                    "The caller is not the person harmed: record consent only from the survivor, or from a parent "
                    'or caregiver for a child. Otherwise leave each purpose "Not asked".'
                ),
            )
        if given_by in (ConsentGiver.CAREGIVER, ConsentGiver.BEST_INTERESTS) and not data.get("consent_child_assent"):
            self.add_error("consent_child_assent", _("Say whether the child agreed, or that they were not asked."))
        if data.get("channel") == Channel.HOTLINE and data.get("consent_manner") == ConsentManner.WRITTEN:
            self.add_error("consent_manner", _("On the hotline, consent can only be verbal."))
        return data

    @staticmethod
    def _block_child(block: forms.Form) -> bool:
        if not block.is_valid():
            return False
        age_group = block.cleaned_data.get("age_group")
        return bool(block.cleaned_data.get("is_child") or (age_group and age_group.group == "CHILD"))

    def received_by(self) -> Organisation | None:
        """The organisation that received the complaint, as chosen on the form."""
        return cast("Organisation | None", self.cleaned_data.get("received_by_organisation"))

    def to_input(self, *, channel: str = "", language: str = "") -> ComplaintInput:
        data = self.cleaned_data
        channel = self.channel_fixed or data["channel"]
        result = super().to_input(channel=channel, language=data["language"])
        result.first_reported_at = data.get("first_reported_at")
        result.received_by_organisation = self.received_by()
        result.received_by_person = data.get("received_by_person", "")
        result.reported_before = data.get("reported_before") or YesNoUnknown.UNKNOWN
        result.reported_before_to = data.get("reported_before_to") or ""
        result.goods_exchanged = data.get("goods_exchanged") or YesNoUnknown.UNKNOWN
        result.is_urgent = bool(data.get("is_urgent"))  # medical care or safety needs add to it (the services)
        first_survivor = SurvivorInput(
            sex=result.survivor_sex,
            age_group=result.survivor_age_group,
            is_child=result.involves_child,
            disability=result.disability,
            displacement=result.survivor_displacement,
        )
        others = [block.form.to_input() for block in self.survivor_blocks]  # type: ignore[attr-defined]
        result.survivors = [first_survivor, *[item for item in others if item is not None]]
        first_perpetrator = PerpetratorInput(
            organisation=result.reported_organisation,
            entity_type=data.get("perpetrator_entity_type") or "",
            personnel_category=result.perpetrator_category,
            role=data.get("perpetrator_role") or PerpetratorRole.UNKNOWN,
            sex=data.get("perpetrator_sex") or Sex.UNKNOWN,
            nationality=data.get("perpetrator_nationality") or "",
            name=data.get("perpetrator_name", ""),
            description=result.perpetrator_description,
        )
        perpetrators = [block.form.to_input() for block in self.perpetrator_blocks]  # type: ignore[attr-defined]
        result.perpetrators = [p for p in [first_perpetrator, *perpetrators] if p is not None and not p.is_blank]
        given_by = data["consent_given_by"]
        result.consents = [
            ConsentInput(
                purpose=purpose,
                decision=data[f"consent_{purpose}"],
                given_by=given_by,
                channel=channel,
                manner=data.get("consent_manner") or ConsentManner.VERBAL,
                child_assent=data.get("consent_child_assent", "") if given_by != ConsentGiver.SURVIVOR else "",
            )
            for purpose in ConsentPurpose.values
            if data.get(f"consent_{purpose}")
        ]
        return result


def focal_point_organisations(user: Any) -> list[Organisation]:
    """The active organisations ``user`` acts for as a focal point: those whose complaints they may file."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.FOCAL_POINT):
        return []
    ids = user.organisation_ids(Role.FOCAL_POINT)
    return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name")) if ids else []


class FocalPointReportForm(OperatorReportForm):
    """A complaint one of the focal point's own organisation's channels received: the operator's form, for the
    focal-point channel, received by that organisation (not chosen when they act for one; among theirs else)."""

    channel_fixed = Channel.FOCAL_POINT

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["channel"]
        self.organisations = organisations
        if len(organisations) == 1:
            del self.fields["received_by_organisation"]
        else:
            field = cast(ReferenceChoiceField[Organisation], self.fields["received_by_organisation"])
            field.rows = lambda: organisations
            field.required = True
        self.fields["complainant_type"].label = _("Who reported it?")
        self.fields["contact_method"].label = _("May we contact the person who reported it?")
        self.fields["reporter_name"].label = _("Name of the person who reported it")
        self.fields["reporter_name"].help_text = _("Optional. They can stay anonymous.")
        self.fields["reporter_contact"].label = _("Their phone number or e-mail address")
        self.fields["language"].label = _("Language of the person who reported it")
        self.fields["consent_manner"].help_text = _("Written when they signed a consent form, else verbal.")

    def received_by(self) -> Organisation | None:
        if len(self.organisations) == 1:
            return self.organisations[0]
        return super().received_by()


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
