"""Demo community consultations (issue 14 item 3): Mali, the last two years, districts of Mopti, Tombouctou and
Gao and two region-wide ones. Women tend to prefer women-staffed help desks and community committees, adolescents
SMS and WhatsApp, people with disabilities home visits by community volunteers, men the hotline.

Some preferred channel types have no active mechanism in the demo mechanisms (``demo.DEMO_MECHANISMS``), so the
gap table shows gaps: help desks in Diré (ML0601) and Bandiagara (ML0501), SMS and WhatsApp in Gao (ML0703; the
SMS line is still being set up), community volunteers in Ansongo (ML0701; suspended).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from pseahub.network.models import Area, Organisation

from .models import CommunityConsultation, ConsultationMethod, MechanismType, PopulationAge, PopulationSex
from .preferences import PreferenceRow, consultation_create

_NAMESPACE = uuid.UUID("6f1c2d0e-4b7a-4f51-9d59-3c1a0e7d2b14")

F, M, ALL = PopulationSex.FEMALE, PopulationSex.MALE, PopulationSex.ALL
CHILD, ADULT, ANY_AGE = PopulationAge.CHILDREN, PopulationAge.ADULTS, PopulationAge.ALL
HOTLINE, DESK, BOX = MechanismType.HOTLINE, MechanismType.HELP_DESK, MechanismType.SUGGESTION_BOX
SMS, WHATSAPP, COMMUNITY = MechanismType.SMS, MechanismType.WHATSAPP, MechanismType.COMMUNITY
WALK_IN = MechanismType.WALK_IN
FGD, SURVEY, MEETING = ConsultationMethod.FOCUS_GROUP, ConsultationMethod.SURVEY, ConsultationMethod.COMMUNITY_MEETING


@dataclass(frozen=True)
class DemoConsultation:
    key: str  # names it for idempotence (its public id is derived from it)
    days_ago: int
    area: str  # p-code
    method: str
    number: int
    organisation: str  # acronym
    sex: str
    age_group: str
    channels: dict[str, int]
    disability: str = "all"


DEMO_CONSULTATIONS: list[DemoConsultation] = [
    # Mopti: Bandiagara (no help desk there), Douentza, Mopti town
    DemoConsultation("bandiagara-women", 40, "ML0501", FGD, 18, "NRC", F, ADULT, {DESK: 11, COMMUNITY: 9, BOX: 2}),
    DemoConsultation("bandiagara-men", 42, "ML0501", FGD, 15, "NRC", M, ADULT, {HOTLINE: 9, BOX: 6, COMMUNITY: 4}),
    DemoConsultation("bandiagara-girls", 45, "ML0501", FGD, 12, "SCI", F, CHILD, {DESK: 6, WHATSAPP: 5, SMS: 3}),
    DemoConsultation("douentza-adolescents", 120, "ML0504", SURVEY, 40, "SCI", ALL, CHILD, {WHATSAPP: 22, SMS: 15}),
    DemoConsultation("douentza-women", 130, "ML0504", FGD, 20, "SCI", F, ADULT, {COMMUNITY: 12, DESK: 10}),
    DemoConsultation("mopti-disability", 200, "ML0506", FGD, 10, "NRC", ALL, ANY_AGE, {COMMUNITY: 7, DESK: 4},
                     disability="with"),
    DemoConsultation("mopti-region", 500, "ML05", MEETING, 60, "CRM", ALL, ANY_AGE,
                     {COMMUNITY: 28, HOTLINE: 20, DESK: 15}),
    # Tombouctou: Diré (no help desk in the region), Goundam, Tombouctou town
    DemoConsultation("dire-women", 30, "ML0601", FGD, 22, "AMSS", F, ADULT, {DESK: 14, COMMUNITY: 10, HOTLINE: 3}),
    DemoConsultation("dire-men", 33, "ML0601", FGD, 16, "AMSS", M, ADULT, {HOTLINE: 10, COMMUNITY: 5}),
    DemoConsultation("goundam-boys", 160, "ML0602", FGD, 14, "AMSS", M, CHILD, {SMS: 7, COMMUNITY: 6, HOTLINE: 3}),
    DemoConsultation("tombouctou-disability", 250, "ML0605", FGD, 9, "AMSS", ALL, ANY_AGE, {COMMUNITY: 6, HOTLINE: 2},
                     disability="with"),
    DemoConsultation("tombouctou-region", 600, "ML06", SURVEY, 120, "UNHCR", ALL, ANY_AGE,
                     {HOTLINE: 48, COMMUNITY: 45, DESK: 30, SMS: 12}),
    # Gao: Gao town (the SMS line is not running yet), Ansongo (volunteers suspended), Bourem
    DemoConsultation("gao-adolescents", 60, "ML0703", SURVEY, 35, "IOM", ALL, CHILD, {SMS: 18, WHATSAPP: 16, DESK: 4}),
    DemoConsultation("gao-women", 65, "ML0703", FGD, 20, "IRC", F, ADULT, {DESK: 12, COMMUNITY: 8, HOTLINE: 5}),
    DemoConsultation("ansongo-disability", 90, "ML0701", FGD, 12, "IRC", ALL, ANY_AGE, {COMMUNITY: 9, HOTLINE: 2},
                     disability="with"),
    DemoConsultation("ansongo-women", 95, "ML0701", FGD, 18, "IRC", F, ADULT, {COMMUNITY: 11, DESK: 9}),
    DemoConsultation("bourem-men", 300, "ML0702", MEETING, 25, "WFP", M, ADULT, {WALK_IN: 12, HOTLINE: 10}),
]  # fmt: skip


#: What some consultations found beyond the channels (issue 16 item 7); no names.
DEMO_FINDINGS: dict[str, str] = {
    "bandiagara-women": "Les femmes craignent d'être vues en allant au bureau de l'ONG; elles préfèrent parler à une "
    "femme, au centre de santé ou lors des réunions du groupement.",
    "douentza-adolescents": "Beaucoup ne savent pas que l'aide est gratuite; le téléphone est souvent celui "
    "des parents.",
    "mopti-disability": "Les points de distribution sont difficiles d'accès; les boîtes à suggestions ne conviennent "
    "pas aux personnes malvoyantes.",
    "dire-men": "Les hommes connaissent la ligne verte mais doutent que les plaintes soient suivies.",
    "gao-adolescents": "Les adolescentes veulent un canal écrit (SMS, WhatsApp) et une réponse rapide.",
}


def _participants(demo: DemoConsultation) -> dict[str, Any]:
    """Who took part, as far as the group says (a consultation of one sex, age group or of people with
    disabilities)."""
    return {
        "participants_female": demo.number if demo.sex == F else (0 if demo.sex == M else None),
        "participants_male": demo.number if demo.sex == M else (0 if demo.sex == F else None),
        "participants_children": demo.number if demo.age_group == CHILD else None,
        "participants_adults": demo.number if demo.age_group == ADULT else None,
        "participants_with_disability": demo.number if demo.disability == "with" else None,
    }


@transaction.atomic
def demo_preferences_load() -> int:
    """Create the demo consultations that are missing (by their derived public id); return how many."""
    today = timezone.localdate()
    organisations = {org.acronym: org for org in Organisation.objects.filter(is_active=True)}
    areas = {area.pcode: area for area in Area.objects.filter(pcode__in={d.area for d in DEMO_CONSULTATIONS})}
    created = 0
    for demo in DEMO_CONSULTATIONS:
        public_id = uuid.uuid5(_NAMESPACE, demo.key)
        area = areas.get(demo.area)
        if area is None or CommunityConsultation.objects.filter(public_id=public_id).exists():
            continue
        consultation_create(
            actor=None,
            public_id=public_id,
            date=today - timedelta(days=demo.days_ago),
            area=area,
            method=demo.method,
            number_consulted=demo.number,
            organisation=organisations.get(demo.organisation),
            findings=DEMO_FINDINGS.get(demo.key, ""),
            **_participants(demo),
            preferences=[
                PreferenceRow(demo.sex, demo.age_group, demo.disability, channel, count)
                for channel, count in demo.channels.items()
            ],
        )
        created += 1
    return created
