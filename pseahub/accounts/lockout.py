"""Hooks for django-axes: lock per (account name, client) with a higher ceiling per account name.

A stranger's wrong passwords from one place lock that place out of the account after
``LOGIN_FAILURES_PER_CLIENT`` failures, not the account's owner elsewhere; failures spread over many places
lock the account name everywhere after ``LOGIN_FAILURES_PER_ACCOUNT``. Both for ``AXES_COOLOFF_TIME``. The
owner gets an e-mail notice (once per cool-off). The client is a keyed hash of its address shaped as an IPv6
address in the documentation range (axes keeps it in an IP address column): never the address itself.
A lockout looks the same for every account name, existing or not.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from pseahub.core.client import client_digest
from pseahub.core.counters import counter_incr
from pseahub.core.notify import text_notice_send

# 2001:db8::/32 is reserved for documentation (RFC 3849): a tag can never be mistaken for a real address.
_TAG_PREFIX = bytes.fromhex("20010db8")


def client_tag(request: HttpRequest) -> str:
    """What axes keeps as the client's "IP address": a keyed hash of it (96 bits), never the address."""
    digest = client_digest(request, purpose="lockout-v1")
    return str(ipaddress.IPv6Address(_TAG_PREFIX + digest[:12]))


def _failures_from_this_client(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    username = get_client_username(request, credentials)
    total = (
        AccessAttempt.objects.filter(
            username=username,
            ip_address=getattr(request, "axes_ip_address", None),
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    return int(total)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT. Axes compares one count with one limit: the larger of the failures for (name,
    client) and for the name alone (AXES_LOCKOUT_PARAMETERS), i.e. the name's. So the limit is the per-name
    ceiling, and drops to the per-client limit once this client has used that up."""
    per_client = int(settings.LOGIN_FAILURES_PER_CLIENT)
    if _failures_from_this_client(request, credentials) >= per_client:
        return per_client
    return int(settings.LOGIN_FAILURES_PER_ACCOUNT)


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, noting on the request when it refused an attempt without checking the password
    (already locked): the view then records a refusal, not a failed password."""

    def authenticate(
        self, request: HttpRequest, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:  # type: ignore[override]
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.lockout_refused_unchecked = True  # type: ignore[attr-defined]
            raise


LOCKOUT_NOTICE_SUBJECT = gettext_lazy("Several failed sign-ins to your account")
LOCKOUT_NOTICE_BODY = gettext_lazy(
    "There were several failed attempts to sign in to your PSEA Hub account with a wrong password. "
    "Signing in is paused for %(minutes)d minutes where they came from (everywhere, if they came from many "
    "places).\n\n"
    "If it was you, wait and try again. If it was not you, your password has held; tell your network "
    "administrator, and change your password if you think someone knows it.\n\n"
    "%(link)s"
)


@receiver(user_locked_out)
def lockout_notify(sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any) -> None:
    """Tell the account's owner, once per cool-off, that sign-in is paused (no address, no place)."""
    from .models import User

    if not username:
        return
    user = User.objects.filter(email__iexact=username, is_active=True).first()
    if user is None:
        return
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    if counter_incr(f"lockout-notice:{user.pk}", ttl=minutes * 60) != 1:
        return
    text_notice_send(
        recipients=[(user.email, user.language)],
        subject=LOCKOUT_NOTICE_SUBJECT,
        body=LOCKOUT_NOTICE_BODY,
        params={"minutes": minutes},
    )
