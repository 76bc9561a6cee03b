"""The annual PSEA survey (issue 16 item 9): a survey year imported from a Kobo export and its XLSForm, the
questions and choices of that form (as data), the network's indicators that questions map to, and the responses
as rows that can be counted and hold nothing that names a person: per respondent only sex, age group,
organisation type and region (admin-1), and the choices picked for each select question. Free text, numbers,
dates, places and any name, phone or e-mail column of the file are never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Area


def label_in(labels: dict[str, str], language: str | None = None, fallback: str = "") -> str:
    """The label in ``language`` (default: the page's), else the form's default label, else any label."""
    code = (language or get_language() or "").split("-")[0]
    if not isinstance(labels, dict):
        return fallback
    for key in (code, "default", "en", "fr"):
        value = labels.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return next((v for v in labels.values() if isinstance(v, str) and v.strip()), fallback)


class SurveySex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or prefers not to say")


class SurveyIndicator(BaseModel):
    """A network indicator a survey question measures, e.g. "% of staff who know how to report SEA"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("name per language"), default=dict)

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey indicator")
        verbose_name_plural = _("survey indicators")

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        return label_in(self.names, language, self.code)


class Survey(BaseModel):
    """One year of the annual survey, as imported from one export and its form."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    file_hash = models.CharField(_("file fingerprint"), max_length=64, unique=True, editable=False)
    languages = models.JSONField(_("label languages"), default=list)
    columns_kept = models.JSONField(_("columns kept"), default=list)
    columns_ignored = models.PositiveIntegerField(_("columns ignored"), default=0)
    # The age groups of the form's age question, in its order: [[name, {language: label}], …]; empty when the
    # export gave ages in years (then the bands of ``surveys_files.AGE_BANDS``).
    age_groups = models.JSONField(_("age groups"), default=list)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows left out"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("imported by")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.year} — {self.title}"


class SurveyQuestion(BaseModel):
    """A select question of the survey's form; ``indicator`` and ``positive`` (choice names) map it."""

    class Type(models.TextChoices):
        SELECT_ONE = "select_one", _("One choice")
        SELECT_MULTIPLE = "select_multiple", _("Several choices")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    list_name = models.CharField(_("choice list"), max_length=120)
    labels = models.JSONField(_("labels"), default=dict)
    indicator = models.ForeignKey(
        SurveyIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("indicator"),
    )
    positive = models.JSONField(_("answers that count as positive"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_question_unique_name")]

    def __str__(self) -> str:
        return self.display_label()

    def display_label(self, language: str | None = None) -> str:
        return label_in(self.labels, language, self.name)


class SurveyChoice(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=120)
    labels = models.JSONField(_("labels"), default=dict)

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="survey_choice_unique_name")]

    def __str__(self) -> str:
        return self.display_label()

    def display_label(self, language: str | None = None) -> str:
        return label_in(self.labels, language, self.name)


class SurveyResponse(models.Model):
    """One respondent: the groups they belong to, nothing else ("" when not stated)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    sex = models.CharField(max_length=10, blank=True, choices=SurveySex.choices)
    age_group = models.CharField(max_length=40, blank=True)  # a choice of the form's age question, or a band
    organisation_type = models.CharField(max_length=32, blank=True)  # network.OrganisationType
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class SurveyAnswer(models.Model):
    """One choice a respondent picked for one question (a select_multiple question gives several rows)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(SurveyChoice, on_delete=models.CASCADE, related_name="answers")

    def __str__(self) -> str:
        return f"{self.response_id}:{self.choice_id}"


class SurveyDraft(BaseModel):
    """A dry run waiting for its confirmation: what would be imported, already stripped (no name, no free text;
    the file itself is not kept). Kept a day at most."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_hash = models.CharField(max_length=64)
    plan = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.public_id)


__all__ = [
    "Survey",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyDraft",
    "SurveyIndicator",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveySex",
    "label_in",
]
