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
