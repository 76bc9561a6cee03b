"""Members' own figures (README.md, "Members' own figures"): each member organisation's focal point reports, per
quarter, aggregate counts of the SEA complaints the organisation handled outside the platform, in the categories
the platform counts with. Every submission or correction is a new version, audited; the latest is current.

Here: the categories and their checks, the quarters, who may submit for which organisation, the one write
(``member_return_submit``), the reads of a quarter (who submitted, who has not) and the figures of a period,
members' and the platform's side by side (``member_figures``, ``platform_figures``, ``merged_figures``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Count, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import EntityType, Status, VictimType
from pseahub.core.exceptions import ApplicationError
from pseahub.network.models import Organisation

from . import counting
from .models import MemberReturn, MemberReturnVersion
from .tables import CountTable

#: Counts above this are refused as a typing mistake (no network handles that many complaints in a quarter).
MAX_COUNT = 100_000
#: The first year a return may be given for.
FIRST_YEAR = 2000


# --- the categories ---------------------------------------------------------------------------------------------
def _status_rows() -> list[tuple[str, str]]:
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
    CountGroup("status", gettext_lazy("Allegations by referral or investigation status"), "allegations", _status_rows),
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


# --- who submits for which organisation -------------------------------------------------------------------------
def member_organisations() -> list[Organisation]:
    """The organisations expected to submit: active members of the network."""
    return list(Organisation.objects.filter(is_member=True, is_active=True).order_by("name"))


def submitting_organisations(user: Any) -> list[Organisation]:
    """The active member organisations ``user`` is a focal point of: those whose figures they submit."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.FOCAL_POINT):
        return []
    ids = user.organisation_ids(Role.FOCAL_POINT)
    return [organisation for organisation in member_organisations() if organisation.pk in ids]


def submitting_organisation_get_for(user: Any, public_id: uuid.UUID) -> Organisation:
    """One of ``user``'s organisations for members' figures, or Http404 (the same for one that is not theirs,
    not a member, inactive, or missing)."""
    for organisation in submitting_organisations(user):
        if organisation.public_id == public_id:
            return organisation
    raise Http404


#: Who sees a quarter's overview (who submitted, by whom) and each return's history.
OVERVIEW_ROLES = (Role.COORDINATOR, Role.CO_CHAIR)


def members_overview_allowed(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and any(user.has_role(role) for role in OVERVIEW_ROLES)


# --- the write --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Submitted:
    version: MemberReturnVersion
    created: bool  # False: the figures were the current ones already, nothing was stored


@transaction.atomic
def member_return_submit(
    *, actor: User | None, organisation: Organisation, quarter: Quarter, counts: Any, note: str = ""
) -> Submitted:
    """Store ``counts`` as the organisation's current figures for ``quarter``: the first version, or a correction
    (a new version). Figures equal to the current ones store nothing (a repeated submission, or a note alone), so
    submitting twice makes one version. The caller checked that ``actor`` may submit for ``organisation``."""
    if not (organisation.is_member and organisation.is_active):
        raise ApplicationError(_("Only active member organisations submit quarterly figures."))
    if not quarter_may_be_reported(quarter):
        raise ApplicationError(_("Figures are given for the current quarter or a past one, not a future one."))
    counts = counts_check(counts)
    note = note.strip()
    member_return, _created = MemberReturn.objects.get_or_create(
        organisation=organisation, year=quarter.year, quarter=quarter.quarter
    )
    member_return = MemberReturn.objects.select_for_update().get(pk=member_return.pk)
    current = member_return.versions.order_by("-number").first()
    if current is not None and current.counts == counts:
        return Submitted(version=current, created=False)
    try:
        with transaction.atomic():
            version = MemberReturnVersion.objects.create(
                member_return=member_return,
                number=current.number + 1 if current else 1,
                counts=counts,
                note=note,
                submitted_by=actor,
            )
    except IntegrityError as exc:  # a second submission at the same moment
        raise ApplicationError(_("Someone submitted these figures at the same moment. Look at them again.")) from exc
    record(
        actor=actor,
        action=Action.MEMBER_RETURN_SUBMITTED if current is None else Action.MEMBER_RETURN_CORRECTED,
        target=member_return,
        data={
            "organisation": str(organisation.public_id),
            "year": quarter.year,
            "quarter": quarter.quarter,
            "version": version.number,
            "counts": counts,
            "note_given": bool(note),
        },
    )
    return Submitted(version=version, created=True)


# --- reads ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReturnRow:
    """One organisation's return for one quarter, as the pages list it (``current`` None: not submitted)."""

    organisation: Organisation
    quarter: Quarter
    member_return: MemberReturn | None
    current: MemberReturnVersion | None
    versions: int

    @property
    def submitted(self) -> bool:
        return self.current is not None


_Found = dict[tuple[int, int, int], tuple[MemberReturn, MemberReturnVersion, int]]


def _rows(returns: list[MemberReturn]) -> _Found:
    """Each return's current version and version count, by (organisation id, year, quarter)."""
    found: _Found = {}
    versions = (
        MemberReturnVersion.objects.filter(member_return__in=returns)
        .select_related("submitted_by")
        .order_by("member_return_id", "-number")
    )
    latest: dict[int, MemberReturnVersion] = {}
    numbers: dict[int, int] = {}
    for version in versions:
        latest.setdefault(version.member_return_id, version)
        numbers[version.member_return_id] = numbers.get(version.member_return_id, 0) + 1
    for member_return in returns:
        if member_return.pk in latest:
            key = (member_return.organisation_id, member_return.year, member_return.quarter)
            found[key] = (member_return, latest[member_return.pk], numbers[member_return.pk])
    return found


def _row(found: _Found, organisation: Organisation, quarter: Quarter) -> ReturnRow:
    key = (organisation.pk, quarter.year, quarter.quarter)
    if key not in found:
        return ReturnRow(organisation, quarter, None, None, 0)
    member_return, current, versions = found[key]
    return ReturnRow(organisation, quarter, member_return, current, versions)


def quarter_returns(quarter: Quarter) -> list[ReturnRow]:
    """Every active member organisation with its return for ``quarter`` (submitted or not), by name; returns of
    organisations no longer members are left out."""
    returns = list(MemberReturn.objects.filter(year=quarter.year, quarter=quarter.quarter))
    found = _rows(returns)
    return [_row(found, organisation, quarter) for organisation in member_organisations()]


def quarter_missing(quarter: Quarter) -> list[Organisation]:
    """The active member organisations that have not submitted figures for ``quarter``."""
    return [row.organisation for row in quarter_returns(quarter) if not row.submitted]


def organisation_returns(organisation: Organisation, quarters: list[Quarter]) -> list[ReturnRow]:
    """The organisation's return for each of ``quarters`` (in that order), and for any earlier quarter it
    reported, latest first."""
    returns = list(MemberReturn.objects.filter(organisation=organisation))
    found = _rows(returns)
    wanted = list(quarters)
    for member_return in returns:
        quarter = Quarter(member_return.year, member_return.quarter)
        if quarter not in wanted and (organisation.pk, quarter.year, quarter.quarter) in found:
            wanted.append(quarter)
    wanted.sort(reverse=True)
    return [_row(found, organisation, quarter) for quarter in wanted]


def member_return_find(organisation: Organisation, quarter: Quarter) -> MemberReturn | None:
    return MemberReturn.objects.filter(organisation=organisation, year=quarter.year, quarter=quarter.quarter).first()


def member_return_versions(member_return: MemberReturn | None) -> list[MemberReturnVersion]:
    """Every version of a return, latest first (the first one listed is current)."""
    if member_return is None:
        return []
    return list(member_return.versions.select_related("submitted_by").order_by("-number"))


def current_returns(quarters: list[Quarter], *, organisation_type: str = "") -> list[MemberReturnVersion]:
    """The current version of every return for ``quarters``, of organisations of ``organisation_type`` (any if
    empty); returns of organisations that are no longer active members still count for the quarters they gave."""
    if not quarters:
        return []
    qs = MemberReturn.objects.filter(_of_quarters(quarters))
    if organisation_type:
        qs = qs.filter(organisation__type=organisation_type)
    return [version for _return, version, _count in _rows(list(qs)).values()]


def _of_quarters(quarters: list[Quarter]) -> Q:
    """A filter of returns for any of ``quarters``."""
    wanted = Q()
    for quarter in quarters:
        wanted |= Q(year=quarter.year, quarter=quarter.quarter)
    return wanted


def version_totals(version: MemberReturnVersion) -> dict[str, int]:
    """The total of each group of a version (allegations, survivors)."""
    return {key: sum(values.values()) for key, values in version.counts.items()}


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
    qs = counting.counted_allegations(filters).annotate(
        status_key=Case(
            When(complaint__status=Status.CLOSED, then=Value("closed")), default=Value("open"), output_field=CharField()
        )
    )
    counts = {row["status_key"]: row["n"] for row in qs.values("status_key").annotate(n=Count("pk")).order_by()}
    rows = _status_rows()
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
    "sea_group": lambda filters: counting.allegations_by("sea_group", filters),
    "entity_type": lambda filters: counting.allegations_by("entity_type", filters),
    "victim_type": lambda filters: counting.survivors_by("victim_type", filters),
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
        denominator=f"{source_label(PLATFORM_SOURCE)}: {platform.denominator} {members.denominator}",
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


# --- who has submitted for a period -----------------------------------------------------------------------------
@dataclass(frozen=True)
class QuarterSubmissions:
    """Which of the expected member organisations have submitted figures for one quarter (by name)."""

    quarter: Quarter
    submitted: list[Organisation]
    missing: list[Organisation]

    @property
    def expected(self) -> int:
        return len(self.submitted) + len(self.missing)


def period_submissions(quarters: list[Quarter], *, organisation_type: str = "") -> list[QuarterSubmissions]:
    """For each of ``quarters`` (in that order), the active member organisations (of ``organisation_type``, any if
    empty) that have submitted figures and those that have not; two queries whatever the number of quarters."""
    if not quarters:
        return []
    expected = Organisation.objects.filter(is_member=True, is_active=True).order_by("name")
    if organisation_type:
        expected = expected.filter(type=organisation_type)
    organisations = list(expected)
    done = set(
        MemberReturn.objects.filter(_of_quarters(quarters), organisation__in=organisations, versions__isnull=False)
        .values_list("organisation_id", "year", "quarter")
        .distinct()
    )
    return [
        QuarterSubmissions(
            quarter=quarter,
            submitted=[o for o in organisations if (o.pk, quarter.year, quarter.quarter) in done],
            missing=[o for o in organisations if (o.pk, quarter.year, quarter.quarter) not in done],
        )
        for quarter in quarters
    ]
