"""Trainings (issue 16 items 5 and 6): PSEA training sessions, their participants (a name only where the participant
agreed), pre- and post-test scores, materials (links) and, through the services, certificates."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pseahub.core.models import BaseModel

__all__ = [
    "ParticipantRole",
    "ParticipantSex",
    "TrainingMaterial",
    "TrainingParticipant",
    "TrainingPolicy",
    "TrainingSession",
    "TrainingTopic",
]


class TrainingTopic(models.TextChoices):
    PSEA_BASICS = "psea_basics", _("PSEA basics")
    INTAKE_REFERRAL = "intake_referral", _("SEA complaint intake and referral")
    SURVIVOR_CENTRED = "survivor_centred", _("Survivor-centred assistance")
    INVESTIGATIONS = "investigations", _("Investigations")
    FOCAL_POINTS = "focal_points", _("PSEA for focal points")
    CFM_STAFF = "cfm_staff", _("PSEA for CFM staff")
    SERVICE_PROVIDERS = "service_providers", _("PSEA for service providers")


class ParticipantRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    CFM_STAFF = "cfm_staff", _("CFM staff")
    SERVICE_PROVIDER = "service_provider", _("Service provider staff")
    MANAGER = "manager", _("Manager")
    OTHER = "other", pgettext_lazy("participant role", "Other")


class ParticipantSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", pgettext_lazy("sex", "Other")
    UNKNOWN = "unknown", _("Unknown / prefer not to say")


class TrainingSession(BaseModel):
    """One training session, organised by one organisation (a focal point records its organisation's)."""

    topic = models.CharField(_("topic"), max_length=32, choices=TrainingTopic.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    area = models.ForeignKey(
        "network.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area (admin-1)"),
    )
    trainers = models.CharField(
        _("trainers"), max_length=300, help_text=_("The trainers' names or their organisation.")
    )
    organiser = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.held_on:%Y-%m-%d}"


class TrainingParticipant(BaseModel):
    """One participant of a session: organisation, sex and role always; a name only with the participant's
    consent (the database refuses a name without it); test scores out of 100."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="participants", verbose_name=_("session")
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    sex = models.CharField(_("sex"), max_length=16, choices=ParticipantSex.choices)
    role = models.CharField(_("role"), max_length=32, choices=ParticipantRole.choices)
    name_consent = models.BooleanField(_("name may be recorded"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("certificate language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed = models.BooleanField(_("completed the session"), default=False)
    #: The grid submission and row that added it: a repeated POST adds nothing twice.
    entry_key = models.CharField(_("entry key"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "entry_key"],
                condition=~models.Q(entry_key=""),
                name="partners_participant_entry_once",
            ),
            models.CheckConstraint(
                name="partners_participant_name_needs_consent",
                condition=models.Q(name="") | models.Q(name_consent=True),
            ),
            models.CheckConstraint(
                name="partners_participant_scores_0_100",
                condition=(models.Q(pre_score__isnull=True) | models.Q(pre_score__lte=100))
                & (models.Q(post_score__isnull=True) | models.Q(post_score__lte=100)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"

    @property
    def gain(self) -> int | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score

    @property
    def has_certificate(self) -> bool:
        return bool(self.name_consent and self.name and self.completed)


class TrainingMaterial(BaseModel):
    """A material of a session (the slides, the handouts, the test): a link, or a file kept in the database (it is
    backed up with everything else)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="materials", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
        constraints = [
            models.CheckConstraint(
                name="partners_material_link_or_file",
                condition=(~models.Q(url="") & models.Q(content__isnull=True))
                | (models.Q(url="") & models.Q(content__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return not self.url


class TrainingPolicy(models.Model):
    """The network's choices about trainings (one row): after how many months a refresher is due."""

    refresher_months = models.PositiveSmallIntegerField(
        _("refresher due after (months)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        verbose_name = _("training policy")
        verbose_name_plural = _("training policies")

    def __str__(self) -> str:
        return str(self.refresher_months)
