"""What the audit log can record. New features add their actions here (no migration needed)."""

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
