"""Writing to and checking the audit chain. ``record`` is the only writer of ``AuditEvent``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import sql
from django.utils import timezone

from .models import Action, AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(
    *, seq: int, at: str, actor_id: int | None, action: str, target_type: str, target_id: str, data: Any, prev: str
) -> bytes:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "data": data,
        "prev": prev,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def entry_hash(event: AuditEvent) -> str:
    """The SHA-256 of an entry as stored (including the hash of its predecessor)."""
    digest = hashlib.sha256(
        _canonical(
            seq=event.seq,
            at=event.at.isoformat(),
            actor_id=event.actor_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            data=event.data,
            prev=event.prev_hash,
        )
    )
    return digest.hexdigest()


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    target_id = getattr(target, "public_id", None) or target.pk
    return target._meta.label_lower, str(target_id)


def record(
    *,
    actor: Any,
    action: Action | str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry, inside the caller's transaction (so it commits or rolls back with the change).

    ``actor`` is a user, or None for the system and for anonymous reporters. ``data`` must stay small and
    must never hold a name, contact, narrative or any other identifying text.
    """
    action = Action(action)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    target_type, target_id = _target_of(target)
    # No savepoint inside the caller's transaction: an error here aborts the whole change anyway.
    with transaction.atomic(savepoint=False):
        seq, prev_hash = _head_advance()
        event = AuditEvent(
            seq=seq,
            at=timezone.now(),
            actor_id=actor_id,
            action=action.value,
            target_type=target_type,
            target_id=target_id,
            data=json.loads(json.dumps(data or {}, sort_keys=True)),
            prev_hash=prev_hash,
        )
        event.entry_hash = entry_hash(event)
        _append(event)
    return event


def _quoted(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _head_advance() -> tuple[int, str]:
    """Lock the chain's head and move it on by one: the new entry's number and its predecessor's hash.

    One statement both locks and reads (the row stays locked until the caller's transaction ends, so appends
    are serialised on PostgreSQL; on SQLite the IMMEDIATE transaction already is). The head is created with
    the chain's first entry.
    """
    head = _quoted(AuditHead)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE {head} SET "last_seq" = "last_seq" + 1 WHERE "id" = 1 RETURNING "last_seq", "last_hash"'  # noqa: S608
            )
            row = cursor.fetchone()
        if row is not None:
            return int(row[0]), str(row[1])
        AuditHead.objects.get_or_create(id=1)
    raise RuntimeError("the audit chain's head could not be created")


def _append(event: AuditEvent) -> None:
    """Insert the entry and record its hash on the head. On PostgreSQL both in one statement (one round trip
    less on every audited change); elsewhere one after the other."""
    head = _quoted(AuditHead)
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE {head} SET "last_hash" = %s WHERE "id" = 1', [event.entry_hash])  # noqa: S608
        return
    # Django writes the INSERT (column list, value adaptation, RETURNING the new id); it becomes the first part
    # of a data-modifying WITH whose second part updates the head.
    fields = [field for field in AuditEvent._meta.concrete_fields if field is not AuditEvent._meta.pk]
    query = sql.InsertQuery(AuditEvent)
    query.insert_values(fields, [event])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [AuditEvent._meta.pk]
    [(insert_sql, insert_params)] = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f'WITH appended AS ({insert_sql}) UPDATE {head} SET "last_hash" = %s FROM appended '  # noqa: S608
            f'WHERE {head}."id" = 1 RETURNING appended."id"',
            [*insert_params, event.entry_hash],
        )
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, connection.alias


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.seq}: {self.reason}"


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def chain_verify() -> ChainProblem | None:
    """Walk the chain from the start; return the first problem found, or None when it is intact.

    Detects an altered entry (its hash no longer matches its content, or it was re-hashed so that its
    successor no longer follows it), a deleted entry (a gap in the sequence), an inserted entry (a crafted
    row whose successor still points past it, a sequence number out of place, or a row after the chain
    head) and a deleted tail (the head row names a later entry). The problem names the entry at fault.
    """
    expected_prev = GENESIS_HASH
    # The hash before ``expected_prev``: an entry that still points to it skipped an inserted one.
    before_prev: str | None = None
    expected_seq = 1
    for event in _events():
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                return ChainProblem(expected_seq, "missing: deleted from the log")
            return ChainProblem(event.seq, "out of sequence: inserted into the log")
        if event.prev_hash != expected_prev:
            if before_prev is not None and event.prev_hash == before_prev:
                return ChainProblem(event.seq - 1, "not part of the chain: inserted into the log")
            if entry_hash(event) != event.entry_hash or event.seq == 1:
                return ChainProblem(event.seq, "does not follow the entry before it: altered or inserted")
            # This entry is intact but remembers a different predecessor: the one before was rewritten
            # and re-hashed.
            return ChainProblem(event.seq - 1, "replaced: the entry after it was chained to a different one")
        if entry_hash(event) != event.entry_hash:
            return ChainProblem(event.seq, "content does not match its hash: altered")
        before_prev, expected_prev = expected_prev, event.entry_hash
        expected_seq += 1
    head = AuditHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or head.last_hash != expected_prev):
        if head.last_seq > last_seq:
            return ChainProblem(last_seq + 1, "missing: deleted from the end of the log")
        if head.last_seq < last_seq:
            return ChainProblem(head.last_seq + 1, "not recorded in the chain head: inserted at the end")
        return ChainProblem(last_seq, "differs from the entry recorded in the chain head: replaced")
    if head is None and last_seq > 0:
        return ChainProblem(1, "chain head is missing")
    return None
