"""The audit chain's hashes become keyed MACs (HMAC-SHA256 under a sub-key of INTEGRITY_KEY).

The existing SHA-256 chain is checked first, and a broken one is refused: converting it would give tampered
entries valid MACs. Then every entry is re-chained in ``seq`` order, in batches, and the head follows. The
canonical form is copied here (not imported) so that this migration keeps converting what it converted
today if the application's form changes later. Nothing to undo: going back would need the old hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.db import migrations

GENESIS_HASH = "0" * 64
BATCH = 1000


def _canonical(event: Any, prev: str) -> bytes:
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "data": event.data,
        "prev": prev,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _batches(AuditEvent: Any) -> Any:
    after = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq")[:BATCH])
        if not batch:
            return
        yield batch
        after = batch[-1].seq


class BrokenChain(Exception):
    pass


def _refuse(seq: int, reason: str) -> None:
    raise BrokenChain(
        f"The audit log's SHA-256 chain is broken at entry #{seq} ({reason}). It is not converted to keyed MACs, "
        "which would make tampered entries look valid. Nothing was changed. Find out what happened (restore the "
        "last backup whose `manage.py verify_audit` passed, or keep this database for investigation) before "
        "migrating again; see pseahub/audit/README.md."
    )


def _sha256_chain_check(AuditEvent: Any, AuditHead: Any) -> None:
    expected_seq, expected_prev = 1, GENESIS_HASH
    for batch in _batches(AuditEvent):
        for event in batch:
            if event.seq != expected_seq:
                _refuse(expected_seq, "missing or out of sequence")
            if event.prev_hash != expected_prev:
                _refuse(event.seq, "does not follow the entry before it")
            if hashlib.sha256(_canonical(event, event.prev_hash)).hexdigest() != event.entry_hash:
                _refuse(event.seq, "content does not match its hash")
            expected_seq, expected_prev = expected_seq + 1, event.entry_hash
    head = AuditHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            _refuse(1, "the chain head is missing")
        return
    if (head.last_seq, head.last_hash) != (last_seq, expected_prev):
        _refuse(min(head.last_seq, last_seq) + 1, "the chain head names another last entry")


def forwards(apps: Any, schema_editor: Any) -> None:
    from pseahub.core.secrets import integrity_subkey

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    _sha256_chain_check(AuditEvent, AuditHead)
    if not AuditEvent.objects.exists():
        return
    key = integrity_subkey("audit-mac-v1")
    prev = GENESIS_HASH
    for batch in _batches(AuditEvent):
        for event in batch:
            event.prev_hash = prev
            event.entry_hash = prev = hmac.new(key, _canonical(event, prev), hashlib.sha256).hexdigest()
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "entry_hash"])
    AuditHead.objects.filter(id=1).update(last_hash=prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
