"""The network's members and places: organisations, focal points, areas, and the network's settings."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel


class OrganisationType(models.TextChoices):
    UN_SECRETARIAT = "un_secretariat", _("UN Secretariat / peace operation")
    UN_AGENCY = "un_agency", _("UN agency, fund or programme")
    INGO = "ingo", _("International NGO")
    NNGO = "nngo", _("National NGO")
    GOVERNMENT = "government", _("Government")
    IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
    CONTRACTOR = "contractor", _("Contractor")
    OTHER = "other", pgettext_lazy("type of organisation", "Other")


class Organisation(BaseModel):
    """A member of the network, or a non-member that can be named as the concerned organisation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    is_member = models.BooleanField(_("network member"), default=True)
    is_co_chair = models.BooleanField(_("co-chair of the network"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


#: The focal point fields the public directory may show, each only when the person chose to publish it.
FOCAL_POINT_PUBLISHABLE_FIELDS = ("name", "title", "email", "phone", "languages")


class FocalPoint(BaseModel):
    """A person who receives and handles referrals for one organisation.

    Linked to a user account when the person signs in; contact-only otherwise (referrals then go by e-mail
    notice without content).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_point_profiles",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_alternate = models.BooleanField(_("alternate focal point"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # The public directory (issue 14 item 6): listed only when the person agreed, with only the fields they chose.
    is_listed = models.BooleanField(_("listed in the public directory"), default=False)
    published_fields = models.JSONField(_("published fields"), default=list, blank=True)
    listing_agreed_at = models.DateTimeField(_("agreed to be listed on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organisation__name", "is_alternate", "name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=models.Q(user__isnull=False), name="one_profile_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.organisation.acronym or self.organisation.name}"


class Area(models.Model):
    """An administrative unit (country → admin1 → admin2 …) identified by its OCHA p-code."""

    pcode = models.CharField(_("p-code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_local = models.CharField(_("local name"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    admin_level = models.PositiveSmallIntegerField(_("admin level"))

    class Meta:
        ordering = ["admin_level", "pcode"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.display_name()} ({self.pcode})"

    def display_name(self, language: str | None = None) -> str:
        """The area's name as every page, list and export of ``language`` (default: the active one) spells it.

        ``name`` is OCHA's ASCII name (Menaka, Segou); ``name_local`` the country's own spelling (Ménaka, Ségou in
        Mali; Arabic in Lebanon). A local name in Latin script is the same name properly spelt, so it is used in
        every language; one in Arabic script is used on Arabic pages, the OCHA name on the others.
        """
        local = self.name_local.strip()
        if not local:
            return self.name
        if _in_arabic_script(local):
            return local if (language or get_language() or "").split("-")[0] == "ar" else self.name
        return local


_EPSILON_RANGE = _("Give a number from 0.1 (the most noise) to 10 (the least), or leave it blank for no noise.")


class NetworkSettings(models.Model):
    """The one row of settings for this installation (one network, one country)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(_("network name"), max_length=200, default="PSEA Network")
    # The brand in each language (e.g. "Réseau PEAS Mali" in French); ``name`` serves any language not given.
    names = models.JSONField(
        _("network name per language"),
        default=dict,
        blank=True,
        help_text=_(
            'The network\'s name in each language, e.g. {"en": "PSEA Network Mali", "fr": "Réseau PEAS Mali"}. '
            "The network name above is shown in any language not given here."
        ),
    )
    country_code = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # ISO weekday numbers (1 = Monday … 7 = Sunday) that are not working days.
    weekend_days = models.JSONField(_("weekend days"), default=list, blank=True)
    holidays = models.JSONField(_("public holidays (YYYY-MM-DD)"), default=list, blank=True)
    # The SLA table (design.md): defaults from the IASC SOPs, configurable per network.
    sla_refer_hours = models.PositiveIntegerField(_("refer an allegation within (hours of intake)"), default=24)
    sla_acknowledge_working_days = models.PositiveIntegerField(
        _("focal point acknowledges within (working days)"), default=2
    )
    sla_first_progress_days = models.PositiveIntegerField(_("first progress update within (days)"), default=30)
    sla_assistance_accept_hours = models.PositiveIntegerField(
        _("assistance referral accepted within (hours)"), default=24
    )
    retention_days = models.PositiveIntegerField(_("keep sealed content after closure (days)"), default=5 * 365)
    # Shown to reporters on the public pages (e.g. when they must wait before trying again); blank: not shown.
    hotline_number = models.CharField(
        _("hotline number"), max_length=32, blank=True, help_text=_("Shown to reporters on the public pages.")
    )
    emergency_number = models.CharField(
        _("emergency number"),
        max_length=32,
        blank=True,
        help_text=_("Shown to reporters on the public pages, for immediate danger."),
    )
    small_cell_k = models.PositiveSmallIntegerField(
        _("smallest published count"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_("Published figures withhold any count under this number, and any that would give one back."),
    )
    # Calibrated noise on the figures for outside the network (the donor report); none when blank. The range is
    # insights.noise.EPSILON_MIN..EPSILON_MAX (network sits below insights, so the numbers are repeated here).
    outside_noise_epsilon = models.FloatField(
        _("noise on figures for outside the network (epsilon)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0.1, message=_EPSILON_RANGE),
            MaxValueValidator(10.0, message=_EPSILON_RANGE),
        ],
        help_text=_(
            "Leave blank for exact figures. Otherwise the donor report adds random noise to every count before "
            "small counts are withheld, and says so. Between 0.1 and 10: the smaller the number, the more noise "
            "(at 1 most counts move by one at most; at 0.1 by about ten on average). Reports for leadership and UN "
            "Headquarters never get noise."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_network_settings")]

    def __str__(self) -> str:
        return str(self.name)

    def display_name(self, language: str | None = None) -> str:
        """The network's name in ``language`` (default: the page's), else its one name."""
        code = (language or get_language() or "").split("-")[0]
        localized = self.names.get(code) if isinstance(self.names, dict) else None
        return localized if isinstance(localized, str) and localized.strip() else self.name

    def clean(self) -> None:
        # The SLA clock counts working days in this time zone: a typo here would shift every deadline.
        errors: dict[str, Any] = {}
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            errors["timezone"] = _("Not a known time zone (e.g. Africa/Bamako).")
        if not isinstance(self.weekend_days, list) or not all(
            isinstance(day, int) and 1 <= day <= 7 for day in self.weekend_days
        ):
            errors["weekend_days"] = _("A list of ISO weekday numbers, 1 (Monday) to 7 (Sunday).")
        elif len(set(self.weekend_days)) == 7:
            errors["weekend_days"] = _("At least one day of the week must be a working day.")
        if not isinstance(self.holidays, list) or not all(_is_iso_date(day) for day in self.holidays):
            errors["holidays"] = _("A list of dates written YYYY-MM-DD.")
        codes = {code for code, _name in settings.LANGUAGES}
        if not isinstance(self.languages, list) or not set(self.languages) <= codes:
            errors["languages"] = _("A list of language codes among: %(codes)s.") % {"codes": ", ".join(sorted(codes))}
        if self.names is None:  # left empty in a form
            self.names = {}
        if not isinstance(self.names, dict) or not all(
            code in codes and isinstance(value, str) and 0 < len(value.strip()) <= 200
            for code, value in self.names.items()
        ):
            errors["names"] = _(
                'Names by language code, e.g. {"fr": "Réseau PEAS Mali"}, among: %(codes)s; each at most 200 '
                "characters."
            ) % {"codes": ", ".join(sorted(codes))}
        if errors:
            raise ValidationError(errors)


def _in_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
