"""Demo documents of the Mali network: its terms of reference (French in force, an earlier French version, English)
and its SOPs (French, public), written through the services so the audit log is real. Idempotent by title.

Issue 15's meetings, risk assessment and action plan will add theirs here.
"""

from __future__ import annotations

from html import escape

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
    return {"documents": demo_documents_load()}
