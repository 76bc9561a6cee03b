"""Members' own figures: what each member organisation reports, per quarter, of the SEA complaints it handled
outside the platform (``members.py`` holds the rules; README.md, "Members' own figures").

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
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
