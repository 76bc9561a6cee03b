"""Helpers of the survey tests: the tiny fixture files (tests/data), the regions they name, an import as the
coordinator does it."""

from __future__ import annotations

from pathlib import Path

from pseahub.accounts.models import User
from pseahub.network.models import Area
from pseahub.partners.models import Survey
from pseahub.partners.surveys import survey_draft_create, survey_import

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def regions() -> dict[str, Area]:
    mali = Area.objects.get_or_create(pcode="MLI", defaults={"name": "Mali", "admin_level": 0})[0]
    return {
        pcode: Area.objects.get_or_create(pcode=pcode, defaults={"name": name, "admin_level": 1, "parent": mali})[0]
        for pcode, name in (("ML09", "Bamako"), ("ML07", "Gao"))
    }


def imported(actor: User, year: int, export: str | None = None) -> Survey:
    """The fixture survey of ``year`` (2025: an XLSX export with Kobo's group paths; 2026: a CSV), imported."""
    regions()
    export = export or ("survey_2025.xlsx" if year == 2025 else "survey_2026.csv")
    draft = survey_draft_create(
        actor=actor,
        year=year,
        title="",
        export=data(export),
        export_name=export,
        form=data("survey_form.xlsx"),
        form_name="survey_form.xlsx",
    )
    return survey_import(actor=actor, draft=draft)
