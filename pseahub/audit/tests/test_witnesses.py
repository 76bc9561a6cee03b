"""An empty or shortened log beside existing complaints is tampering: the complaints' witness (registered by
the cases app) tells verify_audit that complaints exist and which entry recorded the newest one's creation."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.services import GENESIS_HASH, chain_verify, record, witnesses_check
from pseahub.cases.tests.helpers import file_complaint

pytestmark = pytest.mark.django_db


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=io.StringIO())
    return str(failure.value)


def _truncate_to(seq: int) -> None:
    AuditEvent.objects.filter(seq__gt=seq).delete()
    last = AuditEvent.objects.filter(seq=seq).first()
    AuditHead.objects.filter(id=1).update(last_seq=seq, last_hash=last.entry_hash if last else GENESIS_HASH)


def test_a_log_with_its_complaints_passes(personas):
    file_complaint()
    file_complaint()
    record(actor=personas.coordinator, action=Action.CASE_CONTENT_READ)
    out = io.StringIO()

    call_command("verify_audit", stdout=out)

    assert "Audit log intact" in out.getvalue()
    assert witnesses_check() == []


def test_an_emptied_log_beside_complaints_is_tampering(personas):
    file_complaint()
    file_complaint()

    _truncate_to(0)

    assert chain_verify() is None
    assert "the log is empty, but 2 complaint record(s) exist: emptied" in _verify_fails()


def test_a_tail_cut_before_the_newest_complaint_with_the_head_moved_back_is_tampering(personas):
    file_complaint()
    created = AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).order_by("seq").last()
    file_complaint()

    _truncate_to(created.seq)

    assert chain_verify() is None
    message = _verify_fails()
    assert "no entry records the creation of the newest complaint" in message
    assert "entries were deleted" in message


def test_a_complaint_newer_than_the_last_entry_is_tampering(personas):
    complaint = file_complaint()
    last = AuditEvent.objects.order_by("seq").last()
    type(complaint).objects.filter(pk=complaint.pk).update(created_at=last.at.replace(year=last.at.year + 1))

    assert "is older than the newest complaint" in _verify_fails()


def test_an_empty_log_without_complaints_is_a_new_installation(db):
    assert witnesses_check() == []


def test_a_tail_cut_before_the_newest_referral_is_tampering(personas):
    from pseahub.referrals.tests.helpers import refer, sea_complaint

    complaint = sea_complaint(personas)
    cut_at = AuditEvent.objects.order_by("seq").last().seq
    refer(personas, complaint)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit log intact" in out.getvalue()

    _truncate_to(cut_at)

    assert chain_verify() is None
    message = _verify_fails()
    assert "no entry records the creation of the newest referral" in message
    assert "complaint" not in message.replace("newest referral", "")
