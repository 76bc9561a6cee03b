"""Complete records for the export tests: a complaint with several survivors and alleged perpetrators, filed
through ``complaint_create``, referred, investigated and assisted, as a network's tracker holds them."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import Complaint, ConsentDecision, ConsentGiver, ConsentPurpose, Survivor, Term
from pseahub.cases.services import (
    ComplaintInput,
    ConsentInput,
    PerpetratorInput,
    SurvivorInput,
    complaint_create,
)
from pseahub.mapping.models import ServiceType as DirectoryType
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.models import Area, OrganisationType
from pseahub.referrals.models import Referral, ServiceDelivery, SurvivorInformed
from pseahub.referrals.services import allegation_refer, assistance_refer

RECEIVED = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def private_key(user: Any, personas: Any) -> bytes:
    private = user_private_key_unlock(user=user, password=personas.password)
    assert private is not None
    return private


def sheet_rows(content: bytes) -> tuple[list[str], list[dict[str, Any]]]:
    """The header row and each row as {header: value}."""
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    headers = [str(value) for value in rows[0]]
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def statistics(decision: str = ConsentDecision.GIVEN) -> ConsentInput:
    return ConsentInput(ConsentPurpose.STATISTICS, decision, ConsentGiver.SURVIVOR)


def simple_complaint(personas: Any, *, consents: list[ConsentInput] | None = None, **fields: Any) -> Complaint:
    data = {
        "channel": "hotline",
        "narrative": "Narrative Quokka-4411",
        "reported_organisation": personas.org_a,
        "received_at": RECEIVED,
        "consents": consents or [],
        **fields,
    }
    return complaint_create(actor=None, data=ComplaintInput(**data)).complaint


@dataclass
class FullRecord:
    complaint: Complaint
    survivors: list[Survivor]  # girl, woman, boy
    region: Area
    district: Area
    referral: Referral  # the allegation referral to ALPHA
    assistance: Referral  # for the girl


def full_record(personas: Any, *, consents: list[ConsentInput] | None = None) -> FullRecord:
    """Three survivors (a girl, a woman, a boy), three alleged perpetrators in two organisations (ALPHA, a UN
    agency; BETA, an international NGO), referred to ALPHA, investigated, and medical care for the girl."""
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    region, _created = Area.objects.get_or_create(pcode="ML05", defaults={"name": "Mopti", "admin_level": 1})
    district, _created = Area.objects.get_or_create(
        pcode="ML0501", defaults={"name": "Bandiagara", "admin_level": 2, "parent": region}
    )
    data = ComplaintInput(
        channel="hotline",
        narrative="Narrative Quokka-4411",
        location_detail="Behind the warehouse, Site Pelican-7",
        reporter_name="Reporter Marten-8",
        reporter_contact="+223 70 11 22 33",
        area=district,
        received_at=RECEIVED,
        first_reported_at=RECEIVED - dt.timedelta(days=2),
        incident_date=dt.date(2026, 2, 20),
        incident_time_of_day="evening_night",
        reported_before="no",
        goods_exchanged="yes",
        received_by_organisation=personas.org_b,
        is_urgent=True,
        survivors=[
            SurvivorInput(
                sex="female",
                age_group=term("age_group", "12-17"),
                displacement=term("displacement", "idp"),
                gbv_type=term("gbv_type", "rape"),
                disability="no",
                name="Survivor Wren-1",
            ),
            SurvivorInput(sex="female", age_group=term("age_group", "26-40"), gbv_type=term("gbv_type", "rape")),
            SurvivorInput(sex="male", age_group=term("age_group", "0-11")),
        ],
        perpetrators=[
            PerpetratorInput(
                organisation=personas.org_a,
                personnel_category=term("personnel_category", "un_civilian_national"),
                role="staff",
                sex="male",
                name="Name Kestrel-1",
                description="Driver with a scar",
            ),
            PerpetratorInput(
                organisation=personas.org_b,
                personnel_category=term("personnel_category", "implementing_partner"),
                role="volunteer",
                sex="male",
                description="Guard Heron-2",
            ),
            PerpetratorInput(organisation=personas.org_b, role="contractor", sex="female", name="Name Ibis-3"),
        ],
        consents=consents
        if consents is not None
        else [ConsentInput(ConsentPurpose.SERVICES, ConsentDecision.GIVEN, ConsentGiver.SURVIVOR), statistics()],
    )
    complaint = complaint_create(actor=None, data=data).complaint
    survivors = list(complaint.survivors.order_by("pk"))
    coordinator_private = private_key(personas.coordinator, personas)
    allegation = complaint.allegations.get(organisation=personas.org_a)
    allegation.sea_type = term("sea_type", "transactional_sex")
    allegation.save()
    referral = allegation_refer(
        actor=personas.coordinator,
        allegation=allegation,
        summary="Summary without names.",
        share_identity=False,
        actor_private=coordinator_private,
    )
    Referral.objects.filter(pk=referral.pk).update(
        investigating_entity="own_unit",
        investigation_started_on=dt.date(2026, 3, 10),
        action_taken="dismissal",
        outcome=term("outcome", "substantiated"),
    )
    for day in (dt.date(2026, 3, 12), dt.date(2026, 4, 2)):
        SurvivorInformed.objects.create(referral=referral, informed_on=day)
    assistance = assistance_refer(
        actor=personas.coordinator,
        complaint=complaint,
        service=ServiceFactory(provider=personas.org_a, areas=[district], type=DirectoryType.HEALTH),
        summary="Health care needed.",
        actor_private=coordinator_private,
        survivor=survivors[0],
    )
    for service_type, day in (("medical", 3), ("medical", 9), ("psychosocial", 9)):
        delivered_on = dt.date(2026, 3, day)
        ServiceDelivery.objects.create(referral=assistance, service_type=service_type, delivered_on=delivered_on)
    referral.refresh_from_db()
    assistance.refresh_from_db()
    return FullRecord(
        complaint=complaint,
        survivors=survivors,
        region=region,
        district=district,
        referral=referral,
        assistance=assistance,
    )
