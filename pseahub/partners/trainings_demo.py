"""Demo trainings (issue 16 items 5 and 6): a year of PSEA sessions in Mali (Bamako, Mopti, Gao, Tombouctou,
Ségou) organised by the network's members, with participants of the demo organisations, their test scores, and a
few named participants (with consent) who have certificates; two sessions of 2024 make refreshers due. Written
through the services (the audit is real); idempotent by topic, date and organiser."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.network.models import Area, Organisation

from .models import ParticipantRole, TrainingSession, TrainingTopic
from .trainings import ParticipantRow, material_add, participants_save, session_create

# (days after the start, topic, place, admin-1 name, organiser acronym, trainers, participants)
SESSIONS: list[tuple[int, str, str, str, str, str, int]] = [
    (-700, TrainingTopic.PSEA_BASICS, "Hôtel Le Relax, Gao", "Gao", "NRC", "Équipe PSEA du NRC", 14),
    (-650, TrainingTopic.FOCAL_POINTS, "Salle de l'OCHA, Mopti", "Mopti", "UNICEF", "Coordination PSEA", 12),
    (0, TrainingTopic.PSEA_BASICS, "Maison de la Femme, Bamako", "Bamako", "UNICEF", "Coordination PSEA", 18),
    (21, TrainingTopic.FOCAL_POINTS, "Salle de réunion OCHA, Bamako", "Bamako", "UNICEF", "Coordination PSEA", 16),
    (45, TrainingTopic.INTAKE_REFERRAL, "Base humanitaire, Sévaré", "Mopti", "NRC", "NRC et AMSS", 15),
    (80, TrainingTopic.CFM_STAFF, "Centre Djoliba, Bamako", "Bamako", "WFP", "Unité CFM du PAM", 20),
    (110, TrainingTopic.SURVIVOR_CENTRED, "Hôpital régional, Gao", "Gao", "UNFPA", "UNFPA et MdM", 14),
    (150, TrainingTopic.PSEA_BASICS, "Mairie de Tombouctou", "Tombouctou", "AMSS", "Formateurs de l'AMSS", 22),
    (185, TrainingTopic.SERVICE_PROVIDERS, "Centre de santé, Ségou", "Ségou", "MdM", "Médecins du Monde", 12),
    (220, TrainingTopic.INVESTIGATIONS, "Hôtel Salam, Bamako", "Bamako", "UNHCR", "Bureau de l'inspecteur", 10),
    (260, TrainingTopic.CFM_STAFF, "Base du HCR, Mopti", "Mopti", "UNHCR", "HCR et CRM", 16),
    (300, TrainingTopic.FOCAL_POINTS, "Salle polyvalente, Ségou", "Ségou", "NRC", "Coordination PSEA", 14),
    (335, TrainingTopic.INTAKE_REFERRAL, "Base humanitaire, Tombouctou", "Tombouctou", "IRC", "IRC", 15),
]
#: Links added to each session of a topic.
MATERIALS: dict[str, list[tuple[str, str]]] = {
    TrainingTopic.PSEA_BASICS: [
        ("IASC : six principes fondamentaux relatifs à l'EAS", "https://psea.interagencystandingcommittee.org/"),
    ],
    TrainingTopic.FOCAL_POINTS: [
        ("Boîte à outils PSEA pour les points focaux", "https://psea.interagencystandingcommittee.org/resources"),
    ],
    TrainingTopic.SURVIVOR_CENTRED: [
        ("Approche centrée sur la survivante (GBV AoR)", "https://gbvaor.net/"),
    ],
}
#: Participants who agreed to have their names recorded (each gets a certificate if the session was completed).
NAMES = [
    ("Aminata Coulibaly", "female", "fr"),
    ("Moussa Diarra", "male", "fr"),
    ("Fatoumata Maïga", "female", "fr"),
    ("Mohamed Ag Intalla", "male", "ar"),
    ("Kadidia Touré", "female", "fr"),
    ("Ibrahim Cissé", "male", "en"),
]
SEXES = ["female", "female", "male", "male", "female", "male", "unknown"]
ROLES = [
    ParticipantRole.FOCAL_POINT,
    ParticipantRole.CFM_STAFF,
    ParticipantRole.CFM_STAFF,
    ParticipantRole.SERVICE_PROVIDER,
    ParticipantRole.MANAGER,
    ParticipantRole.OTHER,
]
PARTICIPANT_ORGS = ["UNICEF", "WFP", "UNHCR", "UNFPA", "NRC", "SCI", "IRC", "MdM", "AMSS", "AJM", "CRM", "AJAG"]


def _area(name: str) -> Area | None:
    plain = name.replace("é", "e")
    return (
        Area.objects.filter(admin_level=1)
        .filter(Q(name__iexact=plain) | Q(name_local__iexact=name) | Q(name__iexact=name))
        .first()
    )


def _recorder(organisation: Organisation, coordinator: User) -> User:
    """The organiser's focal point when it has a user, else the coordinator."""
    assignment = (
        RoleAssignment.objects.filter(role=Role.FOCAL_POINT, organisation=organisation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment is not None else coordinator


def demo_trainings_load(*, start: dt.date | None = None) -> int:
    """Returns the number of sessions created."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    organisations = {o.acronym: o for o in Organisation.objects.filter(is_active=True) if o.acronym}
    participant_orgs = [organisations[a] for a in PARTICIPANT_ORGS if a in organisations]
    if not participant_orgs:
        return 0
    start = start or dt.date(2025, 12, 1)
    dice = random.Random(16)  # noqa: S311 - demo data, not security
    names = list(NAMES)
    created = 0
    for offset, topic, place, area_name, organiser_acronym, trainers, count in SESSIONS:
        organiser = organisations.get(organiser_acronym)
        if organiser is None:
            continue
        held_on = start + dt.timedelta(days=offset)
        if TrainingSession.objects.filter(topic=topic, held_on=held_on, organiser=organiser).exists():
            continue
        recorder = _recorder(organiser, coordinator)
        session = session_create(
            actor=recorder,
            data={
                "topic": topic,
                "held_on": held_on,
                "place": place,
                "area": _area(area_name),
                "trainers": trainers,
                "organiser": organiser,
            },
        )
        rows = []
        for index in range(count):
            pre = dice.randint(25, 70)
            tested = dice.random() < 0.9
            named = names.pop(0) if names and index == 0 else None
            completed = dice.random() < 0.92 or named is not None
            rows.append(
                ParticipantRow(
                    id=None,
                    entry_key=f"demo:{session.public_id}:{index}",
                    organisation=dice.choice(participant_orgs),
                    sex=named[1] if named else dice.choice(SEXES),
                    role=dice.choice(ROLES) if index else ParticipantRole.FOCAL_POINT,
                    name_consent=named is not None,
                    name=named[0] if named else "",
                    language=named[2] if named else "fr",
                    pre_score=pre if tested else None,
                    post_score=min(100, pre + dice.randint(5, 35)) if tested else None,
                    completed=completed,
                )
            )
        participants_save(actor=recorder, session=session, rows=rows)
        for title, url in MATERIALS.get(topic, []):
            material_add(actor=recorder, session=session, title=title, url=url)
        created += 1
    return created
