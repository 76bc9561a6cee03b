"""What each report holds, the data version it is made from, and its making (run by ``tasks.report_generate_task``).

Every table of a report is one of the counting rules' tables (``counting``, ``hq``), published through
``suppression.suppress`` with the network's smallest published count as it was when the report was asked for.
Every report states the counting rules and the suppression (``counting_rules``, ``suppression_note``). A donor
report asked for while the network's option is set gets calibrated noise first (``noise``), and says so
(``noise_note``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from pseahub.cases.models import Allegation, Complaint, Consent
from pseahub.network.models import Area, OrganisationType
from pseahub.network.selectors import network_settings_get
from pseahub.referrals.models import Referral

from . import counting, hq, members
from .counting import Filters
from .models import MemberReturnVersion, Report, ReportFile, ReportFormat, ReportKind, ReportState
from .noise import noise_info, noisy_table
from .suppression import suppress
from .tables import CountTable, PublishedTable

logger = logging.getLogger(__name__)

Build = Callable[[Filters], CountTable]


def _by(key: str) -> Build:
    return lambda filters: counting.allegations_by(key, filters)


def _survivors_by(key: str) -> Build:
    return lambda filters: counting.survivors_by(key, filters)


def _merged(group: str) -> Build:
    return lambda filters: members.merged_figure(group, filters)


# Members' own figures beside the platform's, a column per source (members.merged_figure): the leadership and
# donor reports end with them; the HQ return holds the platform's figures only.
MEMBERS_SECTION: list[tuple[str, Build]] = [
    (f"members-{key}", _merged(group))
    for key, group in [("type", "sea_group"), ("entity-type", "entity_type"), ("victim-type", "victim_type"),
                       ("status", "status")]
]  # fmt: skip


# (id, table) per kind, in the report's order. The donor report leaves out what only the network needs
# (sub-types, personnel categories, organisation types, the survivors' sex, disability and displacement).
SECTIONS: dict[str, list[tuple[str, Build]]] = {
    ReportKind.LEADERSHIP: [
        ("classification", counting.complaints_by_classification),
        ("month", counting.allegations_by_month),
        ("type", _by("sea_group")),
        ("sub-type", _by("sea_type")),
        ("entity-type", _by("entity_type")),
        ("personnel-category", _by("personnel_category")),
        ("organisation-type", _by("organisation_type")),
        ("area", _by("area")),
        ("status", hq.allegations_by_status),
        ("victim-type", _survivors_by("victim_type")),
        ("sex", _survivors_by("sex")),
        ("age-group", _survivors_by("age_group")),
        ("disability", _survivors_by("disability")),
        ("displacement", _survivors_by("displacement")),
        *MEMBERS_SECTION,
    ],
    ReportKind.DONOR: [
        ("month", counting.allegations_by_month),
        ("type", _by("sea_group")),
        ("entity-type", _by("entity_type")),
        ("area", _by("area")),
        ("status", hq.allegations_by_status),
        ("victim-type", _survivors_by("victim_type")),
        ("age-group", _survivors_by("age_group")),
        *MEMBERS_SECTION,
    ],
    ReportKind.HQ_QUARTERLY: [
        ("hq-type", hq.allegations_by_affiliation_and_type),
        ("hq-status", hq.allegations_by_affiliation_and_status),
        ("hq-victims", hq.victims_by_affiliation),
        ("hq-incident-year", hq.allegations_by_affiliation_and_incident_year),
    ],
}


# --- the words every report states ------------------------------------------------------------------------------
def counting_rules(kind: str) -> list[str]:
    """The counting rules, as every report's notes state them (README.md, "Counting rules")."""
    rules = [
        _(
            "Complaints are counted in the period in which they were received. Complaints closed as a duplicate of "
            "another complaint, and quarantined ones, are never counted."
        ),
        _(
            "Allegation-level tables count every allegation of the complaints classified SEA. A report counts once "
            "per concerned organisation and once per category of personnel involved, as the UN counts its "
            "system-wide figures."
        ),
        _(
            "The entity type of an allegation is that of its first alleged perpetrator; without one, the type of "
            "the concerned organisation; failing that, unknown. Areas are counted at admin-1 level."
        ),
        _(
            "Survivor-level tables count only survivors whose statistics consent is recorded and not withdrawn "
            "(the GBVIMS rule). Each of them says how many survivors were left out for lack of consent."
        ),
    ]
    if kind != ReportKind.HQ_QUARTERLY:
        rules.append(members_rule())
    if kind == ReportKind.HQ_QUARTERLY:
        rules += [
            _(
                "Perpetrator affiliation: UN peace operation; UN agencies, funds and programmes; implementing "
                "partner; non-UN forces. Government bodies, contractors and unknown employers are counted as "
                "other or unknown."
            ),
            _(
                "Status: the outcome recorded on the allegation's latest referral to the concerned organisation "
                "that was neither revoked nor declined; referred with no outcome yet, or not referred."
            ),
            _(
                "Victims: women, girls, men and boys (girls and boys are under 18); unknown when the sex or age is "
                "not recorded. A victim counts once under each affiliation of the allegations of their complaint."
            ),
        ]
    return rules


def members_rule() -> str:
    """How the tables of members' own figures are made (README.md, "Members' own figures")."""
    return _(
        "Members' own figures: each member organisation's focal point reports, per quarter, the complaints the "
        "organisation handled outside the platform, in the platform's categories. The last tables put them beside "
        "the platform's figures: the column \"On the platform\" counts the platform's records, the column "
        '"Members\' own figures" the latest version of every return for the quarters wholly inside the period '
        "(a quarter only partly in it is left out), and the total adds the two. Returns have no area; with an "
        "organisation-type filter, the returns of organisations of that type count. Each table is suppressed as a "
        "whole, both columns and their totals together."
    )


def suppression_note(k: int, *, noised: bool = False) -> str:
    if noised:  # the noise is stated beside it (``noise_note``)
        return _(
            "Small cells: any count under %(k)d is withheld (zero is shown), and further cells are withheld so "
            "that no total or neighbouring cell gives a withheld one back; a total under %(k)d is withheld too."
        ) % {"k": k}
    return _(
        "Small cells: any count under %(k)d is withheld (zero is shown), and further cells are withheld so that "
        "no total or neighbouring cell gives a withheld one back; a total under %(k)d is withheld too. No noise is "
        "added to the counts shown."
    ) % {"k": k}


# Where a report keeps the noise it was asked with: among its parameters, so that the request's audit entry and a
# repeated request (the same report already queued) take it into account.
NOISE_PARAMETER = "noise_epsilon"


def noise_epsilon(report: Report) -> float | None:
    """The epsilon of the noise added to ``report``'s counts, or None for exact counts (README.md, "Noise for
    outside the network"). Only donor reports ever get noise."""
    epsilon = (report.filters or {}).get(NOISE_PARAMETER)
    return float(epsilon) if report.kind == ReportKind.DONOR and epsilon else None


def noise_label(epsilon: float) -> str:
    """The noise in a few words, beside the report's other parameters."""
    return _("Calibrated noise (OpenDP, discrete Laplace), ε = %(epsilon)s") % {"epsilon": number_format(epsilon)}


def noise_note(epsilon: float | None) -> str:
    """What a report says of its noise, on its page, in its PDF and in its spreadsheet ("" without noise)."""
    if epsilon is None:
        return ""
    return _(
        "Calibrated noise was added to every count (OpenDP, discrete Laplace, ε = %(epsilon)s) before small cells "
        "were suppressed; totals are the sums of the noisy counts. Figures may differ from the network's own by a "
        "few."
    ) % {"epsilon": number_format(epsilon)}


def title(kind: str) -> str:
    return str(ReportKind(kind).label)


def quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def quarter_end(start: dt.date) -> dt.date:
    following = (start.replace(day=28) + dt.timedelta(days=95)).replace(day=1)
    return quarter_start(following) - dt.timedelta(days=1)


def last_full_quarter(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    start = quarter_start(quarter_start(today or timezone.localdate()) - dt.timedelta(days=1))
    return start, quarter_end(start)


def quarter_label(start: dt.date) -> str:
    return _("Q%(quarter)d %(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def period_label(report: Report) -> str:
    if report.kind == ReportKind.HQ_QUARTERLY:
        return quarter_label(report.start)
    start, end = date_format(report.start, "DATE_FORMAT"), date_format(report.end, "DATE_FORMAT")
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


def filters_label(report: Report) -> str:
    """The filters in words ("Everywhere, any organisation type" when none)."""
    area_code = report.filters.get("area") or ""
    area = Area.objects.filter(pcode=area_code).first() if area_code else None
    where = area.display_name() if area else area_code or _("Everywhere")
    kind = report.filters.get("organisation_type") or ""
    organisation_type = str(OrganisationType(kind).label) if kind in OrganisationType.values else _("any")
    return _("%(where)s; concerned organisations of type: %(type)s") % {"where": where, "type": organisation_type}


def filters_of(report: Report) -> Filters:
    return Filters(
        start=report.start,
        end=report.end,
        area=report.filters.get("area") or "",
        organisation_type=report.filters.get("organisation_type") or "",
    )


def filename(report: Report, fmt: str) -> str:
    stem = {ReportKind.LEADERSHIP: "psea-report", ReportKind.DONOR: "psea-donor-report"}.get(
        ReportKind(report.kind), "psea-hq-return"
    )
    return f"{stem}-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}-{report.language}.{fmt}"


# --- the data version -------------------------------------------------------------------------------------------
CODE_FILES = [
    "counting.py",
    "hq.py",
    "suppression.py",
    "noise.py",
    "tables.py",
    "reports.py",
    "render.py",
    "hq_file.py",
]
CODE_FILES += ["members/categories.py", "members/returns.py", "members/figures.py"]  # members' own figures


@cache
def code_version() -> str:
    """A digest of the code that counts, suppresses and lays out the reports (and of its templates)."""
    here = Path(__file__).resolve().parent
    paths = [here / name for name in CODE_FILES] + sorted((here / "templates" / "insights" / "document").glob("*"))
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# What a report's figures are made from, each with the field whose latest value marks a change: records only ever
# added (consent decisions, versions of members' returns) by their latest primary key.
WATCHED: list[tuple[str, Any, str]] = [
    ("complaints_updated_at", Complaint, "updated_at"),
    ("allegations_updated_at", Allegation, "updated_at"),
    ("referrals_updated_at", Referral, "updated_at"),
    ("consents_latest", Consent, "pk"),
    ("member_returns_latest", MemberReturnVersion, "pk"),
]


def _latest(model: Any, field: str = "updated_at") -> str | int | None:
    latest = model.objects.aggregate(latest=Max(field))["latest"]
    return latest.isoformat() if isinstance(latest, dt.datetime) else latest


def data_source(tables: list[tuple[str, CountTable]]) -> dict[str, Any]:
    """What a report was made from: a digest of its counted tables (row keys and counts, before suppression,
    the same in every language), the latest change to each of ``WATCHED``, the code's version."""
    counted = [[key, table.row_keys, table.cells, table.left_out] for key, table in tables]
    return {
        "tables": hashlib.sha256(json.dumps(counted, separators=(",", ":")).encode()).hexdigest(),
        **{key: _latest(model, field) for key, model, field in WATCHED},
        "code": code_version(),
    }


def data_version(source: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()[:16]


def data_changed_since(report: Report) -> bool:
    """Whether anything a report is made from (``WATCHED``) changed after it was made (a newer one would differ).
    A report made before a source was watched is not flagged for that source."""
    source = report.data_source or {}
    return any(key in source and _latest(model, field) != source[key] for key, model, field in WATCHED)


# --- making a report --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Made:
    """A report's published tables and the words around them, in its language: what the renderers lay out."""

    report: Report
    network: str
    title: str
    period: str
    filters: str
    tables: list[tuple[str, PublishedTable]]
    rules: list[str]
    suppression: str
    data_version: str
    made_at: dt.datetime
    # The HQ return file's (hq_file.py): the country's ISO alpha-3 code and the network's one name (the same in
    # every language, unlike ``network``).
    country: str = ""
    network_name: str = ""
    # The noise added to the counts before suppression, if any: {"mechanism": "discrete_laplace", "epsilon": 1.0,
    # "library": "opendp 0.16.0"} (``noise.noise_info``); stated by ``noise_note``.
    noise: dict[str, Any] | None = None

    @property
    def noise_label(self) -> str:
        return noise_label(self.noise["epsilon"]) if self.noise else ""

    @property
    def noise_note(self) -> str:
        return noise_note(self.noise["epsilon"]) if self.noise else ""


def _progress(report: Report, done: int, steps: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=min(99, int(100 * done / steps)))


def _make(report: Report) -> tuple[dict[str, bytes], dict[str, Any], str]:
    from .hq_file import hq_csv, hq_json
    from .render import pdf_render, xlsx_render

    sections = SECTIONS[report.kind]
    formats = [fmt for fmt in ReportFormat.values if fmt in report.formats]
    steps, done = len(sections) + len(formats), 0
    filters = filters_of(report)
    counted: list[tuple[str, CountTable]] = []
    for key, build in sections:
        counted.append((key, build(filters)))
        done += 1
        _progress(report, done, steps)
    source = data_source(counted)
    epsilon = noise_epsilon(report)
    noise = noise_info(epsilon) if epsilon else None
    if epsilon:
        # The source keeps the digest of the true counts, and the data version printed on the report is a digest of
        # the source: a random salt keeps a reader from testing guesses of the true counts against it.
        source["noise"] = {**noise_info(epsilon), "salt": secrets.token_hex(16)}
        counted = [(key, noisy_table(table, epsilon)) for key, table in counted]
    version = data_version(source)
    settings = network_settings_get()
    made = Made(
        report=report,
        network=settings.display_name(report.language),
        title=title(report.kind),
        period=period_label(report),
        filters=filters_label(report) if report.kind != ReportKind.HQ_QUARTERLY else "",
        tables=[(f"table-{key}", suppress(table, report.k)) for key, table in counted],
        rules=counting_rules(report.kind),
        suppression=suppression_note(report.k, noised=noise is not None),
        data_version=version,
        made_at=timezone.now(),
        country=settings.country_code,
        network_name=settings.name,
        noise=noise,
    )
    renderers: dict[str, Callable[[Made], bytes]] = {ReportFormat.PDF: pdf_render, ReportFormat.XLSX: xlsx_render}
    if report.kind == ReportKind.HQ_QUARTERLY:  # the machine-readable return (README.md, "The HQ return file")
        renderers |= {ReportFormat.JSON: hq_json, ReportFormat.CSV: hq_csv}
    files = {}
    for fmt in formats:
        files[fmt] = renderers[fmt](made)
        done += 1
        _progress(report, done, steps)
    return files, source, version


def report_generate(*, report_id: int) -> dict[str, int]:
    """The task's work: count, suppress and lay out one queued report in its language, then store its files.
    Claimed by one conditional update, so a task delivered twice runs once. Returns counts only."""
    claimed = Report.objects.filter(pk=report_id, state=ReportState.QUEUED, claimed_at__isnull=True).update(
        state=ReportState.RUNNING, claimed_at=timezone.now(), progress=0
    )
    if claimed != 1:
        return {"skipped": 1}
    report = Report.objects.get(pk=report_id)
    try:
        with translation.override(report.language):
            files, source, version = _make(report)
    except Exception:
        logger.exception("report %s could not be made", report.public_id)
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.FAILED, failure="the report could not be made", finished_at=timezone.now()
        )
        return {"failed": 1}
    with transaction.atomic():
        for fmt, content in files.items():
            ReportFile.objects.create(
                report=report, format=fmt, content=content, size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )  # fmt: skip
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.DONE, progress=100, data_source=source, data_version=version, finished_at=timezone.now()
        )
    return {"files": len(files)}
