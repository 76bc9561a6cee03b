"""Reports made from the counting rules (README.md, "Reports"): what was asked, its progress, the files made and
the data they were made from. The files hold suppressed counts only; they live in the database, like every other
stored file of the platform, so that a backup carries them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel


class ReportKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Periodic report to leadership")
    DONOR = "donor", _("Donor report")
    HQ_QUARTERLY = "hq_quarterly", _("Quarterly return to UN Headquarters")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (ReportState.QUEUED, ReportState.RUNNING)


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("Spreadsheet (XLSX)")


class Report(BaseModel):
    """One report asked for: its parameters (kind, language, period, filters, formats, the smallest published
    count ``k``), its progress, and once made the data version it was made from (``data_version``, a digest of
    ``data_source``: the counted tables, the latest change to complaints and referrals, the code's version)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    language = models.CharField(_("language"), max_length=8)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)  # {"area": p-code, "organisation_type": …}
    formats = models.JSONField(_("formats"), default=list)  # ReportFormat values
    k = models.PositiveSmallIntegerField(_("smallest published count"))
    state = models.CharField(_("state"), max_length=16, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker took it
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    failure = models.CharField(max_length=200, blank=True)  # a generic reason, for the page
    data_version = models.CharField(_("data version"), max_length=16, blank=True)
    data_source = models.JSONField(default=dict, blank=True)
    # Donor reports only: shown to donors on their page once the coordinator publishes it.
    published_at = models.DateTimeField(_("published to donors"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["kind", "published_at"], name="report_kind_published")]

    def __str__(self) -> str:
        return f"{self.kind} report {self.public_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ReportFile(models.Model):
    """One made file of a report (its PDF or its spreadsheet)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=8, choices=ReportFormat.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="one_file_per_report_format")]

    def __str__(self) -> str:
        return f"{self.format} of {self.report_id}"
