"""Writing to and checking the audit chain. ``record`` is the only writer of ``AuditEvent``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import sql
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pseahub.core.secrets import integrity_subkey

from .models import Action, AuditEvent, AuditHead, FailureWindow
from .witnesses import witnesses_registered

GENESIS_HASH = "0" * 64
# The sub-key of INTEGRITY_KEY that MACs the entries (pseahub.core.secrets); "v1" names this canonical form.
MAC_PURPOSE = "audit-mac-v1"


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
    """The MAC of an entry as stored (including its predecessor's): HMAC-SHA256 under a sub-key of
    ``INTEGRITY_KEY``, which never enters the database, so a database writer cannot re-hash an altered row."""
    digest = hmac.new(
        integrity_subkey(MAC_PURPOSE),
        _canonical(
            seq=event.seq,
            at=event.at.isoformat(),
            actor_id=event.actor_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            data=event.data,
            prev=event.prev_hash,
        ),
        hashlib.sha256,
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
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    target_type, target_id = _target_of(target)
    return _entry_append(
        actor_id=actor_id, action=Action(action), target_type=target_type, target_id=target_id, data=data
    )


def _entry_append(
    *, actor_id: int | None, action: Action, target_type: str, target_id: str, data: dict[str, Any] | None
) -> AuditEvent:
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


def record_many(
    *, actor: Any, action: Action | str, entries: list[tuple[models.Model | None, dict[str, Any] | None]]
) -> list[AuditEvent]:
    """Append one entry per (target, data), all of one action and actor, inside the caller's transaction: the
    chain's head moves on once for all of them and the entries are inserted together (bulk loads such as the
    tracker import). The chain is the same as ``record`` called for each in turn would make."""
    if not entries:
        return []
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    head = _quoted(AuditHead)
    with transaction.atomic(savepoint=False):
        row = None
        for _attempt in range(2):
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE {head} SET "last_seq" = "last_seq" + %s WHERE "id" = 1 RETURNING "last_seq", "last_hash"',  # noqa: S608
                    [len(entries)],
                )
                row = cursor.fetchone()
            if row is not None:
                break
            AuditHead.objects.get_or_create(id=1)
        if row is None:
            raise RuntimeError("the audit chain's head could not be created")
        seq, prev_hash = int(row[0]) - len(entries), str(row[1])
        at = timezone.now()
        events = []
        for target, data in entries:
            seq += 1
            target_type, target_id = _target_of(target)
            event = AuditEvent(
                seq=seq,
                at=at,
                actor_id=actor_id,
                action=Action(action).value,
                target_type=target_type,
                target_id=target_id,
                data=json.loads(json.dumps(data or {}, sort_keys=True)),
                prev_hash=prev_hash,
            )
            event.entry_hash = prev_hash = entry_hash(event)
            events.append(event)
        AuditEvent.objects.bulk_create(events)
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE {head} SET "last_hash" = %s WHERE "id" = 1', [prev_hash])  # noqa: S608
    return events


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
    A tail deleted together with the head moved back leaves a valid chain: anchors (``anchors_check``) and
    witnesses (``witnesses_check``) catch that.
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


def chain_head() -> tuple[int, str]:
    """The chain's head as the database holds it: the last entry's ``seq`` and hash, ``(0, GENESIS_HASH)``
    for an empty log. Copied outside the database, it is an anchor (``verify_audit --expect SEQ:HASH``)."""
    head = AuditHead.objects.filter(id=1).values_list("last_seq", "last_hash").first()
    if head is None:
        return 0, GENESIS_HASH
    return int(head[0]), str(head[1])


# --- Anchors: copies of the head kept outside the database ------------------------------------------------

ANCHOR_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d+):([0-9a-f]{64})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def anchor_parse(text: str) -> Anchor:
    """``SEQ:HASH`` (as ``verify_audit`` prints it) as an anchor; ValueError otherwise."""
    match = ANCHOR_PATTERN.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"{text!r} is not SEQ:HASH (a number, a colon and 64 hexadecimal digits)")
    return Anchor(int(match.group(1)), match.group(2))


def anchors_read(path: Path) -> list[Anchor]:
    """Every anchor in an anchor file: one per line (``<time> SEQ:HASH``); blank lines and ``#`` comments are
    skipped, and any other line is an error rather than silently ignored."""
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = ANCHOR_PATTERN.findall(line.lower())
        if len(found) != 1:
            raise ValueError(f"{path}, line {number}: not an anchor (expected one SEQ:HASH)")
        anchors.append(Anchor(int(found[0][0]), found[0][1]))
    return anchors


def anchors_check(anchors: list[Anchor]) -> list[ChainProblem]:
    """Whether the log still holds each entry an anchor names, with the same hash. Together with an intact
    chain (``chain_verify``) this proves the log up to the anchor is the one anchored, since each hash covers
    every entry before it: a log truncated behind the anchor lacks the entry, and one rewritten (even by
    someone holding the key) has another hash there."""
    problems = []
    unique = sorted(set(anchors), key=lambda anchor: (anchor.seq, anchor.hash))
    for start in range(0, len(unique), 500):
        batch = unique[start : start + 500]
        stored = dict(
            AuditEvent.objects.filter(seq__in={anchor.seq for anchor in batch}).values_list("seq", "entry_hash")
        )
        for anchor in batch:
            if anchor.seq == 0:
                if anchor.hash != GENESIS_HASH:
                    problems.append(ChainProblem(0, "an anchor of the empty log has another hash"))
            elif anchor.seq not in stored:
                reason = f"named by the anchor {anchor} but missing: the log was truncated after it"
                problems.append(ChainProblem(anchor.seq, reason))
            elif stored[anchor.seq] != anchor.hash:
                problems.append(
                    ChainProblem(anchor.seq, f"differs from the anchor {anchor}: the log was rewritten after it")
                )
    return problems


def anchor_line(*, now: dt.datetime | None = None) -> str:
    seq, last_hash = chain_head()
    return f"{(now or timezone.now()).isoformat(timespec='seconds')} {seq}:{last_hash}\n"


def anchor_file_append(*, path: Path, now: dt.datetime | None = None) -> str:
    """Append the head, with the time, to a file outside the database (flushed to disk before returning)."""
    line = anchor_line(now=now)
    with path.open("a", encoding="utf-8") as anchors:
        anchors.write(line)
        anchors.flush()
        os.fsync(anchors.fileno())
    return line


def anchor_email_send(*, recipients: list[str]) -> tuple[int, str]:
    """E-mail the head to the network's auditors: the entry's number and hash, nothing about any case."""
    from pseahub.core.notify import site_url
    from pseahub.core.tasks import email_send

    seq, last_hash = chain_head()
    with translation.override(settings.LANGUAGE_CODE):
        subject = "[PSEA Hub] " + _("Audit log anchor: entry %(seq)d") % {"seq": seq}
        body = _(
            "The audit log of %(site)s reached entry %(seq)d at %(time)s UTC. Its anchor is:\n\n"
            "%(anchor)s\n\n"
            "Keep this e-mail where the server's operators cannot change it. To check that the log was not "
            "truncated or rewritten since, the operator runs:\n\n"
            "manage.py verify_audit --expect %(anchor)s\n\n"
            "This e-mail contains no case information."
        ) % {
            "site": site_url("/"),
            "seq": seq,
            "time": timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            "anchor": f"{seq}:{last_hash}",
        }
    for recipient in recipients:
        email_send.enqueue(to=recipient, subject=subject, body=body)
    return seq, last_hash


# --- Witnesses: other apps' records that the log must account for ----------------------------------------


def witnesses_check() -> list[str]:
    """What the registered witnesses (``audit.witnesses``) prove missing from the log: records exist, yet the
    log is empty, lacks the entry that recorded the newest one's creation, or ends before it was created."""
    problems = []
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "at").first()
    for witness in witnesses_registered():
        seen = witness()
        if seen is None:
            continue
        newest = f"the newest {seen.what} (created {seen.created_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC)"
        if last is None:
            problems.append(f"the log is empty, but {seen.count} {seen.what} record(s) exist: emptied")
        elif not AuditEvent.objects.filter(
            action=seen.action,
            target_type=seen.target_type,
            target_id=seen.target_id,
            **{f"data__{key}": value for key, value in seen.detail.items()},
        ).exists():
            problems.append(f"no entry records the creation of {newest}: entries were deleted")
        elif seen.created_at > last[1]:
            problems.append(f"the last entry (#{last[0]}) is older than {newest}: entries were deleted from the end")
    return problems


# --- Anonymous failures: counted per window, one entry per window -----------------------------------------


def _window_start(now: dt.datetime) -> dt.datetime:
    seconds = max(1, int(settings.AUDIT_FAILURE_WINDOW_SECONDS))
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def failure_count(
    *,
    action: Action | str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Count one failure by someone unknown (a sign-in for an account that does not exist, a refused webhook
    call) in the current window, instead of appending an entry: whoever sends them cannot flood the log, nor
    make every append wait on the head's lock. The windows that have ended become one entry each (action,
    window, count: ``failure_windows_flush``), here when a new window opens and from the periodic task.

    One atomic upsert on a table shared by every process; no audit lock is taken. ``data`` is part of the key
    and, like ``record``'s, never holds a name, address or anything typed by the caller. Returns the count.
    """
    action = Action(action)
    target_type, target_id = _target_of(target)
    detail = json.dumps(data or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    now = now or timezone.now()
    table = _quoted(FailureWindow)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("action", "target_type", "target_id", "detail", "window_start", "count") '  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, 1) "
            'ON CONFLICT ("action", "target_type", "target_id", "detail", "window_start") '
            f'DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"',
            [
                action.value,
                target_type,
                target_id,
                detail,
                connection.ops.adapt_datetimefield_value(_window_start(now)),
            ],
        )
        (count,) = cursor.fetchone()
    if count == 1:
        # The first failure of a window: the earlier windows have ended.
        failure_windows_flush(now=now)
    return int(count)


def failure_windows_flush(*, now: dt.datetime | None = None) -> int:
    """Write one entry for each counted window that has ended, and forget the counts. Two processes flushing
    at once write each window once (PostgreSQL: the second skips the rows the first holds; SQLite has one
    writer). Returns the number of entries written."""
    seconds = int(settings.AUDIT_FAILURE_WINDOW_SECONDS)
    current = _window_start(now or timezone.now())
    ended = FailureWindow.objects.filter(window_start__lt=current).order_by("window_start", "pk")
    written = 0
    while True:
        with transaction.atomic():
            query = ended
            if connection.features.has_select_for_update_skip_locked:
                query = query.select_for_update(skip_locked=True)
            windows = list(query[:200])
            for window in windows:
                _entry_append(
                    actor_id=None,
                    action=Action(window.action),
                    target_type=window.target_type,
                    target_id=window.target_id,
                    data={
                        **json.loads(window.detail or "{}"),
                        "window_start": window.window_start.astimezone(dt.UTC).isoformat(),
                        "window_seconds": seconds,
                        "count": window.count,
                    },
                )
            FailureWindow.objects.filter(pk__in=[window.pk for window in windows]).delete()
        written += len(windows)
        if len(windows) < 200:
            return written
