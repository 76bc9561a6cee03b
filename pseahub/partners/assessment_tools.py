"""The capacity assessment tools shipped with PSEA Hub, as data (``../shared/domain.md`` §4).

``ensure_builtin()`` writes them after every ``migrate`` (``apps.py``): a missing tool is created and a shipped
one is brought back to this text; a network's own tools (``is_builtin=False``, copies made on the tools page) are
never touched. Names and guidance are English msgids marked for translation, shown in the page's language.

- UNICEF's six core standards (eTools' ``psea_indicators``), each rated Absent = 1, Progressing = 2, Adequate = 3;
  the sum (6-18) gives ≤ 8 low capacity (high risk), 9-14 medium (moderate risk), ≥ 15 full (low risk).
- The common UN tool's eight core standards (2020), each Yes = 1 / No = 0: 8/8 full capacity, 6-7 medium, ≤ 5 low.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

UNICEF_SIX: dict[str, Any] = {
    "code": "unicef-six-standards",
    "name": gettext_noop("UNICEF: six core standards, three levels"),
    "version": "2020",
    "scale": "three_level",
    "source": "UN Protocol on Allegations of SEA Involving Implementing Partners (2018); UNICEF eTools",
    "thresholds": [(6, 8, "low"), (9, 14, "medium"), (15, 18, "full")],
    "standards": [
        (
            "policy",
            gettext_noop("Organizational policy"),
            gettext_noop("A policy document on PSEA or a code of conduct that prohibits SEA (Protocol para 15)."),
            ["code_of_conduct", "psea_policy"],
        ),
        (
            "management-hr",
            gettext_noop("Organizational management and human resources"),
            gettext_noop(
                "Contracts and partnership agreements include an SEA clause; systematic vetting of personnel "
                "(Protocol paras 11 and 15)."
            ),
            ["contracts", "recruitment"],
        ),
        (
            "training",
            gettext_noop("Mandatory training"),
            gettext_noop("Mandatory PSEA training for personnel, with records of attendance (Protocol para 17)."),
            ["training"],
        ),
        (
            "reporting",
            gettext_noop("Reporting"),
            gettext_noop(
                "Safe, confidential, transparent and accessible ways for personnel, beneficiaries and communities, "
                "including children, to report SEA (Protocol para 19)."
            ),
            ["reporting", "whistleblower"],
        ),
        (
            "assistance-referral",
            gettext_noop("Assistance and referrals"),
            gettext_noop("A system to refer survivors to assistance, in line with their wishes (Protocol para 22)."),
            ["service_providers", "referral_form"],
        ),
        (
            "investigations",
            gettext_noop("Investigations"),
            gettext_noop(
                "A process for investigating allegations and, where SEA was found, corrective action taken "
                "(Protocol paras 20 and 22)."
            ),
            ["investigation_policy"],
        ),
    ],
}

UN_COMMON_EIGHT: dict[str, Any] = {
    "code": "un-common-eight-standards",
    "name": gettext_noop("UN common tool: eight core standards, yes or no"),
    "version": "2020",
    "scale": "yes_no",
    "source": "UN Implementing Partner PSEA Capacity Assessment (common UN tool, 2020)",
    "thresholds": [(0, 5, "low"), (6, 7, "medium"), (8, 8, "full")],
    "standards": [
        (
            "policy",
            gettext_noop("Policy on PSEA"),
            gettext_noop("The organisation has a policy or code of conduct that prohibits SEA."),
            ["code_of_conduct", "psea_policy"],
        ),
        (
            "sea-clause",
            gettext_noop("SEA clause in contracts and partner agreements"),
            gettext_noop("Contracts and sub-agreements oblige personnel and sub-partners to prevent and report SEA."),
            ["contracts"],
        ),
        (
            "vetting",
            gettext_noop("Vetting of personnel"),
            gettext_noop("Recruitment includes reference checks for past SEA misconduct."),
            ["recruitment"],
        ),
        (
            "reporting",
            gettext_noop("Reporting mechanisms"),
            gettext_noop("Personnel and communities can report SEA safely and confidentially."),
            ["reporting", "whistleblower"],
        ),
        (
            "training",
            gettext_noop("Mandatory training"),
            gettext_noop("All personnel receive PSEA training, with records of attendance."),
            ["training"],
        ),
        (
            "referral",
            gettext_noop("Survivor referral and assistance"),
            gettext_noop("Survivors are referred to assistance in line with their wishes."),
            ["service_providers", "referral_form"],
        ),
        (
            "investigation",
            gettext_noop("Investigation process"),
            gettext_noop("Allegations are investigated promptly, by qualified people."),
            ["investigation_policy"],
        ),
        (
            "corrective-action",
            gettext_noop("Corrective action taken"),
            gettext_noop("Where SEA was found, corrective action was taken."),
            ["investigation_policy", "other"],
        ),
    ],
}

BUILTIN_TOOLS = [UNICEF_SIX, UN_COMMON_EIGHT]


@transaction.atomic
def ensure_builtin() -> None:
    """Create or restore the shipped tools (idempotent)."""
    from .models import CapacityStandard, CapacityThreshold, CapacityTool

    for spec in BUILTIN_TOOLS:
        tool, _created = CapacityTool.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "version": spec["version"],
                "scale": spec["scale"],
                "source": spec["source"],
                "is_builtin": True,
            },
        )
        for order, (code, name, guidance, evidence) in enumerate(spec["standards"], start=1):
            CapacityStandard.objects.update_or_create(
                tool=tool,
                code=code,
                defaults={"name": name, "guidance": guidance, "order": order, "evidence_kinds": evidence},
            )
        CapacityThreshold.objects.filter(tool=tool).delete()
        CapacityThreshold.objects.bulk_create(
            [
                CapacityThreshold(tool=tool, min_score=low, max_score=high, rating=rating)
                for low, high, rating in spec["thresholds"]
            ]
        )
