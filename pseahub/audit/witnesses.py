"""Witnesses: other apps tell the audit log which of their records exist, so that a log emptied or cut short
beside them is reported as tampering (``verify_audit``). The audit app imports no higher app: each app
registers its own witness, in its ``AppConfig.ready``::

    from pseahub.audit.witnesses import witness_register
    witness_register(complaints_witness)

A witness returns what it saw (its newest record and the entry that recorded its creation), or None when it
holds no records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Witnessed:
    what: str  # a plural noun for the report, e.g. "complaint"
    count: int
    created_at: dt.datetime  # the newest record's creation time
    action: str  # the entry that recorded its creation: action, target type and id (as audit.record writes them)
    target_type: str
    target_id: str
    detail: dict[str, str] = field(default_factory=dict)  # keys the entry's data must hold with these values


Witness = Callable[[], Witnessed | None]

_witnesses: list[Witness] = []


def witness_register(witness: Witness) -> Witness:
    if witness not in _witnesses:
        _witnesses.append(witness)
    return witness


def witnesses_registered() -> list[Witness]:
    return list(_witnesses)
