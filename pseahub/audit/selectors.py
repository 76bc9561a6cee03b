"""Reads of the audit log."""

from __future__ import annotations

from .models import AuditHead


def audit_last_seq() -> int:
    """The number of the last entry: it changes whenever anything audited happens (every change to the case
    record is), so it can key caches of derived figures such as the tracker's counts."""
    return AuditHead.objects.filter(id=1).values_list("last_seq", flat=True).first() or 0
