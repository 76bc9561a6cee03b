"""The risk frameworks and plan templates shipped with PSEA Hub, as data.

``ensure_builtin()`` writes them after every ``migrate`` (``apps.py``): a missing one is created and a shipped one
is brought back to this text; a network's own frameworks and templates (``is_builtin=False``) are never touched.
Their names are English msgids marked for translation here, so pages show them in the page's language
(``models.Named.display_name``).

Sources (``../shared/domain.md`` §5): the IASC SEA Risk Overview (SEARO) names four dimensions; three are
published as Enabling environment, Humanitarian context and Operational context. The fourth dimension here,
"Prevention and response capacity", is this framework's own (how well the network can prevent and respond
where it works), not a SEARO name. The indicators are a country-level adaptation for joint assessments, scored
1 (low risk) to 5 (high risk). The sector matrices score each risk factor on likelihood and impact (1 to 5); the
score is their product, classed high from 15, medium from 8. The plan templates are the three outcomes of the
IASC Plan for Accelerating PSEA in Humanitarian Response (2018) and the five of the Cox's Bazar PSEA Action Plan
(2022).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop as N_  # noqa: N812 (the usual marker of shipped texts)

MATRIX_CLASSES = [
    {"min": 15, "code": "high", "name": N_("High")},
    {"min": 8, "code": "medium", "name": N_("Medium")},
    {"min": 1, "code": "low", "name": N_("Low")},
]
INDEX_CLASSES = [
    {"min": 4, "code": "high", "name": N_("High")},
    {"min": 3, "code": "medium", "name": N_("Medium")},
    {"min": 1, "code": "low", "name": N_("Low")},
]
MATRIX_SCALES = {
    "likelihood": [N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"), N_("Almost certain")],
    "impact": [N_("Minor"), N_("Moderate"), N_("Serious"), N_("Severe"), N_("Critical")],
}

SEARO_COUNTRY: dict[str, Any] = {
    "code": "searo-country",
    "kind": "index",
    "sector": "",
    "name": N_("SEA risk overview, country level"),
    "source": "IASC SEA Risk Overview (SEARO) dimensions, adapted for a joint country assessment",
    "classes": INDEX_CLASSES,
    "scales": {},
    "dimensions": [
        (
            "enabling",
            N_("Enabling environment"),
            [
                ("gender_norms", N_("Gender inequality and harmful social norms")),
                ("impunity", N_("Weak rule of law and impunity for sexual violence")),
                ("poverty", N_("Poverty and economic dependence of women and girls")),
                ("child_marriage", N_("Child marriage and weak protection of children")),
            ],
        ),
        (
            "humanitarian",
            N_("Humanitarian context"),
            [
                ("displacement", N_("Scale of displacement and people in camps or informal sites")),
                ("conflict", N_("Armed conflict and insecurity")),
                ("aid_dependence", N_("Dependence on aid to survive")),
                ("protection_breakdown", N_("Breakdown of family and community protection")),
            ],
        ),
        (
            "operational",
            N_("Operational context"),
            [
                ("distributions", N_("Aid delivered through distributions and community workers")),
                ("remote", N_("Remote or hard-to-monitor areas")),
                ("partners", N_("Reliance on implementing partners and contractors")),
                ("uniformed", N_("Presence of uniformed or security personnel")),
                ("frontline_gender", N_("Few women among frontline staff")),
            ],
        ),
        (
            "capacity",
            N_("Prevention and response capacity"),
            [
                ("channels", N_("No safe, trusted and accessible channel to report SEA")),
                ("services", N_("Assistance for survivors missing or hard to reach")),
                ("partners_assessed", N_("Partners not assessed for PSEA capacity")),
                ("training", N_("Personnel not trained on PSEA")),
                ("investigations", N_("Little capacity to investigate")),
            ],
        ),
    ],
}


def _matrix(sector: str, name: str, factors: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "code": f"matrix-{sector.replace('_', '-')}",
        "kind": "matrix",
        "sector": sector,
        "name": name,
        "source": "Likelihood × impact matrix per sector (joint PSEA risk assessment)",  # noqa: RUF001
        "classes": MATRIX_CLASSES,
        "scales": MATRIX_SCALES,
        "dimensions": [("factors", N_("Risk factors"), factors)],
    }


SECTOR_MATRICES = [
    _matrix(
        "food_cash",
        N_("Food and cash distributions"),
        [
            ("lists", N_("Staff or volunteers control who is on the beneficiary lists")),
            ("unsupervised", N_("Distributions without supervision or women staff")),
            ("late_hours", N_("Distributions at night or far from homes")),
            ("cash_agents", N_("Cash agents or vendors in contact with recipients alone")),
        ],
    ),
    _matrix(
        "shelter",
        N_("Shelter"),
        [
            ("allocation", N_("Shelter or plots allocated at one person's discretion")),
            ("home_visits", N_("Staff visit homes alone")),
            ("landlords", N_("Dependence on landlords or site managers")),
        ],
    ),
    _matrix(
        "wash",
        N_("Water, sanitation and hygiene"),
        [
            ("water_points", N_("Water points far away or controlled by individuals")),
            ("latrines", N_("Latrines and showers not lit, not lockable or not separated")),
            ("hygiene_kits", N_("Hygiene kits handed out without oversight")),
        ],
    ),
    _matrix(
        "health",
        N_("Health"),
        [
            ("examinations", N_("Examinations without a chaperone")),
            ("medicines", N_("Access to medicines or care controlled by individuals")),
            ("community_health", N_("Community health workers alone with patients at home")),
        ],
    ),
    _matrix(
        "education",
        N_("Education"),
        [
            ("teachers", N_("Teachers and facilitators alone with children")),
            ("grades", N_("Grades, exams or places in exchange for favours")),
            ("journey", N_("Long or unsafe journeys to school")),
        ],
    ),
    _matrix(
        "camps",
        N_("Camps and sites"),
        [
            ("committees", N_("Camp committees or leaders control access to aid")),
            ("lighting", N_("Poor lighting and no safe spaces")),
            ("security", N_("Security personnel in close contact with residents")),
        ],
    ),
    _matrix(
        "recruitment",
        N_("Recruitment of community workers"),
        [
            ("vetting", N_("Community workers hired without reference checks")),
            ("code_of_conduct", N_("No signed code of conduct or PSEA briefing")),
            ("power", N_("Community workers decide who receives assistance")),
        ],
    ),
]

PLAN_TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "iasc-2018",
        "name": N_("IASC plan: three outcomes"),
        "source": "IASC Plan for Accelerating PSEA in Humanitarian Response at Country Level (2018)",
        "outcomes": [
            {"code": "1", "name": N_("Safe and accessible reporting")},
            {"code": "2", "name": N_("Quality assistance for survivors")},
            {"code": "3", "name": N_("Enhanced accountability, including investigations")},
        ],
    },
    {
        "code": "five-outcomes",
        "name": N_("Five outcomes (as the Cox's Bazar plan)"),
        "source": "Cox's Bazar Action Plan to Prevent and Respond to SEA (2022)",
        "outcomes": [
            {"code": "1", "name": N_("Prevention")},
            {"code": "2", "name": N_("Safe and accessible reporting")},
            {"code": "3", "name": N_("Survivors' right to assistance")},
            {"code": "4", "name": N_("Accountability and investigations")},
            {"code": "5", "name": N_("Country-level PSEA structure")},
        ],
    },
]


@transaction.atomic
def ensure_builtin() -> None:
    """Create or restore the shipped frameworks and templates (idempotent)."""
    from .models import PlanTemplate, RiskDimension, RiskFramework, RiskIndicator

    for spec in [SEARO_COUNTRY, *SECTOR_MATRICES]:
        framework, _created = RiskFramework.objects.update_or_create(
            code=spec["code"],
            defaults={
                "kind": spec["kind"],
                "sector": spec["sector"],
                "name": spec["name"],
                "source": spec["source"],
                "classes": spec["classes"],
                "scales": spec["scales"],
                "is_builtin": True,
            },
        )
        for order, (code, name, indicators) in enumerate(spec["dimensions"]):
            dimension, _created = RiskDimension.objects.update_or_create(
                framework=framework, code=code, defaults={"name": name, "order": order}
            )
            for position, (indicator_code, indicator_name) in enumerate(indicators):
                RiskIndicator.objects.update_or_create(
                    dimension=dimension,
                    code=indicator_code,
                    defaults={"name": indicator_name, "order": position, "scale_min": 1, "scale_max": 5},
                )
    for template in PLAN_TEMPLATES:
        PlanTemplate.objects.update_or_create(
            code=template["code"],
            defaults={
                "name": template["name"],
                "source": template["source"],
                "outcomes": template["outcomes"],
                "is_builtin": True,
            },
        )
