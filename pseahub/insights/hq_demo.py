"""The system-wide view's demo: the quarterly returns of three country networks (Mali, Lebanon, the Democratic
Republic of the Congo) for the last four complete quarters, imported by the demo HQ user through the real import
(``systemwide.country_return_import``), so each one passes the schema and the checks.

The demo network's own country (Mali) sends what its own data give: its coordinator makes the quarter's HQ
return (``reports``, JSON) and the HQ user imports that file, so the figures agree with the dashboard. The other
countries' figures are invented: a seeded list of allegations per country and quarter (affiliation, type, status, year
of the incident, victims), counted into the four HQ tables and published through ``suppression.suppress`` with
the demo's smallest published count, as a country's platform does. Congo has not sent the latest quarter yet, and
Lebanon's latest return was corrected once (two versions). Loading again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any

from django.utils import timezone

from pseahub.accounts.models import Role, User
from pseahub.network.selectors import network_settings_get

from . import hq
from .counting import _sea_groups
from .members import Quarter, quarters_back
from .models import CountryReturn
from .suppression import suppress
from .systemwide import country_return_import
from .tables import CountTable

# country: (network's name, allegations in a quarter (low, high), how many of the latest quarters it has not sent)
COUNTRIES: dict[str, tuple[str, tuple[int, int], int]] = {
    "MLI": ("Réseau PSEA Mali", (18, 40), 0),
    "LBN": ("PSEA Network Lebanon", (10, 26), 0),
    "COD": ("Réseau PSEA RDC", (30, 60), 1),
}
CORRECTED = "LBN"  # its latest return is imported twice: the second file corrects the first
STATUSES = [
    "preliminary_assessment",
    "under_investigation",
    "substantiated",
    "not_substantiated",
    hq.PENDING,
    hq.NOT_REFERRED,
]


def _allegations(rng: random.Random, quarter: Quarter, size: tuple[int, int]) -> list[dict[str, Any]]:
    affiliations = [key for key, _label in hq.affiliations()]
    weights = [3, 10, 8, 2, 4]
    years = [str(quarter.year - 1), str(quarter.year), hq.DATE_UNKNOWN]
    allegations = []
    for _n in range(rng.randint(*size)):
        allegations.append(
            {
                "affiliation": rng.choices(affiliations, weights)[0],
                "type": rng.choices(["SE", "SA", "OTHER", "UNKNOWN"], [6, 3, 1, 1])[0],
                "status": rng.choices(STATUSES, [3, 3, 2, 1, 3, 1])[0],
                "year": rng.choices(years, [2, 8, 1])[0],
                "victims": rng.choices(
                    ["woman", "girl", "man", "boy", "unknown"], [8, 5, 1, 1, 1], k=rng.choice([1, 1, 2])
                ),
            }
        )
    return allegations


def _table(
    table_id: str,
    unit: str,
    rows: list[str],
    columns: list[str],
    counts: Counter[tuple[str, str]],
    k: int,
    left_out: int = 0,
) -> dict[str, Any]:
    """One table of the return, published as a country's platform publishes it."""
    source = CountTable(
        title=table_id,
        row_labels=rows,
        row_keys=rows,
        column_labels=columns,
        column_keys=columns,
        cells=[[counts[(row, column)] for column in columns] for row in rows],
        unit=unit,
        denominator="",
        left_out=left_out,
    )
    published = suppress(source, k)
    return {
        "id": table_id,
        "unit": unit,
        "rows": rows,
        "columns": columns,
        "cells": published.cells,
        "row_totals": published.row_totals,
        "column_totals": published.column_totals,
        "total": published.total,
        "left_out": left_out,
    }


def demo_document(country: str, quarter: Quarter, *, k: int, extra: int = 0) -> dict[str, Any]:
    """The demo return of ``country`` for ``quarter`` (``extra`` allegations more, for a corrected one)."""
    network, size, _missing = COUNTRIES[country]
    rng = random.Random(f"hq-demo-{country}-{quarter.year}-{quarter.quarter}")  # noqa: S311 - invented figures
    allegations = _allegations(rng, quarter, (size[0] + extra, size[1] + extra))
    affiliations = [key for key, _label in hq.affiliations()]
    years = [*sorted({a["year"] for a in allegations if a["year"] != hq.DATE_UNKNOWN}), hq.DATE_UNKNOWN]
    victims: Counter[tuple[str, str]] = Counter()
    for allegation in allegations:
        for victim in allegation["victims"]:
            victims[(allegation["affiliation"], victim)] += 1
    made = timezone.make_aware(dt.datetime.combine(quarter.end + dt.timedelta(days=6 + extra), dt.time(9, 30)), dt.UTC)
    return {
        "format": "pseahub-hq-return",
        "version": "1.0",
        "country": country,
        "network": network,
        "period": {
            "year": quarter.year,
            "quarter": quarter.quarter,
            "start": quarter.start.isoformat(),
            "end": quarter.end.isoformat(),
        },
        "small_cell_k": k,
        "data_version": f"{rng.getrandbits(32):08x}",
        "generated_at": made.isoformat(),
        "tables": [
            _table(
                "hq-type",
                "allegations",
                affiliations,
                [code for code, _label in _sea_groups()],
                Counter((a["affiliation"], a["type"]) for a in allegations),
                k,
            ),
            _table(
                "hq-status",
                "allegations",
                STATUSES,
                affiliations,
                Counter((a["status"], a["affiliation"]) for a in allegations),
                k,
            ),
            _table(
                "hq-victims",
                "survivors",
                affiliations,
                ["woman", "girl", "man", "boy", "unknown"],
                victims,
                k,
                left_out=rng.randint(0, 3),
            ),
            _table(
                "hq-incident-year",
                "allegations",
                affiliations,
                years,
                Counter((a["affiliation"], a["year"]) for a in allegations),
                k,
            ),
        ],
    }


def own_return(quarter: Quarter) -> bytes | None:
    """The demo network's own HQ return for ``quarter`` as JSON, made from its records as its coordinator would
    (None without a coordinator or when the report fails)."""
    from .models import ReportFile, ReportFormat, ReportKind, ReportState
    from .reports import report_generate
    from .services import report_request

    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return None
    report = report_request(
        actor=coordinator, kind=ReportKind.HQ_QUARTERLY, language="fr", start=quarter.start, end=quarter.end,
        formats=[ReportFormat.JSON, ReportFormat.CSV],
    )  # fmt: skip
    report_generate(report_id=report.pk)  # here rather than by the worker, which may not run yet
    report.refresh_from_db()
    if report.state != ReportState.DONE:
        return None
    return bytes(ReportFile.objects.get(report=report, format=ReportFormat.JSON).content)


def _import(user: User | None, document: dict[str, Any] | bytes, when: dt.datetime) -> int:
    content = document if isinstance(document, bytes) else json.dumps(document, ensure_ascii=False, indent=2).encode()
    imported = country_return_import(actor=user, content=content, filename="return.json")
    if imported.country_return is None:  # the demo's own documents are valid: a refusal is a defect
        raise RuntimeError(f"demo return refused: {imported.result.problems[:3]}")
    CountryReturn.objects.filter(pk=imported.country_return.pk).update(imported_at=min(when, timezone.now()))
    return int(imported.created)


def country_returns_demo() -> dict[str, int]:
    """Import the demo returns not imported yet (see the module's docstring)."""
    user = User.objects.filter(role_assignments__role=Role.HQ).order_by("pk").first()
    network = network_settings_get()
    k = network.small_cell_k
    added = 0
    quarters = quarters_back(4, last=Quarter.current().previous())
    for country, (_network, _size, missing) in COUNTRIES.items():
        for index, quarter in enumerate(quarters):
            if index < missing:
                continue
            if CountryReturn.objects.filter(country=country, year=quarter.year, quarter=quarter.quarter).exists():
                continue
            when = timezone.make_aware(dt.datetime.combine(quarter.end, dt.time(11)), dt.UTC)
            own = own_return(quarter) if country == network.country_code else None
            added += _import(user, own or demo_document(country, quarter, k=k), when + dt.timedelta(days=10))
            if country == CORRECTED and index == 0:
                corrected = demo_document(country, quarter, k=k, extra=2)
                added += _import(user, corrected, when + dt.timedelta(days=17))
    return {"country_returns": added}
