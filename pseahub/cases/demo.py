"""~300 demo complaints over 24 months, made through the real services so they are truly sealed.

Every name and story here is invented. Spreads follow what networks report: hotlines and walk-ins carry
most complaints, most traffic is programme feedback, SEA is a minority, implementing partners and UN
agencies are the most often named.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.core.discovery import DemoOptions
from pseahub.network.models import Area, Organisation, OrganisationType

from . import services
from .models import (
    Channel,
    Classification,
    ComplainantType,
    Complaint,
    ConsentDecision,
    ConsentGiver,
    ConsentPurpose,
    ContactMethod,
    Sex,
    Status,
    Term,
    Vocabulary,
    YesNoUnknown,
)

T = TypeVar("T")

CHANNELS = [
    (Channel.HOTLINE, 35),
    (Channel.WALK_IN, 20),
    (Channel.FOCAL_POINT, 15),
    (Channel.WEB, 15),
    (Channel.EMAIL, 5),
    (Channel.SMS, 5),
    (Channel.FIELD_FORM, 5),
]
CLASSIFICATIONS = [
    (Classification.SEA, 40),
    (Classification.OTHER_MISCONDUCT, 20),
    (Classification.PROGRAMME_FEEDBACK, 40),
]
AREA_WEIGHTS = {
    "ML05": 22,
    "ML07": 16,
    "ML06": 14,
    "ML04": 12,
    "ML09": 10,
    "ML10": 9,
    "ML03": 6,
    "ML02": 5,
    "ML01": 4,
    "ML08": 2,
}
ORG_TYPE_WEIGHTS = {
    OrganisationType.IMPLEMENTING_PARTNER: 25,
    OrganisationType.UN_AGENCY: 30,
    OrganisationType.INGO: 20,
    OrganisationType.NNGO: 15,
    OrganisationType.CONTRACTOR: 5,
    OrganisationType.GOVERNMENT: 5,
}
SEA_STORIES = [
    (
        "transactional_sex",
        "Un agent de distribution a demandé des relations sexuelles à {who} en échange de coupons alimentaires.",
    ),
    (
        "solicitation_transactional_sex",
        "A guard at the site told {who} she would get a shelter kit faster if she came to his house at night.",
    ),
    (
        "exploitative_relationship",
        "Un chauffeur entretient une relation avec {who}, qui dépend de l'aide en espèces qu'il enregistre.",
    ),
    ("sexual_activity_with_minor", "Des voisins disent qu'un animateur a eu des rapports avec {who}, âgée de 15 ans."),
    ("sexual_assault", "{who} says a registration clerk touched her during the verification of her family's card."),
    ("rape", "{who} a été agressée par un homme en uniforme près du point d'eau; elle est allée au centre de santé."),
]
WHO = ["une femme du site", "ma sœur", "a girl from the camp", "une jeune fille déplacée", "my neighbour", "une veuve"]
FEEDBACK_STORIES = [
    "La liste de distribution de {month} a oublié plusieurs familles du quartier.",
    "The water point has been broken for two weeks.",
    "Les kits d'hygiène distribués étaient incomplets.",
    "The cash transfer arrived late again this month.",
    "Le personnel du centre de santé parle mal aux patients.",
]
MISCONDUCT_STORIES = [
    "Un agent a demandé de l'argent pour inscrire des familles sur la liste.",
    "A staff member was drunk during the distribution and insulted people.",
    "Des vivres auraient été revendus au marché par un magasinier.",
]
REPLIES = [
    "Merci pour votre signalement. Nous l'avons bien reçu et le traitons en toute confidentialité.",
    "Thank you. The organisation concerned has been informed and is looking into it.",
    "Nous avons transmis votre retour au service concerné, qui vous répondra.",
]


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


@transaction.atomic
def demo_complaints_load(*, count: int = 300, seed: int = 2026) -> int:
    """Create demo complaints until there are ``count``; returns how many were added."""
    existing = Complaint.objects.count()
    if existing >= count:
        return 0
    rng = random.Random(seed + existing)
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    areas = {a.pcode: a for a in Area.objects.filter(admin_level=1)}
    area_pairs = [(areas[p], w) for p, w in AREA_WEIGHTS.items() if p in areas]
    orgs_by_type: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.all():
        orgs_by_type.setdefault(org.type, []).append(org)
    type_pairs = [(t, w) for t, w in ORG_TYPE_WEIGHTS.items() if t in orgs_by_type]
    terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}
    fp_orgs = set(
        RoleAssignment.objects.filter(role=Role.FOCAL_POINT, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    age_codes = ["12-17", "18-25", "18-25", "26-40", "26-40", "41-60", "unknown"]
    now = timezone.now()
    added = 0
    for index in range(existing, count):
        # More recent months carry more complaints, as awareness grows.
        days_ago = int(730 * (1 - rng.random() ** 0.7))
        received_at = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
        classification = _weighted(rng, CLASSIFICATIONS)
        org_type = _weighted(rng, type_pairs) if type_pairs else None
        organisation = rng.choice(orgs_by_type[org_type]) if org_type else None
        # Most SEA allegations concern organisations with a focal point account (as networks push for).
        needs_focal_point = classification == Classification.SEA and organisation and organisation.pk not in fp_orgs
        if needs_focal_point and fp_orgs and rng.random() < 0.85:
            organisation = Organisation.objects.get(pk=rng.choice(sorted(fp_orgs)))
        age = rng.choice(age_codes)
        sea_code = ""
        if classification == Classification.SEA:
            sea_code, story = rng.choice(SEA_STORIES)
            narrative = story.format(who=rng.choice(WHO))
            if sea_code == "sexual_activity_with_minor":
                age = "12-17"
        elif classification == Classification.OTHER_MISCONDUCT:
            narrative = rng.choice(MISCONDUCT_STORIES)
        else:
            narrative = rng.choice(FEEDBACK_STORIES).format(month=received_at.strftime("%m/%Y"))
        channel = _weighted(rng, CHANNELS)
        named = rng.random() < 0.35
        data = services.ComplaintInput(
            channel=str(channel),
            language=rng.choice(["fr", "fr", "fr", "en", "ar"]),
            narrative=narrative,
            incident_date=(received_at - dt.timedelta(days=rng.randint(0, 40))).date() if rng.random() < 0.8 else None,
            area=_weighted(rng, area_pairs) if area_pairs and rng.random() < 0.9 else None,
            location_detail=rng.choice(
                ["Site de déplacés de Socoura", "Marché de Gao", "Quartier Château", "Camp de Faladié", ""]
            ),
            reported_organisation=organisation if rng.random() < 0.85 else None,
            perpetrator_category=terms.get(
                (
                    Vocabulary.PERSONNEL_CATEGORY,
                    rng.choice(["agency_staff", "implementing_partner", "contractor", "unknown"]),
                )
            ),
            perpetrator_description=rng.choice(
                ["Homme, la trentaine, gilet de l'organisation", "Driver of a white pick-up", ""]
            ),
            survivor_sex=str(rng.choices([Sex.FEMALE, Sex.MALE, Sex.UNKNOWN], weights=[80, 12, 8])[0]),
            survivor_age_group=terms.get((Vocabulary.AGE_GROUP, age)),
            involves_child=age in ("0-11", "12-17"),
            disability=str(
                rng.choices([YesNoUnknown.NO, YesNoUnknown.YES, YesNoUnknown.UNKNOWN], weights=[60, 8, 32])[0]
            ),
            complainant_type=str(rng.choice(list(ComplainantType))),
            contact_method=str(ContactMethod.PHONE if named else ContactMethod.NONE),
            reporter_name=f"Demo reporter {index}" if named else "",
            reporter_contact=f"+223 76 {index:02d} 00 00" if named else "",
            received_at=received_at,
            notify=False,
        )
        submitted = services.complaint_create(actor=None, data=data)
        complaint = submitted.complaint
        added += 1
        # Complaints of the last days are still waiting for triage.
        if days_ago < 4 or coordinator is None:
            continue
        forward = (
            organisation is not None
            and classification != Classification.SEA
            and (classification == Classification.PROGRAMME_FEEDBACK or rng.random() < 0.7)
        )
        services.complaint_triage(
            actor=coordinator,
            complaint=complaint,
            classification=str(classification),
            complainant_type=complaint.complainant_type,
            is_urgent=classification == Classification.SEA and rng.random() < 0.15,
            involves_child=complaint.involves_child,
            forward_to=organisation if forward else None,
            note="Transmis au mécanisme de retour de l'organisation." if forward else "",
        )
        if classification == Classification.SEA:
            allegation = complaint.allegations.first()
            sea_type = terms.get((Vocabulary.SEA_TYPE, sea_code))
            if allegation is None:
                services.allegation_add(
                    actor=coordinator,
                    complaint=complaint,
                    organisation=organisation,
                    personnel_category=terms.get((Vocabulary.PERSONNEL_CATEGORY, "agency_staff")),
                    sea_type=sea_type,
                )
            else:
                services.allegation_update(
                    actor=coordinator,
                    allegation=allegation,
                    organisation=allegation.organisation or organisation,
                    personnel_category=allegation.personnel_category,
                    sea_type=sea_type,
                )
            giver = ConsentGiver.CAREGIVER if complaint.involves_child else ConsentGiver.SURVIVOR
            for purpose in ConsentPurpose.values:
                decision = ConsentDecision.GIVEN if rng.random() < 0.7 else ConsentDecision.REFUSED
                services.consent_record(
                    actor=coordinator,
                    complaint=complaint,
                    purpose=purpose,
                    decision=decision,
                    given_by=giver,
                    decided_at=received_at + dt.timedelta(hours=2),
                )
        # A forwarded complaint is closed and takes no message (the draw stays, so the demo data stay the same).
        if rng.random() < 0.4 and complaint.status != Status.CLOSED:
            services.message_to_reporter(actor=coordinator, complaint=complaint, body=rng.choice(REPLIES))
    return added


DEMO_ORDER = 40  # after the demo network's users, organisations and areas


def load(options: DemoOptions) -> dict[str, int]:
    return {"complaints": demo_complaints_load(count=options.complaints)}
