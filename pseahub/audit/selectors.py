"""Reads of the audit log."""

from __future__ import annotations

from .models import Action, AuditEvent

# Entries that record a sign-in, a reading, a notice or a refusal: nothing in any record changed. Every other
# action (including any added later) counts as a change.
NOT_CHANGES = frozenset(
    action.value
    for action in (
        Action.LOGIN,
        Action.LOGIN_FAILED,
        Action.LOGIN_LOCKED_OUT,
        Action.LOGOUT,
        Action.LOGOUT_EVERYWHERE,
        Action.OTP_VERIFIED,
        Action.OTP_FAILED,
        Action.BACKUP_CODE_USED,
        Action.CASE_CONTENT_READ,
        Action.ATTACHMENT_READ,
        Action.REPORTER_FOLLOWED_UP,
        Action.REFERRAL_READ,
        Action.REMINDER_SENT,
        Action.TRACKER_EXPORTED,
        Action.REPORT_DOWNLOADED,
        Action.PLAN_REPORT_DOWNLOADED,
        Action.DOCUMENT_DOWNLOADED,
        Action.RISK_EXPORTED,
        Action.SURVEY_DRY_RUN,
        Action.MEETING_ACTIONS_REMINDED,
        Action.WEBHOOK_SIGNATURE_REJECTED,
    )
)


def audit_last_change_seq() -> int:
    """The number of the last entry that records a change (not a reading or a sign-in): it moves whenever
    anything in the case record changes (every change is audited), so it can key caches of derived figures
    such as the tracker's counts, which then survive a coordinator's reading of cases."""
    last = AuditEvent.objects.exclude(action__in=NOT_CHANGES).order_by("-seq").values_list("seq", flat=True).first()
    return last or 0
