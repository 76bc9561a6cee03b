"""Members' own figures: the figures of a period, the members' (``member_figures``, from the current returns of
the quarters wholly inside it) and the platform's for the same categories (``platform_figures``), side by side
in one table per category (``merged_figures``, ``merged_figure``): what the overview, the dashboard and the
reports show."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import counting, cube
from ..tables import CountTable
from .categories import GROUP_KEYS, GROUPS, Quarter, quarters_within, status_rows
from .returns import current_returns

# --- figures of a period ----------------------------------------------------------------------------------------
MEMBERS_SOURCE = "members"
PLATFORM_SOURCE = "platform"


def source_label(source: str) -> str:
    return _("Members' own figures") if source == MEMBERS_SOURCE else _("On the platform")


def _members_denominator(filters: counting.Filters, quarters: list[Quarter], returns: int) -> str:
    if filters.area:
        return _("Members' own figures have no area: none are counted when the figures are filtered by area.")
    if not quarters:
        return _("Members' own figures are given by quarter, and no whole quarter lies in the period.")
    span = quarters[0].label if len(quarters) == 1 else f"{quarters[0].label}\N{EN DASH}{quarters[-1].label}"
    return ngettext(
        "Members' own figures: what the member organisations' focal points reported of the complaints they handled "
        "outside the platform, %(span)s (%(returns)s return, the latest version of each; quarters only partly in "
        "the period are left out).",
        "Members' own figures: what the member organisations' focal points reported of the complaints they handled "
        "outside the platform, %(span)s (%(returns)s returns, the latest version of each; quarters only partly in "
        "the period are left out).",
        returns,
    ) % {"span": span, "returns": returns}


def member_figures(filters: counting.Filters) -> dict[str, CountTable]:
    """The members' own figures of the period, one table per group (``GROUPS``), titled and explained as such:
    the current version of every return for the quarters wholly inside the period (``quarters_within``), of
    organisations of the filter's type. Returns have no area, so with an area filter every count is 0."""
    quarters = quarters_within(filters.start, filters.end)
    versions = [] if filters.area else current_returns(quarters, organisation_type=filters.organisation_type)
    denominator = _members_denominator(filters, quarters, len(versions))
    tables = {}
    for group in GROUPS:
        rows = group.rows()
        sums = {code: 0 for code, _label in rows}
        for version in versions:
            for code, value in version.counts.get(group.key, {}).items():
                if code in sums:
                    sums[code] += value
        tables[group.key] = CountTable(
            title=_("%(title)s — members' own figures") % {"title": group.title},
            row_labels=[label for _code, label in rows],
            row_keys=[code for code, _label in rows],
            column_labels=[source_label(MEMBERS_SOURCE)],
            cells=[[sums[code]] for code, _label in rows],
            unit=group.unit,
            denominator=denominator,
        )
    return tables


def _allegations_by_status(filters: counting.Filters) -> CountTable:
    """The platform's allegations of the period, open or closed: closed once their complaint is closed."""
    counts = cube.allegations_by_status(filters)
    rows = status_rows()
    return CountTable(
        title=str(GROUPS[-1].title),
        row_labels=[label for _code, label in rows],
        row_keys=[code for code, _label in rows],
        column_labels=[_("Count")],
        cells=[[counts.get(code, 0)] for code, _label in rows],
        unit="allegations",
        denominator=_(
            "Every allegation of the complaints classified SEA received in the period; closed once its complaint "
            "is closed."
        ),
    )


_PLATFORM_COUNTS: dict[str, Callable[[counting.Filters], CountTable]] = {
    "sea_group": lambda filters: cube.allegations_by("sea_group", filters),
    "entity_type": lambda filters: cube.allegations_by("entity_type", filters),
    "victim_type": cube.survivors_by_victim_type,
    "status": _allegations_by_status,
}


def platform_figures(filters: counting.Filters) -> dict[str, CountTable]:
    """The platform's own tables for the same groups (the counting rules of ``counting``)."""
    return {key: count(filters) for key, count in _PLATFORM_COUNTS.items()}


def merged_table(title: str, platform: CountTable, members: CountTable) -> CountTable:
    """One table with a column per source (the platform's, then members' own figures) and their total; rows
    by code, in the platform's order, then any only the members gave. The platform's ``left_out`` is kept."""
    keys = list(platform.row_keys)
    labels = list(platform.row_labels)
    for key, label in zip(members.row_keys, members.row_labels, strict=True):
        if key not in keys:
            keys.append(key)
            labels.append(label)
    from_platform = dict(zip(platform.row_keys, (row[0] for row in platform.cells), strict=True))
    from_members = dict(zip(members.row_keys, (row[0] for row in members.cells), strict=True))
    return CountTable(
        title=title,
        row_labels=labels,
        row_keys=keys,
        column_labels=[source_label(PLATFORM_SOURCE), source_label(MEMBERS_SOURCE)],
        column_keys=[PLATFORM_SOURCE, MEMBERS_SOURCE],
        cells=[[from_platform.get(key, 0), from_members.get(key, 0)] for key in keys],
        unit=platform.unit,
        # Translators: what each column of a merged table counts: the platform's column's name, what it counts,
        # then what the members' column counts (a sentence that names its own column).
        denominator=_("%(platform)s: %(counted)s %(members)s")
        % {"platform": source_label(PLATFORM_SOURCE), "counted": platform.denominator, "members": members.denominator},
        left_out=platform.left_out,
    )


#: The titles of the merged tables: short (a spreadsheet's sheet is named after its table), naming both sources.
MERGED_TITLES = {
    "sea_group": gettext_lazy("By type, the platform's and members' own figures"),
    "entity_type": gettext_lazy("By entity type, the platform's and members' own figures"),
    "victim_type": gettext_lazy("By victim type, the platform's and members' own figures"),
    "status": gettext_lazy("By status, the platform's and members' own figures"),
}


def merged_title(key: str) -> str:
    return str(MERGED_TITLES[key])


def merged_figures(filters: counting.Filters) -> dict[str, CountTable]:
    """The platform's figures and the members' own figures of the period, one table per group with a column
    per source (kept apart, then totalled): what the reports and the dashboard show."""
    platform = platform_figures(filters)
    members = member_figures(filters)
    return {key: merged_table(merged_title(key), platform[key], members[key]) for key in GROUP_KEYS}


def merged_figure(key: str, filters: counting.Filters) -> CountTable:
    """One group's table of ``merged_figures`` (``GROUPS`` key), counted alone (a report's table, a download)."""
    return merged_table(merged_title(key), _PLATFORM_COUNTS[key](filters), member_figures(filters)[key])
