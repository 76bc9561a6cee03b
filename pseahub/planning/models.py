"""The network's coordination (issue 15): its documents, its meetings and the actions they decide, the joint SEA
risk assessment, and the action plan.

Nothing here names a complainant or a case: it is the network's own work, shared with co-chairs, members' focal
points and leadership by role (``access.py``). Risk frameworks and plan templates are data (``frameworks.py``
ships the built-in ones, loaded by a migration), so a network adapts them without a release.

Built-in texts (a framework's dimensions and indicators, a template's outcomes) carry ``name`` in English and
``names`` by language code ({"fr": …, "ar": …}); ``display_name()`` picks the page's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Area, Organisation


def localized_name(name: str, names: object, language: str | None = None) -> str:
    """``names`` in the language if given there, else the catalogue's translation of ``name`` (the shipped texts
    are msgids of ``frameworks.py``), else ``name`` itself."""
    code = (language or get_language() or "").split("-")[0]
    localized = names.get(code) if isinstance(names, dict) else None
    if isinstance(localized, str) and localized.strip():
        return localized
    return gettext(name) if name else name


class Named(models.Model):
    """A name in English and, where given, in other languages."""

    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(_("name per language"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        return localized_name(self.name, self.names, language)


LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]


# --- the network's documents -----------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    TOR = "tor", _("Terms of reference")
    SOP = "sop", _("Standard operating procedures")
    ACTION_PLAN = "action_plan", _("Action plan")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    OTHER = "other", _("Other")


class NetworkDocument(BaseModel):
    """A document of the network (its TORs, SOPs, endorsed plans), kept in versions per language."""

    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Listed, with its version in force, in the public directory.")
    )

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("network document")
        verbose_name_plural = _("network documents")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(BaseModel):
    """One uploaded version of a document in one language. At most one version per document and language is in
    force; older ones are kept. The file is kept in the database (it is backed up with everything else)."""

    document = models.ForeignKey(
        NetworkDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    label = models.CharField(_("version"), max_length=40, help_text=_("e.g. 2026, v2, or the date it was signed."))
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    in_force = models.BooleanField(_("in force"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["document", "language", "-created_at"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                condition=models.Q(in_force=True),
                name="planning_one_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.label} ({self.language})"


# --- meetings and their actions ---------------------------------------------------------------------------------


class MeetingType(models.TextChoices):
    NETWORK = "network", _("Network meeting")
    CO_CHAIRS = "co_chairs", _("Co-chairs' meeting")
    HCT_BRIEFING = "hct_briefing", _("Humanitarian Country Team briefing")
    INTER_CLUSTER = "inter_cluster", _("Inter-cluster coordination")
    PROTECTION_CLUSTER = "protection_cluster", _("Protection cluster")
    GBV_SUB_CLUSTER = "gbv_sub_cluster", _("GBV sub-cluster")
    CLUSTER = "cluster", _("Other cluster or working group")
    OTHER = "other", _("Other")


#: Meetings of other bodies where the coordinator represents the network.
REPRESENTATION_TYPES = frozenset(
    {
        MeetingType.HCT_BRIEFING,
        MeetingType.INTER_CLUSTER,
        MeetingType.PROTECTION_CLUSTER,
        MeetingType.GBV_SUB_CLUSTER,
        MeetingType.CLUSTER,
    }
)


class Meeting(BaseModel):
    """A meeting of the network, or of another body where the network is represented: agenda, minutes, who
    took part (by organisation), and the decisions that became actions."""

    type = models.CharField(_("type"), max_length=24, choices=MeetingType.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Or the call's platform."))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("No names or details of any case."))
    organisations: models.ManyToManyField[Organisation, MeetingParticipation] = models.ManyToManyField(
        Organisation, through="MeetingParticipation", related_name="meetings", verbose_name=_("participants")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on.isoformat()})"

    @property
    def is_representation(self) -> bool:
        return self.type in REPRESENTATION_TYPES


class MeetingParticipation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveSmallIntegerField(_("people"), default=1)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="planning_one_participation_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.people})"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class MeetingAction(BaseModel):
    """A decision of a meeting that someone must carry out: which organisation, by when, where it stands."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name=_("meeting"))
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meeting_actions", verbose_name=_("owner organisation")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("meeting action")
        verbose_name_plural = _("meeting actions")
        indexes = [models.Index(fields=["status", "due_on"], name="planning_action_due")]

    def __str__(self) -> str:
        return self.description[:80]


# --- the joint risk assessment ----------------------------------------------------------------------------------


class Sector(models.TextChoices):
    FOOD_CASH = "food_cash", _("Food and cash distributions")
    SHELTER = "shelter", _("Shelter")
    WASH = "wash", _("Water, sanitation and hygiene")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    CAMPS = "camps", _("Camps and sites")
    RECRUITMENT = "recruitment", _("Recruitment of community workers")
    OTHER = "other", _("Other")


class FrameworkKind(models.TextChoices):
    INDEX = "index", _("Dimensions and indicators")
    MATRIX = "matrix", _("Likelihood × impact")  # noqa: RUF001


class RiskFramework(Named, BaseModel):
    """How risk is scored: an index of dimensions and indicators (each on its scale), or a likelihood-by-impact
    matrix for one sector (each risk factor scored on both; the score is their product, classed by ``classes``)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=FrameworkKind.choices)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_builtin = models.BooleanField(_("shipped with PSEA Hub"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    #: Score bands, highest first: [{"min": 15, "code": "high", "name": "High", "names": {...}}, ...]
    classes = models.JSONField(_("risk classes"), default=list, blank=True)
    #: For a matrix: the labels of the five steps of likelihood and of impact: {"likelihood": [...], "impact": [...]}
    scales = models.JSONField(_("scales"), default=dict, blank=True)

    class Meta:
        ordering = ["kind", "sector", "code"]
        verbose_name = _("risk framework")
        verbose_name_plural = _("risk frameworks")


class RiskDimension(Named):
    framework = models.ForeignKey(RiskFramework, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("risk dimension")
        verbose_name_plural = _("risk dimensions")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="planning_unique_dimension")]


class RiskIndicator(Named):
    """An indicator of an index (scored from ``scale_min`` to ``scale_max``) or a risk factor of a matrix
    (scored on likelihood and impact)."""

    dimension = models.ForeignKey(RiskDimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    guidance = models.TextField(_("guidance"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["dimension", "order", "code"]
        verbose_name = _("risk indicator")
        verbose_name_plural = _("risk indicators")
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="planning_unique_indicator")]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for contributions")
    CONSOLIDATING = "consolidating", _("Consolidating")
    COMPLETED = "completed", _("Completed")


class RiskAssessmentRound(BaseModel):
    """One joint risk assessment: its scope (areas, sectors, period), the frameworks it scores with, members'
    contributions, and the consolidated findings. ``previous`` is the round it is compared with."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    areas = models.ManyToManyField(Area, related_name="risk_rounds", verbose_name=_("areas"))
    sectors = models.JSONField(_("sectors"), default=list)
    frameworks = models.ManyToManyField(RiskFramework, related_name="rounds", verbose_name=_("frameworks"))
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("previous round")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-period_end", "title"]
        verbose_name = _("risk assessment round")
        verbose_name_plural = _("risk assessment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="planning_round_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class RiskContribution(BaseModel):
    """One member organisation's scores for a round (its own view of the sectors and areas it works in)."""

    round = models.ForeignKey(RiskAssessmentRound, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="risk_contributions")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        verbose_name = _("risk assessment contribution")
        verbose_name_plural = _("risk assessment contributions")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="planning_one_contribution_per_org")
        ]


_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskScore(models.Model):
    """A contribution's score of one indicator in one sector and area: ``value`` for an index indicator,
    ``likelihood`` and ``impact`` (1 to 5) for a matrix's risk factor."""

    contribution = models.ForeignKey(RiskContribution, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(RiskIndicator, on_delete=models.PROTECT, related_name="scores")
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), null=True, blank=True, validators=_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True, validators=_FIVE)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "indicator", "sector", "area"], name="planning_one_score_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.sector} {self.area_id}"


class RiskFinding(BaseModel):
    """A consolidated finding of a round: a risk in a sector (and area), how likely and how grave, and the
    mitigation the network recommends (an activity of the action plan may be created from it)."""

    round = models.ForeignKey(RiskAssessmentRound, on_delete=models.CASCADE, related_name="findings")
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    title = models.CharField(_("finding"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=_FIVE)
    mitigation = models.TextField(_("recommended mitigation"), blank=True)

    class Meta:
        ordering = ["round", "sector", "title"]
        verbose_name = _("risk finding")
        verbose_name_plural = _("risk findings")

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


# --- the action plan --------------------------------------------------------------------------------------------


class PlanTemplate(Named, BaseModel):
    """An outcome structure a plan is built on (the IASC plan's three outcomes, the five of Cox's Bazar…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_builtin = models.BooleanField(_("shipped with PSEA Hub"), default=False, editable=False)
    #: The outcomes, in order: [{"code": "1", "name": "...", "names": {"fr": ..., "ar": ...}}, ...]
    outcomes = models.JSONField(_("outcomes"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for endorsement")
    ENDORSED = "endorsed", _("Endorsed")
    SUPERSEDED = "superseded", _("Superseded")


class ActionPlan(BaseModel):
    """The network's action plan for a period, built on a template; a version is endorsed by leadership."""

    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="plans")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True, editable=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Leadership's last return of a submitted version to draft, with what to change (shown while it is a draft).
    returned_at = models.DateTimeField(_("returned to draft"), null=True, blank=True, editable=False)
    returned_note = models.TextField(_("what leadership asked to change"), blank=True, editable=False)

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="planning_plan_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class PlanOutcome(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("outcome"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="planning_unique_outcome")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PlanOutput(models.Model):
    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="outputs")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("output"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["outcome", "order", "code"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [models.UniqueConstraint(fields=["outcome", "code"], name="planning_unique_output")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class PlanActivity(BaseModel):
    """An activity of the plan: who leads, who supports, where, by when, measured how, and where it stands.
    ``finding`` or ``gap_key`` keep the link to the risk finding or mapping gap it was created from."""

    output = models.ForeignKey(PlanOutput, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("activity"), max_length=300)
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_activities", verbose_name=_("lead organisation")
    )
    supporting = models.ManyToManyField(
        Organisation, blank=True, related_name="supported_activities", verbose_name=_("supporting organisations")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    due_on = models.DateField(_("due date"))
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    finding = models.ForeignKey(
        RiskFinding, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("from the risk finding"),
    )  # fmt: skip
    gap_key = models.CharField(_("from the mapping gap"), max_length=120, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["output", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [models.UniqueConstraint(fields=["output", "code"], name="planning_unique_activity")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ActivityUpdate(BaseModel):
    """A progress note on an activity, by a member of its lead or supporting organisation or the coordinator."""

    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("for")
    )
    status = models.CharField(_("status"), max_length=16, choices=ActivityStatus.choices)
    progress = models.TextField(_("progress"))
    value = models.CharField(_("indicator value"), max_length=100, blank=True)

    class Meta:
        ordering = ["activity", "-created_at"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")
