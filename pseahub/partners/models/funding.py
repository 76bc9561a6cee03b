"""Stakeholders and donors (issue 16 item 10): the network's work contacts outside it (clusters, government entry
points, donors, missions), its donors, funding, proposals and the reports it owes donors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel
from pseahub.network.models import Organisation

__all__ = [
    "Donor",
    "DonorReport",
    "DonorReportStatus",
    "FundingSource",
    "Proposal",
    "ProposalStatus",
    "Stakeholder",
    "StakeholderKind",
]


class StakeholderKind(models.TextChoices):
    CLUSTER = "cluster", _("Cluster or working group")
    GOVERNMENT = "government", _("Government entry point")
    DONOR = "donor", _("Donor")
    MISSION = "mission", _("Mission")
    OTHER = "other", _("Other")


class Stakeholder(BaseModel):
    """A work contact (not a user account): the organisation (a network organisation, or its name), the person's
    role and work contacts. When the person already has an account, ``user`` points to it instead of copying it."""

    kind = models.CharField(_("kind"), max_length=16, choices=StakeholderKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("network organisation"),
    )  # fmt: skip
    organisation_name = models.CharField(
        _("organisation (other)"), max_length=200, blank=True, help_text=_("When it is not a network organisation.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("user account"),
        help_text=_("When the person has an account here: name and e-mail come from it."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role or title"), max_length=150, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind", "organisation_name", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.person

    @property
    def person(self) -> str:
        return self.user.display_name if self.user is not None else self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user is not None else self.email

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation is not None else self.organisation_name


class Donor(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class FundingSource(BaseModel):
    """Money the network receives: from which donor, how much, for which period."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="funding", verbose_name=_("donor"))
    title = models.CharField(_("grant or agreement"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO code: XOF, USD, EUR…"))
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        ordering = ["-start", "donor__name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="funding_period")]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being written")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not retained")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("donor"))
    amount_requested = models.DecimalField(_("amount requested"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=ProposalStatus.choices, default="drafting")

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class DonorReportStatus(models.TextChoices):
    DUE = "due", _("To do")
    SUBMITTED = "submitted", _("Submitted")
    CANCELLED = "cancelled", _("Not needed any more")


class DonorReport(BaseModel):
    """A report the network owes a donor for a period, by a date. ``insights_report`` is the public id of the
    insights app's donor report attached to it (partners sits beside insights and does not import it: the page
    links it by URL name)."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="reports", verbose_name=_("donor"))
    funding = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("funding"),
    )  # fmt: skip
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=DonorReportStatus.choices, default="due")
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    insights_report = models.UUIDField(_("insights donor report"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "donor__name"]
        verbose_name = _("donor report")
        verbose_name_plural = _("donor reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="donor_report_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor_id} {self.due_on.isoformat()}"
