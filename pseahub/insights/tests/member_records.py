"""A first quarter of 2025 with the platform's records and members' own figures, for the tests of the merged
tables on the dashboard and in the reports; every expected table is computed by hand in the tests.

Organisations: ALPHA (UN agency) and BETA (international NGO: implementing partner), both members; GOV
(government) is not a member, so it is never expected to submit.

The platform, Q1 2025:
- two complaints (January), one allegation each against ALPHA, transactional sex (SE), still open; each with a
  woman who consented to statistics;
- three complaints (February), one allegation each against BETA, rape (SA), closed; each with a girl without
  statistics consent (left out).

The members: ALPHA for Q1 2025 first gave 1 SE allegation, then corrected it (only the correction counts) to
4 SE and 2 SA allegations of UN agency personnel (2 open, 4 closed) with 3 women and 2 girls. BETA has not
submitted for Q1 2025; its return for Q2 2025 (outside the quarter) must not count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pseahub.cases.models import Classification, Status
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.cases.tests.helpers import term
from pseahub.insights.members import Quarter, member_return_submit
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.tracker.tests.records import statistics

from .member_helpers import THREE, figures
from .records import at, complaint

QUARTER = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
PERIOD = {"start": "2025-01-01", "end": "2025-03-31"}

ALPHA_Q1 = figures(
    sea={"SE": 4, "SA": 2},
    entity={"un_agency": 6},
    victims={"woman": 3, "girl": 2},
    status={"open": 2, "closed": 4},
)


def member_quarter(personas: Any) -> Any:
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    personas.org_b.type = OrganisationType.INGO
    personas.org_b.save()
    OrganisationFactory(name="Ministry of Gender", acronym="GOV", type=OrganisationType.GOVERNMENT, is_member=False)
    for day in (10, 20):
        filed = complaint(
            at(f"2025-01-{day}"), Classification.SEA, perpetrators=[PerpetratorInput(organisation=personas.org_a)],
            survivors=[SurvivorInput(sex="female", age_group=term("age_group", "26-40"))], consents=[statistics()],
        )  # fmt: skip
        filed.allegations.update(sea_type=term("sea_type", "transactional_sex"))
    for day in (3, 13, 23):
        filed = complaint(
            at(f"2025-02-{day:02d}"), Classification.SEA, status=Status.CLOSED,
            perpetrators=[PerpetratorInput(organisation=personas.org_b)],
            survivors=[SurvivorInput(sex="female", age_group=term("age_group", "12-17"))],
        )  # fmt: skip
        filed.allegations.update(sea_type=term("sea_type", "rape"))
    first = figures(sea={"SE": 1}, entity={"un_agency": 1}, victims={"woman": 1}, status={"open": 1})
    for counts in (first, ALPHA_Q1):
        member_return_submit(
            actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2025, 1), counts=counts
        )
    member_return_submit(
        actor=personas.focal_point_b, organisation=personas.org_b, quarter=Quarter(2025, 2), counts=THREE
    )
    return personas
