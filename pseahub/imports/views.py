"""The tracker import's pages: coordinators only (403 for other roles, 404 for a run that does not exist).
Each POST calls one service and redirects; the dry run and the import run in the task worker, and the run's
page shows their progress (it refreshes itself while they run)."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pseahub.accounts.models import Role
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_load

from . import services
from .access import import_run_get_for
from .fields import vocab_load
from .forms import ColumnsForm, RejectedForm, StartForm, UploadForm, ValuesForm
from .models import ImportRun, ImportState

REPORT_SHOWN = 500


def _private(request: HttpRequest, run: ImportRun) -> bytes | None:
    try:
        return services.run_private_for_user(run, user=request.user, user_private=session_key_load(request))  # type: ignore[arg-type]
    except vault.NoGrantError:
        return None


@never_cache
@role_required(Role.COORDINATOR)
def start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    # The site's upload handler keeps files in memory (never a temporary file on disk) and drops one over
    # the size cap while it streams, naming it here.
    if request.method == "POST" and getattr(request, "intake_oversize", None):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", services.too_large_message())
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            form.add_error("file", services.too_large_message())
        else:
            try:
                run = services.import_upload(
                    actor=request.user,  # type: ignore[arg-type]
                    user_private=session_key_load(request),
                    content=upload.read(),
                    filename=upload.name or "",
                )
            except ApplicationError as error:
                form.add_error("file", str(error))
            else:
                return redirect("imports:detail", public_id=run.public_id)
    runs = ImportRun.objects.select_related("created_by").order_by("-created_at")[:20]
    return render(request, "imports/start.html", {"form": form, "runs": runs})


@never_cache
@role_required(Role.COORDINATOR)
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    private = _private(request, run)
    report: dict[str, Any] = {"errors": [], "duplicates": [], "rejected": [], "past_retention": 0}
    if private is not None and run.report:
        report = services.import_report(run, keyring_private=private)
    editable = run.state in (ImportState.UPLOADED, ImportState.CHECKED, ImportState.REFUSED, ImportState.FAILED)
    context = {
        "run": run,
        "key_unlocked": private is not None,
        "editable": editable and run.upload_id is not None,
        "columns_form": ColumnsForm(columns=run.columns, mapping=run.mapping),
        "has_reference": "original_reference" in run.mapping.values(),
        "start_form": StartForm(),
        "rejected_form": RejectedForm(),
        "errors": report["errors"][:REPORT_SHOWN],
        "errors_total": len(report["errors"]),
        "duplicates": report["duplicates"][:REPORT_SHOWN],
        "rejected_count": len(report["rejected"]),
        "past_retention": report.get("past_retention", 0),
        "report_shown": REPORT_SHOWN,
    }
    return render(request, "imports/detail.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def columns(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    form = ColumnsForm(request.POST, columns=run.columns, mapping=run.mapping)
    if form.is_valid():
        try:
            services.import_mapping_save(actor=request.user, run=run, mapping=form.mapping())  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Columns mapped. Check the values, then run the dry run."))
            return redirect("imports:values", public_id=run.public_id)
    else:
        messages.error(request, _("Choose a field or nothing for each column."))
    return redirect("imports:detail", public_id=run.public_id)


@never_cache
@role_required(Role.COORDINATOR)
def values(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    private = _private(request, run)
    if private is None or run.upload_id is None:
        return render(request, "imports/values.html", {"run": run, "form": None, "locked": private is None})
    vocab = vocab_load()
    groups = services.import_distinct_values(run, rows=services.import_rows(run, keyring_private=private), vocab=vocab)
    form = ValuesForm(request.POST or None, groups=groups, options=vocab.options)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_values_save(actor=request.user, run=run, values=form.values())  # type: ignore[arg-type]
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Values mapped. Run the dry run to check every row."))
            return redirect("imports:detail", public_id=run.public_id)
    return render(request, "imports/values.html", {"run": run, "form": form, "locked": False})


@require_POST
@role_required(Role.COORDINATOR)
def check(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    try:
        services.import_check_start(actor=request.user, run=run)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, str(error))
    return redirect("imports:detail", public_id=run.public_id)


@require_POST
@role_required(Role.COORDINATOR)
def run(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = import_run_get_for(request.user, public_id)
    form = StartForm(request.POST)
    form.is_valid()
    try:
        services.import_start(actor=request.user, run=found, valid_only=form.cleaned_data.get("valid_only", False))  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, str(error))
    return redirect("imports:detail", public_id=found.public_id)


@require_POST
@role_required(Role.COORDINATOR)
def rejected(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    private = _private(request, run)
    form = RejectedForm(request.POST)
    if private is None or not run.report or not form.is_valid():
        messages.error(request, _("The rejected rows cannot be opened: your key is locked or the import has expired."))
        return redirect("imports:detail", public_id=run.public_id)
    header, rows = services.import_rejected_export(actor=request.user, run=run, keyring_private=private)  # type: ignore[arg-type]
    if form.cleaned_data["format"] == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        # A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).
        writer.writerows([["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in row] for row in rows])
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        response = HttpResponse(
            _xlsx(header, rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="rejected-rows.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()

    def text(value: str) -> WriteOnlyCell:
        # Every cell stays text: an "=…" in the file is never written back as a formula.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell

    for row in [header, *rows]:
        sheet.append([text(str(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@require_POST
@role_required(Role.COORDINATOR)
def discard(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = import_run_get_for(request.user, public_id)
    try:
        services.import_discard(actor=request.user, run=run)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("imports:detail", public_id=run.public_id)
    messages.success(request, _("The import was discarded: its file and report are destroyed."))
    return redirect("imports:start")
