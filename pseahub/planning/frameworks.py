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
from django.utils.translation import gettext_noop  # marks shipped texts for the catalogues (xgettext knows this name)

MATRIX_CLASSES = [
    {"min": 15, "code": "high", "name": gettext_noop("High")},
    {"min": 8, "code": "medium", "name": gettext_noop("Medium")},
    {"min": 1, "code": "low", "name": gettext_noop("Low")},
]
INDEX_CLASSES = [
    {"min": 4, "code": "high", "name": gettext_noop("High")},
    {"min": 3, "code": "medium", "name": gettext_noop("Medium")},
    {"min": 1, "code": "low", "name": gettext_noop("Low")},
]
MATRIX_SCALES = {
    "likelihood": [
        gettext_noop("Rare"),
        gettext_noop("Unlikely"),
        gettext_noop("Possible"),
        gettext_noop("Likely"),
        gettext_noop("Almost certain"),
    ],
    "impact": [
        gettext_noop("Minor"),
        gettext_noop("Moderate"),
        gettext_noop("Serious"),
        gettext_noop("Severe"),
        gettext_noop("Critical"),
    ],
}

SEARO_COUNTRY: dict[str, Any] = {
    "code": "searo-country",
    "kind": "index",
    "sector": "",
    "name": gettext_noop("SEA risk overview, country level"),
    "source": "IASC SEA Risk Overview (SEARO) dimensions, adapted for a joint country assessment",
    "classes": INDEX_CLASSES,
    "scales": {},
    "dimensions": [
        (
            "enabling",
            gettext_noop("Enabling environment"),
            [
                ("gender_norms", gettext_noop("Gender inequality and harmful social norms")),
                ("impunity", gettext_noop("Weak rule of law and impunity for sexual violence")),
                ("poverty", gettext_noop("Poverty and economic dependence of women and girls")),
                ("child_marriage", gettext_noop("Child marriage and weak protection of children")),
            ],
        ),
        (
            "humanitarian",
            gettext_noop("Humanitarian context"),
            [
                ("displacement", gettext_noop("Scale of displacement and people in camps or informal sites")),
                ("conflict", gettext_noop("Armed conflict and insecurity")),
                ("aid_dependence", gettext_noop("Dependence on aid to survive")),
                ("protection_breakdown", gettext_noop("Breakdown of family and community protection")),
            ],
        ),
        (
            "operational",
            gettext_noop("Operational context"),
            [
                ("distributions", gettext_noop("Aid delivered through distributions and community workers")),
                ("remote", gettext_noop("Remote or hard-to-monitor areas")),
                ("partners", gettext_noop("Reliance on implementing partners and contractors")),
                ("uniformed", gettext_noop("Presence of uniformed or security personnel")),
                ("frontline_gender", gettext_noop("Few women among frontline staff")),
            ],
        ),
        (
            "capacity",
            gettext_noop("Prevention and response capacity"),
            [
                ("channels", gettext_noop("No safe, trusted and accessible channel to report SEA")),
                ("services", gettext_noop("Assistance for survivors missing or hard to reach")),
                ("partners_assessed", gettext_noop("Partners not assessed for PSEA capacity")),
                ("training", gettext_noop("Personnel not trained on PSEA")),
                ("investigations", gettext_noop("Little capacity to investigate")),
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
        "dimensions": [("factors", gettext_noop("Risk factors"), factors)],
    }


SECTOR_MATRICES = [
    _matrix(
        "food_cash",
        gettext_noop("Food and cash distributions"),
        [
            ("lists", gettext_noop("Staff or volunteers control who is on the beneficiary lists")),
            ("unsupervised", gettext_noop("Distributions without supervision or women staff")),
            ("late_hours", gettext_noop("Distributions at night or far from homes")),
            ("cash_agents", gettext_noop("Cash agents or vendors in contact with recipients alone")),
        ],
    ),
    _matrix(
        "shelter",
        gettext_noop("Shelter"),
        [
            ("allocation", gettext_noop("Shelter or plots allocated at one person's discretion")),
            ("home_visits", gettext_noop("Staff visit homes alone")),
            ("landlords", gettext_noop("Dependence on landlords or site managers")),
        ],
    ),
    _matrix(
        "wash",
        gettext_noop("Water, sanitation and hygiene"),
        [
            ("water_points", gettext_noop("Water points far away or controlled by individuals")),
            ("latrines", gettext_noop("Latrines and showers not lit, not lockable or not separated")),
            ("hygiene_kits", gettext_noop("Hygiene kits handed out without oversight")),
        ],
    ),
    _matrix(
        "health",
        gettext_noop("Health"),
        [
            ("examinations", gettext_noop("Examinations without a chaperone")),
            ("medicines", gettext_noop("Access to medicines or care controlled by individuals")),
            ("community_health", gettext_noop("Community health workers alone with patients at home")),
        ],
    ),
    _matrix(
        "education",
        gettext_noop("Education"),
        [
            ("teachers", gettext_noop("Teachers and facilitators alone with children")),
            ("grades", gettext_noop("Grades, exams or places in exchange for favours")),
            ("journey", gettext_noop("Long or unsafe journeys to school")),
        ],
    ),
    _matrix(
        "camps",
        gettext_noop("Camps and sites"),
        [
            ("committees", gettext_noop("Camp committees or leaders control access to aid")),
            ("lighting", gettext_noop("Poor lighting and no safe spaces")),
            ("security", gettext_noop("Security personnel in close contact with residents")),
        ],
    ),
    _matrix(
        "recruitment",
        gettext_noop("Recruitment of community workers"),
        [
            ("vetting", gettext_noop("Community workers hired without reference checks")),
            ("code_of_conduct", gettext_noop("No signed code of conduct or PSEA briefing")),
            ("power", gettext_noop("Community workers decide who receives assistance")),
        ],
    ),
]

PLAN_TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "iasc-2018",
        "name": gettext_noop("IASC plan: three outcomes"),
        "source": "IASC Plan for Accelerating PSEA in Humanitarian Response at Country Level (2018)",
        "outcomes": [
            {"code": "1", "name": gettext_noop("Safe and accessible reporting")},
            {"code": "2", "name": gettext_noop("Quality assistance for survivors")},
            {"code": "3", "name": gettext_noop("Enhanced accountability, including investigations")},
        ],
    },
    {
        "code": "five-outcomes",
        "name": gettext_noop("Five outcomes (as the Cox's Bazar plan)"),
        "source": "Cox's Bazar Action Plan to Prevent and Respond to SEA (2022)",
        "outcomes": [
            {"code": "1", "name": gettext_noop("Prevention")},
            {"code": "2", "name": gettext_noop("Safe and accessible reporting")},
            {"code": "3", "name": gettext_noop("Survivors' right to assistance")},
            {"code": "4", "name": gettext_noop("Accountability and investigations")},
            {"code": "5", "name": gettext_noop("Country-level PSEA structure")},
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
