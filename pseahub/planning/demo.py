"""Demo documents of the Mali network: its terms of reference (French in force, an earlier French version, English)
and its SOPs (French, public), written through the services so the audit log is real. Idempotent by title.

Issue 15's meetings, risk assessment and action plan will add theirs here.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.db import transaction
from weasyprint import HTML

from pseahub.accounts.models import Role, User
from pseahub.core.discovery import DemoOptions

from .documents import Upload, document_create, version_upload
from .models import DocumentKind, NetworkDocument

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


def load(options: DemoOptions) -> dict[str, int]:
    return {
        "documents": demo_documents_load(),
        "plan": demo_plan_load(),  # last: it uses the risk assessment's findings
    }


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
