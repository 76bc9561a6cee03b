"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .actions import Action

__all__ = ["Action", "AuditEvent", "AuditHead"]


class AuditEvent(models.Model):
    """One thing that happened. Written only by ``audit.record``; never updated or deleted.

    ``entry_hash`` is the SHA-256 of this entry's canonical form, which includes ``prev_hash``, the hash of
    the entry before it: altering, deleting or inserting a row breaks the chain (``manage.py verify_audit``).
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
