"""Two years of demo complaints (400 by default), made through the real services so they are truly sealed.

Every name and story here is invented. Spreads follow what networks report: hotlines and walk-ins carry
most complaints, most traffic is programme feedback, SEA is a minority, implementing partners and UN
agencies are the most often named. The record's inter-agency fields are spread as a Mali network sees them:
about one SEA or harassment complaint in six concerns several survivors and one in ten several alleged
perpetrators (some of two organisations, hence two allegations); most survivors are internally displaced;
a few complaints, reported late, concern uniformed personnel of the former UN mission (MINUSMA, withdrawn in
2023) with their contingent's nationality; rapes reported within days ask for medical care within 72 hours
and are urgent; transactional sex records the goods exchanged; a few complaints are closed as duplicates.

Over time, so that the insights pages show real trends: complaints follow the seasons (most in the lean season,
June to September, when distributions peak; fewest in the hot dry season), grow slowly as the network becomes
known and rise after the network's communication campaign (``CAMPAIGN_MONTHS_AGO``); allegations against
implementing partners grow and outnumber those against UN agencies; sexual exploitation is more frequent than
sexual abuse; most survivors are women and girls, a quarter or more are children, some are men and boys; a few
regions have very few complaints (small cells); statistics consent is given for most survivors, not all.
Services stamp "now": afterwards the demo moves each triage, closure at triage, note and message back to when a
coordinator would have done it (hours after receipt, a few late).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.core.discovery import DemoOptions
from pseahub.mapping.models import Service
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
# Most complaints come from the centre and north, where the displaced and the aid are (Mopti, Gao, Timbuktu,
# Ségou, Bamako, Ménaka); Kayes and Kidal have so few that their cells are withheld on the insights pages.
AREA_WEIGHTS = {
    "ML05": 22,  # Mopti
    "ML07": 17,  # Gao
    "ML06": 15,  # Tombouctou
    "ML04": 12,  # Ségou
    "ML09": 11,  # Bamako
    "ML10": 10,  # Ménaka
    "ML03": 5,  # Sikasso
    "ML02": 4,  # Koulikoro
    "ML01": 2,  # Kayes
    "ML08": 1,  # Kidal
}
# Two years back from today: each complaint is received on a day drawn by how busy the network was that month.
WINDOW_DAYS = 730
# Mali's seasons: the lean season (soudure, June to September) is when food and cash distributions peak, and
# with them the occasions for exploitation and the complaints; the hot dry season (March to May) is quietest.
LEAN_SEASON = (6, 7, 8, 9)
DRY_SEASON = (3, 4, 5)
SEASON = {1: 0.9, 2: 0.85, 3: 0.75, 4: 0.7, 5: 0.8, 6: 1.2, 7: 1.4, 8: 1.5, 9: 1.35, 10: 1.05, 11: 0.95, 12: 0.9}
# The network's communication campaign (radio spots in Bambara, Songhai and Tamasheq, community dialogues, the
# hotline number on every distribution card) ran this many months before today: complaints rose after it, most
# in the three months after, and stayed higher; hotline calls and SMS rose most.
CAMPAIGN_MONTHS_AGO = 10
CAMPAIGN_CHANNELS = {Channel.HOTLINE: 1.8, Channel.SMS: 1.6}
# Who is named, by the organisation's type, two years ago and today: allegations against implementing partners
# (national and international NGOs delivering for the agencies) grow as more aid goes through them, and outnumber
# those against UN agency staff, as in the UN's system-wide figures.
ORG_TYPE_WEIGHTS = {
    OrganisationType.UN_AGENCY: (32, 20),
    OrganisationType.INGO: (20, 28),
    OrganisationType.NNGO: (6, 20),
    OrganisationType.IMPLEMENTING_PARTNER: (6, 18),
    OrganisationType.CONTRACTOR: (5, 5),
    OrganisationType.GOVERNMENT: (5, 4),
}
# (SEA type, story, weight): sexual exploitation (the first three) is reported more often than sexual abuse.
SEA_STORIES = [
    (
        "transactional_sex",
        "Un agent de distribution a demandé des relations sexuelles à {who} en échange de coupons alimentaires.",
        26,
    ),
    (
        "solicitation_transactional_sex",
        "A guard at the site told {who} she would get a shelter kit faster if she came to his house at night.",
        18,
    ),
    (
        "exploitative_relationship",
        "Un chauffeur entretient une relation avec {who}, qui dépend de l'aide en espèces qu'il enregistre.",
        16,
    ),
    (
        "sexual_activity_with_minor",
        "Des voisins disent qu'un animateur a eu des rapports avec {who}, âgée de 15 ans.",
        10,
    ),
    (
        "sexual_assault",
        "{who} says a registration clerk touched her during the verification of her family's card.",
        15,
    ),
    (
        "rape",
        "{who} a été agressée par un homme en uniforme près du point d'eau; elle est allée au centre de santé.",
        13,
    ),
]
# Told when several survivors are concerned ({n} of them), and whether they are children.
GROUP_STORIES = [
    ("{n} femmes du site disent que le même agent leur a demandé des rapports en échange de leur inscription.", False),
    ("{n} girls from the school say the facilitator asks them to stay after class and touches them.", True),
    ("{n} veuves du quartier rapportent qu'un magasinier exige des faveurs sexuelles pour leur ration.", False),
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
# Most survivors are women and girls, some men and boys; a quarter or more are children (most of them adolescents,
# counting the complaints about sex with a minor and the group of schoolgirls).
SURVIVOR_SEXES = [(Sex.FEMALE, 85), (Sex.MALE, 11), (Sex.UNKNOWN, 4)]
SURVIVOR_AGES = [("0-11", 3), ("12-17", 18), ("18-25", 29), ("26-40", 29), ("41-60", 9), ("61+", 1), ("unknown", 11)]
# How often each consent is given (by the survivor, or a caregiver for a child). A few survivors could not be
# asked at all (a witness reported anonymously), and a few later withdraw their statistics consent: the insights
# pages leave both out.
CONSENT_GIVEN: dict[str, float] = {
    ConsentPurpose.STATISTICS: 0.88,
    ConsentPurpose.SERVICES: 0.78,
    ConsentPurpose.INVESTIGATION: 0.62,
    ConsentPurpose.SHARE_IDENTITY: 0.5,
}
CONSENT_NOT_ASKED, STATISTICS_WITHDRAWN = 0.05, 0.03
# Hours from receipt to triage: most within the day, a few after a weekend or a field trip (late: the SOP asks
# for a referral within 24 hours of intake). Urgent complaints (medical care needed) are triaged at once.
TRIAGE_HOURS = [(1, 15), (3, 25), (6, 25), (12, 15), (20, 10), (30, 6), (60, 4)]
URGENT_TRIAGE_HOURS = [(1, 60), (2, 30), (4, 10)]
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


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def _months_ago(day: dt.date, today: dt.date) -> int:
    return (today.year - day.year) * 12 + today.month - day.month


def month_weight(day: dt.date, today: dt.date) -> float:
    """How busy the network was in the month of ``day``: the season, a slow growth as the network becomes known,
    the rise after the communication campaign, and that month's own ups and downs (the same on every load)."""
    months_ago = _months_ago(day, today)
    awareness = 1.0 - 0.15 * months_ago / 24
    campaign = 1.0
    if months_ago < CAMPAIGN_MONTHS_AGO:
        campaign = 1.55 if months_ago >= CAMPAIGN_MONTHS_AGO - 3 else 1.3
    month_noise = random.Random(day.year * 100 + day.month).uniform(0.85, 1.15)
    return SEASON[day.month] * awareness * campaign * month_noise


def _received_days(today: dt.date) -> tuple[list[int], list[float]]:
    """The days of the last two years as days ago, with the cumulative weights to draw a complaint's day."""
    days_ago = list(range(WINDOW_DAYS))
    cumulative, total = [], 0.0
    for n in days_ago:
        total += month_weight(today - dt.timedelta(days=n), today)
        cumulative.append(total)
    return days_ago, cumulative


def _channels(after_campaign: bool) -> list[tuple[str, float]]:
    if not after_campaign:
        return list(CHANNELS)
    return [(channel, weight * CAMPAIGN_CHANNELS.get(channel, 1.0)) for channel, weight in CHANNELS]


def _org_type_pairs(available: set[str], days_ago: int) -> list[tuple[str, float]]:
    """The organisation types' weights on a day: from two years ago's to today's."""
    t = 1 - days_ago / WINDOW_DAYS
    return [(kind, then + (now - then) * t) for kind, (then, now) in ORG_TYPE_WEIGHTS.items() if kind in available]


def _rotation(fp_orgs: list[int]) -> tuple[list[int], dict[int, Area]]:
    """The organisations the first SEA complaints name in turn, so that every focal point has referrals to show
    even in a small demo (the page tour loads 40 complaints): first those that also answer assistance referrals
    (the tour opens both kinds of one organisation's referrals), each then named in the admin-1 area of its first
    mapped service (where a survivor can be referred to it). Returns the order and those areas by organisation."""
    providers = set(
        RoleAssignment.objects.filter(role=Role.SERVICE_PROVIDER, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    areas: dict[int, Area] = {}
    for service in Service.objects.filter(provider_id__in=fp_orgs).prefetch_related("areas__parent").order_by("pk"):
        for area in service.areas.all():
            region = area.parent if area.admin_level == 2 else area
            if region is not None and region.admin_level == 1:
                areas.setdefault(service.provider_id, region)
    return sorted(fp_orgs, key=lambda pk: (pk not in providers, pk)), areas


def _handling_backdate(complaint: Complaint, triaged_at: dt.datetime, *, messaged: bool) -> None:
    """Move what the services stamped "now" back to the triage: the triage itself, a closure at triage (a forward
    or a duplicate) with its retention clock and note, and the message to the reporter an hour after it."""
    fields: dict[str, dt.datetime] = {"triaged_at": triaged_at}
    if complaint.closed_at is not None:
        fields["closed_at"] = triaged_at
        if complaint.retention_until is not None:
            fields["retention_until"] = triaged_at + (complaint.retention_until - complaint.closed_at)
        complaint.notes.update(written_at=triaged_at)
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    if messaged:
        complaint.messages.update(sent_at=triaged_at + dt.timedelta(hours=1))


class _Vocab:
    """The seeded terms by vocabulary and code."""

    def __init__(self) -> None:
        self.terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}

    def __call__(self, vocabulary: str, code: str) -> Term | None:
        return self.terms.get((vocabulary, code))


def _survivors(
    rng: random.Random, vocab: _Vocab, *, count: int, sea_code: str, index: int, named: bool, children: bool = False
) -> list[services.SurvivorInput]:
    """The survivors of one SEA or harassment complaint, each with sex, age, displacement and GBV type."""
    made = []
    for k in range(count):
        age = _weighted(rng, SURVIVOR_AGES)
        if sea_code == "sexual_activity_with_minor" or children:
            age = "12-17"
        sex = _weighted(rng, SURVIVOR_SEXES)
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
def demo_complaints_load(*, count: int = 400, seed: int = 2026) -> int:
    """Create demo complaints until there are ``count``; returns how many were added."""
    existing = Complaint.objects.count()
    if existing >= count:
        return 0
    order = random.Random(seed + existing)
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    areas = {a.pcode: a for a in Area.objects.filter(admin_level=1)}
    area_pairs = [(areas[p], w) for p, w in AREA_WEIGHTS.items() if p in areas]
    orgs_by_type: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.order_by("pk"):
        orgs_by_type.setdefault(org.type, []).append(org)
    organisations = {org.pk: org for orgs in orgs_by_type.values() for org in orgs}
    vocab = _Vocab()
    fp_orgs = sorted(
        set(
            RoleAssignment.objects.filter(role=Role.FOCAL_POINT, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
    )
    fp_orgs_by_type: dict[str, list[int]] = {}
    for pk in fp_orgs:
        fp_orgs_by_type.setdefault(organisations[pk].type, []).append(pk)
    rotation, service_areas = _rotation(fp_orgs)
    now = timezone.now()
    today = timezone.localdate(now)
    days, cumulative = _received_days(today)
    # Each complaint takes its own slice of the two years' weight, in a shuffled order: the months get their share
    # of complaints (the trends hold at any count) and are filled in no particular order.
    slices = list(range(count - existing))
    order.shuffle(slices)
    added = 0
    last_referable: Complaint | None = None
    for index in range(existing, count):
        # Each complaint its own draws, so that what one complaint is does not depend on the others; those that
        # depend on the date (who is named, the channel after the campaign) from a second source, so that the
        # rest of the complaint is the same whatever the day the demo is loaded.
        rng = random.Random(seed * 1_000_003 + index)
        dated = random.Random(seed * 2_000_003 + index)
        # A day of the last two years, drawn by season, awareness and the campaign (``month_weight``).
        share = (slices[index - existing] + rng.random()) / len(slices)
        days_ago = days[min(bisect.bisect_left(cumulative, share * cumulative[-1]), len(days) - 1)]
        received_at = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
        original = last_referable if index % DUPLICATE_EVERY == DUPLICATE_AT else None
        if original is not None:
            # The same report again, a few days later on another channel: the coordinator closes it as a duplicate.
            received_at = min(original.received_at + dt.timedelta(days=rng.randint(1, 6)), now)
            days_ago = (now - received_at).days
        classification = original.classification if original else _weighted(rng, CLASSIFICATIONS)
        type_pairs = _org_type_pairs(set(orgs_by_type), days_ago)
        org_type = _weighted(dated, type_pairs) if type_pairs else None
        organisation = dated.choice(orgs_by_type[org_type]) if org_type else None
        person_class = classification in PERSON_CLASSES
        # Most SEA allegations concern organisations with a focal point account (as networks push for): one of
        # the same type where there is one, so that the types keep their trend.
        needs_focal_point = person_class and organisation and organisation.pk not in fp_orgs
        if needs_focal_point and fp_orgs and dated.random() < 0.85:
            same_type = fp_orgs_by_type.get(org_type or "", [])
            organisation = organisations[dated.choice(same_type or fp_orgs)]
        sea_code = ""
        survivor_count = 1
        uniformed = False
        children = False
        who = rng.choice(WHO)
        in_turn = False
        if classification == Classification.SEA:
            sea_code, story, _weight = rng.choices(SEA_STORIES, weights=[story[2] for story in SEA_STORIES])[0]
            narrative = story.format(who=who)
            survivor_count = rng.choices([1, 2, 3, 4], weights=[82, 11, 5, 2])[0]
            uniformed = rng.random() < 0.07
            if uniformed:
                sea_code = rng.choice(["exploitative_relationship", "transactional_sex"])
                narrative = rng.choice(UNIFORMED_STORIES).format(who=who)
            elif survivor_count > 1:
                group_story, children = rng.choice(GROUP_STORIES)
                narrative = group_story.format(n=survivor_count)
            in_turn = bool(rotation) and not uniformed and original is None and days_ago >= 4
            if in_turn:
                organisation = organisations[rotation.pop(0)]
        elif classification == Classification.SEXUAL_HARASSMENT:
            narrative = rng.choice(HARASSMENT_STORIES).format(who=who)
            survivor_count = rng.choices([1, 2], weights=[85, 15])[0]
        elif classification == Classification.OTHER_MISCONDUCT:
            narrative = rng.choice(MISCONDUCT_STORIES)
        else:
            narrative = rng.choice(FEEDBACK_STORIES).format(month=received_at.strftime("%m/%Y"))
        after_campaign = _months_ago(today - dt.timedelta(days=days_ago), today) < CAMPAIGN_MONTHS_AGO
        channel = _weighted(dated, _channels(after_campaign=after_campaign))
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
            perpetrators.append(_perpetrator(dated, vocab, organisation=organisation, index=index))
            if rng.random() < 0.10:
                # A second one: a colleague of the first, or someone of another organisation (two allegations).
                others = [pk for pk in fp_orgs if organisation is None or pk != organisation.pk]
                second = organisation
                if others and dated.random() < 0.5:
                    second = organisations[dated.choice(others)]
                perpetrators.append(_perpetrator(dated, vocab, organisation=second, index=index))
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
        if received_by is None and channel == Channel.WALK_IN and fp_orgs and dated.random() < 0.5:
            received_by = organisations[dated.choice(fp_orgs)]
        first_reported_at = None
        if channel == Channel.FOCAL_POINT and dated.random() < 0.6:
            first_reported_at = received_at - dt.timedelta(days=dated.randint(1, 5), hours=dated.randint(0, 12))
        survivors = (
            _survivors(rng, vocab, count=survivor_count, sea_code=sea_code, index=index, named=named, children=children)
            if person_class
            else []
        )
        age = rng.choice(["12-17", "18-25", "26-40", "26-40", "41-60", "unknown"])
        area = _weighted(rng, area_pairs) if area_pairs and rng.random() < 0.9 else None
        if in_turn and organisation is not None and organisation.pk in service_areas:
            area = service_areas[organisation.pk]  # where the organisation works
        data = services.ComplaintInput(
            channel=str(channel),
            language=rng.choice(["fr", "fr", "fr", "en", "ar"]),
            narrative=narrative,
            incident_date=incident_date,
            incident_date_unknown=date_unknown,
            incident_time_of_day=str(_weighted(rng, TIMES)) if person_class and not date_unknown else "",
            area=area,
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
        hours = _weighted(rng, URGENT_TRIAGE_HOURS if complaint.needs_medical else TRIAGE_HOURS)
        triaged_at = min(received_at + dt.timedelta(hours=hours, minutes=rng.randint(0, 59)), now)
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
            _handling_backdate(complaint, triaged_at, messaged=False)
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
            asked = rng.random() >= CONSENT_NOT_ASKED
            for purpose in ConsentPurpose.values:
                given = rng.random() < CONSENT_GIVEN.get(purpose, 0.7)
                if not asked:
                    continue
                services.consent_record(
                    actor=coordinator,
                    complaint=complaint,
                    purpose=purpose,
                    decision=ConsentDecision.GIVEN if given else ConsentDecision.REFUSED,
                    given_by=giver,
                    decided_at=received_at + dt.timedelta(hours=2),
                )
                later = received_at + dt.timedelta(days=rng.randint(10, 60))
                withdrawn = purpose == ConsentPurpose.STATISTICS and rng.random() < STATISTICS_WITHDRAWN
                if given and withdrawn and later < now:
                    services.consent_record(
                        actor=coordinator,
                        complaint=complaint,
                        purpose=purpose,
                        decision=ConsentDecision.WITHDRAWN,
                        given_by=giver,
                        decided_at=later,
                    )
            if not uniformed:
                last_referable = complaint
        # A forwarded complaint is closed and takes no message (the draw stays, so the demo data stay the same).
        messaged = rng.random() < 0.4 and complaint.status != Status.CLOSED
        if messaged:
            services.message_to_reporter(actor=coordinator, complaint=complaint, body=rng.choice(REPLIES))
        _handling_backdate(complaint, triaged_at, messaged=messaged)
    return added


DEMO_ORDER = 40  # after the demo network's users, organisations and areas


def load(options: DemoOptions) -> dict[str, int]:
    return {"complaints": demo_complaints_load(count=options.complaints)}
