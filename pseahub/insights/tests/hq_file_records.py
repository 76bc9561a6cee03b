"""Records for the HQ return file's tests: one quarter (Q1 2026) with counts of 3 and more beside single ones, so
that with the smallest published count k = 3 some cells are shown and some withheld. Every figure is
hand-computed in the tests (``test_hq_file``).

- A1 to A4 (January): ALPHA (UN agency: "un_afp"), transactional sex (SE), incident in December 2025; one woman
  each, statistics consent; each referred to ALPHA and closed "substantiated".
- B1 to B3 (February): BETA (international NGO: "implementing_partner"), rape (SA), incident date unknown; one girl
  each, statistics consent; not referred.
- G (March): GOV (government: "other_unknown"), transactional sex (SE), incident 15 February 2026; a man without
  statistics consent (left out of the victims); not referred.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pseahub.cases.models import Classification, Complaint
from pseahub.cases.services import ComplaintInput, PerpetratorInput, SurvivorInput, complaint_create
from pseahub.cases.tests.helpers import term
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.referrals.models import ReferralState
from pseahub.tracker.tests.records import statistics

from .records import network_settings
from .report_records import referral

K = 3
COUNTRY = "MLI"
NETWORK = "PSEA Network Mali"


def _complaint(received: dt.date, organisation: Any, sea_type: str, **fields: Any) -> Complaint:
    data = ComplaintInput(
        channel="hotline", received_at=dt.datetime.combine(received, dt.time(9), dt.UTC),
        perpetrators=[PerpetratorInput(organisation=organisation)], **fields,
    )  # fmt: skip
    complaint = complaint_create(actor=None, data=data).complaint
    Complaint.objects.filter(pk=complaint.pk).update(classification=Classification.SEA)
    complaint.allegations.update(sea_type=term("sea_type", sea_type))
    return complaint


def hq_file_records(personas: Any, *, country: str = COUNTRY) -> None:
    """The quarter above, with the network settings the file needs (country, name in every language, k = 3)."""
    network_settings(
        country_code=country, name=NETWORK, names={"fr": "Réseau PEAS Mali", "ar": "شبكة الحماية مالي"}, small_cell_k=K
    )
    alpha, beta = personas.org_a, personas.org_b
    alpha.type, beta.type = OrganisationType.UN_AGENCY, OrganisationType.INGO
    alpha.save()
    beta.save()
    government = OrganisationFactory(name="Ministry", acronym="GOV", type=OrganisationType.GOVERNMENT)
    woman = SurvivorInput(sex="female", age_group=term("age_group", "26-40"))
    girl = SurvivorInput(sex="female", age_group=term("age_group", "12-17"))
    man = SurvivorInput(sex="male", age_group=term("age_group", "18-25"))
    for day in (5, 10, 15, 20):
        a = _complaint(
            dt.date(2026, 1, day), alpha, "transactional_sex", incident_date=dt.date(2025, 12, day),
            survivors=[woman], consents=[statistics()],
        )  # fmt: skip
        referral(a.allegations.get(), personas.coordinator, state=ReferralState.CLOSED, outcome="substantiated")
    for day in (3, 4, 5):
        _complaint(dt.date(2026, 2, day), beta, "rape", survivors=[girl], consents=[statistics()])
    _complaint(
        dt.date(2026, 3, 1), government, "transactional_sex", incident_date=dt.date(2026, 2, 15), survivors=[man]
    )
