"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .actions import Action

__all__ = ["Action", "AuditEvent", "AuditHead", "FailureWindow"]


class AuditEvent(models.Model):
    """One thing that happened. Written only by ``audit.record``; never updated or deleted.

    ``entry_hash`` is the HMAC-SHA256 (key from ``INTEGRITY_KEY``, outside the database) of this entry's
    canonical form, which includes ``prev_hash``, the hash of the entry before it: altering, deleting or
    inserting a row breaks the chain (``manage.py verify_audit``).
    ``data`` holds a small, non-identifying detail (ids, field names, old/new codes), never names or text.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("actor"),
    )
    # No DB-level choices: new actions come with new features and must not need a migration here.
    action = models.CharField(_("action"), max_length=48, editable=False)
    target_type = models.CharField(_("target type"), max_length=48, blank=True, editable=False)
    target_id = models.CharField(_("target id"), max_length=64, blank=True, editable=False)
    data = models.JSONField(_("detail"), default=dict, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"

    def get_action_display(self) -> str:
        try:
            return str(Action(self.action).label)
        except ValueError:
            return self.action


class AuditHead(models.Model):
    """A single row naming the last entry. Locking it serialises appends; it also reveals a deleted tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_audit_head")]

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"


class FailureWindow(models.Model):
    """How many anonymous failures of one kind (a sign-in for an unknown account, a refused webhook call) fell
    in one time window. Counted with one atomic upsert per failure, shared by every process; turned into one
    audit entry when the window has ended (``audit.services.failure_windows_flush``), then deleted."""

    action = models.CharField(max_length=48)
    target_type = models.CharField(max_length=48, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # The entry's non-identifying detail as canonical JSON (part of the key: one count per distinct detail).
    detail = models.CharField(max_length=200, blank=True)
    window_start = models.DateTimeField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "target_type", "target_id", "detail", "window_start"], name="one_failure_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="failure_window_start")]

    def __str__(self) -> str:
        return f"{self.action} x{self.count} from {self.window_start:%Y-%m-%d %H:%M}"
