"""How fast the network acts (README.md, "Timings"): from receipt to triage, to referral and to closure, and from
referral to acknowledgement, as a median and a 90th percentile beside the SOP deadline of the network settings;
and SLA compliance per concerned organisation.

The records are those of the counting rules (``counting``): complaints received in the period, duplicates and
quarantined ones left out, with the same area and organisation-type filters. Each duration is computed by the
database (one ``values_list`` per step); the percentiles are then taken in Python over those durations. SLA
compliance needs each referral's deadline in the network's calendar (working days, holidays), which SQL cannot
compute, so it reads one row per referral (organisation, sent, acknowledged, state) in one query and counts in
Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import BigIntegerField, F, Func, Min, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pseahub.cases.models import Classification, Status
from pseahub.network.models import NetworkSettings
from pseahub.referrals.deadlines import Calendar
from pseahub.referrals.models import Referral, ReferralKind, ReferralState

from .counting import Filters, counted_allegations, counted_complaints, counted_complaints_of_type
from .tables import CountTable

MICROSECONDS_PER_HOUR = 3_600_000_000


def median(values: Sequence[float]) -> float | None:
    """The middle value of ``values`` (sorted), the mean of the two middle ones for an even count."""
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile of ``values`` (sorted) by the nearest-rank method: the smallest value that at least
    ``q`` % of the values do not exceed ("90 % of referrals were acknowledged within …")."""
    if not values:
        return None
    rank = max(1, math.ceil(q / 100 * len(values)))
    return values[rank - 1]


@dataclass(frozen=True)
class Timing:
    """One step: how many records took it (``timed``), how many still wait (``waiting``), and how long it took,
    in hours. Once published (``timings_publish``) a value of ``None`` is withheld."""

    key: str
    label: str
    timed: int | None
    waiting: int | None
    median_hours: float | None
    p90_hours: float | None
    deadline: str  # the SOP deadline in words, "" when the network sets none

    @property
    def withheld(self) -> bool:
        return self.median_hours is None and self.timed != 0


def _hours(microseconds: Sequence[int | None]) -> list[float]:
    # The same float as ``timedelta / timedelta(hours=1)``, which divides the two whole numbers of microseconds.
    return sorted(value / MICROSECONDS_PER_HOUR for value in microseconds if value is not None)


def _timing(key: str, label: str, hours: list[float], waiting: int, deadline: str) -> Timing:
    return Timing(
        key=key,
        label=label,
        timed=len(hours),
        waiting=waiting,
        median_hours=median(hours),
        p90_hours=percentile(hours, 90),
        deadline=deadline,
    )


class _Microseconds(Func):
    """``end - start`` in whole microseconds, computed by the database. Exact, and on SQLite without Django's
    per-row Python function for datetime subtraction, which parses both timestamps of every row in Python (most of
    the dashboard's time with a million allegations; bench/p4_dashboard.py)."""

    arity = 2
    output_field = BigIntegerField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        (start, start_params), (end, end_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"CAST(EXTRACT(EPOCH FROM ({end}) - ({start})) * 1000000 AS BIGINT)", [*end_params, *start_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Django stores datetimes on SQLite as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]" (no fraction when zero):
        # whole seconds from strftime('%s') of the text cut to the second (given the fraction, SQLite rounds to the
        # millisecond first, so .9995 s and more would count as the next second), plus the difference of the six
        # fraction digits.
        (start, start_params), (end, end_params) = (compiler.compile(e) for e in self.get_source_expressions())

        def micro(sql: str) -> str:
            return f"CAST(substr(({sql}) || '.000000', instr(({sql}) || '.', '.') + 1, 6) AS INTEGER)"

        seconds = (
            f"(CAST(strftime('%%s', substr({end}, 1, 19)) AS INTEGER)"
            f" - CAST(strftime('%%s', substr({start}, 1, 19)) AS INTEGER))"
        )
        params = [*end_params, *start_params, *end_params, *end_params, *start_params, *start_params]
        return f"({seconds} * 1000000 + {micro(end)} - {micro(start)})", params


def _between(start: str, end: str) -> Any:
    return _Microseconds(F(start), F(end))


STEPS = ["triage", "referral", "acknowledgement", "closure"]


def step_records(filters: Filters) -> dict[str, tuple[Any, Any, str]]:
    """Per step (``STEPS``): the records timed, annotated ``duration`` (microseconds); the records still
    waiting; and the path from a record to its complaint (for its area). ``timings`` and the summary table
    (``cube``) both time these."""
    complaints = counted_complaints_of_type(filters)
    triaged = complaints.filter(triaged_at__isnull=False).annotate(duration=_between("received_at", "triaged_at"))
    untriaged = complaints.filter(triaged_at__isnull=True).exclude(status=Status.CLOSED)

    allegations = counted_allegations(filters).annotate(
        first_referral=Min("referrals__sent_at", filter=Q(referrals__kind=ReferralKind.ALLEGATION))
    )
    referred = allegations.filter(first_referral__isnull=False).annotate(
        duration=_between("complaint__received_at", "first_referral")
    )
    unreferred = allegations.filter(first_referral__isnull=True).exclude(complaint__status=Status.CLOSED)

    referrals = Referral.objects.filter(
        kind=ReferralKind.ALLEGATION, allegation__in=counted_allegations(filters).values("pk")
    )
    acknowledged = referrals.filter(acknowledged_at__isnull=False).annotate(
        duration=_between("sent_at", "acknowledged_at")
    )
    unacknowledged = referrals.filter(state=ReferralState.SENT)

    sea = counted_complaints(filters).filter(classification=Classification.SEA)
    if filters.organisation_type:  # as the survivors: complaints with an allegation against that type
        sea = sea.filter(pk__in=counted_allegations(filters).values("complaint_id"))
    closed = sea.filter(closed_at__isnull=False).annotate(duration=_between("received_at", "closed_at"))
    still_open = sea.filter(closed_at__isnull=True)
    return {
        "triage": (triaged, untriaged, ""),
        "referral": (referred, unreferred, "complaint__"),
        "acknowledgement": (acknowledged, unacknowledged, "allegation__complaint__"),
        "closure": (closed, still_open, ""),
    }


def step_labels(settings: NetworkSettings) -> dict[str, tuple[str, str]]:
    """Per step: its label and its SOP deadline in words ("" when the network sets none)."""
    refer = settings.sla_refer_hours
    acknowledge = settings.sla_acknowledge_working_days
    return {
        "triage": (_("From receipt to triage"), ""),
        "referral": (
            _("From receipt to referral"),
            ngettext("%(count)s hour", "%(count)s hours", refer) % {"count": refer},
        ),
        "acknowledgement": (
            _("From referral to acknowledgement"),
            ngettext("%(count)s working day", "%(count)s working days", acknowledge) % {"count": acknowledge},
        ),
        "closure": (_("From receipt to closure"), ""),
    }


def timings(filters: Filters, settings: NetworkSettings) -> list[Timing]:
    """The four steps, in order. Triage: every counted complaint (complaint-level, as ``complaints_by``);
    referral: each counted allegation's first allegation referral; acknowledgement: every allegation referral
    of the counted allegations, from its sending; closure: the counted complaints classified SEA."""
    records = step_records(filters)
    labels = step_labels(settings)
    return [
        _timing(
            key, labels[key][0], _hours(list(records[key][0].values_list("duration", flat=True))),
            records[key][1].count(), labels[key][1],
        )
        for key in STEPS
    ]  # fmt: skip


def timings_publish(steps: Sequence[Timing], k: int) -> list[Timing]:
    """The steps as published: a count from 1 to k-1 is withheld, and so are the median and 90th percentile of
    a step timed on fewer than k records (a duration of one or two cases can point to them)."""

    def shown(count: int | None) -> int | None:
        return None if count is None or 0 < count < k else count

    published = []
    for step in steps:
        enough = step.timed is not None and step.timed >= k
        published.append(
            replace(
                step,
                timed=shown(step.timed),
                waiting=shown(step.waiting),
                median_hours=step.median_hours if enough else None,
                p90_hours=step.p90_hours if enough else None,
            )
        )
    return published


def duration_text(hours: float | None) -> str:
    """A duration as a person reads it: minutes under an hour, hours under two days, days beyond."""
    if hours is None:
        return ""
    if hours < 1:
        minutes = round(hours * 60)
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    if hours < 48:
        return _("%(count)s hours") % {"count": number_format(round(hours, 1), decimal_pos=1)}
    return _("%(count)s days") % {"count": number_format(round(hours / 24, 1), decimal_pos=1)}


# --- SLA compliance per organisation ------------------------------------------------------------------------
ON_TIME, LATE = "on_time", "late"


def sla_by_organisation(filters: Filters, settings: NetworkSettings, *, now: dt.datetime | None = None) -> CountTable:
    """Allegation referrals of the counted allegations per concerned organisation: acknowledged within the
    deadline (the network's ``sla_acknowledge_working_days`` after sending, in its calendar), or late (acknowledged
    after it, or not acknowledged once it has passed). Referrals still within their deadline, and declined or
    revoked ones never acknowledged, are left out."""
    now = now or timezone.now()
    calendar = Calendar.of(settings)
    days = settings.sla_acknowledge_working_days
    rows = (
        Referral.objects.filter(kind=ReferralKind.ALLEGATION, allegation__in=counted_allegations(filters).values("pk"))
        .values_list(
            "organisation__public_id", "organisation__name", "organisation__acronym", "sent_at", "acknowledged_at",
            "state",
        )
        .order_by()
    )  # fmt: skip
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    left_out = 0
    for public_id, name, acronym, sent_at, acknowledged_at, state in rows:
        deadline = calendar.add_working_days(sent_at, days)
        if acknowledged_at is not None:
            column = 0 if acknowledged_at <= deadline else 1
        elif state in (ReferralState.DECLINED, ReferralState.REVOKED) or now <= deadline:
            left_out += 1
            continue
        else:
            column = 1
        key = str(public_id)
        labels[key] = f"{name} ({acronym})" if acronym else name
        counts.setdefault(key, [0, 0])[column] += 1
    return sla_table(counts, labels, settings, left_out)


def sla_table(
    counts: dict[str, list[int]], labels: dict[str, str], settings: NetworkSettings, left_out: int
) -> CountTable:
    """The SLA table of counts per organisation (public id -> [on time, late]) and their labels."""
    days = settings.sla_acknowledge_working_days
    keys = sorted(counts, key=lambda key: labels[key].casefold())
    return CountTable(
        title=_("Allegation referrals acknowledged within the deadline, per organisation"),
        row_labels=[labels[key] for key in keys],
        row_keys=keys,
        column_labels=[_("Acknowledged within the deadline"), _("Late or not acknowledged")],
        column_keys=[ON_TIME, LATE],
        cells=[counts[key] for key in keys],
        unit="referrals",
        denominator=_(
            "Allegation referrals of the allegations counted in the period, once acknowledged or past their "
            "deadline (%(deadline)s after sending). Referrals still within their deadline, and declined or revoked "
            "ones never acknowledged, are left out."
        )
        % {"deadline": ngettext("%(count)s working day", "%(count)s working days", days) % {"count": days}},
        left_out=left_out,
    )


def share_on_time(on_time: int | None, late: int | None) -> float | None:
    """The share acknowledged within the deadline, in per cent, when both published counts are shown."""
    if on_time is None or late is None or on_time + late == 0:
        return None
    return 100 * on_time / (on_time + late)
