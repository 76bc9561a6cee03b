"""Demo members' own figures: returns for the last four complete quarters from most member organisations of the
demo network (a few missing, one corrected), through the real service. Invented counts."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role
from pseahub.cases.models import ENTITY_TYPE_OF_ORGANISATION, EntityType
from pseahub.core.discovery import DemoOptions
from pseahub.network.models import Organisation

from .members import GROUPS, Counts, Quarter, member_organisations, member_return_submit, quarters_back
from .models import MemberReturn, MemberReturnVersion

DEMO_ORDER = 60  # after the demo network (organisations, focal points' users)
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


def load(options: DemoOptions) -> dict[str, int]:
    return member_returns_demo()
