"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGIN_LOCKED_OUT = "login_locked_out", _("Sign-in refused: account locked")
    LOGOUT = "logout", _("Signed out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Signed out of every session")
    OTP_VERIFIED = "otp_verified", _("Second factor passed")
    OTP_FAILED = "otp_failed", _("Second factor failed")
    OTP_DEVICE_ADDED = "otp_device_added", _("Authenticator app added")
    OTP_DEVICE_REMOVED = "otp_device_removed", _("Authenticator app removed")
    BACKUP_CODES_GENERATED = "backup_codes_generated", _("Backup codes generated")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    USER_CREATED = "user_created", _("User created")
    USER_UPDATED = "user_updated", _("User updated")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset (new key pair)")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    ORGANISATION_CREATED = "organisation_created", _("Organisation created")
    ORGANISATION_UPDATED = "organisation_updated", _("Organisation updated")
    FOCAL_POINT_CREATED = "focal_point_created", _("Focal point created")
    FOCAL_POINT_UPDATED = "focal_point_updated", _("Focal point updated")
    AREAS_IMPORTED = "areas_imported", _("Areas imported")
    SETTINGS_UPDATED = "settings_updated", _("Network settings updated")


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
    action = models.CharField(_("action"), max_length=48, choices=Action.choices, editable=False)
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


class AuditHead(models.Model):
    """A single row naming the last entry. Locking it serialises appends; it also reveals a deleted tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_audit_head")]

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"
