"""The mapping of the network: today the registry of assistance services, with the areas they cover.

Everything here is clear text on purpose: it is a public directory. Later this app also maps the members'
complaint channels (CFMs) with their coverage, and the gaps between what is needed and what is covered.

Coverage nests: a service that covers an area covers every area below it (OCHA p-codes nest by prefix, so
ML05 covers ML0501). ``selectors.service_list`` applies that rule in the database.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Area, Organisation

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

#: Names for the language codes a service is likely to list (ISO 639-1, or 639-2/3 when there is no 639-1).
#: Any other well-formed code is accepted and shown as the code itself.
LANGUAGE_NAMES: dict[str, Promise] = {
    "ar": _("Arabic"),
    "bm": _("Bambara"),
    "en": _("English"),
    "ff": _("Fulfulde"),
    "fr": _("French"),
    "ku": _("Kurdish"),
    "snk": _("Soninke"),
    "son": _("Songhai"),
    "tmh": _("Tamasheq"),
}


def _subset(value: object, allowed: tuple[str, ...]) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) and name in allowed for name in value)


class ServiceType(models.TextChoices):
    """The kinds of assistance a survivor can be referred to (the order is the directory's order)."""

    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal aid")
    SAFETY_SHELTER = "safety_shelter", _("Safety / shelter")
    MATERIAL_LIVELIHOOD = "material_livelihood", _("Material / livelihood")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    OTHER = "other", _("Other")


class ServiceCost(models.TextChoices):
    FREE = "free", _("Free")
    SUBSIDISED = "subsidised", _("Partly paid or subsidised")
    PAID = "paid", _("Paid by the person")


#: The service fields the public directory may show, each only when the service chose to publish it.
SERVICE_PUBLISHABLE_FIELDS = ("contact_phone", "contact_email", "address", "hours", "languages", "notes")


def _all_service_fields() -> list[str]:
    return list(SERVICE_PUBLISHABLE_FIELDS)


#: The mechanism fields the public directory may show, each only when the mechanism's organisation chose so.
MECHANISM_PUBLISHABLE_FIELDS = ("contact", "days_hours", "languages", "cost")


class SexServed(models.TextChoices):
    ALL = "all", _("Everyone")
    FEMALE = "female", _("Women and girls only")
    MALE = "male", _("Men and boys only")


class Service(BaseModel):
    """A mapped provider of assistance: what it offers, where, to whom, and how to reach it.

    Services are deactivated, never deleted: assistance referrals point to them.
    """

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type of assistance"), max_length=32, choices=ServiceType.choices)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider organisation")
    )
    areas = models.ManyToManyField(
        Area,
        related_name="services",
        verbose_name=_("areas covered"),
        help_text=_("Covering an area covers every area inside it; choose the country for a national service."),
    )
    sex_served = models.CharField(_("who is served"), max_length=8, choices=SexServed.choices, default=SexServed.ALL)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("Empty: no lower limit.")
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, help_text=_("Empty: no upper limit. 17 for children only.")
    )
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    hours = models.CharField(
        _("opening hours"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Mon–Fri 8:00–16:00"),  # noqa: RUF001 (en dash for ranges)
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_('Language codes, e.g. ["fr", "bm"].')
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Shown in the public directory: how to access the service, what to bring.")
    )
    # What the coordinator maps besides (issue 14 item 2); clear text, not published unless said below.
    capacity = models.CharField(
        _("capacity"), max_length=120, blank=True, help_text=_("e.g. 20 new survivors a month; 6 beds.")
    )
    cost = models.CharField(_("cost"), max_length=16, choices=ServiceCost.choices, default=ServiceCost.FREE)
    referral_contact = models.CharField(
        _("referral contact"),
        max_length=200,
        blank=True,
        help_text=_("Who takes referrals and how (for the network's focal points; never published)."),
    )
    post_rape_care_72h = models.BooleanField(
        _("clinical care after rape within 72 hours"),
        default=False,
        help_text=_("Post-exposure prophylaxis and emergency contraception (health services)."),
    )
    accessible_disability = models.BooleanField(_("accessible to people with disabilities"), default=False)
    women_child_friendly = models.BooleanField(_("women- and child-friendly"), default=False)
    confidential_space = models.BooleanField(_("confidential space"), default=False)
    # Verification: set only by the verify service (the provider for its own services, or the coordinator).
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    changed_since_verified = models.BooleanField(_("changed since verified"), default=False, editable=False)
    verification_reminded_at = models.DateTimeField(
        _("verification reminder sent"), null=True, blank=True, editable=False
    )
    # Publishing (issue 14 item 6): listed at all, and which of SERVICE_PUBLISHABLE_FIELDS.
    is_listed = models.BooleanField(
        _("listed in the public directory"),
        default=True,
        help_text=_("Its name, type, areas and who it serves are shown; the other fields only as chosen below."),
    )
    published_fields = models.JSONField(_("published fields"), default=_all_service_fields, blank=True)

    class Meta:
        ordering = ["type", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="mapping_unique_service_name_per_provider"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="mapping_service_min_age_lte_max_age",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and _LANGUAGE_CODE.fullmatch(code) for code in self.languages
        ):
            errors["languages"] = _('A list of language codes, e.g. ["fr", "bm"].')
        if not _subset(self.published_fields, SERVICE_PUBLISHABLE_FIELDS):
            errors["published_fields"] = _("Only contact, address, hours, languages and notes can be published.")
        if errors:
            raise ValidationError(errors)

    @property
    def public_address(self) -> str:
        """The address the public directory may show: never a shelter's or safe house's, whose location must stay
        known only to those who refer survivors there (issue 14, "Publishing")."""
        return "" if self.type == ServiceType.SAFETY_SHELTER else self.address

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages or []]

    @property
    def ages_served(self) -> str:
        """Who is eligible by age, in words (for the directory)."""
        low = self.min_age or None  # 0 is no lower limit
        high = self.max_age
        if low is None and high is None:
            return str(_("All ages"))
        if low is None:
            return str(_("Up to %(max)d years") % {"max": high})
        if high is None:
            return str(_("%(min)d years and over") % {"min": low})
        return str(_("%(min)d to %(max)d years") % {"min": low, "max": high})


class MechanismType(models.TextChoices):
    """The kinds of complaint and feedback mechanism (CFM) a member runs."""

    HOTLINE = "hotline", _("Hotline")
    HELP_DESK = "help_desk", _("Help desk")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    COMMUNITY = "community", _("Community volunteers or committees")
    WEB_FORM = "web_form", _("Web form")
    WALK_IN = "walk_in", _("Walk-in at a distribution")
    OTHER = "other", _("Other")


class MechanismCost(models.TextChoices):
    FREE = "free", _("Free")
    TOLL_FREE = "toll_free", _("Toll-free number")
    CALLER_PAYS = "caller_pays", _("The caller pays")
    REVERSE_CHARGE = "reverse_charge", _("Call back on request")


class MechanismStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SETTING_UP = "setting_up", _("Being set up")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class FeedbackMechanism(BaseModel):
    """A member's complaint and feedback mechanism (CFM): how people can reach it, where, and whether it can
    take a report of sexual exploitation and abuse safely. Not the platform's own intake channels.

    Focal points keep their own organisation's entries; the coordinator verifies them (``last_verified_at``,
    ``verified_by``: set only by ``mechanism_verify``). An edit after a verification sets
    ``changed_since_verified`` until the next one.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="feedback_mechanisms", verbose_name=_("operated by")
    )
    type = models.CharField(_("type"), max_length=32, choices=MechanismType.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("How people know it, e.g. “Ligne verte Mopti”."))
    areas = models.ManyToManyField(
        Area,
        related_name="feedback_mechanisms",
        verbose_name=_("areas covered"),
        help_text=_("Regions or districts; covering a region covers every district in it."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_('Language codes, e.g. ["fr", "bm"].')
    )
    days_hours = models.CharField(_("days and hours"), max_length=200, blank=True)
    cost = models.CharField(
        _("cost to the caller"), max_length=16, choices=MechanismCost.choices, default=MechanismCost.FREE
    )
    accessible_disability = models.BooleanField(_("accessible to people with disabilities"), default=False)
    accessible_low_literacy = models.BooleanField(_("usable by people with low literacy"), default=False)
    women_child_friendly = models.BooleanField(_("women- and child-friendly"), default=False)
    confidential_space = models.BooleanField(_("confidential space"), default=False)
    sea_trained = models.BooleanField(_("staff trained on SEA intake"), default=False)
    knows_referral_pathway = models.BooleanField(_("staff know the referral pathway"), default=False)
    refers_to_network = models.BooleanField(_("refers SEA complaints to the network"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=MechanismStatus.choices, default=MechanismStatus.ACTIVE
    )
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    changed_since_verified = models.BooleanField(_("changed since verified"), default=False, editable=False)
    contact = models.CharField(
        _("how to reach it"),
        max_length=200,
        blank=True,
        help_text=_("The number, address or place people use, e.g. 80 00 11 22 (free) or the help desk at the site."),
    )
    # Publishing (issue 14 item 6): listed at all, and which of MECHANISM_PUBLISHABLE_FIELDS.
    is_listed = models.BooleanField(_("listed in the public directory"), default=False)
    published_fields = models.JSONField(_("published fields"), default=list, blank=True)

    class Meta:
        ordering = ["organisation__acronym", "type", "name"]
        verbose_name = _("complaint and feedback mechanism")
        verbose_name_plural = _("complaint and feedback mechanisms")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "type", "name"],
                name="mapping_unique_mechanism_per_organisation",
                violation_error_message=_("This organisation already has a mechanism of this type with this name."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and _LANGUAGE_CODE.fullmatch(code) for code in self.languages
        ):
            errors["languages"] = _('A list of language codes, e.g. ["fr", "bm"].')
        if not _subset(self.published_fields, MECHANISM_PUBLISHABLE_FIELDS):
            errors["published_fields"] = _("Only how to reach it, days and hours, languages and cost can be published.")
        if errors:
            raise ValidationError(errors)

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages or []]


# --- community preferences (issue 14 item 3) ------------------------------------------------------------------


class ConsultationMethod(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group discussion")
    SURVEY = "survey", _("Survey")
    KEY_INFORMANT = "key_informant", _("Key informant interviews")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    OTHER = "other", _("Other")


class ConsultationSource(models.TextChoices):
    ENTERED = "entered", _("Entered by hand")
    KOBO = "kobo", _("Imported from a Kobo export")


class PopulationSex(models.TextChoices):
    ALL = "all", _("Everyone")
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")


class PopulationAge(models.TextChoices):
    ALL = "all", _("All ages")
    CHILDREN = "children", _("Children (under 18)")
    ADULTS = "adults", _("Adults (18 to 59)")
    OLDER = "older", _("Older people (60 and over)")


class PopulationDisability(models.TextChoices):
    ALL = "all", _("With or without disabilities")
    WITH = "with", _("People with disabilities")
    WITHOUT = "without", _("People without disabilities")


class CommunityConsultation(BaseModel):
    """A consultation of a community about how it wants to report sensitive complaints: when, where, how, how
    many people. Its ``preferences`` say which channels each population group prefers."""

    date = models.DateField(_("date"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("area"),
        help_text=_("The region or district consulted."),
    )  # fmt: skip
    method = models.CharField(_("method"), max_length=24, choices=ConsultationMethod.choices)
    number_consulted = models.PositiveIntegerField(_("number of people consulted"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("led by"),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=ConsultationSource.choices, default=ConsultationSource.ENTERED,
        editable=False,
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True, help_text=_("No names or details that identify a person."))
    # Who took part, when known (issue 16 item 7): by sex, by age group and with disabilities; each dimension
    # adds up to at most the number consulted.
    participants_female = models.PositiveIntegerField(_("women and girls"), null=True, blank=True)
    participants_male = models.PositiveIntegerField(_("men and boys"), null=True, blank=True)
    participants_children = models.PositiveIntegerField(_("children (under 18)"), null=True, blank=True)
    participants_adults = models.PositiveIntegerField(_("adults (18 to 59)"), null=True, blank=True)
    participants_older = models.PositiveIntegerField(_("older people (60 and over)"), null=True, blank=True)
    participants_with_disability = models.PositiveIntegerField(_("people with disabilities"), null=True, blank=True)
    findings = models.TextField(
        _("findings"), blank=True,
        help_text=_("What the community said, beyond the channels: concerns, barriers, suggestions. No names."),
    )  # fmt: skip

    class Meta:
        ordering = ["-date", "area__pcode"]
        verbose_name = _("community consultation")
        verbose_name_plural = _("community consultations")

    def __str__(self) -> str:
        return f"{self.area.display_name()} {self.date.isoformat()}"

    def clean(self) -> None:
        """Each dimension of the participants (sex, age group, disability) adds up to at most the number
        consulted."""
        super().clean()
        total = self.number_consulted
        if total is None:
            return
        errors: dict[str, str] = {}
        message = _("More participants than the %(number)d people consulted.") % {"number": total}
        for fields in PARTICIPANT_DIMENSIONS:
            if sum(getattr(self, name) or 0 for name in fields) > total:
                errors[fields[-1]] = message
        if errors:
            raise ValidationError(errors)

    @property
    def participants_known(self) -> bool:
        return any(getattr(self, name) is not None for fields in PARTICIPANT_DIMENSIONS for name in fields)


#: The consultation's participant counts, per dimension (each adds up to at most the number consulted).
PARTICIPANT_DIMENSIONS: tuple[tuple[str, ...], ...] = (
    ("participants_female", "participants_male"),
    ("participants_children", "participants_adults", "participants_older"),
    ("participants_with_disability",),
)


class ChannelPreference(models.Model):
    """How many people of one population group, in one consultation, said they prefer a type of channel for a
    sensitive complaint (several answers per person are allowed, so the counts may add up to more than the
    number consulted)."""

    consultation = models.ForeignKey(
        CommunityConsultation, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("consultation")
    )
    sex = models.CharField(_("sex"), max_length=8, choices=PopulationSex.choices, default=PopulationSex.ALL)
    age_group = models.CharField(
        _("age group"), max_length=16, choices=PopulationAge.choices, default=PopulationAge.ALL
    )
    disability = models.CharField(
        _("disability"), max_length=8, choices=PopulationDisability.choices, default=PopulationDisability.ALL
    )
    channel_type = models.CharField(_("preferred channel"), max_length=32, choices=MechanismType.choices)
    respondents = models.PositiveIntegerField(_("people who prefer it"))

    class Meta:
        ordering = ["consultation", "sex", "age_group", "disability", "-respondents"]
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "sex", "age_group", "disability", "channel_type"],
                name="mapping_unique_preference_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_type_display()}: {self.respondents}"
