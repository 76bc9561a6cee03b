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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Prefetch
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
from pseahub.cases.models import Allegation, Complaint, Consent, ConsentPurpose, Survivor
from pseahub.cases.selectors import TrackerFilters, complaint_list
from pseahub.network.selectors import network_settings_get
from pseahub.referrals.models import Referral, ReferralKind
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
    headers = [
        _("Reference"),
        _("Date received"),
        _("Date referred"),
        _("Date acknowledged"),
        _("Date closed"),
        _("Status"),
        _("Type"),
        _("Channel"),
        _("Area"),
        _("Area p-code"),
        _("Concerned organisation(s)"),
        _("Organisation type(s)"),
        _("SEA type(s)"),
        _("Personnel category(ies)"),
        _("Survivor sex"),
        _("Survivor age group"),
        _("Child"),
        _("Consent: services"),
        _("Consent: share identity"),
        _("Consent: investigation"),
        _("Consent: statistics"),
        _("Referrals (state)"),
        _("Outcome(s)"),
        _("Days to refer"),
        _("Days to acknowledge"),
    ]
    if sealed:
        headers += [_("Narrative (sealed)"), _("Alleged perpetrator(s) (sealed)"), _("Location detail (sealed)")]
    return headers


def network_tz() -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(network_settings_get().timezone or "UTC")
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.UTC


def _unique(values: Iterable[str]) -> str:
    """Distinct non-empty values in first-seen order, as one cell."""
    return LIST_SEPARATOR.join(dict.fromkeys(value for value in values if value))


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


def _sealed_values(complaint: Complaint, allegations: list[Allegation], user_private: bytes) -> list[Any]:
    keyring_private = _keyring_private(complaint, user_private)
    if keyring_private is None:
        unavailable = _("(not available to you)")
        return [unavailable, unavailable, unavailable]
    refused: list[str] = []
    refused_cell = _("(failed its integrity check)")
    secret = open_data_or_refused(keyring_private, bound_to=(complaint, "sealed"), refused=refused)
    if refused:  # the page names it; the workbook says so rather than showing an empty narrative
        secret = {"narrative": refused_cell, "location_detail": refused_cell}
    perpetrators = []
    for allegation in allegations:
        refused.clear()
        description = open_data_or_refused(keyring_private, bound_to=(allegation, "sealed"), refused=refused).get(
            "perpetrator_description", ""
        )
        description = refused_cell if refused else description
        if description and len(allegations) > 1 and allegation.organisation is not None:
            description = f"{_organisation_label(allegation.organisation)}: {description}"
        perpetrators.append(description)
    return [secret.get("narrative", ""), "\n".join(p for p in perpetrators if p), secret.get("location_detail", "")]


def _row(complaint: Complaint, *, tz: dt.tzinfo, user_private: bytes | None) -> list[Any]:
    allegations: list[Allegation] = complaint.export_allegations  # type: ignore[attr-defined]
    referrals: list[Referral] = complaint.export_referrals  # type: ignore[attr-defined]
    survivors: list[Survivor] = complaint.export_survivors  # type: ignore[attr-defined]
    consents: list[Consent] = complaint.export_consents  # type: ignore[attr-defined]

    def day(value: dt.datetime | None) -> dt.date | None:
        return timezone.localtime(value, tz).date() if value is not None else None

    to_organisation = [r for r in referrals if r.kind == ReferralKind.ALLEGATION]
    first_referred = min((r.sent_at for r in to_organisation), default=None)
    acknowledged = [(r.acknowledged_at, r) for r in to_organisation if r.acknowledged_at is not None]
    first_acknowledged = min(acknowledged, key=lambda pair: pair[0])[1] if acknowledged else None
    current: dict[str, Consent] = {}
    for consent in consents:  # ordered by decided_at, pk: the last one is the current decision
        current[consent.purpose] = consent
    organisations = [a.organisation for a in allegations if a.organisation is not None]
    values: list[Any] = [
        complaint.reference,
        day(complaint.received_at),
        day(first_referred),
        day(first_acknowledged.acknowledged_at if first_acknowledged else None),
        day(complaint.closed_at),
        complaint.get_status_display(),
        complaint.get_classification_display(),
        complaint.get_channel_display(),
        complaint.area.display_name() if complaint.area else "",
        complaint.area.pcode if complaint.area else "",
        _unique(_organisation_label(o) for o in organisations),
        _unique(o.get_type_display() for o in organisations),
        _unique(a.sea_type.label for a in allegations if a.sea_type),
        _unique(a.personnel_category.label for a in allegations if a.personnel_category),
        _unique(s.get_sex_display() for s in survivors),
        _unique(s.age_group.label for s in survivors if s.age_group),
        _("Yes") if complaint.involves_child else _("No"),
        *(current[p].get_decision_display() if p in current else "" for p in CONSENT_PURPOSES),
        LIST_SEPARATOR.join(_referral_label(r) for r in referrals),
        _unique(r.outcome.label for r in referrals if r.outcome),
        _days(complaint.received_at, first_referred),
        _days(first_acknowledged.sent_at, first_acknowledged.acknowledged_at) if first_acknowledged else None,
    ]
    if user_private is not None:
        values += _sealed_values(complaint, allegations, user_private)
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


def _complaints(*, actor: Any, filters: TrackerFilters | None, sealed: bool) -> Iterator[Complaint]:
    # Sealed blobs are read only for a sealed export; the rest of the time they stay in the database.
    allegations = Allegation.objects.select_related("organisation", "sea_type", "personnel_category")
    qs = complaint_list(actor=actor, filters=filters)
    if not sealed:
        qs = qs.defer("sealed", "receipt_lookup")
        allegations = allegations.defer("sealed")
    qs = qs.prefetch_related(None).prefetch_related(
        Prefetch("allegations", queryset=allegations, to_attr="export_allegations"),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("organisation", "outcome")
            .defer("sealed")
            .order_by("sent_at", "pk"),
            to_attr="export_referrals",
        ),
        Prefetch(
            "survivors",
            queryset=Survivor.objects.select_related("age_group").defer("sealed").order_by("pk"),
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
    return qs.iterator(chunk_size=CHUNK_SIZE)


def _build(
    *, actor: Any, filters: TrackerFilters | None, include_sealed: bool, user_private: bytes | None
) -> TrackerWorkbook:
    sealed = include_sealed and _key_is_actors(actor, user_private)
    tz = network_tz()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Incident tracker")[:31])
    sheet.append([_cell(sheet, header) for header in _headers(sealed=sealed)])
    rows = 0
    opened: list[str] = []
    for complaint in _complaints(actor=actor, filters=filters, sealed=sealed):
        values = _row(complaint, tz=tz, user_private=user_private if sealed else None)
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
    """The tracker as XLSX bytes. Sealed columns (narrative, perpetrator, location detail) are present only when
    ``include_sealed`` and ``user_private`` is the actor's unlocked key; otherwise they are absent, not empty."""
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
