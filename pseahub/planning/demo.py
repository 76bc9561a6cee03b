"""Demo documents of the Mali network: its terms of reference (French in force, an earlier French version, English)
and its SOPs (French, public), written through the services so the audit log is real. Idempotent by title.

Issue 15's meetings, risk assessment and action plan will add theirs here.

The joint risk assessment: two completed rounds (2025, and 2026 compared with it) scored by four members, with
findings and mitigations (``demo_risk_load``).
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django.db import transaction
from weasyprint import HTML

from pseahub.accounts.models import Role, User
from pseahub.core.discovery import DemoOptions

from .documents import Upload, document_create, version_upload
from .models import DocumentKind, NetworkDocument, RiskAssessmentRound, RiskFramework, RoundStatus

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
    return {"documents": demo_documents_load(), "risk": demo_risk_load()}
