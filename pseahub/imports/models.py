"""An import of a tracker file (its sealed upload, the coordinator's mapping, progress and counts) and the
mapping the network saved for its next file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pseahub.core.models import BaseModel


class ImportMapping(models.Model):
    """The network's last mapping (one row): header name (normalised) -> field, and per field the values
    the coordinator mapped (normalised value -> option code, "" for "leave empty")."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    columns = models.JSONField(default=dict)
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import mapping")

    def __str__(self) -> str:
        return "import mapping"


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: map the columns")
    CHECKING = "checking", _("Dry run in progress")
    CHECKED = "checked", _("Dry run done")
    IMPORTING = "importing", _("Import in progress")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Not imported: rows have errors")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


ACTIVE_STATES = (ImportState.CHECKING, ImportState.IMPORTING)


class ImportRun(BaseModel):
    """One uploaded file on its way in. The file, the error report and the rejected rows are sealed to the
    run's own keyring (granted to the coordinators; the task worker opens it with ``worker_key``, the
    keyring's private key sealed to the dispatch key). The upload is deleted when the import ends, everything
    sealed after ``expires_at``."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=ImportState.choices, default=ImportState.UPLOADED)
    keyring = models.ForeignKey("vault.Keyring", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    upload = models.ForeignKey("vault.SealedFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    worker_key = models.BinaryField(null=True, blank=True)
    # Column names (headers are not identifying) and the mapping chosen for this file.
    header_row = models.PositiveIntegerField(default=0)
    data_start = models.PositiveIntegerField(default=0)
    columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # column index (str) -> field key
    value_map = models.JSONField(default=dict)  # field key -> {normalised value: option code or ""}
    valid_only = models.BooleanField(_("import only the valid rows"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    duplicate_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a worker took the queued dry run or import
    checked_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    report = models.BinaryField(null=True, blank=True)  # sealed: {"errors": [...], "rejected": [...], ...}
    failure = models.CharField(max_length=200, blank=True)  # a generic reason, never a cell's value

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracker import")

    def __str__(self) -> str:
        return f"import {self.public_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0
