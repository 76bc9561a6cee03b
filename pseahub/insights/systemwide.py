"""The system-wide view at an HQ installation (README.md, "At HQ"): country networks' quarterly return files
imported (``country_return_import``, the one write, audited), and read back by quarter, one row per country.

A file is read and checked by ``hq_import.return_read`` with this installation's smallest published count; a file
with any problem is refused whole and nothing of it is kept (the audit log notes the refusal with counts only).
A new file for a country and quarter adds a version, the latest current; the same file again stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.network.selectors import network_settings_get

from . import hq
from .counting import _sea_groups
from .hq_import import ReadResult, return_read
from .members import Quarter
from .models import CountryReturn
from .tables import CountTable, PublishedTable

Value = int | None  # a published count: None is withheld


# --- the write ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Imported:
    """What an import did: ``result`` holds the problems of a refused file (``country_return`` None); otherwise
    ``country_return`` is the new version, or the current one when the file was imported already (``created``
    False)."""

    result: ReadResult
    country_return: CountryReturn | None = None
    created: bool = False

    @property
    def refused(self) -> bool:
        return self.country_return is None


def country_return_import(*, actor: User | None, content: bytes, filename: str = "") -> Imported:
    """Check a country's return file and store it as the current version of its country and quarter. A refused
    file is not kept; its refusal is audited with the file's format, size and number of problems only."""
    result = return_read(content, filename, hq_k=network_settings_get().small_cell_k)
    if not result.ok:
        record(
            actor=actor,
            action=Action.COUNTRY_RETURN_REFUSED,
            data={
                "format": result.format,
                "size": result.size,
                "problems": len(result.problems) + result.more_problems,
            },
        )
        return Imported(result=result)
    try:
        return _store(actor=actor, result=result)
    except IntegrityError as exc:  # a second import of the same quarter at the same moment
        raise ApplicationError(_("Another file for this country and quarter was imported at the same moment.")) from exc


@transaction.atomic
def _store(*, actor: User | None, result: ReadResult) -> Imported:
    document: dict[str, Any] = result.document or {}
    period = document["period"]
    same = CountryReturn.objects.select_for_update().filter(
        country=document["country"], year=period["year"], quarter=period["quarter"]
    )
    current = same.order_by("-version").first()
    if current is not None and current.sha256 == result.sha256:
        return Imported(result=result, country_return=current, created=False)
    country_return = CountryReturn.objects.create(
        country=document["country"],
        network=document["network"],
        year=period["year"],
        quarter=period["quarter"],
        version=current.version + 1 if current else 1,
        document=document,
        small_cell_k=document["small_cell_k"],
        data_version=document["data_version"],
        format=result.format,
        sha256=result.sha256,
        size=result.size,
        imported_by=actor,
    )
    record(
        actor=actor,
        action=Action.COUNTRY_RETURN_IMPORTED,
        target=country_return,
        data={
            "country": country_return.country,
            "year": country_return.year,
            "quarter": country_return.quarter,
            "version": country_return.version,
            "format": result.format,
            "size": result.size,
            "sha256": result.sha256,
            "k": country_return.small_cell_k,
            "data_version": country_return.data_version,
        },
    )
    return Imported(result=result, country_return=country_return, created=True)


# --- reads -------------------------------------------------------------------------------------------------------
def quarters_imported() -> list[Quarter]:
    """The quarters some country sent a return for, latest first."""
    pairs = CountryReturn.objects.values_list("year", "quarter").distinct().order_by("-year", "-quarter")
    return [Quarter(year, quarter) for year, quarter in pairs]


def current_returns(quarter: Quarter) -> list[CountryReturn]:
    """The current version of each country's return for ``quarter``, by country code."""
    latest = (
        CountryReturn.objects.filter(year=quarter.year, quarter=quarter.quarter)
        .values("country")
        .annotate(latest=Max("version"))
    )
    wanted = {(row["country"], row["latest"]) for row in latest}
    returns = CountryReturn.objects.filter(year=quarter.year, quarter=quarter.quarter).select_related("imported_by")
    return sorted((r for r in returns if (r.country, r.version) in wanted), key=lambda r: r.country)


def countries_missing(quarter: Quarter, sent: list[CountryReturn]) -> list[tuple[str, str]]:
    """The countries that ever sent a return but none for ``quarter``: (code, the network's latest name)."""
    have = {country_return.country for country_return in sent}
    names: dict[str, str] = {}
    for country, network in CountryReturn.objects.order_by("year", "quarter", "version").values_list(
        "country", "network"
    ):
        names[country] = network
    return [(country, names[country]) for country in sorted(names) if country not in have]


def return_versions(country_return: CountryReturn) -> list[CountryReturn]:
    """Every version of the same country's return for the same quarter, latest (current) first."""
    return list(
        CountryReturn.objects.filter(
            country=country_return.country, year=country_return.year, quarter=country_return.quarter
        )
        .select_related("imported_by")
        .order_by("-version")
    )


# --- labels of the codes -----------------------------------------------------------------------------------------
def _years(codes: list[str]) -> dict[str, str]:
    return {code: _("Date unknown") if code == hq.DATE_UNKNOWN else code for code in codes}


def _labels(kind: str) -> dict[str, str]:
    if kind == "affiliation":
        return dict(hq.affiliations())
    if kind == "type":
        return dict(_sea_groups())
    if kind == "status":
        return dict(hq.statuses())
    if kind == "victim":
        return dict(hq.victim_types())
    return {}


# (rows' kind, columns' kind) of each table of the return, and its title (the same words as the report's).
TABLE_AXES = {
    "hq-type": ("affiliation", "type"),
    "hq-status": ("status", "affiliation"),
    "hq-victims": ("affiliation", "victim"),
    "hq-incident-year": ("affiliation", "year"),
}


def table_title(table_id: str) -> str:
    titles = {
        "hq-type": _("Allegations by perpetrator affiliation and type"),
        "hq-status": _("Allegations by status and perpetrator affiliation"),
        "hq-victims": _("Victims by perpetrator affiliation"),
        "hq-incident-year": _("Allegations by perpetrator affiliation and year of the incident"),
    }
    return titles.get(table_id, table_id)


def _label_of(kind: str, labels: dict[str, dict[str, str]], code: str) -> str:
    if kind == "year":
        return _years([code])[code]
    if kind not in labels:
        labels[kind] = _labels(kind)
    return labels[kind].get(code, code)


def published_tables(document: dict[str, Any]) -> list[tuple[str, PublishedTable]]:
    """The return's four tables as the country published them, as ``PublishedTable`` for the insights table
    template, in the order of ``TABLE_AXES``. The country's counts before suppression are not in the file: the
    source table's cells are zeros and never shown."""
    labels: dict[str, dict[str, str]] = {}
    by_id = {table["id"]: table for table in document.get("tables", [])}
    tables = []
    for table_id, (row_kind, column_kind) in TABLE_AXES.items():
        table = by_id.get(table_id)
        if table is None:
            continue
        unit = table["unit"]
        denominator = (
            _("Survivors with statistics consent, as the country network counted them.")
            if unit == "survivors"
            else _("Allegations, as the country network counted them.")
        )
        source = CountTable(
            title=table_title(table_id),
            row_labels=[_label_of(row_kind, labels, code) for code in table["rows"]],
            row_keys=list(table["rows"]),
            column_labels=[_label_of(column_kind, labels, code) for code in table["columns"]],
            column_keys=list(table["columns"]),
            cells=[[0] * len(table["columns"]) for _row in table["rows"]],
            unit=unit,
            denominator=denominator,
            left_out=table.get("left_out", 0),
        )
        published = PublishedTable(
            source=source,
            k=document["small_cell_k"],
            cells=table["cells"],
            row_totals=table["row_totals"],
            column_totals=table["column_totals"],
            total=table["total"],
        )
        tables.append((f"table-{table_id}", published))
    return tables


# --- the view by country -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CountryRow:
    country_return: CountryReturn
    values: list[Value]
    total: Value


@dataclass(frozen=True)
class ByCountry:
    """One breakdown of the quarter, a row per country (from the country's published totals) and the
    system-wide row: each sum of shown values, withheld when any value it adds is withheld."""

    key: str
    title: str
    unit: str
    column_labels: list[str]
    rows: list[CountryRow]
    sums: list[Value]
    total: Value

    @property
    def withheld(self) -> bool:
        values = [*self.sums, self.total, *(v for row in self.rows for v in [*row.values, row.total])]
        return any(value is None for value in values)


# key, table, which totals of the country's table (its rows' or its columns'), the codes' kind, title
BREAKDOWNS: list[tuple[str, str, str, str]] = [
    ("affiliation", "hq-type", "rows", "affiliation"),
    ("type", "hq-type", "columns", "type"),
    ("status", "hq-status", "rows", "status"),
    ("victims", "hq-victims", "columns", "victim"),
    ("incident-year", "hq-incident-year", "columns", "year"),
]


def _breakdown_title(key: str) -> str:
    titles = {
        "affiliation": _("Allegations by perpetrator affiliation"),
        "type": _("Allegations by type"),
        "status": _("Allegations by status"),
        "victims": _("Victims by type"),
        "incident-year": _("Allegations by year of the incident"),
    }
    return titles[key]


def _sum(values: list[Value]) -> Value:
    """The sum of shown values; withheld if any of them is."""
    if any(value is None for value in values):
        return None
    return sum(value for value in values if value is not None)


def _ordered(kind: str, met: list[str]) -> list[str]:
    """The codes met, in the vocabulary's order (years ascending, date unknown last), then any other."""
    if kind == "year":
        years = sorted(code for code in met if code != hq.DATE_UNKNOWN)
        return [*years, *([hq.DATE_UNKNOWN] if hq.DATE_UNKNOWN in met else [])]
    known = [code for code in _labels(kind) if code in met]
    return [*known, *[code for code in met if code not in known]]


def by_country(returns: list[CountryReturn]) -> list[ByCountry]:
    """The breakdowns of ``BREAKDOWNS`` for these countries' returns. A category a country's table does not
    have counts 0 for that country (a year in which it had no incident, a status its vocabulary lacks)."""
    labels: dict[str, dict[str, str]] = {}
    breakdowns = []
    for key, table_id, side, kind in BREAKDOWNS:
        per_country: list[tuple[CountryReturn, dict[str, Value], Value, str]] = []
        met: list[str] = []
        for country_return in returns:
            table = next((t for t in country_return.document["tables"] if t["id"] == table_id), None)
            if table is None:
                continue
            codes = table[side]
            totals = table["row_totals"] if side == "rows" else table["column_totals"]
            per_country.append((country_return, dict(zip(codes, totals, strict=True)), table["total"], table["unit"]))
            met += [code for code in codes if code not in met]
        codes = _ordered(kind, met)
        rows = [CountryRow(r, [values.get(code, 0) for code in codes], total) for r, values, total, _u in per_country]
        breakdowns.append(
            ByCountry(
                key=key,
                title=_breakdown_title(key),
                unit=per_country[0][3] if per_country else "allegations",
                column_labels=[_label_of(kind, labels, code) for code in codes],
                rows=rows,
                sums=[_sum([row.values[index] for row in rows]) for index in range(len(codes))],
                total=_sum([row.total for row in rows]),
            )
        )
    return breakdowns
