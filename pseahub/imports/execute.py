"""The task worker's part of the import: the dry run and the import of one queued run. The upload is opened
with the run's worker key (the keyring's private key sealed to the dispatch key, which only the worker holds);
rows are checked, then prepared outside any transaction and stored together in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Allegation, Complaint, Status
from pseahub.cases.services import complaint_prepare, receipt_prepare
from pseahub.core.sheets import Cell, cell_text
from pseahub.intake.dispatch import dispatch_private_key
from pseahub.network.selectors import network_settings_get
from pseahub.vault import crypto
from pseahub.vault import services as vault
from pseahub.vault.models import SealedFile

from .fields import vocab_load
from .models import ImportRun, ImportState
from .rows import RowResult, row_read
from .services import data_rows, import_rows
from .store import complaints_store_bulk

logger = logging.getLogger(__name__)

CHUNK = 250  # complaints per bulk insert
PROGRESS_EVERY = 500  # rows read between progress updates of a dry run


def _run_private_for_worker(run: ImportRun) -> bytes:
    return crypto.unseal(dispatch_private_key(), bytes(run.worker_key or b""))


def _progress(run: ImportRun, **counts: int) -> None:
    ImportRun.objects.filter(pk=run.pk).update(**counts, updated_at=timezone.now())


def _check(
    run: ImportRun, rows: list[list[Cell]], *, progress: bool = True
) -> tuple[list[RowResult], list[RowResult], list[RowResult]]:
    """Every data row read: (valid, with errors, already imported). A reference met twice in the file is an
    error on its second row; one already in the platform is skipped and reported."""
    vocab, today = vocab_load(), timezone.localdate()
    mapping = {int(index): key for index, key in run.mapping.items() if key}
    valid: list[RowResult] = []
    errors: list[RowResult] = []
    seen: dict[str, int] = {}
    for count, (number, cells) in enumerate(data_rows(run, rows), start=1):
        result = row_read(
            cells, number=number, columns=run.columns, mapping=mapping, vocab=vocab, value_map=run.value_map,
            today=today,
        )  # fmt: skip
        reference = result.data.original_reference if result.data else ""
        if reference and reference in seen:
            column = next(run.columns[i] for i, key in mapping.items() if key == "original_reference")
            why = _("This reference is also on row %(row)s of the file.") % {"row": seen[reference]}
            result.errors.append({"row": number, "column": column, "value": reference, "why": why})
            result.data = None
        elif reference:
            seen[reference] = number
        (valid if result.data else errors).append(result)
        if progress and count % PROGRESS_EVERY == 0:
            _progress(run, done_rows=count)
    existing = _existing_references([r.data.original_reference for r in valid if r.data and r.data.original_reference])
    duplicates = [r for r in valid if r.data and r.data.original_reference in existing]
    valid = [r for r in valid if not (r.data and r.data.original_reference in existing)]
    return valid, errors, duplicates


def _existing_references(references: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(references), 500):
        found.update(
            Complaint.objects.filter(original_reference__in=references[start : start + 500]).values_list(
                "original_reference", flat=True
            )
        )
    return found


def _past_retention(valid: list[RowResult]) -> int:
    """How many valid rows are closed complaints already past the network's retention period: the next
    retention run purges their sealed content (narrative, names), as for any complaint closed that long ago."""
    cutoff = timezone.localdate() - dt.timedelta(days=network_settings_get().retention_days)
    return sum(1 for result in valid if result.closed_on is not None and result.closed_on <= cutoff)


def _report(
    run: ImportRun,
    rows: list[list[Cell]],
    errors: list[RowResult],
    duplicates: list[RowResult],
    *,
    past_retention: int = 0,
) -> bytes:
    """The error report and the rejected rows, sealed to the run's keyring (only coordinators open it)."""
    rejected = [
        [str(result.number), *(cell_text(value) for value in rows[result.number - 1]),
         " / ".join(f"{e['column']}: {e['why']}" for e in result.errors)]
        for result in errors
    ]  # fmt: skip
    content = {
        "errors": [error for result in errors for error in result.errors],
        "duplicates": [{"row": r.number, "reference": r.data.original_reference if r.data else ""} for r in duplicates],
        "rejected": rejected,
        "past_retention": past_retention,
    }
    assert run.keyring is not None  # noqa: S101 - a run is purged only after it ends
    return vault.seal_data(run.keyring, content, bound_to=(run, "report"))


def import_execute(*, run_id: int, dry_run: bool) -> dict[str, int]:
    """The task's work: read the sealed upload with the worker key, check every row and, unless ``dry_run``,
    store the complaints, all or none (prepared outside the transaction). Returns counts only."""
    expected = ImportState.CHECKING if dry_run else ImportState.IMPORTING
    # Claimed by one conditional update: a task delivered twice runs once.
    claimed = ImportRun.objects.filter(pk=run_id, state=expected, claimed_at__isnull=True).update(
        claimed_at=timezone.now()
    )
    if claimed != 1:
        return {"skipped": 1}
    run = ImportRun.objects.select_related("keyring", "upload", "created_by").get(pk=run_id)
    try:
        rows = import_rows(run, keyring_private=_run_private_for_worker(run))
        # The import checks every row again (the vocabularies or the platform's references may have changed
        # since the dry run); its progress counts prepared complaints only.
        valid, errors, duplicates = _check(run, rows, progress=dry_run)
    except Exception:
        logger.exception("tracker import %s: the dry run failed", run.public_id)
        _finish(run, state=ImportState.FAILED, failure="the file could not be read or checked")
        return {"failed": 1}
    run.valid_rows, run.error_rows, run.duplicate_rows = len(valid), len(errors), len(duplicates)
    run.report = _report(run, rows, errors, duplicates, past_retention=_past_retention(valid))
    if dry_run:
        run.state, run.done_rows, run.checked_at = ImportState.CHECKED, run.total_rows, timezone.now()
        run.save(
            update_fields=["state", "done_rows", "checked_at", "valid_rows", "error_rows", "duplicate_rows", "report"]
        )
        return {"valid": len(valid), "errors": len(errors), "duplicates": len(duplicates)}
    if errors and not run.valid_only:
        _finish(run, state=ImportState.REFUSED, failure="rows have errors")
        return {"imported": 0, "errors": len(errors)}
    imported = 0
    try:
        imported = _store_all(run, valid)
    except Exception:
        logger.exception("tracker import %s: storing failed", run.public_id)
        _finish(run, state=ImportState.FAILED, failure="storing failed: nothing was imported")
        raise
    with transaction.atomic():
        record(
            actor=run.created_by,
            action=Action.TRACKER_IMPORTED,
            target=run,
            data={"imported": imported, "rejected": len(errors), "already_imported": len(duplicates)},
        )
        _finish(run, state=ImportState.DONE, imported=imported)
    return {"imported": imported, "errors": len(errors), "duplicates": len(duplicates)}


def _store_all(run: ImportRun, valid: list[RowResult]) -> int:
    """Key pairs and sealing for every row first, outside any transaction (the slow part, whose progress the
    page shows); then every complaint stored in one transaction, a chunk per insert, so that a failure while
    storing leaves nothing half-imported (and no audit entry to take back)."""
    retention = dt.timedelta(days=network_settings_get().retention_days)
    ready = []
    for count, result in enumerate(valid, start=1):
        assert result.data is not None  # noqa: S101 - only valid rows come here
        prepared = complaint_prepare(actor=run.created_by, data=result.data, prepared=receipt_prepare(issue=False))
        _sea_type_set(prepared, result)
        if result.status != Status.NEW:
            complaint = prepared.complaint
            complaint.status = result.status
            if result.status == Status.CLOSED and result.closed_on:
                complaint.closed_at = timezone.make_aware(dt.datetime.combine(result.closed_on, dt.time.min))
                complaint.retention_until = complaint.closed_at + retention
        ready.append(prepared)
        if count % PROGRESS_EVERY == 0:
            _progress(run, done_rows=count)
    _progress(run, done_rows=len(ready))
    with transaction.atomic():
        for start in range(0, len(ready), CHUNK):
            complaints_store_bulk(ready[start : start + CHUNK], actor=run.created_by)
    return len(ready)


def _sea_type_set(prepared: Any, result: RowResult) -> None:
    """The SEA sub-type goes on the complaint's allegations (one is made when the row named no perpetrator)."""
    if result.sea_type is None:
        return
    if not prepared.allegations:
        allegation = Allegation()
        allegation.sealed = vault.seal_data(
            prepared.keyring.keyring, {"perpetrator_description": ""}, bound_to=(allegation, "sealed")
        )
        prepared.allegations.append((allegation, []))
    for allegation, _group in prepared.allegations:
        allegation.sea_type = result.sea_type


def _finish(run: ImportRun, *, state: str, failure: str = "", imported: int = 0) -> None:
    """End a run: its state and counts, and the upload deleted once an import is over (the report stays,
    sealed, until the run expires)."""
    run.state, run.failure, run.finished_at = state, failure, timezone.now()
    fields = ["state", "failure", "finished_at", "valid_rows", "error_rows", "duplicate_rows", "report", "updated_at"]
    if state == ImportState.DONE:
        run.imported_rows, run.done_rows = imported, imported
        upload_id, run.upload, run.worker_key = run.upload_id, None, None
        fields += ["imported_rows", "done_rows", "upload", "worker_key"]
        run.save(update_fields=fields)
        if upload_id is not None:
            SealedFile.objects.filter(pk=upload_id).delete()
        return
    run.save(update_fields=fields)
