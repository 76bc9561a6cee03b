"""Every write of the tracker import a coordinator asks for: the sealed upload, the mapping, queueing the dry
run and the import (which the task worker runs: ``execute.import_execute``), the rejected rows, discarding,
and the expiry of what is sealed."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.services import COORDINATORS
from pseahub.core.exceptions import ApplicationError
from pseahub.core.sheets import Cell, cell_text, header_detect, is_blank, normalise, rows_read
from pseahub.intake.dispatch import dispatch_public_key
from pseahub.vault import crypto
from pseahub.vault import services as vault

from .fields import AGE, BY_KEY, CHOICE, IGNORE, Vocab, header_score, mapping_suggest, vocab_load
from .models import ImportMapping, ImportRun, ImportState

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KEEP_FOR = dt.timedelta(days=7)
MAX_NAME = 60  # column names and mapped values are kept in clear: names of fields and words, never longer


def upload_cap() -> int:
    """The largest tracker accepted: ours, or the site's upload cap if lower (the upload handler drops a file
    over that one while it streams)."""
    return min(MAX_UPLOAD_BYTES, settings.INTAKE_MAX_ATTACHMENT_BYTES)


def too_large_message() -> str:
    return _("This file is larger than %(size)s MB: split it or remove its other sheets.") % {
        "size": upload_cap() // (1024 * 1024)
    }


# --- the upload ---------------------------------------------------------------------------------------------
def import_upload(*, actor: User, user_private: bytes | None, content: bytes, filename: str) -> ImportRun:
    """Seal an uploaded tracker to a new keyring granted to the coordinators, find its header and suggest a
    mapping. The file is read in memory only; a file that cannot be read raises ``ApplicationError``."""
    if user_private is None:
        raise ApplicationError(_("Your key is locked: sign out and in again before uploading a tracker."))
    if len(content) > upload_cap():
        raise ApplicationError(too_large_message())
    rows = rows_read(content, filename)
    header = header_detect(rows, header_score)
    columns = [name[:MAX_NAME] for name in header.columns]
    saved = ImportMapping.objects.filter(pk=1).first()
    mapping = mapping_suggest(columns, saved.columns if saved else None)
    readers = {user.pk: user for user in COORDINATORS.rows()}
    readers.setdefault(actor.pk, actor)
    with transaction.atomic():
        keyring = vault.keyring_create(readers=readers.values(), granted_by=actor)
        private = vault.keyring_open_for_user(keyring=keyring, user=actor, user_private=user_private)
        upload = vault.sealed_file_store(
            keyring=keyring, content=content, filename=filename[:200], content_type="application/octet-stream"
        )
        run = ImportRun.objects.create(
            created_by=actor,
            keyring=keyring,
            upload=upload,
            worker_key=crypto.seal(dispatch_public_key(), private),
            header_row=header.first_row,
            data_start=header.data_start,
            columns=columns,
            mapping={str(index): key for index, key in mapping.items()},
            value_map=(saved.values if saved else {}),
            total_rows=sum(1 for row in rows[header.data_start :] if not is_blank(row)),
            expires_at=timezone.now() + KEEP_FOR,
        )
        record(actor=actor, action=Action.TRACKER_IMPORT_UPLOADED, target=run, data={"rows": run.total_rows})
    return run


def run_private_for_user(run: ImportRun, *, user: User, user_private: bytes | None) -> bytes:
    """The run's keyring private key for a coordinator (``vault.NoGrantError`` if they cannot open it)."""
    if run.keyring is None or run.purged_at is not None:
        raise vault.NoGrantError("purged")
    return vault.keyring_open_for_user(keyring=run.keyring, user=user, user_private=user_private)


def import_rows(run: ImportRun, *, keyring_private: bytes) -> list[list[Cell]]:
    """The upload's rows (opened in memory)."""
    if run.upload is None:
        raise ApplicationError(_("The uploaded file is no longer kept: upload it again."))
    content, meta = vault.sealed_file_open(sealed_file=run.upload, keyring_private=keyring_private)
    return rows_read(content, meta.get("filename", ""))


def data_rows(run: ImportRun, rows: list[list[Cell]]) -> Iterable[tuple[int, list[Cell]]]:
    for index in range(run.data_start, len(rows)):
        if not is_blank(rows[index]):
            yield index + 1, rows[index]


def import_distinct_values(
    run: ImportRun, *, rows: list[list[Cell]], vocab: Vocab
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Per mapped vocabulary field, each distinct value of its column with how often it occurs, the option it
    is mapped to (the coordinator's choice or the suggestion) and whether that is a suggestion."""
    found: list[tuple[str, list[dict[str, Any]]]] = []
    for index_text, key in sorted(run.mapping.items(), key=lambda item: int(item[0])):
        if not key or BY_KEY[key].kind not in (CHOICE, AGE):
            continue
        index = int(index_text)
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for _number, cells in data_rows(run, rows):
            text = cell_text(cells[index]) if index < len(cells) else ""
            normalised = normalise(text)
            if normalised and len(normalised) <= MAX_NAME:
                counts[normalised] += 1
                shown.setdefault(normalised, text)
        chosen = run.value_map.get(key, {})
        entries = []
        for normalised, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            suggestion = vocab.suggest(key, shown[normalised])
            entries.append(
                {
                    "value": normalised,
                    "shown": shown[normalised][:80],
                    "count": count,
                    "code": chosen.get(normalised, suggestion or ""),
                    "mapped": normalised in chosen,
                    "known": suggestion is not None,
                }
            )
        found.append((key, entries))
    return found


# --- the mapping --------------------------------------------------------------------------------------------
def _require_editable(run: ImportRun) -> None:
    if run.state not in (ImportState.UPLOADED, ImportState.CHECKED, ImportState.REFUSED, ImportState.FAILED):
        raise ApplicationError(_("This import can no longer be changed."))
    if run.upload_id is None:
        raise ApplicationError(_("The uploaded file is no longer kept: upload it again."))


@transaction.atomic
def import_mapping_save(*, actor: User, run: ImportRun, mapping: dict[int, str]) -> ImportRun:
    """Set the field of each column (each field at most once) and keep the mapping for the network's next file."""
    _require_editable(run)
    used = [key for key in mapping.values() if key]
    if unknown := [key for key in used if key not in BY_KEY]:
        raise ApplicationError(_("Unknown field: %(field)s.") % {"field": unknown[0]})
    if duplicates := sorted({str(BY_KEY[key].label) for key in used if used.count(key) > 1}):
        raise ApplicationError(
            _("Each field can take one column only: %(fields)s.") % {"fields": ", ".join(duplicates)}
        )
    run.mapping = {str(index): mapping.get(index, IGNORE) for index in range(len(run.columns))}
    run.state = ImportState.UPLOADED
    run.save(update_fields=["mapping", "state", "updated_at"])
    saved, _created = ImportMapping.objects.select_for_update().get_or_create(pk=1)
    saved.columns = {
        **saved.columns,
        **{normalise(run.columns[i]): key for i, key in mapping.items() if normalise(run.columns[i])},
    }
    saved.updated_by = actor
    saved.save()
    return run


@transaction.atomic
def import_values_save(*, actor: User, run: ImportRun, values: dict[str, dict[str, str]]) -> ImportRun:
    """Map values of vocabulary columns to options ("" = leave empty), for this run and the network's next."""
    _require_editable(run)
    vocab_options = vocab_load().options
    for key, chosen in values.items():
        if key not in BY_KEY or BY_KEY[key].kind not in (CHOICE, AGE):
            raise ApplicationError(_("Unknown field: %(field)s.") % {"field": key})
        options = vocab_options.get(key, {})
        if any(code and code not in options for code in chosen.values()):
            raise ApplicationError(_("Unknown option for %(field)s.") % {"field": BY_KEY[key].label})
    if any(len(raw) > MAX_NAME for chosen in values.values() for raw in chosen):
        raise ApplicationError(_("A value to map is too long: it is not a vocabulary word."))
    merged = {key: dict(chosen) for key, chosen in run.value_map.items()}
    for key, chosen in values.items():
        merged.setdefault(key, {}).update(chosen)
    run.value_map = merged
    run.state = ImportState.UPLOADED
    run.save(update_fields=["value_map", "state", "updated_at"])
    saved, _created = ImportMapping.objects.select_for_update().get_or_create(pk=1)
    saved.values = {key: {**saved.values.get(key, {}), **chosen} for key, chosen in merged.items()}
    saved.updated_by = actor
    saved.save()
    return run


# --- dry run and import: queued, run by the task worker ----------------------------------------------------
def _enqueue(run_id: int, *, dry_run: bool) -> None:
    from .tasks import import_execute_task

    transaction.on_commit(lambda: import_execute_task.enqueue(run_id=run_id, dry_run=dry_run))


@transaction.atomic
def import_check_start(*, actor: User, run: ImportRun) -> ImportRun:
    """Queue the dry run: every row read and checked, nothing written but the report."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    _require_editable(run)
    if not any(run.mapping.values()):
        raise ApplicationError(_("Map at least one column to a field."))
    run.state, run.done_rows, run.claimed_at = ImportState.CHECKING, 0, None
    run.save(update_fields=["state", "done_rows", "claimed_at", "updated_at"])
    _enqueue(run.pk, dry_run=True)
    return run


@transaction.atomic
def import_start(*, actor: User, run: ImportRun, valid_only: bool) -> ImportRun:
    """Queue the import after a dry run: all rows or none, or (``valid_only``) only the valid ones."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != ImportState.CHECKED:
        raise ApplicationError(_("Run the dry run first."))
    if run.error_rows and not valid_only:
        raise ApplicationError(
            _("Some rows have errors: correct the file or the mapping, or choose to import only the valid rows.")
        )
    run.state, run.valid_only, run.done_rows, run.started_at = ImportState.IMPORTING, valid_only, 0, timezone.now()
    run.claimed_at = None
    run.save(update_fields=["state", "valid_only", "done_rows", "started_at", "claimed_at", "updated_at"])
    _enqueue(run.pk, dry_run=False)
    return run


def import_report(run: ImportRun, *, keyring_private: bytes) -> dict[str, Any]:
    """The dry run's or import's report: errors (row, column, value, why), already imported rows, rejected rows."""
    if not run.report:
        return {"errors": [], "duplicates": [], "rejected": [], "past_retention": 0}
    return vault.open_data(keyring_private, bound_to=(run, "report"))


@transaction.atomic
def import_rejected_export(*, actor: User, run: ImportRun, keyring_private: bytes) -> tuple[list[str], list[list[str]]]:
    """The rejected rows as they were in the file, with a "why" column (audited: they hold sealed content)."""
    report = import_report(run, keyring_private=keyring_private)
    header = [_("Row"), *run.columns, _("Why")]
    record(
        actor=actor, action=Action.TRACKER_IMPORT_REJECTS_DOWNLOADED, target=run, data={"rows": len(report["rejected"])}
    )
    return header, report["rejected"]


@transaction.atomic
def import_discard(*, actor: User, run: ImportRun) -> ImportRun:
    """Drop an import that is not running: its upload and report can no longer be opened."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.is_active:
        raise ApplicationError(_("This import is running: wait for it to end."))
    _purge(run)
    if run.state not in (ImportState.DONE,):
        run.state = ImportState.DISCARDED
    run.save()
    record(actor=actor, action=Action.TRACKER_IMPORT_DISCARDED, target=run)
    return run


def _purge(run: ImportRun) -> None:
    if run.keyring_id is not None:
        vault.keyrings_destroy(keyring_ids=[run.keyring_id])
    run.upload, run.worker_key, run.report, run.purged_at = None, None, None, timezone.now()


def imports_expire(*, now: dt.datetime | None = None) -> int:
    """Destroy the sealed upload and report of every run past its seven days (periodic). A run still going
    after that long is marked failed."""
    now = now or timezone.now()
    count = 0
    for run in ImportRun.objects.filter(expires_at__lte=now, purged_at__isnull=True):
        with transaction.atomic():
            _purge(run)
            if run.is_active or run.state in (ImportState.UPLOADED, ImportState.CHECKED):
                run.state = ImportState.DISCARDED
            run.save()
        count += 1
    return count
