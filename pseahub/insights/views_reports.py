"""The reports' pages: ask for a report, follow its making, download it (audited), publish a donor report to
donors. Those who read the insights (coordinators, co-chairs, leadership, analysts) see every report; donors
download only the donor reports published to them, from their page (``views.donor``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from pseahub.accounts.models import INSIGHTS_ROLES, Role
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.network.selectors import network_settings_get

from . import hq_file, reports, selectors, services
from .access import report_get_for
from .models import ReportFormat, ReportKind, ReportState
from .report_forms import HQReturnForm, ReportForm

CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.JSON: "application/json",
    ReportFormat.CSV: "text/csv; charset=utf-8",
}
SCHEMA_MAX_AGE = 24 * 60 * 60  # the schema of a version never changes; a day lets a new deployment fix a typo


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "en")


def _reports_page(request: HttpRequest, **forms_given: forms.Form) -> HttpResponse:
    context: dict[str, Any] = {
        "report_form": ReportForm(prefix="report", language=_language(request)),
        "hq_form": HQReturnForm(prefix="hq", language=_language(request)),
        **forms_given,
        "reports": selectors.report_list(actor=request.user),  # type: ignore[arg-type]
        "donor_noise": network_settings_get().outside_noise_epsilon,
    }
    return render(request, "insights/reports.html", context)


@never_cache
@role_required(*INSIGHTS_ROLES)
def report_list(request: HttpRequest) -> HttpResponse:
    return _reports_page(request)


@require_POST
@role_required(*INSIGHTS_ROLES)
def report_create(request: HttpRequest) -> HttpResponse:
    form: ReportForm | HQReturnForm
    if request.POST.get("form") == "hq":
        form, key = HQReturnForm(request.POST, prefix="hq"), "hq_form"
    else:
        form, key = ReportForm(request.POST, prefix="report"), "report_form"
    if form.is_valid():
        try:
            report = services.report_request(actor=request.user, **form.parameters())  # type: ignore[arg-type]
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("insights:report", public_id=report.public_id)
    return _reports_page(request, **{key: form})


@never_cache
@role_required(*INSIGHTS_ROLES)
def report_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = report_get_for(request.user, public_id)  # type: ignore[arg-type]
    context = {
        "report": report,
        "period": reports.period_label(report),
        "filters": reports.filters_label(report) if report.kind != ReportKind.HQ_QUARTERLY else "",
        "noise": reports.noise_note(reports.noise_epsilon(report)),
        "files": list(report.files.defer("content")) if report.state == ReportState.DONE else [],
        "schema": report.kind == ReportKind.HQ_QUARTERLY,
        "changed": report.state == ReportState.DONE and reports.data_changed_since(report),
        "can_publish": request.user.has_role(Role.COORDINATOR)  # type: ignore[union-attr]
        and report.kind == ReportKind.DONOR
        and report.state == ReportState.DONE,
    }
    return render(request, "insights/report.html", context)


@require_POST
@role_required(*INSIGHTS_ROLES, Role.DONOR)
def report_download(request: HttpRequest, public_id: UUID, fmt: str) -> HttpResponse:
    report = report_get_for(request.user, public_id)  # type: ignore[arg-type]
    if fmt not in ReportFormat.values:
        raise Http404
    try:
        file = services.report_download(actor=request.user, report=report, fmt=fmt)  # type: ignore[arg-type]
    except ApplicationError as error:
        raise Http404 from error
    response = HttpResponse(bytes(file.content), content_type=CONTENT_TYPES[ReportFormat(fmt)])
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.COORDINATOR)
def report_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = report_get_for(request.user, public_id)  # type: ignore[arg-type]
    try:
        services.report_publish(actor=request.user, report=report)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published: donors see this report on their page."))
    return redirect("insights:report", public_id=report.public_id)


@require_POST
@role_required(Role.COORDINATOR)
def report_unpublish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = report_get_for(request.user, public_id)  # type: ignore[arg-type]
    services.report_unpublish(actor=request.user, report=report)  # type: ignore[arg-type]
    messages.success(request, _("Withdrawn: donors no longer see this report."))
    return redirect("insights:report", public_id=report.public_id)


@require_safe
@cache_control(public=True, max_age=SCHEMA_MAX_AGE)
def hq_schema(request: HttpRequest) -> HttpResponse:
    """The published JSON Schema of the HQ return file, for anyone: it holds no data (README.md, "The HQ return
    file"). Served from the file beside the code, so the page and the check of an import read the same schema."""
    response = HttpResponse(hq_file.schema_bytes(), content_type="application/schema+json")
    response["Content-Disposition"] = f'inline; filename="{hq_file.SCHEMA_NAME}"'
    return response
