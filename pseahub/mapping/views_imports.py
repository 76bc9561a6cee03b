"""Importing the registries from a sheet (issue 14 item 7): a CFM mapping sheet of mechanisms (the coordinator,
or a focal point for their organisation's) and a 4W sheet of services (the coordinator, or a service provider
for its own). Upload = the dry run (nothing written: the page says what each row would do, or its errors);
the confirmation carries the same file, signed, and writes it all in one transaction, then redirects.
Each page also offers its template workbook."""

from __future__ import annotations

import base64
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError

from .dry_runs import dry_run_sign, dry_run_unsign
from .forms_imports import SheetConfirmForm, SheetUploadForm
from .sheet_imports import MECHANISMS, SERVICES, SheetCheck, sheet_check, sheet_import, template_columns, template_xlsx

MECHANISM_IMPORTERS = (Role.COORDINATOR, Role.FOCAL_POINT)
SERVICE_IMPORTERS = (Role.COORDINATOR, Role.SERVICE_PROVIDER)
SIGNING_SALT = "pseahub.mapping.sheet_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _token(request: HttpRequest, kind: str, content: bytes, filename: str) -> str:
    payload = {"kind": kind, "name": filename, "file": base64.b64encode(content).decode()}
    return dry_run_sign(payload, actor=cast(User, request.user), salt=SIGNING_SALT)


def _untoken(request: HttpRequest, kind: str, token: str) -> tuple[bytes, str] | None:
    try:
        payload = dry_run_unsign(token, actor=cast(User, request.user), salt=SIGNING_SALT)
    except ApplicationError:
        return None
    if payload.get("kind") != kind:
        return None
    return base64.b64decode(payload["file"]), str(payload.get("name", ""))


def _page(
    request: HttpRequest,
    kind: str,
    *,
    form: SheetUploadForm,
    check: SheetCheck | None = None,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "kind": kind,
        "form": form,
        "check": check,
        "errors": check.errors if check else [],
        "confirm_form": SheetConfirmForm(initial={"token": token}) if token else None,
        "columns": template_columns(kind),
        "upload_url": f"mapping:import_{kind}",
        "confirm_url": f"mapping:import_{kind}_confirm",
        "template_url": f"mapping:import_{kind}_template",
    }
    return render(request, "mapping/sheet_import.html", context, status=status)


def _upload(request: HttpRequest, kind: str) -> HttpResponse:
    """GET: the upload form. POST: the dry run of the uploaded file (nothing is written)."""
    if request.method != "POST":
        return _page(request, kind, form=SheetUploadForm())
    form = SheetUploadForm(request.POST, request.FILES)
    if getattr(request, "intake_oversize", None):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("This file is larger than 1 MB: split it."))
        return _page(request, kind, form=form, status=400)
    if not form.is_valid():
        return _page(request, kind, form=form, status=400)
    upload = form.cleaned_data["file"]
    content, filename = upload.read(), upload.name or ""
    try:
        check = sheet_check(kind=kind, actor=cast(User, request.user), content=content, filename=filename)
    except ApplicationError as error:
        form.add_error("file", str(error))
        return _page(request, kind, form=form, status=400)
    token = _token(request, kind, content, filename) if check.importable else ""
    return _page(request, kind, form=SheetUploadForm(), check=check, token=token)


def _confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Write the file the dry run checked (checked again first); any row error and nothing is written."""
    form = SheetConfirmForm(request.POST)
    found = _untoken(request, kind, form.data.get("token", "")) if form.is_valid() else None
    if found is None:
        messages.error(request, _("This dry run has expired: upload the file again."))
        return redirect(f"mapping:import_{kind}")
    content, filename = found
    try:
        check = sheet_import(kind=kind, actor=cast(User, request.user), content=content, filename=filename)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect(f"mapping:import_{kind}")
    if check.errors:
        return _page(request, kind, form=SheetUploadForm(), check=check, status=400)
    messages.success(
        request,
        _("Imported: %(new)s new, %(updated)s updated, %(same)s unchanged.")
        % {"new": check.new, "updated": check.updated, "same": check.same},
    )
    return redirect("mapping:mechanisms" if kind == MECHANISMS else f"mapping:import_{kind}")


def _template(request: HttpRequest, kind: str) -> HttpResponse:
    response = HttpResponse(template_xlsx(kind, cast(User, request.user)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


@never_cache
@role_required(*MECHANISM_IMPORTERS)
@require_http_methods(["GET", "HEAD", "POST"])
def import_mechanisms(request: HttpRequest) -> HttpResponse:
    return _upload(request, MECHANISMS)


@role_required(*MECHANISM_IMPORTERS)
@require_POST
def import_mechanisms_confirm(request: HttpRequest) -> HttpResponse:
    return _confirm(request, MECHANISMS)


@role_required(*MECHANISM_IMPORTERS)
@require_safe
def import_mechanisms_template(request: HttpRequest) -> HttpResponse:
    return _template(request, MECHANISMS)


@never_cache
@role_required(*SERVICE_IMPORTERS)
@require_http_methods(["GET", "HEAD", "POST"])
def import_services(request: HttpRequest) -> HttpResponse:
    return _upload(request, SERVICES)


@role_required(*SERVICE_IMPORTERS)
@require_POST
def import_services_confirm(request: HttpRequest) -> HttpResponse:
    return _confirm(request, SERVICES)


@role_required(*SERVICE_IMPORTERS)
@require_safe
def import_services_template(request: HttpRequest) -> HttpResponse:
    return _template(request, SERVICES)
