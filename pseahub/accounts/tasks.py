"""Periodic work of accounts, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run by ``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .services import key_grants_withdraw_lapsed


@task()
def key_grants_tidy() -> dict[str, int]:
    """Withdraw the key grants no role entitles their holder to any more (``keyaccess``)."""
    return {"grants_withdrawn": key_grants_withdraw_lapsed()}
