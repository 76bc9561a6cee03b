"""The dashboard's summary table (README.md, "Summary table"): every dashboard count per month, admin-1 area and
type of concerned organisation, kept current, so that a page sums a few thousand rows instead of grouping every
record of the period.

A month's rows (``CubeCell``) are counted by the very querysets of the counting rules (``counting``, ``timings``)
for that month, grouped by the admin-1 area, the table's value and a type key: the record's own organisation's
type (allegations, referrals), or the set of its complaint's types (complaints, survivors, the triage and
closure steps) as the type filter of the live counting takes them; each group counts for every type ("") and
for each type of its key, so summing a type's rows gives what the live filters count. The tables of the same
records are read in one GROUP BY (``READERS``; about ten queries a month). A
write to anything counted in a month adds a ``CubeChange`` of that month in the same transaction (``signals``)
and queues the month's rebuild once committed (``tasks.cube_month_rebuild_task``). ``summed`` uses the rows of
the months that are built and have no pending change, and counts live everything else of the period (months
not built or changed since, and the days of a month the period only partly covers), so that the figures are
always those of the live counting. Timings are kept as histograms of durations (``bucket``), SLA compliance of
the referrals whose outcome no longer changes with the clock.
"""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pseahub.cases.models import Classification, Complaint, ConsentDecision, Status
from pseahub.network.models import NetworkSettings, OrganisationType
from pseahub.referrals.deadlines import Calendar
from pseahub.referrals.models import Referral, ReferralKind, ReferralState

from . import counting
from .counting import NOT_RECORDED, Filters
from .models import CubeCell, CubeChange, CubeMonth

Counts = dict[tuple[str, str], int]  # (area, value) -> count; area "" when not grouped by area
Measure = Callable[[Filters, bool], Counts]

# --- durations in buckets -----------------------------------------------------------------------------------------

HOURLY_UNTIL = 48  # durations under 48 hours in 1-hour buckets, longer ones in 1-day buckets
MICROSECONDS_PER_HOUR = 3_600_000_000


def bucket(microseconds: int) -> int:
    """The bucket of a duration: ``h`` for [h, h+1) hours under 48 hours (negative ones too), and from 48 on,
    ``46 + d`` for [d, d+1) days (d >= 2)."""
    hours = microseconds / MICROSECONDS_PER_HOUR
    if hours < HOURLY_UNTIL:
        return math.floor(hours)
    return HOURLY_UNTIL - 2 + math.floor(hours / 24)


def bucket_middle(index: int) -> float:
    """The middle of a bucket, in hours: every duration in it is within half a bucket (30 minutes under 48 hours,
    12 hours beyond) of it."""
    if index < HOURLY_UNTIL:
        return index + 0.5
    return (index - HOURLY_UNTIL + 2) * 24 + 12.0


def histogram_median(histogram: dict[int, int]) -> float | None:
    """The median (the mean of the two middle ones for an even count) of the bucketed durations, each taken as
    its bucket's middle."""
    total = sum(histogram.values())
    if not total:
        return None
    if total % 2:
        return _at_rank(histogram, total // 2 + 1)
    return (_at_rank(histogram, total // 2) + _at_rank(histogram, total // 2 + 1)) / 2


def histogram_percentile(histogram: dict[int, int], q: float) -> float | None:
    """The nearest-rank ``q``-th percentile of the bucketed durations (as ``timings.percentile``)."""
    total = sum(histogram.values())
    if not total:
        return None
    return _at_rank(histogram, max(1, math.ceil(q / 100 * total)))


def _at_rank(histogram: dict[int, int], rank: int) -> float:
    seen = 0
    for index in sorted(histogram):
        seen += histogram[index]
        if seen >= rank:
            return bucket_middle(index)
    raise ValueError("rank beyond the histogram")


# --- what is counted: one measure per table -------------------------------------------------------------------------


# While a month is built, every table is counted once for every type at once: grouped by a type key as well, which
# ``_area`` puts before the area (``key\x1farea``). For a table whose organisation-type filter is the counted
# record's own organisation's type (allegations, and their referrals) the key is that type; for the complaint- and
# survivor-level ones (their type filter is "the complaint has an allegation of that type", or "… or names one of
# that type as the organisation reported") it is the set of the complaint's types, as a bit mask (``#5``: the
# first and third of ``OrganisationType``). ``month_counts`` then adds each group to every type of its key and to
# "" (every type): each record has one key, so the sums are the counts of the live filters.
_TYPE_KEY: contextvars.ContextVar[Callable[[str], Any] | None] = contextvars.ContextVar("cube_type_key", default=None)
TYPE_SEPARATOR = "\x1f"
MASK_PREFIX = "#"


def _own_type(type_path: str) -> Callable[[str], Any]:
    """The key of a record counted under its own organisation's type (``type_path`` from the record)."""
    return lambda _path: Coalesce(F(type_path), Value(""))


def _complaint_types(*, reported: bool) -> Callable[[str], Any]:
    """The key of a record counted under every type of its complaint (``path`` leads to the complaint): the types
    of its allegations' organisations, and with ``reported`` its reported organisation's type, as a bit mask.
    ``SUM(DISTINCT)`` of distinct powers of two is their bitwise OR."""

    def key(path: str) -> Any:
        from pseahub.cases.models import Allegation

        kinds = list(OrganisationType.values)
        bits = Case(
            *[When(organisation__type=kind, then=Value(1 << i)) for i, kind in enumerate(kinds)],
            default=Value(0),
            output_field=IntegerField(),
        )
        alleged = (
            Allegation.objects.filter(complaint_id=OuterRef(f"{path}id"))
            .order_by()
            .values("complaint_id")
            .annotate(mask=Sum(bits, distinct=True))
            .values("mask")
        )
        mask: Any = Coalesce(Subquery(alleged, output_field=IntegerField()), Value(0))
        if reported:
            mask = mask.bitor(
                Case(
                    *[
                        When(**{f"{path}reported_organisation__type": kind}, then=Value(1 << i))
                        for i, kind in enumerate(kinds)
                    ],
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        return Concat(Value(MASK_PREFIX), Cast(mask, CharField()), output_field=CharField())

    return key


def _kinds_of(key: str) -> list[str]:
    """The types (of ``OrganisationType``: the live filter takes a type of the list only) a type key counts in."""
    kinds = OrganisationType.values
    if key.startswith(MASK_PREFIX):
        mask = int(key[len(MASK_PREFIX) :])
        return [kind for i, kind in enumerate(kinds) if mask & (1 << i)]
    return [key] if key in kinds else []


def _area(path: str = "") -> Any:
    admin1 = counting._admin1(path)
    type_key = _TYPE_KEY.get()
    if type_key is None:
        return admin1
    return Concat(type_key(path), Value(TYPE_SEPARATOR), admin1, output_field=CharField())


def _grouped(qs: Any, value: Any, area: Any, by_area: bool, *, keep_empty: bool = False) -> Counts:
    fields = {"cube_value": value}
    if by_area:
        fields["cube_area"] = area
    rows = qs.annotate(**fields).values(*fields).annotate(n=Count("pk", distinct=True)).order_by()
    counts: Counts = {}
    for row in rows:
        key = (
            (row["cube_area"] or NOT_RECORDED) if by_area else "",
            row["cube_value"] if keep_empty else (row["cube_value"] or NOT_RECORDED),
        )
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _allegations(key: str) -> Measure:
    dimension = counting.ALLEGATION_DIMENSIONS[key]

    def measure(filters: Filters, by_area: bool) -> Counts:
        return _grouped(
            counting.counted_allegations(filters), counting._value(dimension), _area("complaint__"), by_area
        )

    return measure


def _allegations_by_month(filters: Filters, by_area: bool) -> Counts:
    qs = counting.counted_allegations(filters).annotate(month=TruncMonth("complaint__received_at"))
    fields = ["month", *(["cube_area"] if by_area else [])]
    if by_area:
        qs = qs.annotate(cube_area=_area("complaint__"))
    counts: Counts = {}
    for row in qs.values(*fields).annotate(n=Count("pk")).order_by():
        key = ((row["cube_area"] or NOT_RECORDED) if by_area else "", row["month"].strftime("%Y-%m"))
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _allegations_by_status(filters: Filters, by_area: bool) -> Counts:
    status = Case(
        When(complaint__status=Status.CLOSED, then=Value("closed")), default=Value("open"), output_field=CharField()
    )
    return _grouped(counting.counted_allegations(filters), status, _area("complaint__"), by_area)


def _survivors_everyone(filters: Filters, by_area: bool) -> Counts:
    return _grouped(counting.counted_survivors(filters), Value(""), _area("complaint__"), by_area, keep_empty=True)


def _survivors_victim_age(filters: Filters, by_area: bool) -> Counts:
    rows, columns = counting.SURVIVOR_DIMENSIONS["victim_type"], counting.SURVIVOR_DIMENSIONS["age_group"]
    qs = counting.statistics_consented(counting.counted_survivors(filters)).annotate(
        row_value=counting._value(rows), column_value=counting._value(columns)
    )
    if by_area:
        qs = qs.annotate(cube_area=_area("complaint__"))
    fields = ["row_value", "column_value", *(["cube_area"] if by_area else [])]
    counts: Counts = {}
    for row in qs.values(*fields).annotate(n=Count("pk", distinct=True)).order_by():
        value = f"{row['row_value'] or NOT_RECORDED}|{row['column_value'] or NOT_RECORDED}"
        key = ((row["cube_area"] or NOT_RECORDED) if by_area else "", value)
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _complaints(key: str) -> Measure:
    dimension = counting.COMPLAINT_DIMENSIONS[key]

    def measure(filters: Filters, by_area: bool) -> Counts:
        return _grouped(counting.counted_complaints_of_type(filters), counting._value(dimension), _area(), by_area)

    return measure


def _bucket_sql() -> Any:
    """``bucket`` of ``cube_duration``, computed by the database from whole microseconds (integer division on both
    SQLite and PostgreSQL, which truncates: a negative duration is shifted so that it floors). Exactly ``bucket``:
    a duration is a whole number of microseconds, so no division of ``bucket`` lands within its rounding of a
    bucket's edge."""
    hour, day = MICROSECONDS_PER_HOUR, 24 * MICROSECONDS_PER_HOUR
    return Case(
        When(
            cube_duration__lt=HOURLY_UNTIL * hour,
            then=Case(
                When(cube_duration__gte=0, then=F("cube_duration") / Value(hour)),
                default=(F("cube_duration") - Value(hour - 1)) / Value(hour),
                output_field=BigIntegerField(),
            ),
        ),
        When(cube_duration__isnull=False, then=Value(HOURLY_UNTIL - 2) + F("cube_duration") / Value(day)),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def _durations(step: str) -> Measure:
    def measure(filters: Filters, by_area: bool) -> Counts:
        from .timings import step_records

        timed, _waiting, path = step_records(filters)[step]
        counts: Counts = {}
        if any(getattr(e, "contains_aggregate", False) for e in timed.query.annotations.values()):
            # The referral step: each allegation's first referral, an aggregate; its durations are read.
            if by_area:
                rows = timed.annotate(cube_area=_area(path)).values_list("cube_area", "duration")
            else:
                rows = ((NOT_RECORDED, duration) for duration in timed.values_list("duration", flat=True))
            for area, duration in rows:
                if duration is None:
                    continue
                key = ((area or NOT_RECORDED) if by_area else "", str(bucket(duration)))
                counts[key] = counts.get(key, 0) + 1
            return counts
        fields = {"cube_bucket": _bucket_sql()}
        if by_area:
            fields["cube_area"] = _area(path)
        grouped = timed.annotate(cube_duration=F("duration")).annotate(**fields).values(*fields).annotate(n=Count("pk"))
        for row in grouped.order_by():
            if row["cube_bucket"] is None:
                continue
            key = ((row["cube_area"] or NOT_RECORDED) if by_area else "", str(row["cube_bucket"]))
            counts[key] = counts.get(key, 0) + row["n"]
        return counts

    return measure


def _waiting(step: str) -> Measure:
    def measure(filters: Filters, by_area: bool) -> Counts:
        from .timings import step_records

        _timed, waiting, path = step_records(filters)[step]
        # A subquery: the referral step's records are grouped already (their first referral), and grouping
        # them again by area would apply its condition per area.
        records = waiting.model.objects.filter(pk__in=waiting.values("pk"))
        return _grouped(records, Value(""), _area(path), by_area, keep_empty=True)

    return measure


NO_ORGANISATION = "00000000-0000-0000-0000-000000000000"  # a query that runs even with no organisation to name
SLA_ON_TIME, SLA_LATE, SLA_LEFT_OUT = "sla:on_time", "sla:late", "sla:left_out"
SLA_UNSETTLED = "sla:unsettled"
_SETTLED = Q(acknowledged_at__isnull=False) | Q(state__in=[ReferralState.DECLINED, ReferralState.REVOKED])


def _sla_referrals(filters: Filters) -> Any:
    return Referral.objects.filter(
        kind=ReferralKind.ALLEGATION, allegation__in=counting.counted_allegations(filters).values("pk")
    )


def _sla_unsettled(filters: Filters, by_area: bool) -> Counts:
    """The referrals not yet settled (not acknowledged, neither declined nor revoked), by organisation and
    deadline (``public id|deadline``): whether each is late depends on the clock, so the dashboard decides it when
    it reads them (``sla_by_organisation``)."""
    from pseahub.network.selectors import network_settings_get

    settings = network_settings_get()
    return _unsettled_counts(_sla_rows(_sla_referrals(filters).exclude(_SETTLED), by_area), settings, by_area)


def _unsettled_counts(rows: Iterable[tuple[Any, ...]], settings: NetworkSettings, by_area: bool) -> Counts:
    deadline_of = Calendar.of(settings)
    days = settings.sla_acknowledge_working_days
    counts: Counts = {}
    for area, public_id, sent_at, _acknowledged_at, _state in rows:
        key = (
            (area or NOT_RECORDED) if by_area else "",
            f"{public_id}|{deadline_of.add_working_days(sent_at, days).isoformat()}",
        )
        counts[key] = counts.get(key, 0) + 1
    return counts


def sla_classify(rows: Iterable[tuple[Any, ...]], settings: NetworkSettings, now: dt.datetime) -> Counts:
    """(table, public id) -> count of referrals rows (area, public id, sent, acknowledged, state), as
    ``timings.sla_by_organisation`` counts them; the area is kept in the key's first part."""
    deadline_of = Calendar.of(settings)
    days = settings.sla_acknowledge_working_days
    counts: dict[tuple[str, str, str], int] = {}
    for area, public_id, sent_at, acknowledged_at, state in rows:
        deadline = deadline_of.add_working_days(sent_at, days)
        if acknowledged_at is not None:
            table, value = (SLA_ON_TIME if acknowledged_at <= deadline else SLA_LATE), str(public_id)
        elif state in (ReferralState.DECLINED, ReferralState.REVOKED) or now <= deadline:
            table, value = SLA_LEFT_OUT, ""
        else:
            table, value = SLA_LATE, str(public_id)
        counts[table, area, value] = counts.get((table, area, value), 0) + 1
    return counts  # type: ignore[return-value]


def _sla_rows(qs: Any, by_area: bool) -> Iterable[tuple[Any, ...]]:
    if by_area:
        qs = qs.annotate(cube_area=_area("allegation__complaint__"))
        return qs.values_list("cube_area", "organisation__public_id", "sent_at", "acknowledged_at", "state").order_by()
    return (
        ("", *row)
        for row in qs.values_list("organisation__public_id", "sent_at", "acknowledged_at", "state").order_by()
    )


def _sla_settled(filters: Filters, by_area: bool) -> dict[str, Counts]:
    """The SLA counts of the referrals whose outcome no longer changes with the clock: acknowledged ones, and
    declined or revoked ones never acknowledged."""
    from pseahub.network.selectors import network_settings_get

    settings = network_settings_get()
    return _settled_tables(_sla_rows(_sla_referrals(filters).filter(_SETTLED), by_area), settings, by_area)


def _settled_tables(rows: Iterable[tuple[Any, ...]], settings: NetworkSettings, by_area: bool) -> dict[str, Counts]:
    classified = sla_classify(rows, settings, timezone.now())
    tables: dict[str, Counts] = {SLA_ON_TIME: {}, SLA_LATE: {}, SLA_LEFT_OUT: {}}
    for (table, area, value), n in classified.items():  # type: ignore[misc]
        tables[table][(area or NOT_RECORDED) if by_area else "", value] = n
    return tables


def _sla_table(table: str) -> Measure:
    def measure(filters: Filters, by_area: bool) -> Counts:
        return _sla_settled(filters, by_area)[table]

    return measure


TABLES: dict[str, Measure] = {
    "allegations:month": _allegations_by_month,
    **{f"allegations:{key}": _allegations(key) for key in counting.ALLEGATION_DIMENSIONS},
    "allegations:status": _allegations_by_status,
    "survivors": _survivors_everyone,
    "survivors:victim_type|age_group": _survivors_victim_age,
    **{f"complaints:{key}": _complaints(key) for key in counting.COMPLAINT_DIMENSIONS},
    **{f"timing:{step}": _durations(step) for step in ("triage", "referral", "acknowledgement", "closure")},
    **{f"waiting:{step}": _waiting(step) for step in ("triage", "referral", "acknowledgement", "closure")},
    SLA_ON_TIME: _sla_table(SLA_ON_TIME),
    SLA_LATE: _sla_table(SLA_LATE),
    SLA_LEFT_OUT: _sla_table(SLA_LEFT_OUT),
    SLA_UNSETTLED: _sla_unsettled,
}


TYPED: dict[str, str] = {
    **{table: "organisation__type" for table in TABLES if table.startswith("allegations:")},
    "timing:referral": "organisation__type",
    "waiting:referral": "organisation__type",
    "timing:acknowledgement": "allegation__organisation__type",
    "waiting:acknowledgement": "allegation__organisation__type",
    SLA_ON_TIME: "allegation__organisation__type",
    SLA_LATE: "allegation__organisation__type",
    SLA_LEFT_OUT: "allegation__organisation__type",
    SLA_UNSETTLED: "allegation__organisation__type",
}


# The complaint- and survivor-level tables: their records' key is their complaint's types, with its reported
# organisation's type where the live filter takes it (``counting.counted_complaints_of_type``) and without it where
# it does not (``counting.counted_survivors``; the closure step, ``timings.step_records``).
COMPLAINT_TYPED: dict[str, bool] = {
    **{table: True for table in TABLES if table.startswith("complaints:")},
    "timing:triage": True,
    "waiting:triage": True,
    "survivors": False,
    "survivors:victim_type|age_group": False,
    "timing:closure": False,
    "waiting:closure": False,
}
if set(TYPED) | set(COMPLAINT_TYPED) != set(TABLES) or set(TYPED) & set(COMPLAINT_TYPED):
    raise ImportError("every summary table needs one type key: TYPED or COMPLAINT_TYPED")


# A month's build reads several tables of the same records in one GROUP BY (by every value they need at once) and
# sums each table's counts from its groups: each record is in one group, so the sums are the tables' counts. Each
# reader gives the same counts as the tables' measures (``TABLES``), which the live counting of a part of a period
# uses (``tests/test_cube_build_types.py`` checks a month's build against every type's live filter).


def _rows(qs: Any, fields: dict[str, Any], *, distinct: bool = True) -> list[dict[str, Any]]:
    """``qs`` grouped by the type key and area (``cube_area``) and ``fields``, with each group's count ``n``."""
    return list(qs.annotate(**fields).values(*fields).annotate(n=Count("pk", distinct=distinct)).order_by())


def _add(counts: Counts, row: dict[str, Any], value: Any) -> None:
    key = (row["cube_area"] or NOT_RECORDED, value)
    counts[key] = counts.get(key, 0) + row["n"]


def _read_allegations(filters: Filters, month: dt.date) -> dict[str, Counts]:
    """Every allegation table (``_allegations``, ``_allegations_by_status``, ``_allegations_by_month``); the area
    and the organisation type are the group's own (its key), and the month the one built."""
    dimensions = {
        key: dim for key, dim in counting.ALLEGATION_DIMENSIONS.items() if key not in ("area", "organisation_type")
    }
    status = Case(
        When(complaint__status=Status.CLOSED, then=Value("closed")), default=Value("open"), output_field=CharField()
    )
    fields = {f"v_{key}": counting._value(dim) for key, dim in dimensions.items()}
    rows = _rows(
        counting.counted_allegations(filters), {**fields, "v_status": status, "cube_area": _area("complaint__")}
    )
    tables: dict[str, Counts] = {
        f"allegations:{key}": {} for key in [*counting.ALLEGATION_DIMENSIONS, "status", "month"]
    }
    for row in rows:
        kind, _separator, area = row["cube_area"].partition(TYPE_SEPARATOR)
        for key in dimensions:
            _add(tables[f"allegations:{key}"], row, row[f"v_{key}"] or NOT_RECORDED)
        _add(tables["allegations:area"], row, area or NOT_RECORDED)
        _add(tables["allegations:organisation_type"], row, kind or NOT_RECORDED)
        _add(tables["allegations:status"], row, row["v_status"] or NOT_RECORDED)
        _add(tables["allegations:month"], row, month.strftime("%Y-%m"))
    return tables


def _read_complaints(filters: Filters, month: dt.date) -> dict[str, Counts]:
    """The complaint-level tables (``_complaints``)."""
    fields = {f"v_{key}": counting._value(dim) for key, dim in counting.COMPLAINT_DIMENSIONS.items()}
    rows = _rows(counting.counted_complaints_of_type(filters), {**fields, "cube_area": _area()})
    tables: dict[str, Counts] = {f"complaints:{key}": {} for key in counting.COMPLAINT_DIMENSIONS}
    for row in rows:
        for key in counting.COMPLAINT_DIMENSIONS:
            _add(tables[f"complaints:{key}"], row, row[f"v_{key}"] or NOT_RECORDED)
    return tables


def _read_survivors(filters: Filters, month: dt.date) -> dict[str, Counts]:
    """``_survivors_everyone`` and ``_survivors_victim_age``: every survivor, and those consented (the
    ``statistics_consented`` rule as a flag) by victim type and age group."""
    rows_dimension, columns = counting.SURVIVOR_DIMENSIONS["victim_type"], counting.SURVIVOR_DIMENSIONS["age_group"]
    everyone = counting.counted_survivors(filters).annotate(statistics_decision=counting.statistics_decision())
    fields = {
        "v_consented": Case(
            When(statistics_decision=ConsentDecision.GIVEN, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "v_row": counting._value(rows_dimension),
        "v_column": counting._value(columns),
        "cube_area": _area("complaint__"),
    }
    tables: dict[str, Counts] = {"survivors": {}, "survivors:victim_type|age_group": {}}
    for row in _rows(everyone, fields):
        _add(tables["survivors"], row, "")
        if row["v_consented"]:
            _add(
                tables["survivors:victim_type|age_group"], row,
                f"{row['v_row'] or NOT_RECORDED}|{row['v_column'] or NOT_RECORDED}",
            )  # fmt: skip
    return tables


def _read_steps(filters: Filters, month: dt.date) -> dict[str, Counts]:
    """The triage and closure steps, timed and waiting (``_durations``, ``_waiting``): the step's records with
    the bucket of their duration (none when not timed yet) and whether they wait."""
    from .timings import _between

    tables: dict[str, Counts] = {
        f"{kind}:{step}": {} for kind in ("timing", "waiting") for step in ("triage", "closure")
    }
    complaints = counting.counted_complaints_of_type(filters)  # as ``timings.step_records``
    waits = Q(triaged_at__isnull=True) & ~Q(status=Status.CLOSED)
    sea = counting.counted_complaints(filters).filter(classification=Classification.SEA)
    steps = [
        ("triage", complaints, "triaged_at", waits, _complaint_types(reported=True)),
        ("closure", sea, "closed_at", Q(closed_at__isnull=True), _complaint_types(reported=False)),
    ]
    for step, records, end, waiting, type_key in steps:
        token = _TYPE_KEY.set(type_key)
        try:
            fields = {
                "v_bucket": _bucket_sql(),
                "v_waits": Case(When(waiting, then=Value(1)), default=Value(0), output_field=IntegerField()),
                "cube_area": _area(),
            }
            rows = _rows(records.annotate(cube_duration=_between("received_at", end)), fields)
        finally:
            _TYPE_KEY.reset(token)
        for row in rows:
            if row["v_bucket"] is not None:
                _add(tables[f"timing:{step}"], row, str(row["v_bucket"]))
            if row["v_waits"]:
                _add(tables[f"waiting:{step}"], row, "")
    return tables


def _read_referrals(filters: Filters, month: dt.date) -> dict[str, Counts]:
    """The SLA tables (``_sla_table``, ``_sla_unsettled``: the referrals split as ``_SETTLED`` splits them) and the
    acknowledgement step (``_durations``, ``_waiting``: the same referrals, ``timings.step_records``), from one
    reading of the month's allegation referrals, each with the bucket of its time to acknowledgement."""
    from pseahub.network.selectors import network_settings_get

    from .timings import _between

    settings = network_settings_get()
    rows = (
        _sla_referrals(filters)
        .annotate(cube_area=_area("allegation__complaint__"), cube_duration=_between("sent_at", "acknowledged_at"))
        .annotate(v_bucket=_bucket_sql())
        .values_list("cube_area", "organisation__public_id", "sent_at", "acknowledged_at", "state", "v_bucket")
        .order_by()
    )
    settled: list[tuple[Any, ...]] = []
    unsettled: list[tuple[Any, ...]] = []
    timed: Counts = {}
    waiting: Counts = {}
    for row in rows:
        area, _public_id, _sent_at, acknowledged_at, state, bucket_index = row
        settled_ = acknowledged_at is not None or state in (ReferralState.DECLINED, ReferralState.REVOKED)
        (settled if settled_ else unsettled).append(row[:5])
        if bucket_index is not None:
            key = (area or NOT_RECORDED, str(bucket_index))
            timed[key] = timed.get(key, 0) + 1
        if state == ReferralState.SENT:
            waiting[area or NOT_RECORDED, ""] = waiting.get((area or NOT_RECORDED, ""), 0) + 1
    return {
        **_settled_tables(settled, settings, True),
        SLA_UNSETTLED: _unsettled_counts(unsettled, settings, True),
        "timing:acknowledgement": timed,
        "waiting:acknowledgement": waiting,
    }


# Each reader, the tables it gives, and the type key of its records (the first table's).
READERS: list[tuple[Callable[[Filters, dt.date], dict[str, Counts]], list[str]]] = [
    (_read_allegations, [table for table in TABLES if table.startswith("allegations:")]),
    (_read_complaints, [table for table in TABLES if table.startswith("complaints:")]),
    (_read_survivors, ["survivors", "survivors:victim_type|age_group"]),
    (_read_steps, ["timing:triage", "waiting:triage", "timing:closure", "waiting:closure"]),
    (
        _read_referrals,
        [SLA_ON_TIME, SLA_LATE, SLA_LEFT_OUT, SLA_UNSETTLED, "timing:acknowledgement", "waiting:acknowledgement"],
    ),
]


def month_counts(month: dt.date) -> dict[tuple[str, str, str, str], int]:
    """(organisation type or "", area, table, value) -> count of ``month``: each table counted once, grouped by
    its records' type key (``_TYPE_KEY``), each group added to "" and to every type of its key; the tables of the
    same records read together (``READERS``)."""
    filters = Filters(start=month, end=month_last(month))
    counts: dict[tuple[str, str, str, str], int] = {}
    kinds: dict[str, list[str]] = {}

    def type_key(table: str) -> Callable[[str], Any]:
        return _own_type(TYPED[table]) if table in TYPED else _complaint_types(reported=COMPLAINT_TYPED[table])

    def spread(table: str, grouped: Counts) -> None:
        for (key, value), n in grouped.items():
            kind, _separator, area = key.partition(TYPE_SEPARATOR)
            area = area or NOT_RECORDED
            if kind not in kinds:
                kinds[kind] = ["", *_kinds_of(kind)]
            for each in kinds[kind]:
                counts[each, area, table, value] = counts.get((each, area, table, value), 0) + n

    done: set[str] = set()
    for reader, tables in READERS:
        key_token = _TYPE_KEY.set(type_key(tables[0]))
        try:
            read = reader(filters, month)
        finally:
            _TYPE_KEY.reset(key_token)
        for table in tables:
            spread(table, read[table])
        done.update(tables)
    for table, measure in TABLES.items():
        if table in done:
            continue
        key_token = _TYPE_KEY.set(type_key(table))
        try:
            spread(table, measure(filters, True))
        finally:
            _TYPE_KEY.reset(key_token)
    return counts


# --- months ---------------------------------------------------------------------------------------------------------


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_last(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def month_of_moment(moment: dt.datetime) -> dt.date:
    """The month (first day) in which a complaint received at ``moment`` is counted (network time)."""
    return month_of(timezone.localtime(moment).date())


def month_rebuild(month: dt.date) -> int:
    """Count ``month`` again and replace its rows in one short transaction; clear the changes seen before counting
    (a change committed meanwhile stays pending, and the month counted live until rebuilt again). The counting
    runs before the transaction, so writers wait only for the rows' replacement; a build that read its changes
    before the one whose rows are stored writes nothing (the stored rows are at least as new). Returns the number
    of rows written."""
    month = month_of(month)
    last = month_last(month)
    read_at = timezone.now()
    seen = list(CubeChange.objects.filter(month=month).values_list("pk", flat=True))
    cells = [
        CubeCell(month=month, area=area, organisation_type=kind, table=table, value=value, count=n)
        for (kind, area, table, value), n in month_counts(month).items()
        if n
    ]
    span = counting.counted_complaints(Filters(start=month, end=last)).aggregate(
        first=Min("received_at"), last=Max("received_at")
    )
    with transaction.atomic():
        CubeMonth.objects.get_or_create(month=month, defaults={"read_at": read_at})
        stored = CubeMonth.objects.select_for_update().get(month=month)  # one replacement of a month at a time
        if stored.read_at > read_at:
            return 0
        CubeCell.objects.filter(month=month).delete()
        CubeCell.objects.bulk_create(cells, batch_size=2000)
        CubeMonth.objects.filter(month=month).update(
            first_day=timezone.localtime(span["first"]).date() if span["first"] else None,
            last_day=timezone.localtime(span["last"]).date() if span["last"] else None,
            built_at=timezone.now(),
            read_at=read_at,
        )
        CubeChange.objects.filter(pk__in=seen).delete()
        _forget_marks(month)
    return len(cells)


def _forget_marks(month: dt.date | None) -> None:
    """A rebuild inside the transaction that marked the month (a test, a command run in one): a later write in it
    must mark the month again."""
    from django.db import connection

    for entry in connection.run_on_commit:  # (savepoint ids, callback, robust)
        func: Any = entry[1]
        if month is None or getattr(func, "cube_month", None) in (month, "all"):
            func.cube_month = None


def months_with_complaints() -> list[dt.date]:
    span = Complaint.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
    if span["first"] is None:
        return []
    months, cursor, last = [], month_of_moment(span["first"]), month_of_moment(span["last"])
    while cursor <= last:
        months.append(cursor)
        cursor = _next_month(cursor)
    return months


def rebuild_all() -> list[tuple[dt.date, int]]:
    """Every month with a complaint rebuilt (and months without any dropped); the changes to every month seen at
    the start cleared at the end."""
    seen = list(CubeChange.objects.filter(month__isnull=True).values_list("pk", flat=True))
    months = months_with_complaints()
    with transaction.atomic():
        CubeMonth.objects.exclude(month__in=months).delete()
        CubeCell.objects.exclude(month__in=months).delete()
    done = [(month, month_rebuild(month)) for month in months]
    CubeChange.objects.filter(pk__in=seen).delete()
    _forget_marks(None)
    return done


def months_stale(month: dt.date | None) -> None:
    """Mark ``month`` (or, with None, every month) changed, in the caller's transaction, and queue its rebuild
    once committed (once per transaction and month)."""
    from django.db import connection

    if connection.in_atomic_block:
        for entry in connection.run_on_commit:  # (savepoint ids, callback, robust)
            if getattr(entry[1], "cube_month", False) == (month or "all"):
                return  # marked already in this transaction (a rolled-back savepoint takes its callback with it)
    CubeChange.objects.create(month=month)

    def queue() -> None:
        from .tasks import cube_month_rebuild_task

        if month is None:
            if CubeMonth.objects.exists():
                cube_month_rebuild_task.enqueue(month="")
        elif CubeMonth.objects.filter(month=month).exists():
            cube_month_rebuild_task.enqueue(month=month.isoformat())

    queue.cube_month = month or "all"  # type: ignore[attr-defined]
    transaction.on_commit(queue)


# --- reading --------------------------------------------------------------------------------------------------------


_READING: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar("cube_reading", default=None)


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """Within it, which months are covered is looked up once per filters (a page's tables, read together)."""
    token = _READING.set({})
    try:
        yield
    finally:
        _READING.reset(token)


def covered_months(filters: Filters) -> list[dt.date]:
    known = _READING.get()
    if known is None:
        return _covered_months(filters)
    if filters not in known:
        known[filters] = _covered_months(filters)
    return known[filters]


def _covered_months(filters: Filters) -> list[dt.date]:
    """The months whose rows can be used for the period: built, no change pending, and every complaint of the
    month inside the period (a whole month, or the days it holds complaints on)."""
    pending = CubeChange.objects.filter(Q(month=OuterRef("month")) | Q(month__isnull=True))
    covered = []
    for built in (
        CubeMonth.objects.filter(month__gte=month_of(filters.start), month__lte=filters.end)
        .exclude(Exists(pending))
        .order_by("month")
    ):
        starts_inside = built.month >= filters.start or built.first_day is None or built.first_day >= filters.start
        ends_inside = month_last(built.month) <= filters.end or built.last_day is None or built.last_day <= filters.end
        if starts_inside and ends_inside:
            covered.append(built.month)
    return covered


def live_spans(filters: Filters, covered: list[dt.date]) -> list[Filters]:
    """The parts of the period outside the covered months, as filters (adjacent months joined)."""
    spans: list[Filters] = []
    cursor = month_of(filters.start)
    start: dt.date | None = None
    while cursor <= filters.end:
        if cursor in covered:
            if start is not None:
                spans.append(Filters(start, cursor - dt.timedelta(days=1), filters.area, filters.organisation_type))
                start = None
        elif start is None:
            start = max(cursor, filters.start)
        cursor = _next_month(cursor)
    if start is not None:
        spans.append(Filters(start, filters.end, filters.area, filters.organisation_type))
    return spans


def summed(table: str, filters: Filters, *, covered: list[dt.date] | None = None) -> dict[str, int]:
    """``table``'s counts (value -> count) for the filters: the summary rows of the covered months, plus the
    live counts of the rest of the period. Equal to the live counting of the whole period."""
    covered = covered_months(filters) if covered is None else covered
    counts: dict[str, int] = {}
    known = _READING.get()
    if covered and known is not None:  # a page: every table's rows of the period read in one query
        key = ("rows", filters, tuple(covered))
        if key not in known:
            rows = CubeCell.objects.filter(organisation_type=filters.organisation_type, month__in=covered)
            if filters.area:
                rows = rows.filter(area=filters.area)
            by_table: dict[str, dict[str, int]] = {}
            for name, value, n in (
                rows.values("table", "value").annotate(n=Sum("count")).order_by().values_list("table", "value", "n")
            ):
                by_table.setdefault(name, {})[value] = n
            known[key] = by_table  # type: ignore[index,assignment]
        counts.update(known[key].get(table, {}))  # type: ignore[index,union-attr,attr-defined]
    elif covered:
        rows = CubeCell.objects.filter(table=table, organisation_type=filters.organisation_type, month__in=covered)
        if filters.area:
            rows = rows.filter(area=filters.area)
        for value, n in rows.values("value").annotate(n=Sum("count")).order_by().values_list("value", "n"):
            counts[value] = counts.get(value, 0) + n
    for span in live_spans(filters, covered):
        for (_area, value), n in TABLES[table](span, False).items():
            counts[value] = counts.get(value, 0) + n
    return counts


# --- the dashboard's tables, read through the summary ---------------------------------------------------------------
# Each builds the same ``CountTable`` as its live counterpart in ``counting`` / ``timings`` / ``members``.


def allegations_by(key: str, filters: Filters) -> Any:
    dimension = counting.ALLEGATION_DIMENSIONS[key]
    return counting._one_way(
        str(dimension.title), summed(f"allegations:{key}", filters), dimension.rows(), unit="allegations",
        column=_("Allegations"),
        denominator=_("Every allegation of the complaints classified SEA received in the period."),
    )  # fmt: skip


def allegations_by_month(filters: Filters) -> Any:
    counts = summed("allegations:month", filters)
    months = []
    cursor = filters.start.replace(day=1)
    while cursor <= filters.end:
        months.append((cursor.strftime("%Y-%m"), date_format(cursor, "YEAR_MONTH_FORMAT")))
        cursor = _next_month(cursor)
    return counting._one_way(
        _("By month"), counts, months, unit="allegations", column=_("Allegations"),
        denominator=_("Every allegation of the complaints classified SEA received in the period."),
    )  # fmt: skip


def _victim_age(filters: Filters) -> tuple[dict[tuple[str, str], int], int]:
    covered = covered_months(filters)
    counts: dict[tuple[str, str], int] = {}
    for value, n in summed("survivors:victim_type|age_group", filters, covered=covered).items():
        row, column = value.split("|", 1)
        counts[row, column] = counts.get((row, column), 0) + n
    everyone = sum(summed("survivors", filters, covered=covered).values())
    return counts, everyone


def survivors_by_two(filters: Filters, *, title: str) -> Any:
    """Survivors with statistics consent by victim type and age group (``counting.survivors_by_two``)."""
    counts, everyone = _victim_age(filters)
    rows, columns = counting.SURVIVOR_DIMENSIONS["victim_type"], counting.SURVIVOR_DIMENSIONS["age_group"]
    return counting._two_way(
        title, counts, rows.rows(), columns.rows(), unit="survivors",
        denominator=_(
            "Survivors of the complaints classified SEA received in the period whose statistics consent is recorded."
        ),
        left_out=everyone - sum(counts.values()),
    )  # fmt: skip


def survivors_by_victim_type(filters: Filters) -> Any:
    """``counting.survivors_by("victim_type", …)``: the two-way table's rows."""
    cells, everyone = _victim_age(filters)
    counts: dict[str, int] = {}
    for (row, _column), n in cells.items():
        counts[row] = counts.get(row, 0) + n
    dimension = counting.SURVIVOR_DIMENSIONS["victim_type"]
    return counting._one_way(
        str(dimension.title), counts, dimension.rows(), unit="survivors", column=_("Survivors"),
        denominator=_(
            "Survivors of the complaints classified SEA received in the period whose statistics consent is recorded."
        ),
        left_out=everyone - sum(counts.values()),
    )  # fmt: skip


def complaints_by(key: str, filters: Filters) -> Any:
    dimension = counting.COMPLAINT_DIMENSIONS[key]
    return counting._one_way(
        str(dimension.title), summed(f"complaints:{key}", filters), dimension.rows(), unit="complaints",
        column=_("Complaints"), denominator=_("Every complaint received in the period, duplicates left out."),
    )  # fmt: skip


def allegations_by_status(filters: Filters) -> dict[str, int]:
    """Allegations of the period, open or closed (``members.figures``)."""
    return summed("allegations:status", filters)


def timings(filters: Filters, settings: NetworkSettings) -> list[Any]:
    """The four steps as ``timings.timings``, the median and 90th percentile taken from the durations' buckets:
    each within half a bucket of the exact one (30 minutes under 48 hours, 12 hours beyond)."""
    from .timings import STEPS, Timing, step_labels

    covered = covered_months(filters)
    labels = step_labels(settings)
    steps = []
    for key in STEPS:
        histogram = {int(value): n for value, n in summed(f"timing:{key}", filters, covered=covered).items() if n}
        waiting = sum(summed(f"waiting:{key}", filters, covered=covered).values())
        steps.append(
            Timing(
                key=key, label=labels[key][0], timed=sum(histogram.values()), waiting=waiting,
                median_hours=histogram_median(histogram), p90_hours=histogram_percentile(histogram, 90),
                deadline=labels[key][1],
            )
        )  # fmt: skip
    return steps


def sla_by_organisation(filters: Filters, settings: NetworkSettings, *, now: dt.datetime | None = None) -> Any:
    """``timings.sla_by_organisation``: the settled referrals from the summary, the others (not acknowledged,
    whose lateness changes with the clock) counted live for the whole period."""
    from pseahub.network.models import Organisation

    from .timings import sla_table

    now = now or timezone.now()
    covered = covered_months(filters)
    on_time = summed(SLA_ON_TIME, filters, covered=covered)
    late = summed(SLA_LATE, filters, covered=covered)
    left_out = sum(summed(SLA_LEFT_OUT, filters, covered=covered).values())
    for value, n in summed(SLA_UNSETTLED, filters, covered=covered).items():
        public_id, _separator, deadline = value.partition("|")
        if now <= dt.datetime.fromisoformat(deadline):
            left_out += n
        else:
            late[public_id] = late.get(public_id, 0) + n
    counts = {key: [on_time.get(key, 0), late.get(key, 0)] for key in {*on_time, *late}}
    labels = {
        str(public_id): f"{name} ({acronym})" if acronym else name
        for public_id, name, acronym in Organisation.objects.filter(
            public_id__in=list(counts) or [NO_ORGANISATION]
        ).values_list("public_id", "name", "acronym")
    }
    return sla_table(counts, labels, settings, left_out)
