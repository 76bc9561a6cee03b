"""Periodic work of referrals, enqueued by ``manage.py run_scheduler`` and run by ``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .reminders import deadlines_process
from .services import referral_grants_withdraw_lapsed


@task()
def deadlines_check() -> dict[str, int]:
    """Deadline reminders; on the same clock, the grants of people who no longer receive an open referral are
    withdrawn (a deactivated focal point keeps no key to it)."""
    collected, sent = deadlines_process()
    withdrawn = referral_grants_withdraw_lapsed()
    return {"collected": collected, "sent": sent, "grants_withdrawn": withdrawn}
