"""The insights app's records: members' own figures, and the reports made from the counting rules.

Members' own figures: what each member organisation reports, per quarter, of the SEA complaints it handled
outside the platform (the ``members`` package holds the rules; README.md, "Members' own figures").

A return is one organisation's figures for one quarter. Every submission or correction adds a version; versions
are never changed or deleted, and the latest one is the return's current figures.

The counts are stored as one JSON object per version, keyed by the category codes the platform counts with
(``members.GROUPS``), e.g. ``{"sea_group": {"SE": 3, "SA": 1, "OTHER": 0, "UNKNOWN": 0}, "entity_type": {…},
"victim_type": {…}, "status": {"open": 2, "closed": 2}}``, rather than one integer column per category: the
categories are the platform's own vocabularies (the UN's sexual exploitation / abuse groups, ``cases.EntityType``,
``cases.VictimType``), so the form, the checks and the merge with the platform's tables follow them without a
migration, and an old version keeps the categories it was given in. ``members.counts_check`` validates every
version before it is stored (every category present, whole numbers from 0, totals that agree): nothing else
writes them.

Reports made from the counting rules (README.md, "Reports"): what was asked, its progress, the files made and
the data they were made from. The files hold suppressed counts only; they live in the database, like every other
stored file of the platform, so that a backup carries them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel


class MemberReturn(BaseModel):
    """One member organisation's figures for one quarter; its versions hold the counts."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="member_returns", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])

    class Meta:
        ordering = ["-year", "-quarter", "organisation__name"]
        verbose_name = _("members' quarterly return")
        verbose_name_plural = _("members' quarterly returns")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "quarter"], name="one_member_return_a_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="member_return_quarter"),
            models.CheckConstraint(condition=models.Q(year__gte=2000), name="member_return_year"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} Q{self.quarter} {self.year}"


class MemberReturnVersion(BaseModel):
    """One submission or correction of a return: who, when (``created_at``), the counts and what was corrected.

    ``note`` says what a correction changed, in a few words; the form asks for no case details."""

    member_return = models.ForeignKey(
        MemberReturn, on_delete=models.PROTECT, related_name="versions", verbose_name=_("return")
    )
    number = models.PositiveIntegerField(_("version"))
    counts = models.JSONField(_("counts"))
    note = models.CharField(_("what was corrected"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["member_return", "-number"]
        verbose_name = _("version of a members' return")
        verbose_name_plural = _("versions of members' returns")
        constraints = [
            models.UniqueConstraint(fields=["member_return", "number"], name="unique_member_return_version"),
        ]

    def __str__(self) -> str:
        return f"{self.member_return} v{self.number}"


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
    # The HQ quarterly return only: the machine-readable file (README.md, "The HQ return file").
    JSON = "json", _("Machine-readable return (JSON)")
    CSV = "csv", _("Machine-readable return (CSV with HXL hashtags)")


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


class ReturnFileFormat(models.TextChoices):
    JSON = "json", "JSON"
    CSV = "csv", _("CSV with HXL hashtags")


class CountryReturn(BaseModel):
    """One imported file of a country network's quarterly return to UN Headquarters, at an HQ installation
    (README.md, "At HQ"). Every import of a new file for the same country and quarter adds a version; none is
    changed or deleted, and the highest version is the current one. ``document`` is the return as the published
    schema gives it (from a CSV, the JSON it reads as); the original file is not kept, only its digest and size."""

    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3)
    network = models.CharField(_("network"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    version = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("return"))
    small_cell_k = models.PositiveSmallIntegerField(_("smallest published count"))
    data_version = models.CharField(_("data version"), max_length=64)
    format = models.CharField(_("file format"), max_length=8, choices=ReturnFileFormat.choices)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("file size (bytes)"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        ordering = ["-year", "-quarter", "country", "-version"]
        verbose_name = _("country's quarterly return")
        verbose_name_plural = _("countries' quarterly returns")
        constraints = [
            models.UniqueConstraint(fields=["country", "year", "quarter", "version"], name="unique_country_return"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="country_return_quarter"),
        ]
        indexes = [models.Index(fields=["year", "quarter"], name="country_return_quarter_idx")]

    def __str__(self) -> str:
        return f"{self.country} Q{self.quarter} {self.year} v{self.version}"


# --- The dashboard's summary table (README.md, "Summary table"; ``cube.py``) ----------------------------------------


class CubeMonth(models.Model):
    """A month (its first day) whose rows of ``CubeCell`` are built. The rows are used only while no
    ``CubeChange`` of the month is pending; ``first_day`` and ``last_day`` are the first and last days (network
    time) on which a complaint counted in the month was received, so that a period cutting the month but holding
    all of its complaints can still use it."""

    month = models.DateField(_("month"), unique=True)
    first_day = models.DateField(_("first day with a complaint"), null=True, blank=True)
    last_day = models.DateField(_("last day with a complaint"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), default=timezone.now)
    # When the stored rows' build read the month's pending changes (before counting): an older build writes nothing.
    read_at = models.DateTimeField(_("changes read at"), default=timezone.now)

    class Meta:
        verbose_name = _("summarised month")
        verbose_name_plural = _("summarised months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class CubeChange(models.Model):
    """Something counted in ``month`` changed (written in the same transaction as the change); ``month`` empty:
    something every month depends on (an area, an organisation's type, a term, the network settings). The month's
    rebuild deletes the changes it saw; until then the month is counted live."""

    month = models.DateField(_("month"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("change to a summarised month")
        verbose_name_plural = _("changes to summarised months")

    def __str__(self) -> str:
        return f"{self.month or 'all'} {self.at:%Y-%m-%d %H:%M}"


class CubeCell(models.Model):
    """One count of the summary table: of ``table`` (what is counted and by which dimension, ``cube.TABLES``)
    for one ``value`` of it, among the records of complaints received in ``month`` in admin-1 ``area`` (p-code,
    or ``counting.NOT_RECORDED``), of organisation type ``organisation_type`` ("" for every type)."""

    month = models.DateField(_("month"))
    area = models.CharField(_("admin-1 area"), max_length=32)
    organisation_type = models.CharField(_("organisation type"), max_length=32, blank=True)
    table = models.CharField(_("table"), max_length=48)
    value = models.CharField(_("value"), max_length=160, blank=True)
    count = models.BigIntegerField(_("count"))

    class Meta:
        verbose_name = _("summary count")
        verbose_name_plural = _("summary counts")
        indexes = [
            models.Index(fields=["organisation_type", "table", "month", "area"], name="cube_cell_lookup"),
            models.Index(fields=["month"], name="cube_cell_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area} {self.organisation_type} {self.table} {self.value}: {self.count}"
