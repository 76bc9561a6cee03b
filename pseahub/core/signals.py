"""Signals that lower apps send for higher ones to act on (core imports no app above it)."""

from __future__ import annotations

from django.dispatch import Signal

#: Complaints (or what hangs on them) were written without a model signal: a ``bulk_create`` (the tracker import)
#: or a ``QuerySet.update`` (the mailbox's quarantine). Sent inside the writer's transaction with
#: ``received=[complaint.received_at, ...]``; the insights summary marks those months changed.
complaints_bulk_written = Signal()
