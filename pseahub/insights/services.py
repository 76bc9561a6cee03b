"""Writes of the insights app: reports asked for, downloaded, published to donors and withdrawn. Each is audited
in the same transaction; the making itself is queued (``tasks.report_generate_task``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.network.selectors import network_settings_get

from . import reports
from .hq_file import country_ok
from .models import ACTIVE_STATES, Report, ReportFile, ReportFormat, ReportKind, ReportState

# A report's period is at most this long: a longer one makes a by-month table no one reads.
MAX_PERIOD = dt.timedelta(days=5 * 366)


def _enqueue(report_id: int) -> None:
    from .tasks import report_generate_task

    transaction.on_commit(lambda: report_generate_task.enqueue(report_id=report_id))


@transaction.atomic
def report_request(
    *,
    actor: User,
    kind: str,
    language: str,
    start: dt.date,
    end: dt.date,
    formats: list[str],
    filters: dict[str, str] | None = None,
) -> Report:
    """Queue a report with the network's current smallest published count (and, for a donor report, its noise
    for outside the network, if set). The same report already waiting or being made is returned instead of a
    second one, so a form sent twice makes one report."""
    if kind not in ReportKind.values:
        raise ApplicationError(_("Unknown kind of report."))
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Unknown language."))
    chosen = [fmt for fmt in ReportFormat.values if fmt in formats]
    if not chosen:
        raise ApplicationError(_("Choose at least one format."))
    network = network_settings_get()
    machine = {ReportFormat.JSON, ReportFormat.CSV}.intersection(chosen)
    if machine and kind != ReportKind.HQ_QUARTERLY:
        raise ApplicationError(_("Only the quarterly return to UN Headquarters is made as a JSON or CSV file."))
    if machine and not country_ok(network.country_code):
        raise ApplicationError(_("Set the network's country (ISO alpha-3) in the network settings first."))
    if start > end or end - start > MAX_PERIOD:
        raise ApplicationError(_("Choose a period of five years at most, its start before its end."))
    kept: dict[str, Any] = {
        key: value for key, value in (filters or {}).items() if value and key in ("area", "organisation_type")
    }
    if kind == ReportKind.HQ_QUARTERLY:
        kept = {}  # the return covers the whole network
    if kind == ReportKind.DONOR and network.outside_noise_epsilon:
        # Figures for outside the network get the network's noise, as set when the report is asked for.
        kept[reports.NOISE_PARAMETER] = float(network.outside_noise_epsilon)
    parameters: dict[str, Any] = {
        "kind": kind, "language": language, "start": start, "end": end, "filters": kept, "formats": chosen,
    }  # fmt: skip
    for waiting in Report.objects.select_for_update().filter(state__in=ACTIVE_STATES, kind=kind):
        if all(getattr(waiting, key) == value for key, value in parameters.items()):
            return waiting
    report = Report.objects.create(**parameters, k=network.small_cell_k, requested_by=actor)
    record(
        actor=actor,
        action=Action.REPORT_REQUESTED,
        target=report,
        data={**parameters, "start": start.isoformat(), "end": end.isoformat(), "k": report.k},
    )
    _enqueue(report.pk)
    return report


@transaction.atomic
def report_download(*, actor: User, report: Report, fmt: str) -> ReportFile:
    """The report's file in ``fmt``, its download audited (who, which report, which format, the file's digest)."""
    file = ReportFile.objects.filter(report=report, format=fmt).first() if report.state == ReportState.DONE else None
    if file is None:
        raise ApplicationError(_("This report has no such file (yet)."))
    record(
        actor=actor,
        action=Action.REPORT_DOWNLOADED,
        target=report,
        data={"kind": report.kind, "format": fmt, "language": report.language, "sha256": file.sha256},
    )
    return file


@transaction.atomic
def report_publish(*, actor: User, report: Report) -> Report:
    """Show a ready donor report to donors on their page. Publishing it again changes nothing."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.kind != ReportKind.DONOR:
        raise ApplicationError(_("Only donor reports are published to donors."))
    if report.state != ReportState.DONE:
        raise ApplicationError(_("The report is not ready yet."))
    if report.published_at is not None:
        return report
    report.published_at, report.published_by = timezone.now(), actor
    report.save(update_fields=["published_at", "published_by", "updated_at"])
    record(actor=actor, action=Action.REPORT_PUBLISHED, target=report, data={"data_version": report.data_version})
    return report


@transaction.atomic
def report_unpublish(*, actor: User, report: Report) -> Report:
    """Take a donor report off the donors' page. Withdrawing one not published changes nothing."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.published_at is None:
        return report
    report.published_at, report.published_by = None, None
    report.save(update_fields=["published_at", "published_by", "updated_at"])
    record(actor=actor, action=Action.REPORT_UNPUBLISHED, target=report, data={"data_version": report.data_version})
    return report
