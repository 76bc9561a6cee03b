"""The incident tracker as an XLSX workbook, and its audited export with step-up re-authentication.

One row per complaint of the coordinator's tracker (``complaint_list``), so the export sees exactly what the
tracker shows: the same filters and the same need-to-know. Clear columns only, unless the coordinator asks
for the sealed ones and their key is unlocked; those are then opened with the coordinator's own grants.

The workbook is written in openpyxl's write-only mode and the complaints are read in chunks with their
allegations, referrals, consents and survivors prefetched per chunk, so memory and the number of queries do
not grow with the number of rows.
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import (
    Allegation,
    Complaint,
    Consent,
    ConsentPurpose,
    EntityType,
    Perpetrator,
    Survivor,
    VictimType,
)
from pseahub.cases.selectors import TrackerFilters, complaint_list
from pseahub.cases.services import entity_type_of
from pseahub.network.models import Area
from pseahub.network.selectors import areas_below_country, network_settings_get
from pseahub.referrals.models import Referral, ReferralKind, ServiceType
from pseahub.vault.crypto import VaultError, seal, unseal
from pseahub.vault.models import GrantKind, KeyGrant
from pseahub.vault.services import open_data_or_refused

CHUNK_SIZE = 500
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
LIST_SEPARATOR = "; "
CONSENT_PURPOSES = (
    ConsentPurpose.SERVICES,
    ConsentPurpose.SHARE_IDENTITY,
    ConsentPurpose.INVESTIGATION,
    ConsentPurpose.STATISTICS,
)


@dataclass(frozen=True)
class TrackerWorkbook:
    content: bytes
    rows: int
    sealed: bool
    # Complaints whose sealed content went into the file: each is a reading of sealed content.
    opened: tuple[str, ...] = ()


# --- building -----------------------------------------------------------------------------------------------
def _headers(*, sealed: bool) -> list[str]:
    """The columns in the order of a PSEA incident tracker as networks keep it (see the README)."""
    headers = [
        _("Reference"),
        _("Original reference"),
        _("Date received"),
        _("Date first reported"),
        _("Date of incident"),
        _("Date referred"),
        _("Date acknowledged"),
        _("Date closed"),
        _("Status"),
        _("Channel"),
        _("Region (admin 1)"),
        _("Area"),
        _("Area p-code"),
        _("Concerned organisation(s)"),
        _("Entity type(s)"),
        _("Personnel category(ies)"),
        _("Classification"),
        _("SEA type(s)"),
        # One per victim type, in VictimType's order (the UN's system-wide categories).
        _("Survivors: women"),
        _("Survivors: girls"),
        _("Survivors: men"),
        _("Survivors: boys"),
        _("Survivors: unknown"),
        _("Number of alleged perpetrators"),
        _("Child involved"),
        _("Urgent"),
        _("Consent: services"),
        _("Consent: share identity"),
        _("Consent: investigation"),
        _("Consent: statistics"),
        _("Referrals (state)"),
        _("Investigating entity"),
        _("Outcome(s)"),
        _("Action taken"),
        _("Survivor informed (dates)"),
        _("Days to refer"),
        _("Days to acknowledge"),
        _("Days to close"),
        # One per service type, in ServiceType's order: the services delivered, as their providers recorded them.
        _("Assistance: medical"),
        _("Assistance: psychosocial"),
        _("Assistance: legal"),
        _("Assistance: material"),
        _("Assistance: safety"),
        _("Assistance: livelihoods"),
        _("Duplicate of"),
    ]
    if sealed:
        headers += sealed_headers()
    return headers


def sealed_headers() -> list[str]:
    return [
        _("Reporter name (sealed)"),
        _("Reporter contact (sealed)"),
        _("Narrative (sealed)"),
        _("Alleged perpetrator(s) (sealed)"),
        _("Location detail (sealed)"),
    ]


def network_tz() -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(network_settings_get().timezone or "UTC")
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.UTC


def _unique(values: Iterable[str]) -> str:
    """Distinct non-empty values in first-seen order, as one cell."""
    return LIST_SEPARATOR.join(dict.fromkeys(str(value) for value in values if value))


def _organisation_label(organisation: Any) -> str:
    return (organisation.acronym or organisation.name) if organisation is not None else ""


def _days(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 86400, 1)


def _referral_label(referral: Referral) -> str:
    organisation = _organisation_label(referral.organisation)
    if referral.kind == ReferralKind.ASSISTANCE:
        organisation = _("%(organisation)s (assistance)") % {"organisation": organisation}
    return f"{organisation}: {referral.get_state_display()}"


def region_of(area: Area | None, areas: dict[int, Area]) -> Area | None:
    """The admin-1 area ``area`` lies in (itself at level 1), from the per-process area table (no query)."""
    seen = 0
    while area is not None and area.admin_level > 1 and seen < 10:
        area = areas.get(area.parent_id) if area.parent_id is not None else None
        seen += 1
    return area if area is not None and area.admin_level == 1 else None


def areas_by_pk() -> dict[int, Area]:
    return {area.pk: area for area in areas_below_country()}


def _key_is_actors(actor: Any, user_private: bytes | None) -> bool:
    """Whether ``user_private`` is the private half of the actor's current key pair (an unlocked key)."""
    if user_private is None or not getattr(actor, "public_key", None):
        return False
    probe = b"tracker-export"
    try:
        return unseal(user_private, seal(bytes(actor.public_key), probe)) == probe
    except VaultError:
        return False


def _keyring_private(complaint: Complaint, user_private: bytes) -> bytes | None:
    """The complaint's private key through the actor's prefetched grant (``vault.keyring_open_for_user``
    without its query per complaint); None when the actor holds no grant that opens with this key."""
    grants: list[KeyGrant] = complaint.keyring.export_grants  # type: ignore[attr-defined]
    if not grants:  # one grant per user and keyring at most
        return None
    try:
        return unseal(user_private, bytes(grants[0].wrapped_private_key))
    except VaultError:
        return None


def _perpetrators_told(allegations: list[Allegation], perpetrators: list[Perpetrator], keyring_private: bytes) -> str:
    """Every alleged perpetrator's sealed name and description, one per line: each perpetrator row's, then the
    description an allegation holds itself (set at triage, or recorded before perpetrators had rows). With more
    than one concerned organisation, each line starts with its organisation. When any of these values fails its
    integrity check, the cell says so and nothing else: a moved or forged description must not pass for true."""
    named = [*(p.organisation for p in perpetrators), *(a.organisation for a in allegations)]
    several = len({o.pk for o in named if o is not None}) > 1
    refused: list[str] = []
    told: list[tuple[Any, str]] = []
    for perpetrator in perpetrators:
        opened = open_data_or_refused(keyring_private, bound_to=(perpetrator, "sealed"), refused=refused)
        parts = (opened.get("name", ""), opened.get("description", ""))
        told.append((perpetrator.organisation, " — ".join(part for part in parts if part)))
    for allegation in allegations:
        opened = open_data_or_refused(keyring_private, bound_to=(allegation, "sealed"), refused=refused)
        told.append((allegation.organisation, opened.get("perpetrator_description", "")))
    if refused:
        return _("(failed its integrity check)")
    return "\n".join(
        f"{_organisation_label(organisation)}: {text}" if several and organisation is not None else text
        for organisation, text in told
        if text
    )


def _sealed_values(
    complaint: Complaint, allegations: list[Allegation], perpetrators: list[Perpetrator], user_private: bytes
) -> list[Any]:
    keyring_private = _keyring_private(complaint, user_private)
    if keyring_private is None:
        return [_("(not available to you)")] * len(sealed_headers())
    refused: list[str] = []
    refused_cell = _("(failed its integrity check)")
    secret = open_data_or_refused(keyring_private, bound_to=(complaint, "sealed"), refused=refused)
    if refused:  # the page names it; the workbook says so rather than showing an empty narrative
        secret = dict.fromkeys(("reporter_name", "reporter_contact", "narrative", "location_detail"), refused_cell)
    told = _perpetrators_told(allegations, perpetrators, keyring_private)
    if not told and not refused:
        # A description given at intake with no organisation or role, before perpetrators had rows: no allegation
        # was made then, and the complaint's own sealed value is the one place it is kept.
        told = secret.get("perpetrator_description", "")
    return [
        secret.get("reporter_name", ""),
        secret.get("reporter_contact", ""),
        secret.get("narrative", ""),
        told,
        secret.get("location_detail", ""),
    ]


def linked_ids(allegation: Allegation, to: str) -> set[int]:
    """The ids of the perpetrators (``to="perpetrator"``) or survivors an allegation concerns (prefetched)."""
    return {row.pk for row in getattr(allegation, f"export_{to}_links")}


def _row(complaint: Complaint, *, tz: dt.tzinfo, areas: dict[int, Area], user_private: bytes | None) -> list[Any]:
    allegations: list[Allegation] = complaint.export_allegations  # type: ignore[attr-defined]
    perpetrators: list[Perpetrator] = complaint.export_perpetrators  # type: ignore[attr-defined]
    referrals: list[Referral] = complaint.export_referrals  # type: ignore[attr-defined]
    survivors: list[Survivor] = complaint.export_survivors  # type: ignore[attr-defined]
    consents: list[Consent] = complaint.export_consents  # type: ignore[attr-defined]

    def day(value: dt.datetime | None) -> dt.date | None:
        return timezone.localtime(value, tz).date() if value is not None else None

    to_organisation = [r for r in referrals if r.kind == ReferralKind.ALLEGATION]
    assistance = [r for r in referrals if r.kind == ReferralKind.ASSISTANCE]
    first_referred = min((r.sent_at for r in to_organisation), default=None)
    acknowledged = [(r.acknowledged_at, r) for r in to_organisation if r.acknowledged_at is not None]
    first_acknowledged = min(acknowledged, key=lambda pair: pair[0])[1] if acknowledged else None
    current: dict[str, Consent] = {}
    for consent in consents:  # ordered by decided_at, pk: the last one is the current decision
        current[consent.purpose] = consent
    # An allegation no perpetrator row is linked to (one added at triage) still concerns someone.
    unlinked = [a for a in allegations if not linked_ids(a, "perpetrator")]
    organisations = [
        *(p.organisation for p in perpetrators if p.organisation is not None),
        *(a.organisation for a in allegations if a.organisation is not None),
    ]
    entity_types = [str(p.get_entity_type_display()) for p in perpetrators if p.entity_type != EntityType.UNKNOWN]
    entity_types += [str(EntityType(entity_type_of(a.organisation)).label) for a in unlinked if a.organisation]
    categories = [
        *(p.personnel_category.label for p in perpetrators if p.personnel_category),
        *(a.personnel_category.label for a in allegations if a.personnel_category),
    ]
    by_victim_type = Counter(s.victim_type for s in survivors)
    informed = sorted(
        {i.informed_on for r in to_organisation for i in r.informed_dates.all()}
        | {r.survivor_informed_on for r in to_organisation if r.survivor_informed_on}
    )
    delivered = Counter(d.service_type for r in assistance for d in r.deliveries.all())
    if complaint.incident_date is not None:
        incident: Any = complaint.incident_date
    else:
        incident = _("Unknown") if complaint.incident_date_unknown else None
    area = complaint.area
    region = region_of(area, areas)
    values: list[Any] = [
        complaint.reference,
        complaint.original_reference,
        day(complaint.received_at),
        day(complaint.first_reported_at),
        incident,
        day(first_referred),
        day(first_acknowledged.acknowledged_at if first_acknowledged else None),
        day(complaint.closed_at),
        complaint.get_status_display(),
        complaint.get_channel_display(),
        region.display_name() if region else "",
        area.display_name() if area else "",
        area.pcode if area else "",
        _unique(_organisation_label(o) for o in organisations),
        _unique(entity_types),
        _unique(categories),
        complaint.get_classification_display(),
        _unique(a.sea_type.label for a in allegations if a.sea_type),
        *(by_victim_type.get(value, 0) for value in VictimType.values),
        len(perpetrators) + len(unlinked),
        _("Yes") if complaint.involves_child else _("No"),
        _("Yes") if complaint.is_urgent else _("No"),
        *(current[p].get_decision_display() if p in current else "" for p in CONSENT_PURPOSES),
        LIST_SEPARATOR.join(_referral_label(r) for r in referrals),
        _unique(r.get_investigating_entity_display() for r in to_organisation if r.investigating_entity),
        _unique(r.outcome.label for r in referrals if r.outcome),
        _unique(r.get_action_taken_display() for r in to_organisation if r.action_taken),
        LIST_SEPARATOR.join(day_.isoformat() for day_ in informed),
        _days(complaint.received_at, first_referred),
        _days(first_acknowledged.sent_at, first_acknowledged.acknowledged_at) if first_acknowledged else None,
        _days(complaint.received_at, complaint.closed_at),
        *(delivered.get(value, 0) for value in ServiceType.values),
        complaint.export_duplicate_of or "",  # type: ignore[attr-defined]
    ]
    if user_private is not None:
        values += _sealed_values(complaint, allegations, perpetrators, user_private)
    return values


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        # A reporter's text is never a formula (an "=…" narrative stays text) and never breaks the file.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    return value


def export_queryset(*, actor: Any, filters: TrackerFilters | None, sealed: bool) -> QuerySet[Complaint]:
    """The tracker's complaints with everything a row shows prefetched (a fixed number of queries per chunk of
    ``CHUNK_SIZE`` complaints, whatever each holds). Sealed blobs are read only for a sealed export; the rest of
    the time they stay in the database."""
    allegations = Allegation.objects.select_related("organisation", "sea_type", "personnel_category").prefetch_related(
        Prefetch("perpetrators", queryset=Perpetrator.objects.only("pk"), to_attr="export_perpetrator_links"),
        Prefetch("survivors", queryset=Survivor.objects.only("pk"), to_attr="export_survivor_links"),
    )
    perpetrators = Perpetrator.objects.select_related("organisation", "personnel_category")
    qs = complaint_list(actor=actor, filters=filters).annotate(export_duplicate_of=F("duplicate_of__reference"))
    if not sealed:
        qs = qs.defer("sealed", "receipt_lookup")
        allegations = allegations.defer("sealed")
        perpetrators = perpetrators.defer("sealed")
    qs = qs.prefetch_related(None).prefetch_related(
        Prefetch("allegations", queryset=allegations, to_attr="export_allegations"),
        Prefetch("perpetrators", queryset=perpetrators.order_by("pk"), to_attr="export_perpetrators"),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("organisation", "outcome", "service")
            .defer("sealed")
            .prefetch_related("informed_dates", "deliveries")
            .order_by("sent_at", "pk"),
            to_attr="export_referrals",
        ),
        Prefetch(
            "survivors",
            queryset=Survivor.objects.select_related("age_group", "displacement", "gbv_type")
            .defer("sealed")
            .order_by("pk"),
            to_attr="export_survivors",
        ),
        Prefetch("consents", queryset=Consent.objects.order_by("decided_at", "pk"), to_attr="export_consents"),
    )
    if sealed:
        qs = qs.select_related("keyring").prefetch_related(
            Prefetch(
                "keyring__grants",
                queryset=KeyGrant.objects.filter(user=actor, kind=GrantKind.USER),
                to_attr="export_grants",
            )
        )
    return qs


def _complaints(*, actor: Any, filters: TrackerFilters | None, sealed: bool) -> Iterator[Complaint]:
    return export_queryset(actor=actor, filters=filters, sealed=sealed).iterator(chunk_size=CHUNK_SIZE)


def _build(
    *, actor: Any, filters: TrackerFilters | None, include_sealed: bool, user_private: bytes | None
) -> TrackerWorkbook:
    sealed = include_sealed and _key_is_actors(actor, user_private)
    tz = network_tz()
    areas = areas_by_pk()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Incident tracker")[:31])
    sheet.append([_cell(sheet, header) for header in _headers(sealed=sealed)])
    rows = 0
    opened: list[str] = []
    for complaint in _complaints(actor=actor, filters=filters, sealed=sealed):
        values = _row(complaint, tz=tz, areas=areas, user_private=user_private if sealed else None)
        sheet.append([_cell(sheet, value) for value in values])
        rows += 1
        if sealed:
            opened.append(str(complaint.public_id))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return TrackerWorkbook(content=buffer.getvalue(), rows=rows, sealed=sealed, opened=tuple(opened))


def tracker_workbook(
    *, actor: Any, filters: TrackerFilters | None, include_sealed: bool, user_private: bytes | None
) -> bytes:
    """The tracker as XLSX bytes. Sealed columns (reporter, narrative, perpetrators, location detail) are present
    only when ``include_sealed`` and ``user_private`` is the actor's unlocked key; otherwise absent, not empty."""
    return _build(actor=actor, filters=filters, include_sealed=include_sealed, user_private=user_private).content


# --- services -----------------------------------------------------------------------------------------------
def filter_names(filters: TrackerFilters | None) -> list[str]:
    """The names of the filters in use (never their values: an area or a date range can point at a person)."""
    if filters is None:
        return []
    default = TrackerFilters()
    return [
        f.name
        for f in fields(TrackerFilters)
        if f.name != "sort" and getattr(filters, f.name) != getattr(default, f.name)
    ]


def tracker_export(
    *, actor: Any, filters: TrackerFilters | None, include_sealed: bool, user_private: bytes | None
) -> bytes:
    """Build the tracker workbook and audit the export (row count, sealed or not, which filters)."""
    built = _build(actor=actor, filters=filters, include_sealed=include_sealed, user_private=user_private)
    record(
        actor=actor,
        action=Action.TRACKER_EXPORTED,
        data={
            "rows": built.rows,
            "sealed": built.sealed,
            "sealed_requested": include_sealed,
            "filters": filter_names(filters),
            "format": "xlsx",
            # Every access to a case is recorded: a sealed export names each complaint it opened (ids only).
            **({"complaints": list(built.opened)} if built.sealed else {}),
        },
    )
    return built.content


def export_reauthenticate(*, actor: Any, token: str) -> bool:
    """Step-up re-authentication before an export: a fresh TOTP code or an unused backup code.

    A wrong code is audited as a failed second factor; a backup code, once used, is audited as such.
    """
    device = match_token(actor, token)
    if device is None:
        record(actor=actor, action=Action.OTP_FAILED, target=actor, data={"purpose": "tracker_export"})
        return False
    if isinstance(device, StaticDevice):
        record(actor=actor, action=Action.BACKUP_CODE_USED, target=actor, data={"purpose": "tracker_export"})
    return True
