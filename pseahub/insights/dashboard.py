"""The leadership dashboard's tables, in the order the page shows them, and what each one is drawn and
downloaded as. ``TABLES`` is the one list: the page, its charts and map, and the open-data downloads
(``downloads.py``) all read it, so a table on the page can always be downloaded, and only that.

Every table is counted by ``counting`` / ``timings`` and published through ``suppression.suppress``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.network.models import NetworkSettings

from . import charts, counting, cube, members, timings
from .choropleth import ATTRIBUTION, choropleth
from .suppression import suppress
from .tables import CountTable, PublishedTable

AGE_TAGS = {"0-11": "age0_11", "12-17": "age12_17", "18-25": "age18_25", "26-40": "age26_40", "41-60": "age41_60"}


def _age_tag(key: str) -> str:
    """HXL attributes of an age group column: +age12_17 for "12-17", +age61plus for "61+"."""
    if key in AGE_TAGS:
        return AGE_TAGS[key]
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in key.replace("+", "plus")).strip("_").lower()
    return f"age{cleaned}" if cleaned[:1].isdigit() else f"age_{cleaned or 'unknown'}"


@dataclass(frozen=True)
class TableSpec:
    """A table of the dashboard: its URL key, how it is counted, its chart, and its HXL hashtags (README.md)."""

    key: str
    section: str
    count: Callable[[counting.Filters, NetworkSettings], CountTable]
    row_tags: tuple[str, str]  # the HXL hashtags of the row code and the row label columns
    value_tag: str  # the HXL hashtag of a count column (a two-way table adds the column's attribute)
    column_tag: Callable[[str], str] | None = None  # the attribute of a two-way table's column
    chart: str = ""  # "bar", "hbar" or "" (no chart)
    chart_labels: Callable[[str], str] | None = None  # a short label of a row, from its key, for the chart
    chart_axis: Any = ""  # the label of the rows' axis
    sla: bool = False  # names organisations' performance: coordinators and co-chairs only (access.sees_sla)
    map: bool = False
    total_label: Any = ""  # the row totals' column of a two-way table, "Total" if empty


def _by(kind: str, key: str) -> Callable[[counting.Filters, NetworkSettings], CountTable]:
    counter = {"allegations": cube.allegations_by, "complaints": cube.complaints_by}[kind]
    return lambda filters, settings: counter(key, filters)


def _merged(group: str) -> Callable[[counting.Filters, NetworkSettings], CountTable]:
    return lambda filters, settings: members.merged_figure(group, filters)


def _short_month(key: str) -> str:
    """ "2026-03" as "Mar 2026" (in the page's language)."""
    return date_format(dt.date.fromisoformat(f"{key}-01"), "M Y")


SECTIONS: dict[str, Any] = {
    "trend": gettext_lazy("Monthly trend"),
    "type": gettext_lazy("Type and sub-type"),
    "area": gettext_lazy("Areas"),
    "who": gettext_lazy("Entity type and personnel category"),
    "survivors": gettext_lazy("Survivors"),
    "channel": gettext_lazy("Channels"),
    "timings": gettext_lazy("Timings"),
    "sla": gettext_lazy("SLA compliance"),
    "members": gettext_lazy("Members' own figures"),
}
MEMBERS_KEY = "members"

ALLEGATIONS = "#indicator+num+allegations"
COMPLAINTS = "#indicator+num+complaints"
# The members' section: (key after "members-", members.GROUPS key, HXL row hashtags, HXL count hashtag).
MEMBER_TABLES = [
    ("type", "sea_group", ("#event+type+code", "#event+type+name"), ALLEGATIONS),
    ("entity-type", "entity_type", ("#org+type+code", "#org+type+name"), ALLEGATIONS),
    ("victim-type", "victim_type", ("#affected+type+code", "#affected+type+name"), "#affected+num"),
    ("status", "status", ("#status+code", "#status+name"), ALLEGATIONS),
]
MEMBER_GROUPS = {f"members-{key}": group for key, group, _tags, _tag in MEMBER_TABLES}

TABLES: list[TableSpec] = [
    TableSpec(
        "month", "trend", lambda filters, settings: cube.allegations_by_month(filters),
        ("#date+month", "#date+month+name"), ALLEGATIONS, chart="bar", chart_axis=gettext_lazy("Month"),
        chart_labels=_short_month,
    ),
    TableSpec(
        "type", "type", _by("allegations", "sea_group"), ("#event+type+code", "#event+type+name"), ALLEGATIONS,
        chart="bar", chart_axis=gettext_lazy("Type"),
    ),
    TableSpec(
        "sub-type", "type", _by("allegations", "sea_type"), ("#event+subtype+code", "#event+subtype+name"),
        ALLEGATIONS,
    ),
    TableSpec("area", "area", _by("allegations", "area"), ("#adm1+code", "#adm1+name"), ALLEGATIONS, map=True),
    TableSpec(
        "entity-type", "who", _by("allegations", "entity_type"), ("#org+type+code", "#org+type+name"), ALLEGATIONS,
        chart="hbar", chart_axis=gettext_lazy("Entity type"),
    ),
    TableSpec(
        "personnel-category", "who", _by("allegations", "personnel_category"),
        ("#org+personnel+code", "#org+personnel+name"), ALLEGATIONS,
    ),
    TableSpec(
        "victim-age", "survivors",
        lambda filters, settings: cube.survivors_by_two(filters, title=_("Survivors by victim type and age group")),
        ("#affected+type+code", "#affected+type+name"), "#affected+num", column_tag=_age_tag,
    ),
    TableSpec(
        "channel", "channel", _by("complaints", "channel"), ("#meta+channel+code", "#meta+channel+name"), COMPLAINTS,
        chart="hbar", chart_axis=gettext_lazy("Channel"),
    ),
    TableSpec(
        "classification", "channel", _by("complaints", "classification"),
        ("#meta+classification+code", "#meta+classification+name"), COMPLAINTS,
    ),
    TableSpec(
        "sla", "sla", lambda filters, settings: cube.sla_by_organisation(filters, settings),
        ("#org+id", "#org+name"), "#indicator+num+referrals", column_tag=lambda key: key, sla=True,
    ),
    # Members' own figures beside the platform's (members.merged_figure): a column per source, then together.
    *(
        TableSpec(
            f"members-{key}", MEMBERS_KEY, _merged(group), row_tags, value_tag, column_tag=lambda key: key,
            total_label=gettext_lazy("Together"),
        )
        for key, group, row_tags, value_tag in MEMBER_TABLES
    ),
]  # fmt: skip
TIMINGS_KEY = "timings"
SPECS = {spec.key: spec for spec in TABLES}
KEYS = [*SPECS, TIMINGS_KEY]
UNITS = {
    "allegations": gettext_lazy("Allegations"),
    "complaints": gettext_lazy("Complaints"),
    "survivors": gettext_lazy("Survivors"),
    "referrals": gettext_lazy("Referrals"),
}


@dataclass
class Figure:
    """One table as the page shows it: what was counted, what is published, and its chart or map."""

    spec: TableSpec
    table: CountTable
    published: PublishedTable
    k: int
    chart: SafeString | str = ""
    map: SafeString | str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)
    attribution: str = ""

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def withheld(self) -> bool:
        cells = [*(v for row in self.published.cells for v in row), *self.published.row_totals]
        return any(value is None for value in [*cells, *self.published.column_totals, self.published.total])

    @property
    def two_way(self) -> bool:
        return len(self.table.column_labels) > 1

    @property
    def rows(self) -> list[tuple[str, list[int | None], int | None, float | None]]:
        """(label, published cells, published total, share within the deadline) per row; the share (SLA table
        only) is taken from the published counts, so it is withheld with either of them."""
        return [
            (label, cells, total, timings.share_on_time(cells[0], cells[1]) if self.spec.sla else None)
            for label, cells, total in self.published.rows
        ]


def published(
    spec: TableSpec, filters: counting.Filters, settings: NetworkSettings, table: CountTable | None = None
) -> tuple[CountTable, Any]:
    """A table counted (unless given, counted already) and published (small cells withheld) for the filters."""
    table = table or spec.count(filters, settings)
    return table, suppress(table, settings.small_cell_k)


def figure(
    spec: TableSpec, filters: counting.Filters, settings: NetworkSettings, table: CountTable | None = None
) -> Figure:
    table, shown = published(spec, filters, settings, table)
    result = Figure(spec=spec, table=table, published=shown, k=settings.small_cell_k)
    labels = table.row_labels
    values = [row[0] for row in shown.cells]
    if spec.chart:
        result.chart = charts.bar_chart(
            chart_id=f"chart-{spec.key}",
            title=table.title,
            labels=labels,
            values=values,
            x_title=str(spec.chart_axis),
            y_title=str(UNITS.get(table.unit, table.unit)),
            horizontal=spec.chart == "hbar",
            short_labels=[spec.chart_labels(key) for key in table.row_keys] if spec.chart_labels else None,
        )
    if spec.map:
        drawn = choropleth(
            map_id=f"map-{spec.key}",
            country_code=settings.country_code,
            title=_("Allegations by admin-1 area"),
            counts=dict(zip(table.row_keys, values, strict=True)),
            names=dict(zip(table.row_keys, labels, strict=True)),
            k=settings.small_cell_k,
        )
        if drawn is not None:
            result.map, result.legend = drawn
            result.attribution = ATTRIBUTION[settings.country_code.upper()]
    return result


def timings_published(filters: counting.Filters, settings: NetworkSettings) -> list[timings.Timing]:
    return timings.timings_publish(cube.timings(filters, settings), settings.small_cell_k)


@dataclass(frozen=True)
class Submissions:
    """Who has submitted members' figures for one quarter of the period, as the page says it: counts, and the
    names of those who have not only for readers who may see organisations named (``access.sees_sla``)."""

    quarter: str
    submitted: int
    expected: int
    missing_names: list[str]

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


def submissions(filters: counting.Filters, *, with_names: bool) -> list[Submissions]:
    """For each quarter wholly inside the period (the only ones whose returns count), latest first."""
    quarters = members.quarters_within(filters.start, filters.end)
    found = members.period_submissions(quarters, organisation_type=filters.organisation_type)
    return [
        Submissions(
            quarter=row.quarter.label,
            submitted=len(row.submitted),
            expected=row.expected,
            missing_names=[o.acronym or o.name for o in row.missing] if with_names else [],
        )
        for row in reversed(found)
    ]


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    timings: list[timings.Timing] = field(default_factory=list)
    submissions: list[Submissions] | None = None  # the members' section only


def dashboard_build(*, filters: counting.Filters, settings: NetworkSettings, with_sla: bool) -> list[Section]:
    """Every section of the dashboard for the filters; the SLA section only ``with_sla`` (``access.sees_sla``),
    and organisations that have not submitted members' figures named by the same rule."""
    with cube.reading():
        return _sections(filters=filters, settings=settings, with_sla=with_sla)


def _sections(*, filters: counting.Filters, settings: NetworkSettings, with_sla: bool) -> list[Section]:
    sections = []
    for key, title in SECTIONS.items():
        section = Section(key, str(title))
        if key == TIMINGS_KEY:
            section.timings = timings_published(filters, settings)
        counted: dict[str, CountTable] = {}
        if key == MEMBERS_KEY:
            section.submissions = submissions(filters, with_names=with_sla)
            # Members' returns read once for the section's four tables.
            merged = members.merged_figures(filters)
            counted = {spec_key: merged[group] for spec_key, group in MEMBER_GROUPS.items()}
        for spec in TABLES:
            if spec.section == key and (with_sla or not spec.sla):
                section.figures.append(figure(spec, filters, settings, counted.get(spec.key)))
        if section.figures or section.timings:
            sections.append(section)
    return sections
