"""The insights demo. Members' own figures: returns for the last four complete quarters from most member
organisations of the demo network (a few missing, one corrected), through the real service, with invented counts.
Reports: a donor report of the last full quarter, in French (the demo network is Mali's), made and published to
donors by the demo coordinator, so that the demo donor finds it on their page. Both idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, User
from pseahub.cases.models import ENTITY_TYPE_OF_ORGANISATION, EntityType
from pseahub.core.discovery import DemoOptions
from pseahub.network.models import Organisation

from .members import GROUPS, Counts, Quarter, member_organisations, member_return_submit, quarters_back
from .models import MemberReturn, MemberReturnVersion, Report, ReportFormat, ReportKind, ReportState
from .reports import last_full_quarter, report_generate
from .services import report_publish, report_request

DEMO_ORDER = 60  # after the demo network (organisations, focal points' users), complaints and referrals
MISSING = {"MdM": 1, "MPFEF": 2, "CRM": 4}  # acronym: how many of the latest quarters it has not submitted
CORRECTED = "UNICEF"  # its latest return is corrected once


def _counts(rng: random.Random, organisation: Organisation) -> Counts:
    """Invented counts that add up: each allegation once by type, entity type and status; a survivor or two each."""
    allegations = rng.choice([0, 0, 1, 1, 2, 3, 4, 6])
    own = ENTITY_TYPE_OF_ORGANISATION.get(organisation.type, EntityType.UNKNOWN)
    counts: Counts = {group.key: {code: 0 for code, _label in group.rows()} for group in GROUPS}
    for _allegation in range(allegations):
        counts["sea_group"][rng.choice(["SE", "SE", "SA", "OTHER", "UNKNOWN"])] += 1
        counts["entity_type"][rng.choice([own, own, own, EntityType.IMPLEMENTING_PARTNER, EntityType.UNKNOWN])] += 1
        counts["status"][rng.choice(["open", "closed", "closed"])] += 1
        for _survivor in range(rng.choice([1, 1, 1, 2])):
            counts["victim_type"][rng.choice(["woman", "woman", "girl", "girl", "man", "boy", "unknown"])] += 1
    return counts


def _backdate(version: MemberReturnVersion, when: dt.datetime) -> None:
    MemberReturnVersion.objects.filter(pk=version.pk).update(created_at=min(when, timezone.now()))


@transaction.atomic
def member_returns_demo() -> dict[str, int]:
    """Create the demo returns that are missing; a return that exists is left alone (so loading twice adds
    nothing, and the corrected one keeps its two versions)."""
    added = 0
    quarters = quarters_back(4, last=Quarter.current().previous())
    for organisation in member_organisations():
        focal_point = organisation.role_assignments.filter(role=Role.FOCAL_POINT).select_related("user").first()
        actor = focal_point.user if focal_point else None
        for index, quarter in enumerate(quarters):
            if index < MISSING.get(organisation.acronym, 0):
                continue
            if MemberReturn.objects.filter(
                organisation=organisation, year=quarter.year, quarter=quarter.quarter
            ).exists():
                continue
            rng = random.Random(f"{organisation.acronym}-{quarter.year}-{quarter.quarter}")
            counts = _counts(rng, organisation)
            submitted_at = timezone.make_aware(dt.datetime.combine(quarter.end, dt.time(10)))
            submitted_at += dt.timedelta(days=rng.randint(5, 25))
            version = member_return_submit(actor=actor, organisation=organisation, quarter=quarter, counts=counts)
            _backdate(version.version, submitted_at)
            added += 1
            if organisation.acronym == CORRECTED and index == 0:
                counts["sea_group"]["SA"] += 1
                counts["entity_type"][EntityType.IMPLEMENTING_PARTNER] += 1
                counts["status"]["open"] += 1
                counts["victim_type"]["girl"] += 1
                note = "One allegation received late in the quarter had been left out."
                corrected = member_return_submit(
                    actor=actor, organisation=organisation, quarter=quarter, counts=counts, note=note
                )
                _backdate(corrected.version, submitted_at + dt.timedelta(days=9))
    return {"member_returns": added}


def demo_reports_load() -> int:
    if Report.objects.filter(kind=ReportKind.DONOR, published_at__isnull=False).exists():
        return 0
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    start, end = last_full_quarter()
    report = report_request(
        actor=coordinator, kind=ReportKind.DONOR, language="fr", start=start, end=end,
        formats=[ReportFormat.PDF, ReportFormat.XLSX],
    )  # fmt: skip
    # Made here rather than by the worker, which may not run yet (with the tests' immediate backend it already ran).
    report_generate(report_id=report.pk)
    report.refresh_from_db()
    if report.state != ReportState.DONE:
        return 0
    report_publish(actor=coordinator, report=report)
    return 1


def load(options: DemoOptions) -> dict[str, int]:
    from .cube import rebuild_all  # last of every app's demo: the dashboard's summary table of the demo complaints
    from .hq_demo import country_returns_demo  # the system-wide view's demo (an HQ installation's imports)

    counts = {**member_returns_demo(), "published reports": demo_reports_load(), **country_returns_demo()}
    return {**counts, "summarised months": len(rebuild_all())}
