"""Records for the summary table's tests: three months (January to March 2026), three admin-1 areas (one recorded
at admin-2) and complaints without one, three types of organisation, one complaint against two types, survivors
with and without statistics consent (one withdrawn), referrals acknowledged on time, late, declined and pending,
a duplicate and a quarantined complaint; and the comparisons of every dashboard table with the live counting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pseahub.cases.models import Classification, ClosureReason, Complaint, ConsentDecision, Status
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.cases.tests.helpers import term
from pseahub.network.models import Area, OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.referrals.models import ReferralState
from pseahub.tracker.tests.records import statistics

from .. import counting, cube, timings
from ..counting import Filters
from .records import at, complaint, network_settings, referral

NOW = dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC)
QUARTER = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))


def cube_records(personas: Any) -> dict[str, Any]:
    network_settings(small_cell_k=2, sla_acknowledge_working_days=2)
    alpha, beta = personas.org_a, personas.org_b
    alpha.type, beta.type = OrganisationType.UN_AGENCY, OrganisationType.INGO
    alpha.save()
    beta.save()
    government = OrganisationFactory(name="Ministry", acronym="GOV", type=OrganisationType.GOVERNMENT)
    mopti = Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    gao = Area.objects.create(pcode="ML07", name="Gao", admin_level=1)
    ansongo = Area.objects.create(pcode="ML0701", name="Ansongo", admin_level=2, parent=gao)
    by = personas.coordinator
    woman = SurvivorInput(sex="female", age_group=term("age_group", "26-40"))
    girl = SurvivorInput(sex="female", age_group=term("age_group", "12-17"))
    man = SurvivorInput(sex="male")
    made: dict[str, Any] = {}
    areas = [mopti, gao, ansongo, None]
    organisations = [alpha, beta, government]
    for month in (1, 2, 3):
        for n in range(6):
            day = 3 + 4 * n
            received = at(f"2026-{month:02d}-{day:02d}", 8 + n)
            organisation = organisations[(n + month) % 3]
            perpetrators = [PerpetratorInput(organisation=organisation)]
            if n == 0:  # against two types: counted once in each, once in all
                perpetrators.append(PerpetratorInput(organisation=organisations[(n + month + 1) % 3]))
            consent = [] if n == 4 else [statistics(ConsentDecision.REFUSED if n == 5 else ConsentDecision.GIVEN)]
            closed = n in (1, 2)
            filed = complaint(
                received, Classification.SEXUAL_HARASSMENT if n == 3 else Classification.SEA,
                channel=["hotline", "email"][n % 2],
                area=areas[(n + month) % 4], perpetrators=perpetrators,
                survivors=[[woman, girl], [man], [girl]][n % 3], consents=consent,
                triaged_at=received + dt.timedelta(hours=3 + 7 * n) if n != 4 else None,
                closed_at=received + dt.timedelta(days=10 + n) if closed else None,
                status=Status.CLOSED if closed else Status.IN_PROGRESS,
            )  # fmt: skip
            made[f"{month}-{n}"] = filed
            for i, allegation in enumerate(filed.allegations.order_by("pk")):
                allegation.sea_type = term("sea_type", ["transactional_sex", "rape"][(n + i) % 2])
                allegation.save()
                if n in (0, 1, 2, 5):
                    sent = received + dt.timedelta(hours=5 + n)
                    acknowledged = {0: sent + dt.timedelta(hours=20), 1: sent + dt.timedelta(days=6)}.get(n)
                    state = ReferralState.DECLINED if n == 2 else None
                    referral(allegation, by=by, sent_at=sent, acknowledged_at=acknowledged, state=state)
    # Not counted: a duplicate, a quarantined complaint.
    complaint(at("2026-02-10"), Classification.SEA, closure_reason=ClosureReason.DUPLICATE, status=Status.CLOSED,
              perpetrators=[PerpetratorInput(organisation=alpha)])  # fmt: skip
    quarantined = complaint(at("2026-03-10"), Classification.SEA, perpetrators=[PerpetratorInput(organisation=beta)])
    Complaint.objects.filter(pk=quarantined.pk).update(is_quarantined=True)
    return made


def filters_to_check() -> list[Filters]:
    """Whole months, with area and type filters, and a period cutting months (counted partly live)."""
    whole = [
        QUARTER,
        Filters(start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)),
        Filters(start=QUARTER.start, end=QUARTER.end, area="ML07"),
        Filters(start=QUARTER.start, end=QUARTER.end, area="ML05", organisation_type=OrganisationType.INGO),
        *(Filters(start=QUARTER.start, end=QUARTER.end, organisation_type=t) for t in OrganisationType.values),
    ]
    custom = [
        Filters(start=dt.date(2026, 1, 10), end=dt.date(2026, 3, 12)),
        Filters(start=dt.date(2025, 12, 20), end=dt.date(2026, 2, 14), organisation_type=OrganisationType.UN_AGENCY),
    ]
    return whole + custom


def _shape(table: Any) -> tuple[Any, ...]:
    return (table.row_keys, table.column_keys, table.cells, table.left_out, table.title, table.unit)


def tables_from_cube(filters: Filters, settings: Any) -> list[tuple[Any, ...]]:
    return [
        *(_shape(cube.allegations_by(key, filters)) for key in counting.ALLEGATION_DIMENSIONS),
        _shape(cube.allegations_by_month(filters)),
        _shape(cube.survivors_by_two(filters, title="t")),
        _shape(cube.survivors_by_victim_type(filters)),
        *(_shape(cube.complaints_by(key, filters)) for key in counting.COMPLAINT_DIMENSIONS),
        _shape(cube.sla_by_organisation(filters, settings, now=NOW)),
    ]


def tables_live(filters: Filters, settings: Any) -> list[tuple[Any, ...]]:
    return [
        *(_shape(counting.allegations_by(key, filters)) for key in counting.ALLEGATION_DIMENSIONS),
        _shape(counting.allegations_by_month(filters)),
        _shape(counting.survivors_by_two("victim_type", "age_group", filters, title="t")),
        _shape(counting.survivors_by("victim_type", filters)),
        *(_shape(counting.complaints_by(key, filters)) for key in counting.COMPLAINT_DIMENSIONS),
        _shape(timings.sla_by_organisation(filters, settings, now=NOW)),
    ]


def close_enough(live: float | None, summed: float | None) -> bool:
    """Within the buckets' precision (README.md): half an hour under 48 hours, 12 hours beyond."""
    if live is None or summed is None:
        return live is summed
    return abs(live - summed) <= (0.5 if live < 47.5 else 12.0)
