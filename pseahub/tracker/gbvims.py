"""A GBVIMS Incident Recorder-style export: one row per survivor incident, for networks whose GBV partners
keep the Incident Recorder (the columns of ``domain.md`` §3 that the record holds, in the Recorder's order).

Only complaints whose survivor (or caregiver) gave consent to anonymised statistics, as the current decision,
are exported; nothing sealed is read, and the survivor code is a keyed digest that names no one. The complaints
are the coordinator's tracker with its filters (``complaint_list``), prefetched per chunk as the tracker export
does (``export.export_queryset``), so the number of queries does not grow with the rows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Allegation, Complaint, Consent, ConsentDecision, ConsentPurpose, Perpetrator, Survivor
from pseahub.cases.selectors import TrackerFilters
from pseahub.network.models import Area
from pseahub.referrals.models import Referral, ReferralKind, ReferralState, ServiceType

from .export import (
    CHUNK_SIZE,
    LIST_SEPARATOR,
    _cell,
    _organisation_label,
    areas_by_pk,
    export_queryset,
    filter_names,
    linked_ids,
    network_tz,
    region_of,
)

FORMAT = "gbvims-xlsx"
# The services directory's types (mapping.ServiceType) as the services a provider records (ServiceType).
SERVICES_OF_DIRECTORY_TYPE = {
    "health": (ServiceType.MEDICAL,),
    "psychosocial": (ServiceType.PSYCHOSOCIAL,),
    "legal": (ServiceType.LEGAL,),
    "safety_shelter": (ServiceType.SAFETY,),
    "material_livelihood": (ServiceType.MATERIAL, ServiceType.LIVELIHOODS),
}
NOT_REFERRED = (ReferralState.DECLINED, ReferralState.REVOKED)


@dataclass(frozen=True)
class GbvimsWorkbook:
    content: bytes
    rows: int


def _headers() -> list[str]:
    return [
        _("Incident ID"),
        _("Survivor code"),
        _("Date of interview"),
        _("Date of incident"),
        _("Sex"),
        _("Age group"),
        _("Displacement status at time of report"),
        _("Disability"),
        _("Time of day"),
        _("Region (admin 1)"),
        _("Area"),
        _("GBV type"),
        _("Goods, money or services exchanged"),
        _("Reported before"),
        _("Number of alleged primary perpetrators"),
        _("Alleged perpetrator sex"),
        _("Alleged perpetrator occupation"),
        # One per service type, in ServiceType's order: "Service provided" or "Referred".
        _("Medical referral"),
        _("Psychosocial referral"),
        _("Legal referral"),
        _("Material referral"),
        _("Safety referral"),
        _("Livelihoods referral"),
        _("Consent to share for statistics"),
        _("Agency code"),
    ]


def survivor_code(survivor: Survivor) -> str:
    """A stable code for the survivor that names no one: a keyed digest of the row's random identifier (the same
    in every export of this installation, meaningless outside it)."""
    digest = salted_hmac("pseahub.tracker.gbvims.survivor_code", str(survivor.public_id), algorithm="sha256")
    return f"S-{digest.hexdigest()[:10].upper()}"


def _statistics_consented(consents: list[Consent]) -> bool:
    """``cases.services.consent_allows`` for statistics, over the prefetched decisions (oldest first)."""
    current = [c for c in consents if c.purpose == ConsentPurpose.STATISTICS]
    return bool(current) and current[-1].decision == ConsentDecision.GIVEN


def _consented(qs: Any) -> Any:
    """Complaints whose current statistics decision is "given" (the latest one, as ``consent_current`` reads)."""
    latest = (
        Consent.objects.filter(complaint=OuterRef("pk"), purpose=ConsentPurpose.STATISTICS)
        .order_by("-decided_at", "-pk")
        .values("decision")[:1]
    )
    return qs.annotate(statistics_decision=Subquery(latest)).filter(statistics_decision=ConsentDecision.GIVEN)


def _complaints(*, actor: Any, filters: TrackerFilters | None) -> Iterator[Complaint]:
    qs = export_queryset(actor=actor, filters=filters, sealed=False).select_related("received_by_organisation")
    return _consented(qs).iterator(chunk_size=CHUNK_SIZE)


def _services(survivor: Survivor, assistance: list[Referral]) -> list[str]:
    """Per service type: "Service provided" when a provider recorded it for this survivor, "Referred" when an
    assistance referral for it is open or done, else empty. A referral made before survivors were named counts
    for each survivor of its complaint."""
    referred: set[str] = set()
    delivered: set[str] = set()
    for referral in assistance:
        if referral.survivor_id not in (None, survivor.pk):
            continue
        delivered.update(d.service_type for d in referral.deliveries.all())
        if referral.state not in NOT_REFERRED and referral.service is not None:
            referred.update(SERVICES_OF_DIRECTORY_TYPE.get(referral.service.type, ()))
    return [
        _("Service provided") if value in delivered else _("Referred") if value in referred else ""
        for value in ServiceType.values
    ]


def _rows(complaint: Complaint, *, tz: dt.tzinfo, areas: dict[int, Area]) -> Iterator[list[Any]]:
    allegations: list[Allegation] = complaint.export_allegations  # type: ignore[attr-defined]
    perpetrators: list[Perpetrator] = complaint.export_perpetrators  # type: ignore[attr-defined]
    referrals: list[Referral] = complaint.export_referrals  # type: ignore[attr-defined]
    survivors: list[Survivor] = complaint.export_survivors  # type: ignore[attr-defined]
    by_pk = {p.pk: p for p in perpetrators}
    assistance = [r for r in referrals if r.kind == ReferralKind.ASSISTANCE]
    first_reported = complaint.first_reported_at or complaint.received_at
    if complaint.incident_date is not None:
        incident: Any = complaint.incident_date
    else:
        incident = _("Unknown")
    region = region_of(complaint.area, areas)
    agency = _organisation_label(complaint.received_by_organisation)
    for number, survivor in enumerate(survivors, start=1):
        # The survivor's allegations (all of the complaint's when none is linked to them), their perpetrators, and
        # one unknown perpetrator for each allegation no perpetrator row is linked to.
        concerning = [a for a in allegations if survivor.pk in linked_ids(a, "survivor")] or allegations
        linked = {pk for a in concerning for pk in linked_ids(a, "perpetrator")}
        unlinked = len([a for a in concerning if not linked_ids(a, "perpetrator")])
        theirs = [by_pk[pk] for pk in sorted(linked) if pk in by_pk] if allegations else perpetrators
        count = len(theirs) + unlinked
        yield [
            f"{complaint.reference}-{number}",
            survivor_code(survivor),
            timezone.localtime(first_reported, tz).date(),
            incident,
            survivor.get_sex_display(),
            survivor.age_group.label if survivor.age_group else "",
            survivor.displacement.label if survivor.displacement else "",
            survivor.get_disability_display(),
            complaint.get_incident_time_of_day_display(),
            region.display_name() if region else "",
            complaint.area.display_name() if complaint.area else "",
            survivor.gbv_type.label if survivor.gbv_type else "",
            complaint.get_goods_exchanged_display(),
            complaint.get_reported_before_display(),
            count or None,
            LIST_SEPARATOR.join(dict.fromkeys(str(p.get_sex_display()) for p in theirs)),
            LIST_SEPARATOR.join(dict.fromkeys(str(p.get_role_display()) for p in theirs)),
            *_services(survivor, assistance),
            _("Yes"),
            agency,
        ]


def gbvims_workbook(*, actor: Any, filters: TrackerFilters | None) -> GbvimsWorkbook:
    """The consented survivor incidents of the actor's tracker as an Incident Recorder-style XLSX."""
    tz = network_tz()
    areas = areas_by_pk()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Incident recorder")[:31])
    sheet.append([_cell(sheet, header) for header in _headers()])
    rows = 0
    for complaint in _complaints(actor=actor, filters=filters):
        if not _statistics_consented(complaint.export_consents):  # type: ignore[attr-defined]
            continue  # the query selects these only; checked again against the decisions themselves
        for values in _rows(complaint, tz=tz, areas=areas):
            sheet.append([_cell(sheet, value) for value in values])
            rows += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return GbvimsWorkbook(content=buffer.getvalue(), rows=rows)


def gbvims_export(*, actor: Any, filters: TrackerFilters | None) -> bytes:
    """Build the Incident Recorder workbook and audit the export (row count, which filters; never values)."""
    built = gbvims_workbook(actor=actor, filters=filters)
    record(
        actor=actor,
        action=Action.TRACKER_EXPORTED,
        data={
            "rows": built.rows,
            "sealed": False,
            "sealed_requested": False,
            "filters": filter_names(filters),
            "format": FORMAT,
        },
    )
    return built.content
