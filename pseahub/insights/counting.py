"""The counting rules (README.md): every figure of the dashboard, reports and returns is one of these tables.

Allegation-level tables count every allegation of the complaints classified SEA, as the UN publishes system-wide
figures: one per concerned organisation and category of personnel in a report (the rule intake and triage already
enforce by making one allegation each). Survivor-level tables count only survivors whose complaint's current
statistics decision is "given" (the GBVIMS rule) and say how many were left out. Complaint-level tables count
complaints. Duplicates (closed as a duplicate of another complaint) and quarantined complaints are never counted.

Everything is read from clear fields with GROUP BY in the database; nothing here opens the vault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.cases.models import (
    ENTITY_TYPE_OF_ORGANISATION,
    Allegation,
    Channel,
    Classification,
    ClosureReason,
    Complaint,
    Consent,
    ConsentDecision,
    ConsentPurpose,
    EntityType,
    Perpetrator,
    Sex,
    Survivor,
    Term,
    VictimType,
    YesNoUnknown,
)
from pseahub.network.models import Area, OrganisationType

NOT_RECORDED = "_none"  # the row key of records with no value for the dimension


@dataclass(frozen=True)
class Filters:
    """What a dashboard view or a report covers: complaints received from ``start`` to ``end`` (inclusive), in
    one admin-1 ``area`` (p-code) or everywhere, concerning organisations of one type or any."""

    start: dt.date
    end: dt.date
    area: str = ""
    organisation_type: str = ""

    @classmethod
    def last_months(cls, months: int = 12, *, today: dt.date | None = None) -> Filters:
        today = today or timezone.localdate()
        first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        for _step in range(months - 1):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return cls(start=first, end=today)

    @classmethod
    def this_year(cls, *, today: dt.date | None = None) -> Filters:
        today = today or timezone.localdate()
        return cls(start=today.replace(month=1, day=1), end=today)

    @classmethod
    def last_quarter(cls, *, today: dt.date | None = None) -> Filters:
        """The last whole calendar quarter before today's (January to March, April to June, …)."""
        today = today or timezone.localdate()
        this_quarter = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        end = this_quarter - dt.timedelta(days=1)
        return cls(start=end.replace(month=end.month - 2, day=1), end=end)

    def query(self) -> dict[str, str]:
        """The filters as the dashboard's query string gives them (the period as explicit dates)."""
        query = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.area:
            query["area"] = self.area
        if self.organisation_type:
            query["organisation_type"] = self.organisation_type
        return query


def _admin1(path: str = "") -> Any:
    """The admin-1 p-code of a complaint's area (``path`` leads from the counted record to the complaint),
    whatever level the area was recorded at (admin-1, 2 or 3)."""
    area = f"{path}area__"
    return Case(
        When(**{f"{area}admin_level": 1}, then=F(f"{area}pcode")),
        When(**{f"{area}admin_level": 2}, then=F(f"{area}parent__pcode")),
        When(**{f"{area}admin_level": 3}, then=F(f"{area}parent__parent__pcode")),
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )


def counted_complaints(filters: Filters) -> QuerySet[Complaint]:
    """The complaints a figure may count: received in the period, not a duplicate, not quarantined."""
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min))
    qs = (
        Complaint.objects.filter(received_at__gte=start, received_at__lt=end, is_quarantined=False)
        .exclude(closure_reason=ClosureReason.DUPLICATE)
        .annotate(admin1=_admin1())
    )
    if filters.area:
        qs = qs.filter(admin1=filters.area)
    return qs


def _entity_type() -> Any:
    """An allegation's entity type: its first alleged perpetrator's, else its organisation's type's, else unknown."""
    perpetrators = Perpetrator.objects.filter(allegations=OuterRef("pk")).order_by("pk").values("entity_type")[:1]
    by_organisation = Case(
        *[
            When(organisation__type=kind, then=Value(str(entity)))
            for kind, entity in ENTITY_TYPE_OF_ORGANISATION.items()
        ],
        default=Value(EntityType.UNKNOWN.value),
        output_field=CharField(),
    )
    return Coalesce(Subquery(perpetrators), by_organisation, output_field=CharField())


def counted_complaints_of_type(filters: Filters) -> QuerySet[Complaint]:
    """The counted complaints as complaint-level tables take them: with an organisation type, those with an
    allegation against an organisation of that type or naming one of that type as the organisation reported."""
    qs = counted_complaints(filters)
    if filters.organisation_type:
        concerned = Allegation.objects.filter(organisation__type=filters.organisation_type).values("complaint_id")
        qs = qs.filter(Q(pk__in=concerned) | Q(reported_organisation__type=filters.organisation_type))
    return qs


def counted_allegations(filters: Filters) -> QuerySet[Allegation]:
    """Every allegation of the counted complaints classified SEA (the organisation-type filter applies here)."""
    complaints = counted_complaints(filters).filter(classification=Classification.SEA)
    qs = Allegation.objects.filter(complaint__in=complaints.values("pk"))
    if filters.organisation_type:
        qs = qs.filter(organisation__type=filters.organisation_type)
    return qs


def statistics_decision() -> Any:
    """A survivor's complaint's current statistics decision (the latest one)."""
    latest = (
        Consent.objects.filter(complaint=OuterRef("complaint_id"), purpose=ConsentPurpose.STATISTICS)
        .order_by("-decided_at", "-pk")
        .values("decision")[:1]
    )
    return Subquery(latest)


def statistics_consented(qs: QuerySet[Survivor]) -> QuerySet[Survivor]:
    """Survivors whose complaint's current statistics decision (the latest one) is "given"."""
    return qs.annotate(statistics_decision=statistics_decision()).filter(statistics_decision=ConsentDecision.GIVEN)


def counted_survivors(filters: Filters) -> QuerySet[Survivor]:
    """The survivors of the counted SEA complaints (before the consent rule); with an organisation type, those
    of complaints with an allegation against an organisation of that type."""
    complaints = counted_complaints(filters).filter(classification=Classification.SEA)
    if filters.organisation_type:
        complaints = complaints.filter(allegations__organisation__type=filters.organisation_type)
    return Survivor.objects.filter(complaint__in=complaints.values("pk"))


# --- tables -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """One way of breaking a count down: the value each record is grouped by, and the rows to show."""

    key: str
    title: Any  # lazy text
    value: Callable[[], Any] | str  # an expression, or a field path, to group by
    rows: Callable[[], list[tuple[str, str]]]  # (key, label) in display order
    other_rows: bool = True  # values met but not among ``rows`` are shown after them


def _terms(vocabulary: str) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(term.code, term.label) for term in Term.objects.filter(vocabulary=vocabulary)]


def _choices(choices: Any) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, str(label)) for value, label in choices.choices]


def _areas() -> list[tuple[str, str]]:
    return [(area.pcode, area.display_name()) for area in Area.objects.filter(admin_level=1).order_by("name")]


def _sea_groups() -> list[tuple[str, str]]:
    return [
        ("SE", _("Sexual exploitation")),
        ("SA", _("Sexual abuse")),
        ("OTHER", _("Other")),
        ("UNKNOWN", _("Unknown")),
    ]


ALLEGATION_DIMENSIONS: dict[str, Dimension] = {
    dimension.key: dimension
    for dimension in [
        Dimension("sea_group", gettext_lazy("By type"), "sea_type__group", _sea_groups),
        Dimension("sea_type", gettext_lazy("By sub-type"), "sea_type__code", _terms("sea_type")),
        Dimension("entity_type", gettext_lazy("By entity type"), _entity_type, _choices(EntityType)),
        Dimension(
            "personnel_category",
            gettext_lazy("By personnel category"),
            "personnel_category__code",
            _terms("personnel_category"),
        ),
        Dimension("area", gettext_lazy("By area"), lambda: _admin1("complaint__"), _areas),
        Dimension(
            "organisation_type", gettext_lazy("By organisation type"), "organisation__type", _choices(OrganisationType)
        ),
    ]
}

SURVIVOR_DIMENSIONS: dict[str, Dimension] = {
    dimension.key: dimension
    for dimension in [
        Dimension("sex", gettext_lazy("By sex"), "sex", _choices(Sex)),
        Dimension("age_group", gettext_lazy("By age group"), "age_group__code", _terms("age_group")),
        Dimension("victim_type", gettext_lazy("By victim type"), "victim_type", _choices(VictimType)),
        Dimension("disability", gettext_lazy("By disability"), "disability", _choices(YesNoUnknown)),
        Dimension("displacement", gettext_lazy("By displacement status"), "displacement__code", _terms("displacement")),
    ]
}


COMPLAINT_DIMENSIONS: dict[str, Dimension] = {
    dimension.key: dimension
    for dimension in [
        Dimension(
            "classification", gettext_lazy("Complaints by classification"), "classification", _choices(Classification)
        ),
        Dimension("channel", gettext_lazy("Complaints by channel"), "channel", _choices(Channel)),
    ]
}


def _value(dimension: Dimension) -> Any:
    return dimension.value() if callable(dimension.value) else F(dimension.value)


def _grouped(qs: QuerySet[Any], dimension: Dimension) -> dict[str, int]:
    rows = (
        qs.annotate(group_key=_value(dimension)).values("group_key").annotate(n=Count("pk", distinct=True)).order_by()
    )
    counts: dict[str, int] = {}
    for row in rows:  # one row per group: None and "" are both "not recorded", so they add up
        key = row["group_key"] or NOT_RECORDED
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _one_way(title: str, counts: dict[str, int], rows: Iterable[tuple[str, str]], **kwargs: Any) -> Any:
    from .tables import CountTable

    keys, labels = _with_others([key for key, n in counts.items() if n or key != NOT_RECORDED], rows)
    return CountTable(
        title=title,
        row_labels=labels,
        row_keys=keys,
        column_labels=[kwargs.pop("column", _("Count"))],
        cells=[[counts.get(key, 0)] for key in keys],
        **kwargs,
    )


def _with_others(counts: Iterable[str], rows: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The keys and labels of ``rows``, then of the values met but not among them, then "Not recorded" if met."""
    keys, labels = [], []
    for key, label in rows:
        keys.append(key)
        labels.append(label)
    met = list(counts)
    for key in met:
        if key not in keys and key != NOT_RECORDED:
            keys.append(key)
            labels.append(key)
    if NOT_RECORDED in met:
        keys.append(NOT_RECORDED)
        labels.append(_("Not recorded"))
    return keys, labels


def _two_way(
    title: str,
    counts: dict[tuple[str, str], int],
    rows: Iterable[tuple[str, str]],
    columns: Iterable[tuple[str, str]],
    **kwargs: Any,
) -> Any:
    from .tables import CountTable

    met = sorted(cell for cell, n in counts.items() if n)
    row_keys, row_labels = _with_others(dict.fromkeys(r for r, _c in met), rows)
    column_keys, column_labels = _with_others(dict.fromkeys(c for _r, c in met), columns)
    return CountTable(
        title=title,
        row_labels=row_labels,
        row_keys=row_keys,
        column_labels=column_labels,
        column_keys=column_keys,
        cells=[[counts.get((r, c), 0) for c in column_keys] for r in row_keys],
        **kwargs,
    )


def allegations_by(key: str, filters: Filters) -> Any:
    """Allegations of the period by one dimension (``ALLEGATION_DIMENSIONS``)."""
    dimension = ALLEGATION_DIMENSIONS[key]
    counts = _grouped(counted_allegations(filters), dimension)
    return _one_way(
        str(dimension.title), counts, dimension.rows(), unit="allegations", column=_("Allegations"),
        denominator=_("Every allegation of the complaints classified SEA received in the period."),
    )  # fmt: skip


def survivors_by(key: str, filters: Filters) -> Any:
    """Survivors with statistics consent by one dimension (``SURVIVOR_DIMENSIONS``); ``left_out`` counts the
    others."""
    dimension = SURVIVOR_DIMENSIONS[key]
    everyone = counted_survivors(filters)
    consented = statistics_consented(everyone)
    counts = _grouped(consented, dimension)
    total, counted = everyone.count(), sum(counts.values())
    return _one_way(
        str(dimension.title), counts, dimension.rows(), unit="survivors", column=_("Survivors"),
        denominator=_(
            "Survivors of the complaints classified SEA received in the period whose statistics consent is recorded."
        ),
        left_out=total - counted,
    )  # fmt: skip


def survivors_by_two(row_key: str, column_key: str, filters: Filters, *, title: str) -> Any:
    """Survivors with statistics consent by two dimensions (``SURVIVOR_DIMENSIONS``), rows by columns, in one
    GROUP BY; ``left_out`` counts the others."""
    rows, columns = SURVIVOR_DIMENSIONS[row_key], SURVIVOR_DIMENSIONS[column_key]
    everyone = counted_survivors(filters)
    grouped = (
        statistics_consented(everyone)
        .annotate(row_value=_value(rows), column_value=_value(columns))
        .values("row_value", "column_value")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    for row in grouped:
        cell = (row["row_value"] or NOT_RECORDED, row["column_value"] or NOT_RECORDED)
        counts[cell] = counts.get(cell, 0) + row["n"]
    total = everyone.count()
    return _two_way(
        title, counts, rows.rows(), columns.rows(), unit="survivors",
        denominator=_(
            "Survivors of the complaints classified SEA received in the period whose statistics consent is recorded."
        ),
        left_out=total - sum(counts.values()),
    )  # fmt: skip


def complaints_by(key: str, filters: Filters) -> Any:
    """Counted complaints of the period by one dimension (``COMPLAINT_DIMENSIONS``), every classification."""
    dimension = COMPLAINT_DIMENSIONS[key]
    counts = _grouped(counted_complaints_of_type(filters), dimension)
    return _one_way(
        str(dimension.title), counts, dimension.rows(), unit="complaints", column=_("Complaints"),
        denominator=_("Every complaint received in the period, duplicates left out."),
    )  # fmt: skip


def allegations_by_month(filters: Filters) -> Any:
    """Allegations received per month of the period (months with none shown as 0)."""
    qs = counted_allegations(filters).annotate(month=TruncMonth("complaint__received_at"))
    counts = {row["month"].strftime("%Y-%m"): row["n"] for row in qs.values("month").annotate(n=Count("pk")).order_by()}
    months = []
    cursor = filters.start.replace(day=1)
    while cursor <= filters.end:
        months.append((cursor.strftime("%Y-%m"), date_format(cursor, "YEAR_MONTH_FORMAT")))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return _one_way(
        _("By month"), counts, months, unit="allegations", column=_("Allegations"),
        denominator=_("Every allegation of the complaints classified SEA received in the period."),
    )  # fmt: skip


def complaints_by_classification(filters: Filters) -> Any:
    """Every counted complaint of the period by classification (SEA or not, and those not yet classified)."""
    return complaints_by("classification", filters)
