"""Records for the dashboard tests: complaints filed through ``complaint_create`` (then classified, dated and
closed directly, as triage would have left them) and allegation referrals with chosen dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pseahub.cases.models import Allegation, Complaint
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.network.models import NetworkSettings
from pseahub.referrals.models import Referral, ReferralKind, ReferralState
from pseahub.vault.models import Keyring


def at(day: str, hour: int = 8) -> dt.datetime:
    """``day`` (YYYY-MM-DD) at ``hour`` o'clock UTC."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), dt.UTC)


def complaint(received: dt.datetime, classification: str, **fields: Any) -> Complaint:
    """A complaint received at ``received`` and classified; ``triaged_at``, ``closed_at``, ``status`` and
    ``closure_reason`` given here are set after it is created, like the other clear fields."""
    later = {key: fields.pop(key) for key in ("triaged_at", "closed_at", "status", "closure_reason", "duplicate_of")
             if key in fields}  # fmt: skip
    data = ComplaintInput(channel=fields.pop("channel", "hotline"), received_at=received, **fields)
    created = complaint_create(actor=None, data=data).complaint
    Complaint.objects.filter(pk=created.pk).update(classification=classification, **later)
    created.refresh_from_db()
    return created


def referral(
    allegation: Allegation,
    *,
    by: Any,
    sent_at: dt.datetime,
    acknowledged_at: dt.datetime | None = None,
    state: str | None = None,
) -> Referral:
    """An allegation referral to the allegation's organisation, sent and acknowledged at the given times."""
    if state is None:
        state = ReferralState.ACKNOWLEDGED if acknowledged_at else ReferralState.SENT
    assert allegation.organisation is not None
    return Referral.objects.create(
        kind=ReferralKind.ALLEGATION,
        complaint=allegation.complaint,
        allegation=allegation,
        organisation=allegation.organisation,
        keyring=Keyring.objects.create(public_key=b"\0" * 32),
        sent_by=by,
        sent_at=sent_at,
        acknowledged_at=acknowledged_at,
        state=state,
    )


def network_settings(**fields: Any) -> NetworkSettings:
    """The network settings row with ``fields`` (stored, so that every reader sees them)."""
    settings, _created = NetworkSettings.objects.update_or_create(id=1, defaults=fields)
    return settings
