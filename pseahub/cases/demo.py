"""~300 demo complaints over 24 months, made through the real services so they are truly sealed.

Every name and story here is invented. Spreads follow what networks report: hotlines and walk-ins carry
most complaints, most traffic is programme feedback, SEA is a minority, implementing partners and UN
agencies are the most often named. The record's inter-agency fields are spread as a Mali network sees them:
about one SEA or harassment complaint in six concerns several survivors and one in ten several alleged
perpetrators (some of two organisations, hence two allegations); most survivors are internally displaced;
a few complaints, reported late, concern uniformed personnel of the former UN mission (MINUSMA, withdrawn in
2023) with their contingent's nationality; rapes reported within days ask for medical care within 72 hours
and are urgent; transactional sex records the goods exchanged; a few complaints are closed as duplicates.
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
    ClosureReason,
    ComplainantType,
    Complaint,
    ConsentDecision,
    ConsentGiver,
    ConsentPurpose,
    ContactMethod,
    EntityType,
    PerpetratorRole,
    ReportedBeforeTo,
    Sex,
    Status,
    Term,
    TimeOfDay,
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
    (Classification.SEA, 38),
    (Classification.SEXUAL_HARASSMENT, 7),
    (Classification.OTHER_MISCONDUCT, 17),
    (Classification.PROGRAMME_FEEDBACK, 38),
]
# Classes whose complaints are about people harmed by someone: survivors, perpetrators, consents, referral.
PERSON_CLASSES = (Classification.SEA, Classification.SEXUAL_HARASSMENT)
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
# Told when several survivors are concerned ({n} of them).
GROUP_STORIES = [
    "{n} femmes du site disent que le même agent leur a demandé des rapports en échange de leur inscription.",
    "{n} girls from the school say the facilitator asks them to stay after class and touches them.",
    "{n} veuves du quartier rapportent qu'un magasinier exige des faveurs sexuelles pour leur ration.",
]
HARASSMENT_STORIES = [
    "Un superviseur fait des remarques à caractère sexuel aux femmes qui attendent la distribution.",
    "A community mobiliser keeps sending sexual messages to {who} on WhatsApp.",
    "Le gardien du centre suit {who} et lui fait des propositions chaque fois qu'elle vient.",
]
# Reported years later, about the former UN mission's uniformed personnel (MINUSMA left Mali in 2023).
UNIFORMED_STORIES = [
    "Une femme de Gao dit qu'un casque bleu du camp voisin est le père de son enfant et ne répond plus.",
    "{who} raconte que des policiers de la mission lui donnaient de la nourriture contre des rapports, en 2023.",
    "A woman in Timbuktu says a peacekeeper promised to marry her and left when the contingent was repatriated.",
]
# Contributing countries of the former mission (ISO 3166-1 alpha-3): contingents, then formed police units.
TCC = ["TCD", "BGD", "EGY", "SEN", "TGO", "NER", "BFA", "CIV", "GIN", "JOR"]
PCC = ["SEN", "TGO", "BGD", "EGY", "NGA", "BFA", "JOR"]
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
PERPETRATOR_DESCRIPTIONS = [
    "Homme, la trentaine, gilet de l'organisation",
    "Driver of a white pick-up",
    "Grand, parle tamasheq et français, vient le jeudi",
    "Registration clerk at the distribution point",
    "",
]
REPLIES = [
    "Merci pour votre signalement. Nous l'avons bien reçu et le traitons en toute confidentialité.",
    "Thank you. The organisation concerned has been informed and is looking into it.",
    "Nous avons transmis votre retour au service concerné, qui vous répondra.",
]
# The personnel category of an organisation's people, by organisation type.
CATEGORY_OF_TYPE: dict[str, list[str]] = {
    OrganisationType.UN_AGENCY: ["agency_staff", "agency_staff", "un_civilian_national", "un_volunteer"],
    OrganisationType.UN_SECRETARIAT: ["un_civilian_international", "un_civilian_national"],
    OrganisationType.INGO: ["implementing_partner"],
    OrganisationType.NNGO: ["implementing_partner"],
    OrganisationType.IMPLEMENTING_PARTNER: ["implementing_partner"],
    OrganisationType.CONTRACTOR: ["contractor"],
}
ROLES = [
    (PerpetratorRole.STAFF, 55),
    (PerpetratorRole.VOLUNTEER, 15),
    (PerpetratorRole.COMMUNITY_WORKER, 8),
    (PerpetratorRole.CONTRACTOR, 7),
    (PerpetratorRole.UNKNOWN, 15),
]
# Mali: most survivors who reach the network live in displacement sites.
DISPLACEMENTS = [("idp", 45), ("resident", 28), ("refugee", 7), ("returnee", 8), ("migrant", 3), ("unknown", 9)]
# The GBVIMS type a GBV partner gives each SEA type (a survivor's incident), when one was recorded.
GBV_OF_SEA = {
    "transactional_sex": ["rape", "rape", "sexual_assault"],
    "solicitation_transactional_sex": ["psychological_abuse", "denial_of_resources"],
    "exploitative_relationship": ["rape", "psychological_abuse"],
    "sexual_activity_with_minor": ["rape"],
    "sexual_assault": ["sexual_assault"],
    "rape": ["rape"],
    "": ["sexual_assault", "psychological_abuse"],
}
TIMES = [(TimeOfDay.MORNING, 25), (TimeOfDay.AFTERNOON, 30), (TimeOfDay.EVENING_NIGHT, 30), (TimeOfDay.UNKNOWN, 15)]
BEFORE_TO = [
    (ReportedBeforeTo.COMMUNITY_LEADER, 35),
    (ReportedBeforeTo.ORGANISATION_STAFF, 25),
    (ReportedBeforeTo.FAMILY_FRIEND, 20),
    (ReportedBeforeTo.SERVICE, 12),
    (ReportedBeforeTo.AUTHORITIES, 8),
]
# Goods, money or services exchanged, by SEA type: the transactional types are about an exchange.
GOODS_OF_SEA = {
    "transactional_sex": YesNoUnknown.YES,
    "exploitative_relationship": YesNoUnknown.YES,
    "solicitation_transactional_sex": YesNoUnknown.NO,  # asked for, not (yet) given
    "sexual_assault": YesNoUnknown.NO,
    "rape": YesNoUnknown.NO,
}
# Every so many complaints, one is the same report again on another channel, closed as its duplicate.
DUPLICATE_EVERY, DUPLICATE_AT = 100, 37


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


class _Vocab:
    """The seeded terms by vocabulary and code."""

    def __init__(self) -> None:
        self.terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}

    def __call__(self, vocabulary: str, code: str) -> Term | None:
        return self.terms.get((vocabulary, code))


def _survivors(
    rng: random.Random, vocab: _Vocab, *, count: int, sea_code: str, index: int, named: bool
) -> list[services.SurvivorInput]:
    """The survivors of one SEA or harassment complaint, each with sex, age, displacement and GBV type."""
    made = []
    for k in range(count):
        age = rng.choice(["12-17", "18-25", "18-25", "26-40", "26-40", "41-60", "unknown"])
        if sea_code == "sexual_activity_with_minor":
            age = "12-17"
        sex = rng.choices([Sex.FEMALE, Sex.MALE, Sex.UNKNOWN], weights=[85, 10, 5])[0]
        gbv = rng.choice(GBV_OF_SEA.get(sea_code, GBV_OF_SEA[""])) if rng.random() < 0.7 else ""
        made.append(
            services.SurvivorInput(
                sex=str(sex),
                age_group=vocab(Vocabulary.AGE_GROUP, age),
                is_child=age in ("0-11", "12-17"),
                disability=str(
                    rng.choices([YesNoUnknown.NO, YesNoUnknown.YES, YesNoUnknown.UNKNOWN], weights=[60, 8, 32])[0]
                ),
                displacement=vocab(Vocabulary.DISPLACEMENT, _weighted(rng, DISPLACEMENTS)),
                gbv_type=vocab(Vocabulary.GBV_TYPE, gbv) if gbv else None,
                name=f"Survivante démo {index}-{k + 1}" if named else "",
                contact=f"+223 65 {index:02d} {k:02d} 00" if named else "",
            )
        )
    return made


def _perpetrator(
    rng: random.Random, vocab: _Vocab, *, organisation: Organisation | None, index: int
) -> services.PerpetratorInput:
    """One civilian alleged perpetrator of ``organisation`` (entity type derived from its type)."""
    category = "unknown"
    if organisation is not None and organisation.type in CATEGORY_OF_TYPE:
        category = rng.choice(CATEGORY_OF_TYPE[organisation.type])
    role = _weighted(rng, ROLES)
    if organisation is not None and organisation.type == OrganisationType.CONTRACTOR:
        role = PerpetratorRole.CONTRACTOR
    return services.PerpetratorInput(
        organisation=organisation,
        personnel_category=vocab(Vocabulary.PERSONNEL_CATEGORY, category),
        role=str(role),
        sex=str(rng.choices([Sex.MALE, Sex.UNKNOWN, Sex.FEMALE], weights=[90, 8, 2])[0]),
        name=f"Agent démo {index}" if rng.random() < 0.25 else "",
        description=rng.choice(PERPETRATOR_DESCRIPTIONS),
    )


def _uniformed(rng: random.Random, vocab: _Vocab) -> services.PerpetratorInput:
    """A member of a former UN mission's contingent or formed police unit, with its contributing country."""
    police = rng.random() < 0.35
    return services.PerpetratorInput(
        organisation=None,
        entity_type=str(EntityType.UN_PEACE_OPERATION),
        personnel_category=vocab(Vocabulary.PERSONNEL_CATEGORY, "police_fpu" if police else "military_contingent"),
        role=str(PerpetratorRole.UNIFORMED),
        sex=str(Sex.MALE),
        nationality=rng.choice(PCC if police else TCC),
        description=rng.choice(["Casque bleu, camp de Gao", "Policier de la mission, patrouille de nuit", ""]),
    )


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
    for org in Organisation.objects.order_by("pk"):
        orgs_by_type.setdefault(org.type, []).append(org)
    organisations = {org.pk: org for orgs in orgs_by_type.values() for org in orgs}
    type_pairs = [(t, w) for t, w in ORG_TYPE_WEIGHTS.items() if t in orgs_by_type]
    vocab = _Vocab()
    fp_orgs = sorted(
        set(
            RoleAssignment.objects.filter(role=Role.FOCAL_POINT, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
    )
    now = timezone.now()
    added = 0
    last_referable: Complaint | None = None
    for index in range(existing, count):
        # More recent months carry more complaints, as awareness grows.
        days_ago = int(730 * (1 - rng.random() ** 0.7))
        received_at = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
        original = last_referable if index % DUPLICATE_EVERY == DUPLICATE_AT else None
        if original is not None:
            # The same report again, a few days later on another channel: the coordinator closes it as a duplicate.
            received_at = min(original.received_at + dt.timedelta(days=rng.randint(1, 6)), now)
            days_ago = (now - received_at).days
        classification = original.classification if original else _weighted(rng, CLASSIFICATIONS)
        org_type = _weighted(rng, type_pairs) if type_pairs else None
        organisation = rng.choice(orgs_by_type[org_type]) if org_type else None
        person_class = classification in PERSON_CLASSES
        # Most SEA allegations concern organisations with a focal point account (as networks push for).
        needs_focal_point = person_class and organisation and organisation.pk not in fp_orgs
        if needs_focal_point and fp_orgs and rng.random() < 0.85:
            organisation = organisations[rng.choice(fp_orgs)]
        sea_code = ""
        survivor_count = 1
        uniformed = False
        who = rng.choice(WHO)
        if classification == Classification.SEA:
            sea_code, story = rng.choice(SEA_STORIES)
            narrative = story.format(who=who)
            survivor_count = rng.choices([1, 2, 3, 4], weights=[82, 11, 5, 2])[0]
            uniformed = rng.random() < 0.07
            if uniformed:
                sea_code = rng.choice(["exploitative_relationship", "transactional_sex"])
                narrative = rng.choice(UNIFORMED_STORIES).format(who=who)
            elif survivor_count > 1:
                narrative = rng.choice(GROUP_STORIES).format(n=survivor_count)
        elif classification == Classification.SEXUAL_HARASSMENT:
            narrative = rng.choice(HARASSMENT_STORIES).format(who=who)
            survivor_count = rng.choices([1, 2], weights=[85, 15])[0]
        elif classification == Classification.OTHER_MISCONDUCT:
            narrative = rng.choice(MISCONDUCT_STORIES)
        else:
            narrative = rng.choice(FEEDBACK_STORIES).format(month=received_at.strftime("%m/%Y"))
        channel = _weighted(rng, CHANNELS)
        if original is not None:
            channel = Channel.HOTLINE if original.channel != Channel.HOTLINE else Channel.WALK_IN
            narrative = f"Même fait que déjà signalé: {narrative}"
        named = rng.random() < 0.35
        # The alleged perpetrators: none for programme feedback (it is about a service, not a person).
        perpetrators: list[services.PerpetratorInput] = []
        if uniformed:
            perpetrators.append(_uniformed(rng, vocab))
            if rng.random() < 0.3:
                perpetrators.append(_uniformed(rng, vocab))
        elif classification != Classification.PROGRAMME_FEEDBACK:
            perpetrators.append(_perpetrator(rng, vocab, organisation=organisation, index=index))
            if rng.random() < 0.10:
                # A second one: a colleague of the first, or someone of another organisation (two allegations).
                others = [pk for pk in fp_orgs if organisation is None or pk != organisation.pk]
                second = organisation
                if others and rng.random() < 0.5:
                    second = organisations[rng.choice(others)]
                perpetrators.append(_perpetrator(rng, vocab, organisation=second, index=index))
        # When it happened: recent rapes and assaults come in within days and need medical care within 72 hours.
        recent = sea_code in ("rape", "sexual_assault") and rng.random() < 0.6
        incident_date: dt.date | None = None
        date_unknown = False
        roll = rng.random()
        if uniformed:
            date_unknown = roll < 0.5
            incident_date = None if date_unknown else dt.date(2023, rng.randint(1, 11), rng.randint(1, 28))
        elif recent:
            incident_date = (received_at - dt.timedelta(days=rng.randint(0, 2))).date()
        elif roll < 0.78:
            incident_date = (received_at - dt.timedelta(days=rng.randint(0, 40))).date()
        elif roll < 0.92:
            date_unknown = True
        needs_medical = recent and rng.random() < 0.9
        needs_safety = person_class and rng.random() < (0.35 if survivor_count > 1 or recent else 0.15)
        needs_shelter = person_class and needs_safety and rng.random() < 0.4
        reported_before = str(YesNoUnknown.UNKNOWN)
        if person_class or classification == Classification.OTHER_MISCONDUCT:
            reported_before = str(
                rng.choices([YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN], weights=[25, 45, 30])[0]
            )
        # A focal point's channel: the organisation that received it, and often a few days before it is entered.
        received_by = organisation if channel == Channel.FOCAL_POINT and organisation is not None else None
        if received_by is None and channel == Channel.WALK_IN and fp_orgs and rng.random() < 0.5:
            received_by = organisations[rng.choice(fp_orgs)]
        first_reported_at = None
        if channel == Channel.FOCAL_POINT and rng.random() < 0.6:
            first_reported_at = received_at - dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 12))
        survivors = (
            _survivors(rng, vocab, count=survivor_count, sea_code=sea_code, index=index, named=named)
            if person_class
            else []
        )
        age = rng.choice(["12-17", "18-25", "26-40", "26-40", "41-60", "unknown"])
        data = services.ComplaintInput(
            channel=str(channel),
            language=rng.choice(["fr", "fr", "fr", "en", "ar"]),
            narrative=narrative,
            incident_date=incident_date,
            incident_date_unknown=date_unknown,
            incident_time_of_day=str(_weighted(rng, TIMES)) if person_class and not date_unknown else "",
            area=_weighted(rng, area_pairs) if area_pairs and rng.random() < 0.9 else None,
            location_detail=rng.choice(
                ["Site de déplacés de Socoura", "Marché de Gao", "Quartier Château", "Camp de Faladié", ""]
            ),
            reported_organisation=organisation if not uniformed and rng.random() < 0.85 else None,
            organisation_text="MINUSMA" if uniformed else "",
            survivors=survivors,
            perpetrators=perpetrators,
            # Feedback and misconduct complaints: the person who reports, as a single profile.
            survivor_sex=str(rng.choices([Sex.FEMALE, Sex.MALE, Sex.UNKNOWN], weights=[60, 30, 10])[0]),
            survivor_age_group=vocab(Vocabulary.AGE_GROUP, age),
            survivor_displacement=vocab(Vocabulary.DISPLACEMENT, _weighted(rng, DISPLACEMENTS)),
            complainant_type=str(rng.choice(list(ComplainantType))),
            contact_method=str(ContactMethod.PHONE if named else ContactMethod.NONE),
            reporter_name=f"Demo reporter {index}" if named else "",
            reporter_contact=f"+223 76 {index:02d} 00 00" if named else "",
            received_at=received_at,
            first_reported_at=first_reported_at,
            received_by_organisation=received_by,
            received_by_person="Point focal de l'organisation (démo)" if received_by else "",
            reported_before=reported_before,
            reported_before_to=str(_weighted(rng, BEFORE_TO)) if reported_before == YesNoUnknown.YES else "",
            goods_exchanged=str(GOODS_OF_SEA.get(sea_code, YesNoUnknown.UNKNOWN)),
            needs_medical=needs_medical,
            needs_safety=needs_safety,
            needs_shelter=needs_shelter,
            notify=False,
        )
        submitted = services.complaint_create(actor=None, data=data)
        complaint = submitted.complaint
        added += 1
        # Complaints of the last days are still waiting for triage (a duplicate is spotted at once).
        if (days_ago < 4 and original is None) or coordinator is None:
            continue
        forward = (
            organisation is not None
            and not person_class
            and (classification == Classification.PROGRAMME_FEEDBACK or rng.random() < 0.7)
        )
        services.complaint_triage(
            actor=coordinator,
            complaint=complaint,
            classification=str(classification),
            complainant_type=complaint.complainant_type,
            # Urgent from intake (immediate needs) stays urgent; triage adds a few more.
            is_urgent=complaint.is_urgent or (classification == Classification.SEA and rng.random() < 0.08),
            involves_child=complaint.involves_child,
            forward_to=organisation if forward and original is None else None,
            note="Transmis au mécanisme de retour de l'organisation." if forward and original is None else "",
        )
        if original is not None:
            services.complaint_close(
                actor=coordinator,
                complaint=complaint,
                reason=ClosureReason.DUPLICATE,
                note=f"Doublon de {original.reference}.",
                duplicate_of=original.reference,
            )
            continue
        if person_class:
            sea_type = vocab(Vocabulary.SEA_TYPE, sea_code) if sea_code else None
            allegations = list(complaint.allegations.all())
            for allegation in allegations:
                services.allegation_update(
                    actor=coordinator,
                    allegation=allegation,
                    organisation=allegation.organisation,
                    personnel_category=allegation.personnel_category,
                    sea_type=sea_type,
                )
            if not allegations:
                services.allegation_add(
                    actor=coordinator,
                    complaint=complaint,
                    organisation=organisation,
                    personnel_category=vocab(Vocabulary.PERSONNEL_CATEGORY, "agency_staff"),
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
            if not uniformed:
                last_referable = complaint
        # A forwarded complaint is closed and takes no message (the draw stays, so the demo data stay the same).
        if rng.random() < 0.4 and complaint.status != Status.CLOSED:
            services.message_to_reporter(actor=coordinator, complaint=complaint, body=rng.choice(REPLIES))
    return added


DEMO_ORDER = 40  # after the demo network's users, organisations and areas


def load(options: DemoOptions) -> dict[str, int]:
    return {"complaints": demo_complaints_load(count=options.complaints)}
