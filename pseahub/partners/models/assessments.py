"""Implementing partners' PSEA capacity assessments (issue 16 items 1-4, ``../shared/domain.md`` §4).

A capacity tool (standards + score thresholds) is data: two are shipped (``assessment_tools.py``), a network adds
its own by copying one. One assessment per partner is shared by the agencies: the partner's focal point answers it
(self-assessment), the lead agency's focal point reviews it (returns it, or makes it final with a documented
decision and a capacity-strengthening plan), then monitors the plan and records the final determination. Evidence
files are sealed to the assessment's keyring (``pseahub.vault``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Organisation
from pseahub.vault.models import Keyring, SealedFile

__all__ = [
    "OPEN_STATES",
    "SCALE_SCORES",
    "ActionStatus",
    "AssessmentAnswer",
    "AssessmentEvidence",
    "AssessmentReason",
    "AssessmentState",
    "AssessmentType",
    "CapacityAction",
    "CapacityRating",
    "CapacityStandard",
    "CapacityThreshold",
    "CapacityTool",
    "EvidenceKind",
    "MonitoringNote",
    "PartnerAssessment",
    "PartnerLink",
    "ScaleKind",
]


def _localized(name: str, names: object, language: str | None = None) -> str:
    """``names`` in the page's language if given there, else the catalogue's translation of ``name``."""
    code = (language or get_language() or "").split("-")[0]
    localized = names.get(code) if isinstance(names, dict) else None
    if isinstance(localized, str) and localized.strip():
        return localized
    return gettext(name) if name else name


class ScaleKind(models.TextChoices):
    THREE_LEVEL = "three_level", _("Absent (1) / Progressing (2) / Adequate (3)")
    YES_NO = "yes_no", _("Yes (1) / No (0)")


#: The scores each scale allows, with their labels.
SCALE_SCORES: dict[str, list[tuple[int, str]]] = {
    ScaleKind.THREE_LEVEL: [(1, _("Absent")), (2, _("Progressing")), (3, _("Adequate"))],  # type: ignore[list-item]
    ScaleKind.YES_NO: [(1, _("Yes")), (0, _("No"))],  # type: ignore[list-item]
}


class CapacityRating(models.TextChoices):
    LOW = "low", _("Low capacity (high risk)")
    MEDIUM = "medium", _("Medium capacity (moderate risk)")
    FULL = "full", _("Full capacity (low risk)")


class EvidenceKind(models.TextChoices):
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
    PSEA_POLICY = "psea_policy", _("PSEA policy")
    RECRUITMENT = "recruitment", _("Recruitment and vetting procedure")
    CONTRACTS = "contracts", _("Contracts or agreements with the SEA clause")
    TRAINING = "training", _("Training agenda or attendance")
    WHISTLEBLOWER = "whistleblower", _("Whistleblower policy")
    REPORTING = "reporting", _("Reporting mechanism description")
    SERVICE_PROVIDERS = "service_providers", _("List of service providers")
    REFERRAL_FORM = "referral_form", _("Referral form")
    INVESTIGATION_POLICY = "investigation_policy", _("Investigation policy")
    OTHER = "other", _("Other")


class CapacityTool(BaseModel):
    """A capacity assessment tool: its standards and its score thresholds."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    scale = models.CharField(_("scale"), max_length=16, choices=ScaleKind.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_builtin = models.BooleanField(_("shipped with PSEA Hub"), default=False)
    is_active = models.BooleanField(_("offered for new assessments"), default=True)

    class Meta:
        ordering = ["-is_builtin", "code"]
        verbose_name = _("capacity assessment tool")

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        return _localized(self.name, self.names, language)

    def score_choices(self) -> list[tuple[int, str]]:
        return [(value, str(label)) for value, label in SCALE_SCORES[self.scale]]


class CapacityStandard(models.Model):
    tool = models.ForeignKey(CapacityTool, on_delete=models.CASCADE, related_name="standards")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    evidence_kinds = models.JSONField(_("evidence expected"), default=list, blank=True)

    class Meta:
        ordering = ["tool", "order"]
        constraints = [models.UniqueConstraint(fields=["tool", "code"], name="capacity_standard_code_per_tool")]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        return _localized(self.name, self.names, language)

    def guidance_text(self) -> str:
        return gettext(self.guidance) if self.guidance else ""

    def evidence_labels(self) -> list[str]:
        return [str(EvidenceKind(kind).label) for kind in self.evidence_kinds if kind in EvidenceKind.values]


class CapacityThreshold(models.Model):
    """Scores from ``min_score`` to ``max_score`` (both included) give ``rating``."""

    tool = models.ForeignKey(CapacityTool, on_delete=models.CASCADE, related_name="thresholds")
    min_score = models.PositiveSmallIntegerField(_("from score"))
    max_score = models.PositiveSmallIntegerField(_("to score"))
    rating = models.CharField(_("rating"), max_length=8, choices=CapacityRating.choices)

    class Meta:
        ordering = ["tool", "min_score"]

    def __str__(self) -> str:
        return f"{self.min_score}-{self.max_score}: {self.rating}"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft (partner's self-assessment)")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned to the partner")
    FINAL = "final", _("Final")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (AssessmentState.DRAFT, AssessmentState.SUBMITTED, AssessmentState.RETURNED)


class AssessmentType(models.TextChoices):
    UN_COMMON = "un_common", _("UN common assessment")
    AGENCY = "agency", _("Agency assessment")
    NETWORK = "network", _("Network's own assessment")


class AssessmentReason(models.TextChoices):
    NEW_PARTNER = "new_partner", _("New partnership")
    RENEWAL = "renewal", _("Renewal of an expiring assessment")
    DECENTRALISED = "decentralised", _("INGO decentralised: assessed at country level")
    ALLEGATION = "allegation", _("SEA allegation")
    NOT_IMPLEMENTED = "not_implemented", _("Global policy not implemented at country level")
    HIGH_RISK = "high_risk", _("High-risk context")


class PartnerAssessment(BaseModel):
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="capacity_assessments", verbose_name=_("partner")
    )
    lead_agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="capacity_assessments_led", verbose_name=_("lead agency")
    )
    tool = models.ForeignKey(CapacityTool, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("tool"))
    type = models.CharField(_("type"), max_length=16, choices=AssessmentType.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=AssessmentReason.choices)
    state = models.CharField(_("state"), max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    started_on = models.DateField(_("started on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    finalised_on = models.DateField(_("made final on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Computed from the answers by the tool's thresholds, only when every standard is answered.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    rating = models.CharField(_("rating from the answers"), max_length=8, choices=CapacityRating.choices, blank=True)
    # The lead agency's documented decision, then its final determination after monitoring.
    preliminary_rating = models.CharField(
        _("preliminary determination"), max_length=8, choices=CapacityRating.choices, blank=True
    )
    decision_note = models.TextField(_("decision"), blank=True)
    return_comment = models.TextField(_("comments to the partner"), blank=True)
    final_rating = models.CharField(_("final determination"), max_length=8, choices=CapacityRating.choices, blank=True)
    final_determined_on = models.DateField(_("final determination on"), null=True, blank=True)
    keyring = models.ForeignKey(Keyring, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    renewal_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("partner capacity assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(state__in=["draft", "submitted", "returned"]),
                name="one_open_capacity_assessment_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk}"

    @property
    def current_rating(self) -> str:
        """The determination in force: the final one, else the decision's, else the answers'."""
        return self.final_rating or self.preliminary_rating or self.rating

    def current_rating_label(self) -> str:
        rating = self.current_rating
        return str(CapacityRating(rating).label) if rating else ""


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(PartnerAssessment, on_delete=models.CASCADE, related_name="answers")
    standard = models.ForeignKey(CapacityStandard, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="one_answer_per_standard"),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class AssessmentEvidence(models.Model):
    """A document supporting one standard's answer; its content, name and type are sealed."""

    assessment = models.ForeignKey(PartnerAssessment, on_delete=models.CASCADE, related_name="evidence")
    standard = models.ForeignKey(CapacityStandard, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of document"), max_length=24, choices=EvidenceKind.choices)
    sealed_file = models.OneToOneField(SealedFile, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"evidence {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CapacityAction(BaseModel):
    """An action of the capacity-strengthening plan decided by the lead agency."""

    assessment = models.ForeignKey(PartnerAssessment, on_delete=models.CASCADE, related_name="actions")
    standard = models.ForeignKey(
        CapacityStandard, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("standard")
    )
    action = models.CharField(_("action"), max_length=500)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"capacity action {self.pk}"


class MonitoringNote(models.Model):
    assessment = models.ForeignKey(PartnerAssessment, on_delete=models.CASCADE, related_name="monitoring")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["written_on", "id"]

    def __str__(self) -> str:
        return f"monitoring note {self.pk}"


class PartnerLink(models.Model):
    """An agency works with a partner (recorded by the agency's focal point or the coordinator)."""

    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partner_links")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "partner"], name="one_partner_link")]

    def __str__(self) -> str:
        return f"partner link {self.pk}"
