"""A small network's first quarter of 2026 for the reports' tests, with every figure hand-computed in the tests.

Organisations: ALPHA (UN agency), BETA (international NGO: implementing partner), GOV (government: "other or
unknown" for HQ), MISSION (UN Secretariat: peace operation, no allegation).

- A, 10 January, Mopti: ALPHA, transactional sex (SE), incident 20 December 2025; a woman, statistics consent.
  Referred to ALPHA and closed "substantiated".
- B, 3 February, no area: ALPHA and BETA (two allegations), rape (SA), incident date unknown; a girl and a boy,
  statistics consent. ALPHA's referral in progress with no outcome; BETA's first referral revoked, the second
  "under investigation".
- C, 1 March, Gao: a perpetrator of non-UN forces, no organisation, no SEA type (unknown), incident 28 February
  2026; a man, no consent asked.
- D, 2 March, Gao: GOV, "other" SEA type, incident 15 February 2026; a survivor of unknown sex, statistics
  consent. Its only referral was declined.
- E: a duplicate of B (closed as such): never counted. F: April, outside the quarter. G: programme feedback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pseahub.cases.models import Allegation, Classification, ClosureReason, Complaint, EntityType
from pseahub.cases.services import ComplaintInput, PerpetratorInput, SurvivorInput, complaint_create
from pseahub.cases.tests.helpers import term
from pseahub.network.models import Area, OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.referrals.models import Referral, ReferralKind, ReferralState
from pseahub.tracker.tests.records import statistics
from pseahub.vault.models import Keyring

QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def _complaint(received: dt.date, classification: str = Classification.SEA, **fields: Any) -> Complaint:
    data = ComplaintInput(channel="hotline", received_at=dt.datetime.combine(received, dt.time(9), dt.UTC), **fields)
    complaint = complaint_create(actor=None, data=data).complaint
    Complaint.objects.filter(pk=complaint.pk).update(classification=classification)
    return complaint


def referral(allegation: Allegation, by: Any, *, state: str, outcome: str = "", day: int = 1) -> Referral:
    return Referral.objects.create(
        kind=ReferralKind.ALLEGATION,
        complaint=allegation.complaint,
        allegation=allegation,
        organisation=allegation.organisation,
        keyring=Keyring.objects.create(public_key=bytes([day]) * 32),
        sent_by=by,
        sent_at=allegation.complaint.received_at + dt.timedelta(days=day),
        state=state,
        outcome=term("outcome", outcome) if outcome else None,
    )


def quarter_records(personas: Any) -> dict[str, Complaint]:
    alpha, beta = personas.org_a, personas.org_b
    alpha.type, beta.type = OrganisationType.UN_AGENCY, OrganisationType.INGO
    alpha.save()
    beta.save()
    government = OrganisationFactory(name="Ministry", acronym="GOV", type=OrganisationType.GOVERNMENT)
    OrganisationFactory(name="Mission", acronym="MISSION", type=OrganisationType.UN_SECRETARIAT)
    mopti = Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    gao = Area.objects.create(pcode="ML07", name="Gao", admin_level=1)
    by = personas.coordinator

    a = _complaint(
        dt.date(2026, 1, 10), area=mopti, incident_date=dt.date(2025, 12, 20), consents=[statistics()],
        survivors=[SurvivorInput(sex="female", age_group=term("age_group", "26-40"))],
        perpetrators=[PerpetratorInput(organisation=alpha)],
    )  # fmt: skip
    a.allegations.update(sea_type=term("sea_type", "transactional_sex"))
    referral(a.allegations.get(), by, state=ReferralState.CLOSED, outcome="substantiated")

    b = _complaint(
        dt.date(2026, 2, 3), consents=[statistics()],
        survivors=[
            SurvivorInput(sex="female", age_group=term("age_group", "12-17")),
            SurvivorInput(sex="male", age_group=term("age_group", "0-11")),
        ],
        perpetrators=[PerpetratorInput(organisation=alpha), PerpetratorInput(organisation=beta)],
    )  # fmt: skip
    b.allegations.update(sea_type=term("sea_type", "rape"))
    referral(b.allegations.get(organisation=alpha), by, state=ReferralState.IN_PROGRESS)
    to_beta = b.allegations.get(organisation=beta)
    referral(to_beta, by, state=ReferralState.REVOKED, outcome="closed_other", day=1)
    referral(to_beta, by, state=ReferralState.ACKNOWLEDGED, outcome="under_investigation", day=2)

    c = _complaint(
        dt.date(2026, 3, 1), area=gao, incident_date=dt.date(2026, 2, 28),
        survivors=[SurvivorInput(sex="male", age_group=term("age_group", "18-25"))],
        perpetrators=[PerpetratorInput(entity_type=EntityType.NON_UN_FORCES)],
    )  # fmt: skip

    d = _complaint(
        dt.date(2026, 3, 2), area=gao, incident_date=dt.date(2026, 2, 15), consents=[statistics()],
        survivors=[SurvivorInput()], perpetrators=[PerpetratorInput(organisation=government)],
    )  # fmt: skip
    d.allegations.update(sea_type=term("sea_type", "other"))
    referral(d.allegations.get(), by, state=ReferralState.DECLINED)

    e = _complaint(
        dt.date(2026, 2, 4), consents=[statistics()], survivors=[SurvivorInput(sex="female", is_child=True)],
        perpetrators=[PerpetratorInput(organisation=alpha)],
    )  # fmt: skip
    Complaint.objects.filter(pk=e.pk).update(closure_reason=ClosureReason.DUPLICATE, duplicate_of=b)
    _complaint(
        dt.date(2026, 4, 2), consents=[statistics()], survivors=[SurvivorInput(sex="female", is_child=True)],
        perpetrators=[PerpetratorInput(organisation=alpha)],
    )  # fmt: skip
    _complaint(dt.date(2026, 2, 2), Classification.PROGRAMME_FEEDBACK, reported_organisation=beta)
    return {"A": a, "B": b, "C": c, "D": d}
