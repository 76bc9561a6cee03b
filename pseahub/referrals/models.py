"""Referrals of allegations to the concerned organisation and of survivors to assistance services.

A referral has its own keyring: what the coordinator chooses to share is sealed to it, and only the
recipient organisation's focal points (or the provider's staff) and the coordinators hold grants on it. The
complaint's own keyring is never given to them, so they read exactly what was shared and nothing else.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pseahub.cases.models import REFERRAL_OPEN_STATES
from pseahub.core.models import BaseModel


class ReferralKind(models.TextChoices):
    ALLEGATION = "allegation", _("Allegation referral")
    ASSISTANCE = "assistance", _("Assistance referral")


class ReferralState(models.TextChoices):
    # The context lets French and Arabic agree the state with the word for a referral.
    SENT = "sent", pgettext_lazy("state of a referral", "Sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("state of a referral", "Acknowledged")
    DECLINED = "declined", pgettext_lazy("state of a referral", "Declined")
    IN_PROGRESS = "in_progress", pgettext_lazy("state of a referral", "In progress")
    CLOSED = "closed", pgettext_lazy("state of a referral", "Closed")
    REVOKED = "revoked", pgettext_lazy("state of a referral", "Revoked")


OPEN_STATES = tuple(ReferralState(state) for state in REFERRAL_OPEN_STATES)


class DeclineReason(models.TextChoices):
    NOT_OUR_STAFF = "not_our_staff", _("Not our staff or partner")
    NOT_OUR_SERVICE = "not_our_service", _("We do not provide this service here")
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    OTHER = "other", _("Other")


class InvestigatingEntity(models.TextChoices):
    OIOS = "oios", _("OIOS (UN Office of Internal Oversight Services)")
    OWN_UNIT = "own_unit", _("The organisation's own investigation unit")
    TCC = "tcc", _("Troop-contributing country (TCC)")
    PCC = "pcc", _("Police-contributing country (PCC)")
    NIO = "nio", _("National investigation officer (NIO)")
    NATIONAL_AUTHORITIES = "national_authorities", _("National authorities")
    NONE = "none", _("None")


class ActionTaken(models.TextChoices):
    DISMISSAL = "dismissal", _("Dismissal")
    NON_RENEWAL = "non_renewal", _("Contract not renewed")
    REPATRIATION = "repatriation", _("Repatriation")
    NATIONAL_AUTHORITIES = "national_authorities", _("Referred to national authorities")
    ADMINISTRATIVE_MEASURE = "administrative_measure", _("Administrative measure")
    NONE = "none", _("None")


class InterimMeasure(models.TextChoices):
    ADMINISTRATIVE_LEAVE = "administrative_leave", _("Placed on administrative leave")
    PAYMENTS_SUSPENDED = "payments_suspended", _("Payments suspended")
    REASSIGNED = "reassigned", _("Reassigned away from the affected community")
    REPATRIATED = "repatriated", _("Repatriated on an interim basis")
    OTHER = "other", pgettext_lazy("interim measure", "Other")
    NONE = "none", _("None")


class PaternityClaim(models.TextChoices):
    NONE = "none", _("None")
    PATERNITY = "paternity", _("Paternity claim")
    CHILD_SUPPORT = "child_support", _("Child-support claim")
    BOTH = "both", _("Paternity and child-support claims")


class ServiceType(models.TextChoices):
    MEDICAL = "medical", _("Medical")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    MATERIAL = "material", _("Material")
    SAFETY = "safety", _("Safety")
    LIVELIHOODS = "livelihoods", _("Livelihoods")


class Referral(BaseModel):
    kind = models.CharField(_("kind"), max_length=16, choices=ReferralKind.choices)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="referrals")
    allegation = models.ForeignKey(
        "cases.Allegation", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("referred to")
    )
    service = models.ForeignKey(
        "mapping.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    keyring = models.OneToOneField("vault.Keyring", on_delete=models.PROTECT, related_name="referral")
    # Sealed: what is shared (summary written by the coordinator, identity only with consent).
    sealed = models.BinaryField(null=True)
    shares_identity = models.BooleanField(_("identifying details shared"), default=False)
    consent_override = models.BooleanField(_("made without consent (override)"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=ReferralState.choices, default=ReferralState.SENT, db_index=True
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"))
    # The next deadline of whoever must act now (acknowledge, accept, first progress); null when none.
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_progress_at = models.DateTimeField(_("first progress update"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.CharField(_("decline reason"), max_length=24, choices=DeclineReason.choices, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    outcome = models.ForeignKey(
        "cases.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("outcome")
    )
    survivor_informed_on = models.DateField(_("survivor informed of the outcome on"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    # Assistance referrals: the survivor the services are for (null on allegation referrals and on those
    # made before survivors were named).
    survivor = models.ForeignKey(
        "cases.Survivor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("survivor"),
    )
    # Investigation and accountability (allegation referrals; the concerned organisation's focal point records
    # them). Clear: they identify nobody, and the UN's figures count them.
    investigating_entity = models.CharField(
        _("investigating entity"), max_length=24, choices=InvestigatingEntity.choices, blank=True
    )
    investigation_started_on = models.DateField(_("investigation started"), null=True, blank=True)
    investigation_ended_on = models.DateField(_("investigation ended"), null=True, blank=True)
    action_taken = models.CharField(_("action taken"), max_length=24, choices=ActionTaken.choices, blank=True)
    interim_measure = models.CharField(_("interim measures"), max_length=24, choices=InterimMeasure.choices, blank=True)
    paternity_claim = models.CharField(
        _("paternity or child-support claim"), max_length=16, choices=PaternityClaim.choices, blank=True
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [("override_consent", _("Can refer for assistance without the survivor's consent"))]
        constraints = [
            models.CheckConstraint(
                name="allegation_referral_names_allegation",
                condition=~models.Q(kind="allegation") | models.Q(allegation__isnull=False),
            ),
            models.CheckConstraint(
                name="assistance_referral_names_service",
                condition=~models.Q(kind="assistance") | models.Q(service__isnull=False),
            ),
        ]
        indexes = [
            # "Open referrals past their deadline": the tracker's overdue complaints and the reminders.
            models.Index(fields=["state", "due_at"], name="referral_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def investigation_days(self) -> int | None:
        """The investigation's duration in days, once both its start and its end are known."""
        if self.investigation_started_on is None or self.investigation_ended_on is None:
            return None
        return (self.investigation_ended_on - self.investigation_started_on).days


class SurvivorInformed(models.Model):
    """One date on which the survivor was told where the investigation stands (each one, not only the last)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="informed_dates")
    informed_on = models.DateField(_("survivor informed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["informed_on", "pk"]
        verbose_name = _("survivor informed")
        verbose_name_plural = _("survivor informed")
        constraints = [models.UniqueConstraint(fields=["referral", "informed_on"], name="one_informed_per_day")]

    def __str__(self) -> str:
        return f"{self.referral_id} informed {self.informed_on}"


class ServiceDelivery(models.Model):
    """A service actually delivered on an assistance referral, as the provider records it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deliveries")
    service_type = models.CharField(_("service"), max_length=16, choices=ServiceType.choices)
    delivered_on = models.DateField(_("delivered on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "pk"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "service_type", "delivered_on"], name="one_delivery_per_service_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_type} on {self.delivered_on}"


class ReferralUpdate(models.Model):
    """One step in a referral's life (state change, progress note). The note is sealed to the referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    # The identifier sealed values are bound to (vault.seal_data): set when the instance is made, before insert.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=ReferralState.choices)
    sealed_note = models.BinaryField(null=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.state}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Deadline passed")
    ESCALATION = "escalation", _("Escalated to the coordinator")
    REFER_OVERDUE = "refer_overdue", _("Complaint not referred in time")


class Reminder(models.Model):
    """One reminder about one deadline. ``key`` names the deadline (referral or complaint, kind, due time);
    its uniqueness makes reminders idempotent: a retried or concurrent run never sends the same one twice.
    A reminder is claimed before sending and released if sending fails, so the next run retries it."""

    key = models.CharField(max_length=120, unique=True)
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.CASCADE, related_name="reminders")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return self.key
