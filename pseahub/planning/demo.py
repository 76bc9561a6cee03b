"""Demo documents of the Mali network: its terms of reference (French in force, an earlier French version, English)
and its SOPs (French, public), written through the services so the audit log is real. Idempotent by title.

Issue 15's meetings: a year of the network's meetings, its co-chairs' and the coordinator's representation, with
their participants and actions (``demo_meetings_load``). The joint risk assessment: two completed rounds (2025,
and 2026 compared with it) scored by four members, with findings and mitigations (``demo_risk_load``). The action
plan, endorsed, with activities from the 2026 round's findings and a mapping gap (``demo_plan_load``, last).
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from html import escape
from typing import Any

from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from pseahub.accounts.models import Role, User
from pseahub.core.discovery import DemoOptions
from pseahub.network.models import Organisation

from .documents import Upload, document_create, version_upload
from .meetings import action_create, action_status_set, meeting_create
from .models import (
    ActionStatus,
    DocumentKind,
    Meeting,
    MeetingType,
    NetworkDocument,
    RiskAssessmentRound,
    RiskFramework,
    RoundStatus,
)

DEMO_ORDER = 70  # after the demo network's users


def _pdf(title: str, lines: list[str]) -> bytes:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return HTML(string=f"<h1>{escape(title)}</h1>{body}").write_pdf()


# (kind, title, public, [(language, label, in force, text lines)])
DOCUMENTS = [
    (
        DocumentKind.TOR,
        "Termes de référence du Réseau PEAS Mali",
        True,
        [
            ("fr", "2024", False, ["Version adoptée en réunion du réseau, mars 2024."]),
            ("fr", "2026", True, ["Version révisée : co-présidence, rôle des points focaux, plan d'action."]),
            ("en", "2026", True, ["Terms of reference of the PSEA Network Mali (translation of the 2026 version)."]),
        ],
    ),
    (
        DocumentKind.SOP,
        "Procédures opérationnelles standard inter-agences de plainte et de référencement",
        True,
        [("fr", "v2", True, ["Réception, tri, référencement et suivi des plaintes d'EAS."])],
    ),
    (
        DocumentKind.ACTION_PLAN,
        "Plan d'action PEAS 2026 (version endossée)",
        False,
        [("fr", "2026-03", True, ["Plan d'action endossé par l'équipe humanitaire pays."])],
    ),
]


@transaction.atomic
def demo_documents_load() -> int:
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    created = 0
    for kind, title, public, versions in DOCUMENTS:
        if NetworkDocument.objects.filter(title=title).exists():
            continue
        document = document_create(actor=coordinator, kind=kind, title=title, is_public=public)
        for language, label, in_force, lines in versions:
            version_upload(
                actor=coordinator, document=document, language=language, label=label,
                upload=Upload(f"{kind}-{language}-{label}.pdf", _pdf(title, lines)), in_force=in_force,
            )  # fmt: skip
        created += 1
    return created


# --- the joint risk assessment: the 2025 round and the 2026 round compared with it ---------------------------------

RISK_TITLE_2025 = "Évaluation conjointe des risques d'EAS 2025"
RISK_TITLE_2026 = "Évaluation conjointe des risques d'EAS 2026"
RISK_AREAS = ["ML05", "ML04", "ML07", "ML06", "ML09"]  # Mopti, Ségou, Gao, Tombouctou, Bamako
RISK_SECTORS = ["food_cash", "shelter", "wash", "health", "camps", "recruitment"]
#: Who scored which sectors in which areas (their focal points are demo users).
RISK_CONTRIBUTORS: dict[str, tuple[list[str], list[str]]] = {
    "WFP": (["food_cash", "camps", "recruitment", "wash"], RISK_AREAS),
    "UNHCR": (["shelter", "camps", "health", "wash"], ["ML05", "ML07", "ML06"]),
    "NRC": (["shelter", "food_cash", "wash", "camps", "recruitment"], ["ML05", "ML04", "ML07", "ML06"]),
    "AMSS": (["health", "recruitment", "food_cash", "shelter"], ["ML05", "ML04", "ML09"]),
}
#: A sector's usual likelihood and impact, an area's shift, and how 2025 differed (camps and distributions grew
#: riskier in 2026 with the new displacements; WASH improved after the lighting of the sites).
RISK_BASE = {
    "food_cash": (3, 4), "shelter": (3, 3), "wash": (3, 3), "health": (2, 4), "camps": (3, 4), "recruitment": (2, 4),
}  # fmt: skip
RISK_AREA_SHIFT = {"ML05": 1, "ML04": 0, "ML07": 1, "ML06": 0, "ML09": -2}
RISK_2025_SHIFT = {"food_cash": -1, "camps": -1, "wash": 1}

# Findings: (sector, area p-code or None, title, likelihood, impact, mitigation). The 2026 titles are stable: the
# action plan's demo creates its activities from them.
RISK_FINDINGS_2026 = [
    ("food_cash", "ML05", "Listes de bénéficiaires contrôlées par des volontaires locaux à Mopti", 4, 5,
     "Vérification croisée des listes par deux agences, critères d'éligibilité affichés, ligne verte annoncée à "
     "chaque distribution."),
    ("camps", "ML07", "Comités de site contrôlant l'accès à l'aide dans les sites de déplacés de Gao", 5, 4,
     "Comités élus avec au moins 50 % de femmes, formation PEAS des comités, boîtes à plaintes relevées hors du "
     "comité."),
    ("food_cash", "ML06", "Distributions tardives sans personnel féminin à Tombouctou", 4, 4,
     "Distributions de jour uniquement, au moins une femme par équipe, supervision par le point focal PEAS."),
    ("shelter", "ML05", "Attribution des abris et parcelles à la discrétion d'une seule personne", 3, 4,
     "Commission d'attribution mixte, critères publiés, possibilité de recours."),
    ("wash", "ML04", "Latrines et douches non éclairées ni verrouillables dans les sites de Ségou", 4, 3,
     "Éclairage solaire, verrous intérieurs, blocs séparés femmes et hommes, audit de sécurité trimestriel."),
    ("recruitment", None, "Agents communautaires recrutés sans vérification des références", 3, 5,
     "Vérification des références (Misconduct Disclosure Scheme), code de conduite signé et briefing PEAS avant "
     "la prise de poste."),
]  # fmt: skip
RISK_FINDINGS_2025 = [
    ("camps", "ML07", "Absence de mécanisme de plainte accessible dans les sites de Gao", 4, 4,
     "Boîtes à plaintes et permanences hebdomadaires dans chaque site."),
    ("wash", "ML04", "Points d'eau éloignés et contrôlés par des particuliers à Ségou", 4, 4,
     "Nouveaux points d'eau près des abris, comités de gestion mixtes."),
    ("recruitment", None, "Code de conduite non signé par les agents communautaires", 4, 4,
     "Signature systématique et briefing PEAS à l'embauche."),
]  # fmt: skip


def _clamp(value: int) -> int:
    return max(1, min(5, value))


def _risk_round(
    title: str, start: date, end: date, year_shift: dict[str, int], findings: list[Any],
    previous: RiskAssessmentRound | None, coordinator: User,
) -> RiskAssessmentRound | None:  # fmt: skip
    from pseahub.network.models import Area, Organisation

    from . import risk

    existing = RiskAssessmentRound.objects.filter(title=title).first()
    if existing is not None:
        return existing
    areas = {area.pcode: area for area in Area.objects.filter(pcode__in=RISK_AREAS)}
    if len(areas) != len(RISK_AREAS):
        return None
    frameworks = list(RiskFramework.objects.filter(is_builtin=True, kind="matrix", sector__in=RISK_SECTORS))
    assessment = risk.round_create(
        actor=coordinator, title=title, period_start=start, period_end=end,
        areas=[areas[pcode] for pcode in RISK_AREAS], sectors=RISK_SECTORS, frameworks=frameworks, previous=previous,
    )  # fmt: skip
    assessment = risk.round_advance(actor=coordinator, assessment=assessment, to=RoundStatus.OPEN)
    parts = {part.sector: part for part in risk.round_parts(assessment)}
    for number, (acronym, (sectors, pcodes)) in enumerate(RISK_CONTRIBUTORS.items()):
        organisation = Organisation.objects.filter(acronym=acronym).first()
        assignment = (
            organisation.role_assignments.filter(role=Role.FOCAL_POINT).select_related("user").first()
            if organisation
            else None
        )
        if organisation is None or assignment is None:
            continue
        for sector in sectors:
            part = parts[sector]
            base_likelihood, base_impact = RISK_BASE[sector]
            entries = []
            for pcode in pcodes:
                for position, indicator in enumerate(part.indicators):
                    likelihood = base_likelihood + RISK_AREA_SHIFT[pcode] + year_shift.get(sector, 0) - position % 2
                    likelihood += (number + position) % 3 - 1  # members see it a little differently
                    impact = base_impact + (1 if pcode in ("ML07", "ML06") and position == 0 else 0)
                    entries.append(
                        risk.Entry(
                            indicator=indicator, area=areas[pcode], likelihood=_clamp(likelihood), impact=_clamp(impact)
                        )
                    )
            risk.contribution_save(
                actor=assignment.user, assessment=assessment, organisation=organisation, part=part, entries=entries
            )
        risk.contribution_submit(actor=assignment.user, assessment=assessment, organisation=organisation)
    assessment = risk.round_advance(actor=coordinator, assessment=assessment, to=RoundStatus.CONSOLIDATING)
    for sector, pcode, finding_title, likelihood, impact, mitigation in findings:
        risk.finding_save(
            actor=coordinator, assessment=assessment, sector=sector, area=areas[pcode] if pcode else None,
            title=finding_title, likelihood=likelihood, impact=impact, mitigation=mitigation,
        )  # fmt: skip
    return risk.round_advance(actor=coordinator, assessment=assessment, to=RoundStatus.COMPLETED)


@transaction.atomic
def demo_risk_load() -> int:
    """The 2025 round and the 2026 round compared with it, both completed, scored by four members (WFP, UNHCR,
    NRC, AMSS) across Mopti, Ségou, Gao, Tombouctou and Bamako, with findings and mitigations. Idempotent by
    title; returns the number of rounds created."""
    from .frameworks import ensure_builtin

    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    ensure_builtin()  # a flushed test database has lost the shipped frameworks
    before = RiskAssessmentRound.objects.count()
    previous = _risk_round(
        RISK_TITLE_2025, date(2025, 1, 1), date(2025, 12, 31), RISK_2025_SHIFT, RISK_FINDINGS_2025, None, coordinator
    )
    _risk_round(RISK_TITLE_2026, date(2026, 1, 1), date(2026, 6, 30), {}, RISK_FINDINGS_2026, previous, coordinator)
    return RiskAssessmentRound.objects.count() - before


def load(options: DemoOptions) -> dict[str, int]:
    return {
        "documents": demo_documents_load(),
        "meetings": demo_meetings_load(),
        "risk": demo_risk_load(),
        "plan": demo_plan_load(),  # last: it uses the risk assessment's findings
    }


# --- meetings and their actions (issue 15 item 3) ------------------------------------------------------------

MEETINGS_FROM = dt.date(2025, 12, 1)  # a year of the network's meetings: December 2025 to November 2026

# The network's meeting of each month: its theme, and the two actions it decided (text, owner, days to do it).
NETWORK_MEETINGS: list[tuple[str, list[tuple[str, str, int]]]] = [
    ("Bilan 2025 et priorités 2026", [
        ("Consolider les chiffres 2025 des plaintes reçues par les membres", "UNICEF", 30),
        ("Proposer un calendrier des formations PEAS 2026", "NRC", 45),
    ]),
    ("Révision des termes de référence", [
        ("Envoyer les commentaires sur le projet de TdR révisés", "WFP", 21),
        ("Traduire les TdR révisés en anglais", "OCHA", 30),
    ]),
    ("Évaluation conjointe des risques d'EAS : lancement", [
        ("Désigner un point focal pour l'évaluation des risques dans chaque région", "UNHCR", 20),
        ("Partager les données de distribution de vivres par cercle", "WFP", 30),
    ]),
    ("Mécanismes communautaires de plainte à Gao et Tombouctou", [
        ("Cartographier les boîtes à suggestions et lignes vertes à Gao", "AMSS", 40),
        ("Vérifier les numéros des lignes vertes dans le répertoire", "IRC", 14),
    ]),
    ("Formation des partenaires de mise en œuvre", [
        ("Organiser une session pour les partenaires de transport", "IOM", 45),
        ("Adapter le module de formation en bambara", "SCI", 60),
    ]),
    ("Plan d'action PEAS 2026 : suivi semestriel", [
        ("Mettre à jour l'état des activités dont l'organisation est cheffe de file", "UNFPA", 21),
        ("Préparer la note pour l'équipe humanitaire pays", "UNICEF", 14),
    ]),
    ("Assistance aux survivant·es : circuit de référencement", [
        ("Mettre à jour la liste des services de prise en charge médicale", "WHO", 30),
        ("Vérifier la disponibilité de l'assistance juridique à Mopti", "AJM", 30),
    ]),
    ("Sensibilisation des communautés", [
        ("Diffuser les messages clés validés en langues locales", "CRM", 30),
        ("Collecter les retours des comités de femmes", "IRC", 45),
    ]),
    ("Code de conduite et recrutement", [
        ("Partager le modèle de clause PEAS pour les contrats de prestataires", "NRC", 21),
        ("Recenser les membres ayant adopté la vérification des références", "OCHA", 30),
    ]),
    ("Consultations communautaires : résultats", [
        ("Présenter les canaux préférés par groupe au prochain cluster protection", "UNHCR", 21),
        ("Renforcer la ligne verte de Mopti selon les préférences exprimées", "AMSS", 45),
    ]),
    ("Préparation de la campagne des 16 jours", [
        ("Coordonner les activités de la campagne avec le sous-cluster VBG", "UNFPA", 75),
        ("Produire les affiches PEAS pour les sites de déplacés", "SCI", 90),
    ]),
    ("Bilan de l'année et renouvellement de la co-présidence", [
        ("Rédiger le rapport annuel du réseau", "UNICEF", 60),
        ("Proposer les candidatures à la co-présidence 2027", "NRC", 45),
    ]),
]  # fmt: skip

# Participants of each network meeting, by acronym (people: 2 for the co-chairs, 1 for the others); a month
# leaves out some members by turns, so that the record is not the same every time.
NETWORK_PARTICIPANTS = [
    "UNICEF", "NRC", "WFP", "UNHCR", "UNFPA", "WHO", "IOM", "OCHA", "SCI", "IRC", "MdM", "AMSS", "AJM", "MPFEF", "CRM",
]  # fmt: skip

# Other meetings: (type, title, day, participants)
OTHER_MEETINGS: list[tuple[str, str, dt.date, list[str]]] = [
    *[
        (MeetingType.CO_CHAIRS, "Réunion des co-présidents", day, ["UNICEF", "NRC"])
        for day in (dt.date(2026, 1, 20), dt.date(2026, 4, 21), dt.date(2026, 7, 21), dt.date(2026, 10, 20))
    ],
    *[
        (MeetingType.HCT_BRIEFING, "Briefing PEAS à l'équipe humanitaire pays", day, ["OCHA", "UNICEF", "WFP"])
        for day in (dt.date(2026, 2, 26), dt.date(2026, 6, 25), dt.date(2026, 10, 29))
    ],
    *[
        (MeetingType.PROTECTION_CLUSTER, "Cluster protection national", day, ["UNHCR", "NRC", "IRC"])
        for day in (dt.date(2026, 1, 14), dt.date(2026, 3, 11), dt.date(2026, 5, 13), dt.date(2026, 9, 9))
    ],
    *[
        (MeetingType.GBV_SUB_CLUSTER, "Sous-cluster VBG", day, ["UNFPA", "IRC", "AJM", "MPFEF"])
        for day in (dt.date(2026, 2, 4), dt.date(2026, 5, 6), dt.date(2026, 8, 5), dt.date(2026, 11, 4))
    ],
    (MeetingType.INTER_CLUSTER, "Groupe de coordination inter-clusters", dt.date(2026, 4, 8), ["OCHA", "WFP", "WHO"]),
]

# The status of the first and second action of the network meeting of each month (0 = December 2025): most older
# ones done, some dropped, a few left open past their due date (overdue), the recent ones open or in progress.
ACTION_STATES = [
    (ActionStatus.DONE, ActionStatus.DONE),
    (ActionStatus.DONE, ActionStatus.DROPPED),
    (ActionStatus.DONE, ActionStatus.OPEN),
    (ActionStatus.DONE, ActionStatus.DONE),
    (ActionStatus.OPEN, ActionStatus.DONE),
    (ActionStatus.DONE, ActionStatus.IN_PROGRESS),
    (ActionStatus.DONE, ActionStatus.DONE),
    (ActionStatus.IN_PROGRESS, ActionStatus.DONE),
    (ActionStatus.DONE, ActionStatus.OPEN),
    (ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
    (ActionStatus.IN_PROGRESS, ActionStatus.OPEN),
    (ActionStatus.OPEN, ActionStatus.OPEN),
]


def _first_thursday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


def _agenda(theme: str) -> str:
    return "\n".join(
        [
            "1. Tour de table et adoption de l'ordre du jour",
            "2. Suivi des actions de la réunion précédente",
            f"3. {theme}",
            "4. Points divers",
        ]
    )


def _minutes(theme: str, count: int) -> str:
    return (
        f"{count} organisations présentes. Les actions de la réunion précédente ont été passées en revue. "
        f"Point principal : {theme.lower()}. Les décisions sont reprises dans les actions ci-dessous. "
        "Aucun cas individuel n'a été discuté."
    )


@transaction.atomic
def demo_meetings_load() -> int:
    """A year of the network's meetings with their participants and actions, and the coordinator's representation
    at the HCT and the clusters. Idempotent by type, date and title."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    co_chair = User.objects.filter(role_assignments__role=Role.CO_CHAIR).order_by("pk").first() or coordinator
    organisations = {o.acronym: o for o in Organisation.objects.filter(is_active=True) if o.acronym}
    created = 0

    def record_meeting(
        kind: str, title: str, day: dt.date, people: dict[str, int], agenda: str, minutes: str
    ) -> Meeting | None:
        if Meeting.objects.filter(type=kind, held_on=day, title=title).exists():
            return None
        actor = co_chair if kind == MeetingType.CO_CHAIRS else coordinator
        return meeting_create(
            actor=actor,
            data={"type": kind, "title": title, "held_on": day, "location": "Bamako", "agenda": agenda,
                  "minutes": minutes},
            participants={organisations[a]: n for a, n in people.items() if a in organisations},
            submission=None,
        )  # fmt: skip

    for index, (theme, actions) in enumerate(NETWORK_MEETINGS):
        month = MEETINGS_FROM.month + index
        day = _first_thursday(MEETINGS_FROM.year + (month - 1) // 12, (month - 1) % 12 + 1)
        present = [a for n, a in enumerate(NETWORK_PARTICIPANTS) if (n + index) % 5 != 4 or a in ("UNICEF", "NRC")]
        people = {a: 2 if a in ("UNICEF", "NRC") else 1 for a in present}
        title = f"Réunion mensuelle du réseau PEAS — {theme}"
        meeting = record_meeting(MeetingType.NETWORK, title, day, people, _agenda(theme), _minutes(theme, len(people)))
        if meeting is None:
            continue
        created += 1
        for (text, owner, days), status in zip(actions, ACTION_STATES[index], strict=True):
            if owner not in organisations:
                continue
            action = action_create(
                actor=coordinator, meeting=meeting, description=text, owner=organisations[owner],
                due_on=day + dt.timedelta(days=days),
            )  # fmt: skip
            if status == ActionStatus.IN_PROGRESS or status == ActionStatus.DONE:
                action = action_status_set(actor=coordinator, action=action, status=ActionStatus.IN_PROGRESS)
            if status != ActionStatus.OPEN and status != ActionStatus.IN_PROGRESS:
                done = min(action.due_on - dt.timedelta(days=3), timezone.localdate())
                action_status_set(actor=coordinator, action=action, status=status, today=done)
    for kind, title, day, present in OTHER_MEETINGS:
        theme = "Point PEAS du réseau : chiffres du trimestre, formations, mécanismes de plainte"
        if record_meeting(kind, title, day, dict.fromkeys(present, 1), _agenda(theme), _minutes(theme, len(present))):
            created += 1
    return created


# --- the action plan (issue 15 items 6-7) ------------------------------------------------------------------------

PLAN_TITLE = "Plan d'action PEAS Mali 2026"

# outcome code → [(output title, [(title, lead, supporting, area name, days from today, indicator, baseline, target,
# [statuses of its updates, oldest first], from a gap)])]
PLAN_OUTPUTS: dict[str, list[tuple[str, list[tuple[Any, ...]]]]] = {
    "1": [
        (
            "Des canaux de plainte communautaires accessibles et connus",
            [
                ("Former 40 agents des lignes vertes à la réception des plaintes d'EAS", "UNICEF", ["AMSS"], "Mopti",
                 -60, "Agents formés", "0", "40", ["on_track", "completed"], False),
                ("Campagne radio sur le droit de signaler l'EAS, en bambara, peul et songhaï", "AMSS", ["UNFPA"],
                 "Mopti", 20, "Émissions diffusées", "0", "24", ["on_track", "at_risk"], False),
                ("Ouvrir un canal de plainte là où la cartographie n'en trouve aucun", "NRC", ["AMSS"], None, 45,
                 "Canaux actifs avec personnel formé", "0", "1", ["on_track"], True),
            ],
        ),
        (
            "Les fournisseurs et partenaires connaissent leurs obligations de PEAS",
            [
                ("Diffuser le code de conduite aux sous-traitants de transport", "WFP", ["UNHCR"], "Gao", -15,
                 "Sous-traitants ayant signé", "2", "12", ["on_track", "delayed"], False),
                ("Clauses PEAS dans les accords de partenariat des ONG nationales", "UNHCR", ["AJM"], None, 75,
                 "Accords avec clause", "30 %", "100 %", [], False),
            ],
        ),
    ],
    "2": [
        (
            "Un référencement sûr vers les services de prise en charge",
            [
                ("Mettre à jour la cartographie des services VBG à Gao", "UNFPA", ["IRC"], "Gao", 90,
                 "Services vérifiés", "14", "30", [], False),
                ("Former les points focaux PEAS au référencement centré sur la survivante", "IRC", ["AMSS", "MdM"],
                 None, -5, "Points focaux formés", "0", "25", ["on_track"], False),
                ("Fonds d'assistance immédiate aux survivantes géré par la Croix-Rouge", "CRM", ["UNICEF"], "Mopti",
                 -120, "Survivantes assistées en 72 h", "—", "100 %", ["on_track", "completed"], False),
            ],
        ),
    ],
    "3": [
        (
            "Des enquêtes menées à temps et dans le respect des survivantes",
            [
                ("Constituer une liste d'enquêteurs formés partagée entre agences", "UNHCR", ["WHO"], None, 30,
                 "Enquêteurs disponibles", "3", "12", ["on_track", "delayed"], False),
                ("Atelier sur les procédures d'enquête conjointes", "NRC", ["OCHA"], "Mopti", -100,
                 "Agences ayant adopté la procédure", "0", "10", ["completed"], False),
                ("Rapport trimestriel au coordonnateur humanitaire", "UNICEF", ["NRC"], None, 120,
                 "Rapports transmis", "0", "4", ["on_track", "on_track"], False),
                ("Enquête CAP auprès des communautés de Kidal", "SCI", [], None, 10, "Enquête menée", "0", "1",
                 ["cancelled"], False),
            ],
        ),
    ],
}  # fmt: skip

PROGRESS = {
    "on_track": "Les activités avancent comme prévu ; prochaine étape planifiée avec les partenaires.",
    "at_risk": "Retard possible : financement non confirmé pour le prochain trimestre.",
    "delayed": "Retardé : accès limité à la zone pour raisons de sécurité.",
    "completed": "Terminé ; rapport partagé avec le réseau.",
    "cancelled": "Annulé : zone inaccessible, l'activité sera reprise dans la prochaine version du plan.",
}


@transaction.atomic
def demo_plan_load() -> int:
    """The network's endorsed action plan on the IASC template: outputs and activities at various states (completed,
    on track, at risk, delayed, overdue) with their progress updates; activities created from the findings of the
    latest completed risk assessment round (when there is one) and from a mapping gap. Idempotent by title."""
    import datetime

    from django.utils import timezone

    from pseahub.mapping.gaps import Severity, gaps_compute
    from pseahub.network.models import Area, Organisation

    from .models import ActionPlan, ActivityUpdate, PlanTemplate, RiskAssessmentRound
    from .plans import activity_create, activity_update, output_add, plan_create, plan_endorse, plan_submit

    if ActionPlan.objects.filter(title=PLAN_TITLE).exists():
        return 0
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    leadership = User.objects.filter(role_assignments__role=Role.LEADERSHIP).order_by("pk").first()
    template = PlanTemplate.objects.filter(code="iasc-2018").first()
    organisations = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    if coordinator is None or leadership is None or template is None or "AMSS" not in organisations:
        return 0
    today = timezone.localdate()
    plan = plan_create(
        actor=coordinator, title=PLAN_TITLE, template=template, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )  # fmt: skip
    outcomes = {outcome.code: outcome for outcome in plan.outcomes.all()}

    def area(name: str | None) -> Area | None:
        return Area.objects.filter(name__iexact=name, admin_level=1).first() if name else None

    gaps = [gap for gap in gaps_compute() if gap.severity == Severity.HIGH] or gaps_compute()
    gap = gaps[0] if gaps else None
    planned: list[tuple[Any, list[str]]] = []
    outputs = []
    for code, output_rows in PLAN_OUTPUTS.items():
        for output_title, rows in output_rows:
            output = output_add(actor=coordinator, outcome=outcomes[code], title=output_title)
            outputs.append(output)
            for title, lead, supporting, area_name, days, indicator, baseline, target, statuses, from_gap in rows:
                if lead not in organisations:
                    continue
                activity = activity_create(
                    actor=coordinator, output=output, title=title, lead=organisations[lead],
                    supporting=[organisations[s] for s in supporting if s in organisations],
                    area=gap.area if from_gap and gap is not None else area(area_name),
                    due_on=today + datetime.timedelta(days=days), indicator=indicator, baseline=baseline,
                    target=target, gap_key=gap.key if from_gap and gap is not None else "",
                )  # fmt: skip
                planned.append((activity, statuses))
    risk_round = RiskAssessmentRound.objects.filter(status="completed").order_by("-period_end").first()
    if risk_round is not None:
        findings = sorted(risk_round.findings.all(), key=lambda f: (-f.score, f.title))[:3]
        leads = ["AMSS", "WFP", "IRC"]
        for number, finding in enumerate(findings):
            activity = activity_create(
                actor=coordinator, output=outputs[number % len(outputs)],
                title=(finding.mitigation.strip() or finding.title)[:300], lead=organisations[leads[number]],
                area=finding.area, due_on=today + datetime.timedelta(days=40 + 30 * number),
                indicator="Mesure d'atténuation en place", baseline="Non", target="Oui", finding=finding,
            )  # fmt: skip
            planned.append((activity, [["on_track"], ["at_risk"], []][number]))
    plan_submit(actor=coordinator, plan=plan)
    plan_endorse(actor=leadership, plan=plan)
    for activity, statuses in planned:
        focal_point = User.objects.filter(
            role_assignments__role=Role.FOCAL_POINT, role_assignments__organisation=activity.lead
        ).first()
        author = focal_point or coordinator
        for step, status in enumerate(statuses):
            value = activity.target if status == "completed" else ""
            update = activity_update(
                actor=author, activity=activity, status=status, progress=PROGRESS[status], value=value
            )
            # Spread over the year for the quarterly report: earlier steps long ago, the last one this month.
            days_ago = 20 + 90 * (len(statuses) - 1 - step)
            ActivityUpdate.objects.filter(pk=update.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=days_ago)
            )
    return 1
