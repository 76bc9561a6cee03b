"""Demo partner assessments of the Mali network (issue 16 items 1-4), written through the services so the audit log
is real: national and international NGOs assessed by UN agencies, one at every state — a draft (AJAG), a submitted
self-assessment with sealed evidence (AMSS), one returned (TDS), final assessments of each rating (IRC full, NRC
medium and expiring within two months, Save the Children low with a plan whose action is past due) and a cancelled
one (AJM) — and the agencies that work with each partner. Idempotent: a partner's assessment started on the same
day is not made twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, User
from pseahub.network.models import Organisation

from . import assessments as svc
from .models import CapacityTool, MonitoringNote, PartnerAssessment

DEMO_DOMAIN = "demo.psea.test"
UNICEF, COMMON = "unicef-six-standards", "un-common-eight-standards"
NETWORK_TOOL = "reseau-peas-mali-2026"


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII), enough to stand for a scanned document."""
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@dataclass
class Spec:
    partner: str
    lead: str
    tool: str
    reason: str
    started: dt.date
    state: str  # draft, submitted, returned, final, cancelled
    scores: list[int] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    evidence: list[tuple[int, str, str]] = field(default_factory=list)  # (standard index, kind, text)
    decision: tuple[str, str] | None = None  # (preliminary rating, decision)
    finalised: dt.date | None = None
    actions: list[tuple[str, int, int, str]] = field(default_factory=list)  # (action, standard index, days, status)
    notes: list[str] = field(default_factory=list)
    determination: str = ""
    returned: str = ""


def _specs(today: dt.date) -> list[Spec]:
    expiring_final = today.replace(year=today.year - svc.VALID_YEARS) + dt.timedelta(days=45)
    return [
        Spec("AJAG", "WFP", COMMON, "new_partner", today - dt.timedelta(days=12), "draft", scores=[1, 1, 0, 1]),
        Spec(
            "AMSS",
            "UNICEF",
            UNICEF,
            "new_partner",
            today - dt.timedelta(days=40),
            "submitted",
            scores=[3, 2, 2, 3, 2, 2],
            comments=[
                "Code de conduite signé par tout le personnel depuis 2024.",
                "Clause EAS dans les contrats; vérification des références en cours de généralisation.",
                "Formation PEAS annuelle; 70 % du personnel de terrain formé.",
                "Boîtes à suggestions et ligne verte dans les sites de Mopti et Sévaré.",
                "Orientation vers les services VBG par la cartographie du réseau.",
                "Procédure d'enquête en projet, non encore adoptée.",
            ],
            evidence=[
                (0, "code_of_conduct", "AMSS - Code de conduite 2024"),
                (2, "training", "AMSS - Liste de presence formation PEAS"),
            ],
        ),
        Spec(
            "TDS",
            "WFP",
            COMMON,
            "high_risk",
            today - dt.timedelta(days=75),
            "returned",
            scores=[1, 1, 0, 1, 0, 1, 0, 0],
            returned="Joindre la politique d'enquête et les contrats des chauffeurs avec la clause EAS.",
        ),
        Spec(
            "IRC",
            "UNHCR",
            UNICEF,
            "decentralised",
            dt.date(2026, 1, 12),
            "final",
            scores=[3, 3, 3, 3, 2, 3],
            decision=("full", "Capacité complète; renforcer l'orientation à Ménaka."),
            finalised=dt.date(2026, 2, 10),
            actions=[("Mettre à jour la liste des prestataires VBG de Ménaka", 4, 60, "done")],
            notes=["Visite de suivi à Gao: circuit d'orientation connu du personnel."],
            determination="full",
        ),
        Spec(
            "SCI",
            "UNICEF",
            UNICEF,
            "decentralised",
            dt.date(2026, 4, 20),
            "final",
            scores=[1, 2, 1, 2, 1, 1],
            decision=("low", "Capacité faible: plan de renforcement sur six mois avant tout nouvel accord."),
            finalised=dt.date(2026, 5, 15),
            actions=[
                ("Adopter une politique PEAS au niveau pays", 0, 45, "done"),
                ("Former le personnel de terrain de Tombouctou", 2, 120, "open"),
                ("Adopter une procédure d'enquête", 5, 240, "open"),
            ],
            notes=["Politique PEAS adoptée en juin; formation de Tombouctou reportée (insécurité)."],
        ),
        Spec(
            "NRC",
            "UNHCR",
            COMMON,
            "new_partner",
            expiring_final - dt.timedelta(days=30),
            "final",
            scores=[1, 1, 1, 1, 1, 1, 1, 0],
            decision=("medium", "Capacité moyenne: pas encore de mesure corrective documentée."),
            finalised=expiring_final,
        ),
        Spec("AJM", "UNFPA", UNICEF, "new_partner", dt.date(2026, 3, 2), "cancelled"),
    ]


LINKS = [
    ("UNICEF", "AMSS"), ("UNICEF", "SCI"), ("UNICEF", "AJM"), ("WFP", "AJAG"), ("WFP", "TDS"), ("WFP", "AMSS"),
    ("UNHCR", "IRC"), ("UNHCR", "NRC"), ("UNFPA", "AJM"), ("IOM", "AJAG"), ("WHO", "MdM"), ("UNICEF", "CRM"),
]  # fmt: skip


def _focal_point(acronym: str) -> User | None:
    return User.objects.filter(email=f"focalpoint.{acronym.lower()}@{DEMO_DOMAIN}", is_active=True).first()


@transaction.atomic
def _one(spec: Spec, orgs: dict[str, Organisation], coordinator: User) -> bool:
    partner, lead = orgs.get(spec.partner), orgs.get(spec.lead)
    if partner is None or lead is None:
        return False
    if PartnerAssessment.objects.filter(partner=partner, started_on=spec.started).exists():
        return False
    partner_fp = _focal_point(spec.partner)
    reviewer = _focal_point(spec.lead) or coordinator
    if spec.scores and partner_fp is None:
        return False
    tool = CapacityTool.objects.get(code=spec.tool)
    assessment = svc.assessment_create(
        actor=reviewer, partner=partner, lead_agency=lead, tool=tool,
        type="un_common" if spec.tool == COMMON else "agency", reason=spec.reason, started_on=spec.started,
    )  # fmt: skip
    standards = list(tool.standards.all())
    if spec.scores and partner_fp is not None:
        comments = spec.comments or [""] * len(spec.scores)
        answers: dict[int, tuple[int | None, str]] = {
            s.pk: (score, c) for s, score, c in zip(standards, spec.scores, comments, strict=False)
        }
        assessment = svc.answers_save(actor=partner_fp, assessment=assessment, answers=answers)
        for index, kind, text in spec.evidence:
            svc.evidence_add(
                actor=partner_fp, assessment=assessment, standard=standards[index], kind=kind,
                upload=svc.Upload(filename=f"{text}.pdf", content=_pdf(text)),
            )  # fmt: skip
        if spec.state in ("submitted", "returned", "final"):
            assessment = svc.assessment_submit(actor=partner_fp, assessment=assessment)
            submitted_on = spec.started + dt.timedelta(days=14)
            PartnerAssessment.objects.filter(pk=assessment.pk).update(submitted_on=submitted_on)
    if spec.state == "returned":
        svc.assessment_return(actor=reviewer, assessment=assessment, comment=spec.returned)
    if spec.state == "cancelled":
        svc.assessment_cancel(actor=reviewer, assessment=assessment)
    if spec.state == "final" and spec.decision is not None and spec.finalised is not None:
        assessment = svc.assessment_finalise(
            actor=reviewer, assessment=assessment, preliminary_rating=spec.decision[0], decision_note=spec.decision[1],
            finalised_on=spec.finalised,
        )  # fmt: skip
        for text, index, days, status in spec.actions:
            item = svc.action_add(
                actor=reviewer, assessment=assessment, action=text, standard=standards[index],
                due_on=spec.finalised + dt.timedelta(days=days),
            )  # fmt: skip
            if status != "open":
                svc.action_status_set(actor=reviewer, item=item, status=status)
        for offset, text in enumerate(spec.notes, start=1):
            note = svc.monitoring_note_add(actor=reviewer, assessment=assessment, text=text)
            MonitoringNote.objects.filter(pk=note.pk).update(written_on=spec.finalised + dt.timedelta(days=60 * offset))
        if spec.determination:
            svc.final_determination_set(actor=reviewer, assessment=assessment, rating=spec.determination)
            PartnerAssessment.objects.filter(pk=assessment.pk).update(
                final_determined_on=spec.finalised + dt.timedelta(days=150)
            )
    return True


def demo_assessments_load() -> int:
    """The demo's partner assessments and who works with whom; returns how many assessments were made."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    if coordinator is None:
        return 0
    orgs = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    if not CapacityTool.objects.filter(code=NETWORK_TOOL).exists():  # the network's own version of the common tool
        svc.tool_copy(
            actor=coordinator,
            tool=CapacityTool.objects.get(code=COMMON),
            code=NETWORK_TOOL,
            name="Outil commun du réseau PEAS Mali (8 normes)",
            version="2026",
        )
    made = sum(_one(spec, orgs, coordinator) for spec in _specs(timezone.localdate()))
    for agency, partner in LINKS:
        if agency in orgs and partner in orgs:
            actor = _focal_point(agency) or coordinator
            svc.partner_link_add(actor=actor, agency=orgs[agency], partner=orgs[partner])
    return made
