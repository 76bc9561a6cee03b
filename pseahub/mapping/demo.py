# ruff: noqa: RUF001  (French typography: en dashes in names and hours)
"""Demo services for the Mali network: the registry an assistance referral picks from; and the members'
complaint and feedback mechanisms, with district (admin-2) coverage in Mopti, Tombouctou and Gao.

``demo_services_load`` runs after ``network.demo.demo_load`` (it needs the demo organisations and areas) and
writes through ``service_create``, so the audit log is real. Idempotent by name. Phone numbers and
addresses are invented; never load this into a production database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pseahub.core.discovery import DemoOptions
from pseahub.network.models import Area, Organisation

from .mechanisms import mechanism_create, mechanism_verify
from .models import (
    FeedbackMechanism,
    MechanismCost,
    MechanismStatus,
    MechanismType,
    Service,
    ServiceCost,
    ServiceType,
    SexServed,
)
from .service_access import service_verify
from .services import service_create


@dataclass(frozen=True)
class DemoService:
    name: str
    type: str
    provider: str  # acronym of a demo organisation (network/demo.py ORGANISATIONS)
    areas: tuple[str, ...]  # p-codes
    phone: str
    hours: str
    languages: tuple[str, ...]
    address: str = ""
    email: str = ""
    sex_served: str = SexServed.ALL
    min_age: int | None = None
    max_age: int | None = None
    notes: str = ""
    is_active: bool = True
    capacity: str = ""
    cost: str = ServiceCost.FREE
    referral_contact: str = ""
    flags: frozenset[str] = frozenset()  # the Service booleans that are true (post-rape care, accessibility)
    verified_days_ago: int | None = 60  # by the demo coordinator; None: never verified


_FRIENDLY = frozenset({"women_child_friendly", "confidential_space"})

DEMO_SERVICES: list[DemoService] = [
    DemoService(
        "Prise en charge clinique du viol – Hôpital Sominé Dolo (appui OMS)",
        ServiceType.HEALTH,
        "WHO",
        ("ML05",),
        "+223 70 10 00 01",
        "24 h/24, 7 j/7 (urgences)",
        ("fr", "ff", "bm"),
        address="Hôpital Sominé Dolo, Sévaré, Mopti",
        notes="Soins dans les 72 heures : prophylaxie post-exposition et contraception d'urgence.",
        capacity="Urgences 24 h/24 ; 4 lits",
        referral_contact="Point focal VBG des urgences, +223 70 10 01 01",
        flags=frozenset({"post_rape_care_72h", "accessible_disability"}) | _FRIENDLY,
        verified_days_ago=35,
    ),
    DemoService(
        "Unité de prise en charge des survivantes – Hôpital régional de Gao (appui OMS)",
        ServiceType.HEALTH,
        "WHO",
        ("ML07",),
        "+223 70 10 00 02",
        "24 h/24, 7 j/7 (urgences)",
        ("fr", "son", "tmh"),
        address="Hôpital régional, quartier Château, Gao",
        capacity="Urgences 24 h/24 ; 2 lits",
        referral_contact="Sage-femme référente, +223 70 10 01 02",
        flags=frozenset({"post_rape_care_72h"}) | _FRIENDLY,
        verified_days_ago=120,
    ),
    DemoService(
        "Clinique mobile Médecins du Monde – Bandiagara et Bankass",
        ServiceType.HEALTH,
        "MdM",
        ("ML0501", "ML0502"),
        "+223 70 10 00 03",
        "Lun–ven 8:00–16:00 (calendrier des sites au téléphone)",
        ("fr", "ff"),
        notes="Consultations gratuites, orientation vers l'hôpital de Mopti si besoin.",
        capacity="Environ 60 consultations par semaine",
        referral_contact="Coordinatrice médicale, +223 70 10 01 03",
        flags=frozenset({"confidential_space"}),
        verified_days_ago=25,
    ),
    DemoService(
        "Écoute et soutien psychosocial – IRC",
        ServiceType.PSYCHOSOCIAL,
        "IRC",
        ("ML05", "ML07", "ML10"),
        "+223 70 10 00 04",
        "Lun–ven 8:00–17:00",
        ("fr", "son", "tmh", "ff"),
        email="ecoute.demo@demo.psea.test",
        notes="Entretiens individuels confidentiels ; une femme peut demander une conseillère.",
        capacity="30 nouvelles personnes par mois",
        referral_contact="Responsable VBG, ecoute.demo@demo.psea.test",
        flags=_FRIENDLY | {"accessible_disability"},
        verified_days_ago=150,
    ),
    DemoService(
        "Soutien psychosocial communautaire – AMSS Tombouctou",
        ServiceType.PSYCHOSOCIAL,
        "AMSS",
        ("ML06",),
        "+223 70 10 00 05",
        "Lun–sam 8:00–16:00",
        ("fr", "son", "tmh", "ar"),
        address="Siège AMSS, quartier Abaradjou, Tombouctou",
        capacity="20 nouvelles personnes par mois",
        referral_contact="Psychologue de l'AMSS, +223 70 10 01 05",
        flags=_FRIENDLY,
        verified_days_ago=210,
    ),
    DemoService(
        "Clinique juridique AJM – Bamako",
        ServiceType.LEGAL,
        "AJM",
        ("ML09",),
        "+223 70 10 00 06",
        "Lun–ven 8:30–16:30",
        ("fr", "bm"),
        address="Hamdallaye ACI 2000, Bamako",
        notes="Conseil et accompagnement juridique gratuits, y compris pour porter plainte.",
        capacity="15 dossiers par mois",
        referral_contact="Avocate permanente, +223 70 10 01 06",
        flags=frozenset({"confidential_space", "accessible_disability"}),
        verified_days_ago=70,
    ),
    DemoService(
        "Clinique juridique AJM – Ségou",
        ServiceType.LEGAL,
        "AJM",
        ("ML04",),
        "+223 70 10 00 07",
        "Mar et jeu 9:00–15:00",
        ("fr", "bm"),
        address="Quartier Médine, Ségou",
        capacity="8 dossiers par mois",
        referral_contact="Juriste, +223 70 10 01 07",
        min_age=18,  # adults only: the gap table shows Ségou has no legal aid for children
        verified_days_ago=95,
    ),
    DemoService(
        "Hébergement d'urgence et abris – NRC",
        ServiceType.SAFETY_SHELTER,
        "NRC",
        ("ML07",),  # in Mopti only UNFPA's safe space for women and girls: no safety service for men there
        "+223 70 10 00 08",
        "Lun–ven 8:00–16:00 ; astreinte le week-end",
        ("fr", "en", "son"),
        notes="Mise à l'abri temporaire et relogement ; sur orientation d'un service ou du réseau.",
        capacity="6 places d'urgence",
        referral_contact="Astreinte protection NRC, +223 70 10 01 08",
        flags=_FRIENDLY,
        verified_days_ago=260,
    ),
    DemoService(
        "Espace sûr pour femmes et filles – AMSS Gao (appui UNFPA)",
        ServiceType.SAFETY_SHELTER,
        "AMSS",
        ("ML07",),
        "+223 70 10 00 09",
        "Lun–sam 8:00–17:00",
        ("fr", "son", "tmh"),
        address="Quartier Saneye, Gao",
        sex_served=SexServed.FEMALE,
        min_age=12,
        notes="Accueil, écoute et activités réservés aux femmes et aux filles dès 12 ans.",
        capacity="40 femmes et filles par semaine",
        referral_contact="Animatrice responsable, +223 70 10 01 09",
        flags=_FRIENDLY | {"accessible_disability"},
        verified_days_ago=45,
    ),
    DemoService(
        "Espace sûr pour femmes et filles – UNFPA Mopti",
        ServiceType.SAFETY_SHELTER,
        "UNFPA",
        ("ML0506",),
        "+223 70 10 00 10",
        "Lun–ven 8:00–16:00",
        ("fr", "ff", "bm"),
        sex_served=SexServed.FEMALE,
        capacity="30 femmes et filles par semaine",
        referral_contact="Chargée VBG UNFPA, +223 70 10 01 10",
        flags=_FRIENDLY,
        verified_days_ago=80,
    ),
    DemoService(
        "Protection de l'enfance et gestion de cas – Save the Children",
        ServiceType.CHILD_PROTECTION,
        "SCI",
        ("ML05", "ML06", "ML07"),
        "+223 70 10 00 11",
        "Lun–ven 8:00–17:00",
        ("fr", "son", "ff"),
        max_age=17,
        notes="Pour les enfants jusqu'à 17 ans ; un parent ou un tuteur peut appeler pour l'enfant.",
        capacity="25 nouveaux cas par mois",
        referral_contact="Gestionnaire de cas, +223 70 10 01 11",
        flags=_FRIENDLY,
        verified_days_ago=55,
    ),
    DemoService(
        "Assistance alimentaire d'urgence – PAM",
        ServiceType.MATERIAL_LIVELIHOOD,
        "WFP",
        ("ML05", "ML06", "ML07", "ML08", "ML10"),
        "+223 70 10 00 12",
        "Selon le calendrier des distributions",
        ("fr", "son", "tmh", "ar"),
        notes="Ligne gratuite du PAM pour les questions sur l'assistance ; pas de paiement, jamais.",
        capacity="Selon les listes de distribution",
        referral_contact="Unité protection du PAM, +223 70 10 01 12",
        verified_days_ago=100,
    ),
    DemoService(
        "Kits de dignité et soutien aux moyens d'existence – AMSS",
        ServiceType.MATERIAL_LIVELIHOOD,
        "AMSS",
        ("ML06", "ML07"),
        "+223 70 10 00 13",
        "Lun–ven 8:00–16:00",
        ("fr", "son", "tmh"),
        min_age=15,
        capacity="200 kits par trimestre",
        cost=ServiceCost.FREE,
        referral_contact="Chargé de programme AMSS, +223 70 10 01 13",
        verified_days_ago=90,
    ),
    DemoService(
        "Autonomisation économique des femmes – IRC Gao",
        ServiceType.MATERIAL_LIVELIHOOD,
        "IRC",
        ("ML07",),
        "+223 70 10 00 14",
        "Lun–jeu 9:00–15:00",
        ("fr", "son"),
        sex_served=SexServed.FEMALE,
        min_age=18,
        capacity="2 cohortes de 25 femmes par an",
        cost=ServiceCost.SUBSIDISED,
        referral_contact="Chargée moyens d'existence IRC, +223 70 10 01 14",
        verified_days_ago=130,
    ),
    DemoService(
        "Poste de santé Croix-Rouge malienne – Kidal",
        ServiceType.HEALTH,
        "CRM",
        ("ML08",),
        "+223 70 10 00 15",
        "Lun–sam 8:00–18:00",
        ("fr", "tmh", "ar"),
        cost=ServiceCost.SUBSIDISED,
        referral_contact="Infirmier chef de poste, +223 70 10 01 15",
        verified_days_ago=None,
    ),
    DemoService(
        "Ligne d'écoute nationale VBG – MPFEF",
        ServiceType.OTHER,
        "MPFEF",
        ("MLI",),
        "+223 70 10 00 16",
        "24 h/24, 7 j/7 (appel gratuit)",
        ("fr", "bm", "son", "ff", "tmh"),
        notes="Écoute anonyme et orientation vers les services les plus proches, partout au Mali.",
        capacity="Environ 300 appels par mois",
        flags=frozenset({"confidential_space"}),
        verified_days_ago=40,
    ),
    DemoService(
        "Bureau de protection UNHCR – Ménaka",
        ServiceType.OTHER,
        "UNHCR",
        ("ML10",),
        "+223 70 10 00 17",
        "Lun–ven 8:00–16:00",
        ("fr", "tmh", "ar"),
        notes="Service suspendu pour raisons de sécurité (exemple de service inactif).",
        is_active=False,
        verified_days_ago=None,
    ),
]


@transaction.atomic
def demo_services_load() -> int:
    """Create the demo services that are missing (by name); return how many were created.

    A service whose provider (active) or areas are not loaded is skipped: run ``demo_load`` first. Verified ones
    are verified by the demo coordinator (``service_verify``, audited), then their date is moved back: most 1 to 5
    months ago, two more than six months ago (flagged), one never (an inactive one neither).
    """
    from pseahub.accounts.models import Role, User

    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    acronyms = {demo.provider for demo in DEMO_SERVICES}
    providers = {org.acronym: org for org in Organisation.objects.filter(acronym__in=acronyms)}
    areas = {area.pcode: area for area in Area.objects.filter(pcode__in={p for d in DEMO_SERVICES for p in d.areas})}
    existing = set(
        Service.objects.filter(name__in=[demo.name for demo in DEMO_SERVICES]).values_list("name", flat=True)
    )
    created = 0
    for demo in DEMO_SERVICES:
        provider = providers.get(demo.provider)
        covered = [areas[pcode] for pcode in demo.areas if pcode in areas]
        if demo.name in existing or provider is None or not provider.is_active or not covered:
            continue
        service = service_create(
            actor=None,
            name=demo.name,
            type=demo.type,
            provider=provider,
            areas=covered,
            sex_served=demo.sex_served,
            min_age=demo.min_age,
            max_age=demo.max_age,
            contact_phone=demo.phone,
            contact_email=demo.email,
            address=demo.address,
            hours=demo.hours,
            languages=list(demo.languages),
            notes=demo.notes,
            is_active=demo.is_active,
            capacity=demo.capacity,
            cost=demo.cost,
            referral_contact=demo.referral_contact,
            **{flag: True for flag in demo.flags},
        )
        if demo.verified_days_ago is not None and coordinator is not None:
            service_verify(actor=coordinator, service=service)
            Service.objects.filter(pk=service.pk).update(
                last_verified_at=timezone.now() - timedelta(days=demo.verified_days_ago)
            )
        created += 1
    return created


DEMO_ORDER = 20  # after the demo organisations and areas


def load(options: DemoOptions) -> dict[str, int]:
    from .demo_directory import demo_directory_load  # the public directory's listings (issue 14 item 6)
    from .demo_preferences import demo_preferences_load  # community preferences (issue 14 item 3)

    return {
        "services": demo_services_load(),
        "mechanisms": demo_mechanisms_load(),
        "consultations": demo_preferences_load(),
        "listed": demo_directory_load(),
    }


@dataclass(frozen=True)
class DemoMechanism:
    name: str
    type: str
    organisation: str  # acronym of a demo organisation
    areas: tuple[str, ...]  # p-codes: regions (admin-1) or districts (admin-2)
    languages: tuple[str, ...]
    days_hours: str
    cost: str = MechanismCost.FREE
    flags: frozenset[str] = frozenset()  # the FeedbackMechanism booleans that are true
    status: str = MechanismStatus.ACTIVE
    verified_days_ago: int | None = None  # None: never verified


_SAFE = frozenset({"sea_trained", "knows_referral_pathway", "refers_to_network"})

DEMO_MECHANISMS: list[DemoMechanism] = [
    DemoMechanism(
        "Ligne verte AMSS Tombouctou", MechanismType.HOTLINE, "AMSS", ("ML0601", "ML0605"), ("fr", "son", "tmh"),
        "Lun–sam 8:00–18:00", MechanismCost.TOLL_FREE, _SAFE | {"confidential_space"}, verified_days_ago=40,
    ),
    DemoMechanism(
        "Comités communautaires AMSS – Goundam", MechanismType.COMMUNITY, "AMSS", ("ML0602",), ("son", "tmh"),
        "Réunions chaque vendredi", flags=frozenset({"accessible_low_literacy", "women_child_friendly"}),
        verified_days_ago=250,
    ),
    DemoMechanism(
        "Ligne d'assistance PAM", MechanismType.HOTLINE, "WFP", ("MLI",), ("fr", "bm", "son"),
        # A national line for assistance questions whose operators are not yet trained on SEA intake: the gap
        # table shows where no SEA-trained channel is active.
        "7 j/7, 8:00–20:00", MechanismCost.TOLL_FREE, frozenset({"refers_to_network"}), verified_days_ago=60,
    ),
    DemoMechanism(
        "Guichet des plaintes aux distributions PAM – Bourem", MechanismType.WALK_IN, "WFP", ("ML0702",),
        ("son", "tmh"), "Jours de distribution", flags=frozenset({"sea_trained", "women_child_friendly"}),
        verified_days_ago=230,
    ),
    DemoMechanism(
        "Boîtes à suggestions NRC – Bandiagara et Bankass", MechanismType.SUGGESTION_BOX, "NRC",
        ("ML0501", "ML0502"), ("fr",), "Relevées chaque lundi", verified_days_ago=400,
    ),
    DemoMechanism(
        "Help desk NRC – Sévaré", MechanismType.HELP_DESK, "NRC", ("ML0506",), ("fr", "ff", "bm"),
        "Lun–ven 9:00–15:00", flags=_SAFE | {"accessible_disability", "confidential_space"}, verified_days_ago=20,
    ),
    DemoMechanism(
        "WhatsApp Save the Children – Douentza", MechanismType.WHATSAPP, "SCI", ("ML0504",), ("fr", "ff"),
        "Réponse sous 48 h", MechanismCost.CALLER_PAYS, frozenset({"sea_trained", "women_child_friendly"}),
    ),
    DemoMechanism(
        "Points focaux communautaires IRC – Ansongo", MechanismType.COMMUNITY, "IRC", ("ML0701",), ("son", "tmh"),
        "Permanence le mercredi", flags=_SAFE | {"accessible_low_literacy"}, status=MechanismStatus.SUSPENDED,
        verified_days_ago=300,
    ),
    DemoMechanism(
        "SMS 36 036 OIM – Gao", MechanismType.SMS, "IOM", ("ML0703",), ("fr",), "24 h/24", MechanismCost.FREE,
        status=MechanismStatus.SETTING_UP,
    ),
    DemoMechanism(
        "Volontaires Croix-Rouge – Mopti", MechanismType.COMMUNITY, "CRM", ("ML05",), ("fr", "bm", "ff"),
        "Tous les jours", flags=frozenset({"accessible_disability", "accessible_low_literacy"}),
        verified_days_ago=100,
    ),
]  # fmt: skip


@transaction.atomic
def demo_mechanisms_load() -> int:
    """Create the demo complaint and feedback mechanisms that are missing (by name); return how many.

    Verified ones are verified by the demo coordinator through ``mechanism_verify`` (audited), then their date is
    moved back to what the demo wants: some were verified more than six months ago, some never.
    """
    from pseahub.accounts.models import Role, User

    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    organisations = {org.acronym: org for org in Organisation.objects.filter(is_active=True)}
    areas = {area.pcode: area for area in Area.objects.filter(pcode__in={p for d in DEMO_MECHANISMS for p in d.areas})}
    existing = set(FeedbackMechanism.objects.values_list("name", flat=True))
    created = 0
    for demo in DEMO_MECHANISMS:
        organisation = organisations.get(demo.organisation)
        covered = [areas[pcode] for pcode in demo.areas if pcode in areas]
        if demo.name in existing or organisation is None or not covered:
            continue
        mechanism = mechanism_create(
            actor=None,
            organisation=organisation,
            type=demo.type,
            name=demo.name,
            areas=covered,
            languages=list(demo.languages),
            days_hours=demo.days_hours,
            cost=demo.cost,
            status=demo.status,
            **{flag: True for flag in demo.flags},
        )
        if demo.verified_days_ago is not None and coordinator is not None:
            mechanism_verify(actor=coordinator, mechanism=mechanism)
            FeedbackMechanism.objects.filter(pk=mechanism.pk).update(
                last_verified_at=timezone.now() - timedelta(days=demo.verified_days_ago)
            )
        created += 1
    return created
