"""Keeping the summary table (``cube``) right: any write to what a month counts marks that month changed in the
same transaction, so the dashboard counts it live until it is rebuilt (queued on commit).

Writes through ``QuerySet.update`` or ``bulk_create`` send no model signal: the code that writes counted records
that way sends ``core.signals.complaints_bulk_written`` (``intake.media`` quarantine, ``imports.store``); the demo
load builds the summary last (``demo.load``).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from pseahub.cases.models import Allegation, Complaint, Consent, Perpetrator, Survivor, Term
from pseahub.core.signals import complaints_bulk_written
from pseahub.network.models import Area, NetworkSettings, Organisation
from pseahub.referrals.models import Referral

from .cube import month_of_moment, months_stale


def _complaint_month(complaint_id: int | None, cached: Any = None) -> None:
    if cached is not None and cached.received_at is not None:
        months_stale(month_of_moment(cached.received_at))
        return
    if complaint_id is None:
        return
    received = Complaint.objects.filter(pk=complaint_id).values_list("received_at", flat=True).first()
    if received is not None:
        months_stale(month_of_moment(received))


def complaint_before_save(sender: Any, instance: Complaint, **kwargs: Any) -> None:
    if instance.pk and not kwargs.get("raw"):
        before = Complaint.objects.filter(pk=instance.pk).values_list("received_at", flat=True).first()
        after = instance.received_at
        if before is not None and after is not None and month_of_moment(before) != month_of_moment(after):
            months_stale(month_of_moment(before))


def complaint_changed(sender: Any, instance: Complaint, **kwargs: Any) -> None:
    if instance.received_at is not None:
        months_stale(month_of_moment(instance.received_at))


def child_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A survivor, consent, allegation, perpetrator or referral: its complaint's month."""
    _complaint_month(instance.complaint_id, instance._state.fields_cache.get("complaint"))


def perpetrators_linked(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _complaint_month(instance.complaint_id, instance._state.fields_cache.get("complaint"))


def organisation_before_save(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if instance.pk and not kwargs.get("raw"):
        before = Organisation.objects.filter(pk=instance.pk).values_list("type", flat=True).first()
        if before != instance.type:
            months_stale(None)


def complaints_written(sender: Any, received: list[Any], **kwargs: Any) -> None:
    for month in sorted({month_of_moment(moment) for moment in received if moment is not None}):
        months_stale(month)


def everything_changed(sender: Any, **kwargs: Any) -> None:
    """An area, a term or the network settings (time zone, SLA deadline, holidays): every month."""
    months_stale(None)


def connect() -> None:
    pre_save.connect(complaint_before_save, sender=Complaint, dispatch_uid="cube_complaint_before")
    for signal in (post_save, post_delete):
        signal.connect(complaint_changed, sender=Complaint, dispatch_uid=f"cube_complaint_{signal is post_save}")
        for model in (Allegation, Survivor, Consent, Perpetrator, Referral):
            signal.connect(child_changed, sender=model, dispatch_uid=f"cube_{model.__name__}_{signal is post_save}")
        for shared in (Area, Term, NetworkSettings):
            signal.connect(
                everything_changed, sender=shared, dispatch_uid=f"cube_all_{shared.__name__}_{signal is post_save}"
            )
    m2m_changed.connect(perpetrators_linked, sender=Allegation.perpetrators.through, dispatch_uid="cube_links")
    complaints_bulk_written.connect(complaints_written, dispatch_uid="cube_bulk_written")
    pre_save.connect(organisation_before_save, sender=Organisation, dispatch_uid="cube_organisation")
