"""Members' own figures: the categories a return counts in (the platform's own, ``GROUPS``), their checks
(``counts_check``), and the quarters returns are given for (``Quarter``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.cases.models import EntityType, VictimType
from pseahub.core.exceptions import ApplicationError

from .. import counting

#: Counts above this are refused as a typing mistake (no network handles that many complaints in a quarter).
MAX_COUNT = 100_000
#: The first year a return may be given for.
FIRST_YEAR = 2000


# --- the categories ---------------------------------------------------------------------------------------------
def status_rows() -> list[tuple[str, str]]:
    return [("open", _("Open")), ("closed", _("Closed"))]


@dataclass(frozen=True)
class CountGroup:
    """One breakdown of a return: its categories are the platform's for the same table."""

    key: str
    title: Any  # lazy text
    unit: str  # "allegations" or "survivors"
    rows: Callable[[], list[tuple[str, str]]]  # (code, label), in display order


GROUPS: list[CountGroup] = [
    CountGroup(
        "sea_group",
        gettext_lazy("Allegations by type"),
        "allegations",
        counting.ALLEGATION_DIMENSIONS["sea_group"].rows,
    ),
    CountGroup(
        "entity_type",
        gettext_lazy("Allegations by entity type of the alleged perpetrator"),
        "allegations",
        lambda: [(value, str(label)) for value, label in EntityType.choices],
    ),
    CountGroup(
        "victim_type",
        gettext_lazy("Survivors by victim type"),
        "survivors",
        lambda: [(value, str(label)) for value, label in VictimType.choices],
    ),
    CountGroup("status", gettext_lazy("Allegations by referral or investigation status"), "allegations", status_rows),
]
GROUP_KEYS = [group.key for group in GROUPS]

Counts = dict[str, dict[str, int]]


def counts_empty() -> Counts:
    """Every category at 0 (a return of an organisation that handled no complaint is all zeros)."""
    return {group.key: {code: 0 for code, _label in group.rows()} for group in GROUPS}


def _total(counts: Counts, group: str) -> int:
    return sum(counts[group].values())


def counts_problems(counts: Any) -> list[tuple[str, str]]:
    """What is wrong with ``counts``, as (group key, or "" for the whole return; message) pairs; [] if nothing.

    Every category of every group must be there, a whole number from 0 to ``MAX_COUNT``; the allegations by
    entity type and by status must add up to the allegations by type (each allegation is counted once in each);
    survivors are counted only with an allegation."""
    if not isinstance(counts, dict) or set(counts) != set(GROUP_KEYS):
        return [("", _("The return must give every table: %(tables)s.") % {"tables": ", ".join(GROUP_KEYS)})]
    problems: list[tuple[str, str]] = []
    for group in GROUPS:
        values = counts[group.key]
        codes = [code for code, _label in group.rows()]
        if not isinstance(values, dict) or set(values) != set(codes):
            problems.append((group.key, _("Give a count for every category (0 when there is none).")))
            continue
        if any(isinstance(value, bool) or not isinstance(value, int) for value in values.values()):
            problems.append((group.key, _("Counts are whole numbers.")))
        elif any(value < 0 for value in values.values()):
            problems.append((group.key, _("Counts cannot be negative.")))
        elif any(value > MAX_COUNT for value in values.values()):
            too_large = _("A count is too large (at most %(max)s).") % {"max": number_format(MAX_COUNT)}
            problems.append((group.key, too_large))
    if problems:
        return problems
    allegations = _total(counts, "sea_group")
    for key, what in (("entity_type", _("by entity type")), ("status", _("by status"))):
        if _total(counts, key) != allegations:
            problems.append(
                (
                    key,
                    _(
                        "The allegations %(what)s add up to %(total)s, but the allegations by type to %(allegations)s: "
                        "count each allegation once in each table."
                    )
                    % {"what": what, "total": _total(counts, key), "allegations": allegations},
                )
            )
    if allegations == 0 and _total(counts, "victim_type") > 0:
        problems.append(("victim_type", _("Survivors are counted, but no allegation: count the allegations too.")))
    return problems


def counts_check(counts: Any) -> Counts:
    """``counts`` as stored (groups and categories in display order), or ApplicationError naming the first
    problem (``extra["problems"]`` lists them all)."""
    problems = counts_problems(counts)
    if problems:
        raise ApplicationError(problems[0][1], extra={"problems": problems})
    return {group.key: {code: counts[group.key][code] for code, _label in group.rows()} for group in GROUPS}


# --- quarters ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError("a quarter is 1 to 4")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.of(timezone.localdate())

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    @property
    def label(self) -> str:
        return _("Q%(quarter)d %(year)d") % {"quarter": self.quarter, "year": self.year}

    def __str__(self) -> str:
        return self.label


def quarters_back(count: int, *, last: Quarter | None = None) -> list[Quarter]:
    """``count`` quarters up to ``last`` (the current one by default), latest first."""
    quarter = last or Quarter.current()
    quarters = []
    for _step in range(count):
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def quarters_within(start: dt.date, end: dt.date) -> list[Quarter]:
    """The quarters wholly inside [start, end], earliest first: members report by quarter, so a quarter only
    partly in a period is left out of it (and so counted in one period only when periods follow each other)."""
    quarters = []
    quarter = Quarter.of(start)
    if quarter.start < start:
        quarter = quarter.next()
    while quarter.end <= end:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def quarter_may_be_reported(quarter: Quarter) -> bool:
    """The current quarter and past ones (from ``FIRST_YEAR``); never a future one."""
    return quarter.year >= FIRST_YEAR and quarter <= Quarter.current()
