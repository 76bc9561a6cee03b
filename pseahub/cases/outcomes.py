"""What the investigation concluded, for the reporter's status page, without cases (or intake) importing
referrals: referrals registers a reader here in ``ReferralsConfig.ready`` (see ``referrals.selectors``)."""

from __future__ import annotations

from collections.abc import Callable

from .models import Complaint

# The complaint's investigation outcome as a code of the "outcome" vocabulary (e.g. "substantiated"), or None.
OutcomeReader = Callable[[Complaint], str | None]

_readers: list[OutcomeReader] = []


def outcome_reader_register(reader: OutcomeReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def complaint_outcome(complaint: Complaint) -> str | None:
    """The first outcome a registered reader knows for ``complaint``; None when none (or nothing registered)."""
    for reader in _readers:
        code = reader(complaint)
        if code:
            return code
    return None
